"""Reading inputs into Articles and writing records out: ingest, the record contract, progress."""
