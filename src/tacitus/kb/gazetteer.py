"""The gazetteer: GeoNames places and the project's curated features, indexed by name, and
shared by all the processes of a machine.

`scripts/build_gazetteer.py` builds the index into `data/gazetteer.npz` (provenance and
licences in `docs/gazetteer.md`): parallel arrays of entries (GeoNames id, point,
population, feature class, country, first-level region) and a sorted table of lookup keys
with the entries each names.

On first use on a machine the index is unpacked into a cache folder, one plain file per
array (`TACITUS_CACHE`, else the user's cache folder for tacitus as platformdirs names it
on each system: `$XDG_CACHE_HOME/tacitus` or `~/.cache/tacitus` on Linux,
`~/Library/Caches/tacitus` on macOS, `%LOCALAPPDATA%\\tacitus\\Cache` on Windows; a folder
per version of the index). Every process then maps those files read-only, so the operating
system holds one copy in memory however many workers or Ray actors read it, and a process
starts without decompressing anything. When no cache folder can be written, a process
reads the arrays into its own memory instead.
"""

from __future__ import annotations

import hashlib
import json
import logging
import mmap
import os
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from tacitus.core.annotations import PlaceEntry
from tacitus.core.resources import load_once

log = logging.getLogger(__name__)

#: A city matched by an alternate name is kept beside own-name matches when this big
#: (exonyms: "Mecca", "Calcutta"); smaller ones are old or local names ("Elbow Lake").
_MIN_EXONYM_POPULATION = 100_000
#: The arrays of the index that a Gazetteer holds under their own names.
_INDEX_ARRAYS = (
    "gid", "lat", "lon", "population", "feature", "country", "shadowed",
    "admin1", "names", "keys", "offsets", "postings",
)  # fmt: skip
#: Arrays of strings in the index (newline-separated UTF-8); the other arrays are numbers.
_STRING_ARRAYS = ("admin1", "names", "keys")

