"""Tests of the gazetteer's loading: unpacked once per machine into the cache folder, then
mapped read-only by every process, or read into memory when no folder can be written."""

from __future__ import annotations

import subprocess
import sys
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from tacitus.io.ingest import from_dict
from tacitus.kb import gazetteer as gz
from tacitus.pipeline import Context, analyse_batch

NPZ = Path(str(resources.files("tacitus") / "data" / "gazetteer.npz"))


def _probe(g: gz.Gazetteer) -> list[object]:
    """Some look-ups touching every array of the index."""
    found = []
    for name in ("Aleppo", "Paris", "Georgia", "Ill.", "Persian Gulf", "Tripoli"):
        for e in g.lookup(name):
            found.append((g.describe(e), g.admin1[e], bool(g.shadowed[e])))
    return found


def test_strings_bounds_and_find() -> None:
    blob = np.frombuffer(b"alpha\nbeta\n\ngamma", dtype=np.uint8)
    strings = gz.Strings(blob.tobytes(), gz.Strings.bounds_of(blob))
    assert len(strings) == 4
    assert [strings[i] for i in range(4)] == ["alpha", "beta", "", "gamma"]
    sorted_blob = np.frombuffer(b"alpha\nbeta\ngamma", dtype=np.uint8)
    ordered = gz.Strings(sorted_blob.tobytes(), gz.Strings.bounds_of(sorted_blob))
    assert ordered.find("beta") == 1
    assert ordered.find("gamma") == 2
    assert ordered.find("delta") is None
    assert ordered.find("zeta") is None


