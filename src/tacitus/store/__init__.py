"""The DuckDB store: schema, writing, flattening, deduplication, queries and exports."""
