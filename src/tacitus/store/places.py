"""What the gazetteer adds to an exported location: its region, feature and precision.

Reads the GeoNames id of each event's location and looks it up in the gazetteer
(`tacitus.kb.gazetteer`): its feature (country, region, district, city, ...), its first-level
region's name (admin-1, from the region entries that carry the same admin-1 code) and
`location_precision` (`country`, `admin-1`, `city`, `point`), so that a country's middle
point is never read as a town. The gazetteer has no second-level regions (admin-2).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

import numpy as np

PRECISION = {
    "country": "country",
    "region": "admin-1",
    "district": "city",
    "city": "city",
    "water": "point",
    "landform": "point",
    "area": "point",
}


@functools.lru_cache(maxsize=1)
def _regions() -> dict[tuple[int, str], str]:
    """(country index, admin-1 code) -> the region's name."""
    from tacitus.kb.gazetteer import gazetteer

    g = gazetteer()
    region = g.features.index("region")
    found: dict[tuple[int, str], str] = {}
    for entry in np.flatnonzero(g.feature == region).tolist():
        code = g.admin1[entry]
        if code:
            found.setdefault((int(g.country[entry]), code), g.names[entry])
    return found


def describe_places(geonames_ids: Iterable[int | None]) -> dict[int, dict[str, Any]]:
    """`feature`, `admin1` and `location_precision` of each GeoNames id the gazetteer has.

    Args:
        geonames_ids: ids of events' locations (None and unknown ids are skipped).

    Returns:
        id -> fields; an id the gazetteer lacks is absent.
    """
    from tacitus.kb.gazetteer import gazetteer

    wanted = sorted({int(i) for i in geonames_ids if i})
    if not wanted:
        return {}
    g = gazetteer()
    entries = np.flatnonzero(np.isin(g.gid, np.array(wanted, dtype=g.gid.dtype))).tolist()
    out: dict[int, dict[str, Any]] = {}
    for entry in entries:
        gid = int(g.gid[entry])
        if gid in out:
            continue
        feature = g.feature_of(entry)
        admin1 = None
        if feature not in ("country", "continent"):
            admin1 = _regions().get((int(g.country[entry]), g.admin1[entry]))
            admin1 = admin1 or (g.names[entry] if feature == "region" else None)
        out[gid] = {
            "feature": feature,
            "admin1": admin1,
            "location_precision": PRECISION.get(feature),
        }
    return out


def location_fields(event: dict[str, Any], known: dict[int, dict[str, Any]]) -> dict[str, Any]:
    """An event's `feature`, `admin1`, `city` and `location_precision` (None when unknown)."""
    found = known.get(int(event["geonames_id"])) if event.get("geonames_id") else None
    fields = dict(found or {"feature": None, "admin1": None, "location_precision": None})
    if event.get("location_is_country"):
        fields.update(location_precision="country", admin1=None)
    elif fields["location_precision"] is None and event.get("lat") is not None:
        fields["location_precision"] = "point"
    fields["city"] = event.get("location_name") if fields["location_precision"] == "city" else None
    return fields