def test_unpacked_index_is_mapped_and_reads_like_the_archive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    mapped = gz._mapped(NPZ)
    assert mapped is not None
    folders = list(tmp_path.glob("gazetteer-*"))
    assert len(folders) == 1 and (folders[0] / "complete").exists()
    # nothing half-written is left beside the folder
    assert [p.name for p in tmp_path.iterdir()] == [folders[0].name]
    # the arrays are views of the files, not copies
    assert isinstance(mapped["gid"].base, np.memmap)
    assert not isinstance(mapped["keys"].blob, bytes)
    in_memory = gz._in_memory(NPZ)
    for name in ("gid", "lat", "lon", "population", "feature", "country", "offsets"):
        assert np.array_equal(mapped[name], in_memory[name]), name
    for name in ("names", "keys", "admin1"):
        assert len(mapped[name]) == len(in_memory[name])
        for i in (0, 1, len(in_memory[name]) // 2, len(in_memory[name]) - 1):
            assert mapped[name][i] == in_memory[name][i]


def test_a_second_process_maps_the_same_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    assert gz._mapped(NPZ) is not None
    first = {p.name: p.stat().st_mtime_ns for p in next(tmp_path.glob("gazetteer-*")).iterdir()}
    code = (
        "from tacitus.kb import gazetteer as gz\n"
        "g = gz.gazetteer()\n"
        "assert g.lookup('Aleppo')\n"
        "print(open('/proc/self/maps').read())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=120
    )
    folder = next(tmp_path.glob("gazetteer-*"))
    assert str(folder / "keys.txt") in done.stdout  # mapped, so shared through the page cache
    # not unpacked again
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == first


def test_without_a_writable_cache_the_index_is_read_into_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("TACITUS_CACHE", str(blocker / "cache"))
    assert gz._mapped(NPZ) is None
    assert "not shared" in caplog.text
    gz.gazetteer.cache_clear()
    try:
        g = gz.gazetteer()
        assert isinstance(g.keys.blob, bytes)
        assert any(g.names[e] == "Aleppo" for e in g.lookup("Aleppo"))
    finally:
        gz.gazetteer.cache_clear()


def test_mapped_and_in_memory_gazetteers_resolve_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    gz.gazetteer.cache_clear()
    try:
        mapped = _probe(gz.gazetteer())
        (tmp_path / "a-file").write_text("not a folder")
        monkeypatch.setenv("TACITUS_CACHE", str(tmp_path / "a-file" / "cache"))  # cannot be
        gz.gazetteer.cache_clear()
        in_memory = _probe(gz.gazetteer())
    finally:
        gz.gazetteer.cache_clear()
    assert mapped and mapped == in_memory


def test_an_interrupted_unpack_leaves_no_folder_that_would_be_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(np, "save", crash)
    assert gz._mapped(NPZ) is None  # falls back, and says so
    assert not list(tmp_path.glob("gazetteer-*"))
    monkeypatch.undo()
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    assert gz._mapped(NPZ) is not None


# --------------------------------------------------------------------------- former regions


def test_every_former_region_is_a_region_of_its_country() -> None:
    g = gz.gazetteer()
    table = resources.files("tacitus") / "data" / "regions_former.tsv"
    rows = [r.split("\t") for r in table.read_text("utf-8").splitlines() if r[:1] not in "#"]
    assert len(rows) >= 30
    for name, aliases, iso3, *_ in rows:
        for written in [name, *filter(None, aliases.split("|"))]:
            assert any(
                g.feature_of(e) == "region" and g.country_of(e) == iso3 for e in g.lookup(written)
            ), written


@pytest.mark.parametrize(
    ("text", "mention", "country"),
    [
        (
            "Cholera spread in Kisumu and across Kenya's Nyanza Province in 2009.",
            "Nyanza Province",
            "KEN",
        ),
        ("Fighting in Katanga drove thousands from Lubumbashi, Congo said.", "Katanga", "COD"),
        ("Farmers in Picardy and Burgundy protested in 2014.", "Picardy", "FRA"),
    ],
)
def test_former_regions_are_resolved_in_articles(
    ctx: Context, text: str, mention: str, country: str
) -> None:
    record = analyse_batch([from_dict({"id": "t", "text": text}, "t")], ctx)[0]
    start = text.index(mention)
    found = [p for p in record["places"] if p["start"] == start]
    assert found, record["places"]
    assert (found[0]["feature"], found[0]["country"]) == ("region", country)


@pytest.mark.parametrize(
    ("text", "mention", "feature", "country"),
    [
        ("Floods swept the Mekong Delta on Tuesday.", "Mekong Delta", "landform", "VNM"),
        ("Drones struck targets in Waziristan on Monday.", "Waziristan", "area", "PAK"),
        ("Troops from Somaliland and Puntland clashed again.", "Somaliland", "area", "SOM"),
        ("Exports to the Baltic states and Northern Europe fell.", "Northern Europe", "area", None),
    ],
)
def test_named_regions_and_features_are_resolved(
    ctx: Context, text: str, mention: str, feature: str, country: str | None
) -> None:
    record = analyse_batch([from_dict({"id": "t", "text": text}, "t")], ctx)[0]
    start = text.index(mention)
    found = [p for p in record["places"] if p["start"] <= start < p["end"]]
    assert found, record["places"]
    assert (found[0]["feature"], found[0]["country"]) == (feature, country)


def test_subdivisions_are_found_without_the_word_for_their_kind() -> None:
    g = gz.gazetteer()

    def kinds(name: str) -> set[tuple[str, str | None]]:
        return {(g.feature_of(e), g.country_of(e)) for e in g.lookup(name)}

    assert ("region", "VNM") in kinds("Binh Phuoc")  # a province GeoNames has no id for
    assert ("district", "LBN") in kinds("Keserwan")  # "Keserwan District"
    assert ("district", "VNM") in kinds("Tan Phuoc")  # "Huyện Tân Phước"
    # only an entry's own name loses its kind word: "Columbia District" is an alias of the
    # District of Columbia, so "Columbia" is not it
    assert not any(g.names[e] == "District of Columbia" for e in g.lookup("Columbia"))


def test_a_process_that_loses_the_race_to_unpack_uses_the_winners_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    assert gz._mapped(NPZ) is not None
    folder = next(tmp_path.glob("gazetteer-*"))
    gz._unpack(NPZ, folder)  # another process finished first: its folder stays, no error
    assert (folder / "complete").exists()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]


def test_a_damaged_cache_folder_is_unpacked_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TACITUS_CACHE", str(tmp_path))
    assert gz._mapped(NPZ) is not None
    folder = next(tmp_path.glob("gazetteer-*"))
    (folder / "gid.npy").write_bytes(b"\x93NUMPY truncated")
    mapped = gz._mapped(NPZ)
    assert mapped is not None and len(mapped["gid"]) == len(gz._in_memory(NPZ)["gid"])
    (folder / "lat.npy").unlink()
    assert gz._mapped(NPZ) is not None and (folder / "lat.npy").exists()
    assert [p.name for p in tmp_path.iterdir()] == [folder.name]