#: Leading abbreviations of place names, written out in lookup keys.
_LEADING_ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@lru_cache(maxsize=65536)
def normalise(name: str) -> str:
    """The lookup key of a name: no accents, no dots, lower case, single spaces, and a
    leading "St", "Mt" or "Ft" written out ("St. Louis" is "saint louis"). Remembered: the
    places stage asks for the same words many times in an article."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("’", "'").replace(".", "").replace("-", " ")
    words = text.casefold().split()
    # "St. Louis", "Mt. Pleasant", "Ft. Worth": a leading abbreviation is the word
    if len(words) > 1 and words[0] in _LEADING_ABBREVIATIONS:
        words[0] = _LEADING_ABBREVIATIONS[words[0]]
    return " ".join(words)


def abbreviation(name: str) -> str:
    """The lookup key of an abbreviation written with dots ("Ill.", "W. Va."): dots kept."""
    return "".join(name.casefold().split())


class Strings:
    """Strings stored as one newline-separated UTF-8 blob, decoded one at a time.

    `bounds[i]` is where string i starts; it ends one byte (its newline) before the next
    one starts. Blob and bounds may be memory-mapped files: nothing is copied per process,
    and loading 800,000 names takes milliseconds where a Python list takes a second.
    """

    def __init__(self, blob: bytes | mmap.mmap, bounds: np.ndarray) -> None:
        self.blob = blob
        self.bounds = bounds.data  # a memoryview: its items are Python ints, read fastest

    @staticmethod
    def bounds_of(blob: np.ndarray) -> np.ndarray:
        """The bounds of the strings of a newline-separated blob (see the class)."""
        ends = np.flatnonzero(blob == ord("\n"))
        return np.concatenate(([0], ends + 1, [len(blob) + 1])).astype(np.int64)

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def _bytes(self, index: int) -> bytes:
        return self.blob[self.bounds[index] : self.bounds[index + 1] - 1]

    def __getitem__(self, index: int) -> str:
        return self._bytes(index).decode("utf-8")

    def find(self, text: str) -> int | None:
        """Index of `text` in these strings, which must be sorted; None when absent."""
        wanted = text.encode("utf-8")
        low, high = 0, len(self)
        while low < high:
            mid = (low + high) // 2
            if self._bytes(mid) < wanted:
                low = mid + 1
            else:
                high = mid
        if low < len(self) and self._bytes(low) == wanted:
            return low
        return None


@dataclass
class Gazetteer:
    """The loaded index: parallel arrays of entries and a sorted name -> entries map."""

    gid: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    population: np.ndarray
    feature: np.ndarray
    country: np.ndarray
    shadowed: np.ndarray  # towns named like a country or a region of their own country
    admin1: Strings
    names: Strings
    keys: Strings  # sorted lookup keys
    offsets: np.ndarray
    postings: np.ndarray
    features: tuple[str, ...]
    iso3: list[str]
    iso3_entry: dict[str, int]
    capitals: frozenset[int]
    demonyms: dict[str, str] = field(default_factory=dict)
    _local: frozenset[int] = frozenset()  # feature codes of cities and districts

    def lookup(self, name: str) -> list[int]:
        """Entries whose name or alternate name normalises like `name`; when some match by
        their own name, only those ("Elbow Lake" the town, not a city once called so).
        An abbreviation written with its dot ("Ill.") is looked up as such first."""
        key = normalise(name)
        slot = self.keys.find(abbreviation(name)) if name.endswith(".") else None
        if slot is None:
            slot = self.keys.find(key)
        if slot is None:
            return []
        found = self.postings[self.offsets[slot] : self.offsets[slot + 1]].tolist()
        own = [e for e in found if normalise(self.names[e]) == key]
        if not own:
            return found
        # a big city known by an exonym stays beside towns bearing the name ("Mecca"), but
        # not beside a country or region bearing it ("Mexico" is not Mexico City)
        exonyms = all(self.feature[e] in self._local for e in own)
        return [
            e
            for e in found
            if e in own
            or self.feature[e] not in self._local
            or (exonyms and int(self.population[e]) >= _MIN_EXONYM_POPULATION)
        ]

    def feature_of(self, entry: int) -> str:
        return self.features[int(self.feature[entry])]

    def country_of(self, entry: int) -> str | None:
        index = int(self.country[entry])
        return self.iso3[index] if index >= 0 else None

    def describe(self, entry: int) -> PlaceEntry:
        """The contract fields of an entry."""
        gid = int(self.gid[entry])
        return {
            "name": self.names[entry],
            "geonames_id": gid if gid > 0 else None,
            "lat": round(float(self.lat[entry]), 5),
            "lon": round(float(self.lon[entry]), 5),
            "country": self.country_of(entry),
            "feature": self.feature_of(entry),
        }


@load_once
def gazetteer() -> Gazetteer:
    """The gazetteer of this process (mapped from the machine's cache on first use)."""
    with resources.as_file(resources.files("tacitus") / "data" / "gazetteer.npz") as path:
        arrays = _mapped(path)
        if arrays is None:
            arrays = _in_memory(path)
    meta = json.loads(bytes(arrays["meta"]).decode("utf-8"))
    countries = meta["countries"]
    g = Gazetteer(
        **{name: arrays[name] for name in _INDEX_ARRAYS},
        features=tuple(meta["features"]),
        iso3=[c["iso3"] for c in countries],
        iso3_entry={c["iso3"]: c["index"] for c in countries},
        capitals=frozenset(),
    )
    g._local = frozenset(g.features.index(f) for f in ("city", "district"))
    g.capitals = frozenset(_capitals(g, countries))
    g.demonyms = _read_demonyms()
    return g


def cache_root() -> Path:
    """The folder the gazetteer is unpacked into: `TACITUS_CACHE`, else the user's cache
    folder for tacitus on this system (platformdirs; it honours `XDG_CACHE_HOME` on Linux)."""
    if os.environ.get("TACITUS_CACHE"):
        return Path(os.environ["TACITUS_CACHE"])
    import platformdirs

    return platformdirs.user_cache_path("tacitus", appauthor=False)


def _mapped(npz: Path) -> dict[str, Any] | None:
    """The index's arrays mapped from the cache folder (unpacked first when absent);
    None when the folder cannot be written or a file in it was damaged since."""
    digest = hashlib.blake2b(npz.read_bytes(), digest_size=10).hexdigest()
    folder = cache_root() / f"gazetteer-{digest}"
    for attempt in range(2):
        try:
            if not (folder / "complete").exists():
                _unpack(npz, folder)
            return _open(folder)
        except (OSError, ValueError) as exc:  # ValueError: numpy on a truncated file
            if attempt == 0 and _discard(folder):
                log.warning("gazetteer cache %s was damaged (%s); unpacking it again", folder, exc)
                continue
            log.warning("gazetteer not shared between processes (cache %s: %s)", folder, exc)
    return None


def _discard(folder: Path) -> bool:
    """Move a damaged folder out of the way (processes mapping it keep their files) and
    delete it; False when there is none or it cannot be moved."""
    if not folder.exists():
        return False
    try:
        aside = folder.with_name(f"{folder.name}.damaged.{os.getpid()}")
        folder.rename(aside)
    except OSError:
        return False
    shutil.rmtree(aside, ignore_errors=True)
    return True


def _unpack(npz: Path, folder: Path) -> None:
    """Write the index as plain files into `folder`, atomically: into a temporary folder
    renamed at the end, so a crash or a concurrent process never sees half a folder."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=folder.name + ".", dir=folder.parent))
    try:
        with np.load(npz) as arrays:
            names = arrays.files
            for name in names:
                array = arrays[name]
                if name in _STRING_ARRAYS:
                    (work / f"{name}.txt").write_bytes(array.tobytes())
                    np.save(work / f"{name}.bounds.npy", Strings.bounds_of(array))
                else:
                    np.save(work / f"{name}.npy", array)
        # written last: the list of arrays, so a file missing later is noticed
        (work / "complete").write_text(json.dumps(names), encoding="utf-8")
        try:
            work.rename(folder)
        except OSError:
            if not (folder / "complete").exists():  # not another process's finished copy
                raise
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _open(folder: Path) -> dict[str, Any]:
    arrays: dict[str, Any] = {}
    for name in json.loads((folder / "complete").read_text(encoding="utf-8")):
        if name in _STRING_ARRAYS:
            bounds = _map_array(folder / f"{name}.bounds.npy")
            arrays[name] = Strings(_map_bytes(folder / f"{name}.txt"), bounds)
        else:
            arrays[name] = _map_array(folder / f"{name}.npy")
    return arrays


def _map_array(path: Path) -> np.ndarray:
    # a plain array over the mapped file: np.memmap's own indexing is several times slower
    return np.load(path, mmap_mode="r").view(np.ndarray)


def _map_bytes(path: Path) -> bytes | mmap.mmap:
    with path.open("rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return b""
        return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)


def _in_memory(npz: Path) -> dict[str, Any]:
    with np.load(npz) as arrays:
        loaded: dict[str, Any] = {name: arrays[name] for name in arrays.files}
    for name in _STRING_ARRAYS:
        blob = loaded[name]
        loaded[name] = Strings(blob.tobytes(), Strings.bounds_of(blob))
    return loaded


def _capitals(g: Gazetteer, countries: list[dict[str, Any]]) -> list[int]:
    """The entry of each country's capital: its most populous city of that name."""
    found = []
    for index, country in enumerate(countries):
        cities = [
            e
            for e in g.lookup(country["capital"])
            if int(g.country[e]) == index and g.feature_of(e) == "city"
        ]
        if cities:
            found.append(max(cities, key=lambda e: int(g.population[e])))
    return found


def _read_demonyms() -> dict[str, str]:
    text = (resources.files("tacitus") / "data" / "demonyms.tsv").read_text("utf-8")
    table = {}
    for line in text.splitlines():
        if line and not line.startswith("#"):
            word, iso3 = line.split("\t")
            table[word] = iso3
    return table


def well_known_place(name: str, population: int = 50_000) -> bool:
    """Whether a name is, by its own name, a country, a first-level region or a town of at
    least `population` people: a word that is that likely a place where a place is expected
    (a title-case dateline, "Indianapolis – ...").

    Args:
        name: a place name as written.
        population: the smallest town that counts.

    Returns:
        True when the gazetteer has such an entry.
    """
    g = gazetteer()
    for entry in g.lookup(name):
        feature = g.features[int(g.feature[entry])]
        if feature in ("country", "region") or int(g.population[entry]) >= population:
            return True
    return False


def demonym_country(word: str) -> str | None:
    """ISO3 of the country a nationality word names ("Russian" -> "RUS"), or None."""
    table = gazetteer().demonyms
    word = word.strip()
    return table.get(word) or table.get(word.title())


def country_name(iso3: str) -> str | None:
    """The English short name of a country by ISO3 code ("SYR" -> "Syria"), or None."""
    g = gazetteer()
    entry = g.iso3_entry.get(iso3)
    return g.names[entry] if entry is not None else None
