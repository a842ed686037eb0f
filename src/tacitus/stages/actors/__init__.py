"""Actors: who the article is about, coded by country (ISO 3166 alpha-3) and PLOVER sector.

Reads `article.doc`, `article.entities`, `article.places` (when the places stage ran) and
`article.published`; fills `article.actors` (contract dicts plus `source`) and sets
`entity["actor"]` to the id of the actor each entity mention belongs to. It also corrects
entity types the knowledge base knows better (an organisation spaCy calls a place, an office
title spaCy calls an organisation) and adds the known organisations spaCy missed.

Mentions resolved, one module each:
- `people` (with `titles`): PERSON entities looked up by name in the knowledge base, with the
  role held at the article's publication date; "Shoigu" joins "Sergei Shoigu"; a title in
  front of a name ("Russian President Vladimir Putin") or an appositive after it gives country
  and sector;
- `agents`: descriptions ("the Russian defense chief") go to the nearest compatible person
  already mentioned, else a generic actor; agent nouns ("militants", "the Syrian military",
  "Turkish foreign ministers") take their sector from the agents lexicon, their country from a
  demonym or place in the phrase, else from the places of the sentence, else from the
  article's main country;
- `acting`: countries acting ("Russia has been carrying out ...") and capitals standing for
  governments ("offering Damascus help" -> SYR/GOV);
- `organisations`: ORG entities, from the knowledge base, else a generic actor.
`countries` gives them demonyms and the countries of places, sentences and the article; `cast`
holds the actors found so far and their mentions.

The knowledge base is `tacitus.kb.actors` (`data/actors.json.gz`, built by
`scripts/build_actors.py` from the Phoenix dictionaries, MIT, about 2016); users add or
override entries with files in JSON Lines, CSV or YAML (`--actors FILE`,
`Settings.extra_actors`, environment `TACITUS_KB`), see docs/actors.md.
"""

from __future__ import annotations

from tacitus.core.article import Article
from tacitus.core.stage import Context

# The knowledge base's names stay importable from here, where tests and tools found them before
# the knowledge base moved to tacitus.kb.actors (new code imports them from there).
from tacitus.kb.actors import (
    KB_PATH,
    RECENT_PATH,
    KbActor,
    KnowledgeBase,
    Role,
    _build_kb,
    load_kb,
    normalise_name,
    pluralise,
    spelling_key,
)
from tacitus.stages.actors.acting import CountryActors
from tacitus.stages.actors.agents import AgentNouns, Phrases
from tacitus.stages.actors.cast import Cast, Scene
from tacitus.stages.actors.cast import outer_mentions as _outer
from tacitus.stages.actors.countries import Geography
from tacitus.stages.actors.leads import name_the_lead
from tacitus.stages.actors.organisations import Organisations
from tacitus.stages.actors.people import People
from tacitus.stages.actors.titles import Titles

__all__ = [
    "KB_PATH",
    "RECENT_PATH",
    "KbActor",
    "KnowledgeBase",
    "Role",
    "_build_kb",
    "_outer",
    "load_kb",
    "normalise_name",
    "pluralise",
    "resolve_actors",
    "spelling_key",
]


def resolve_actors(article: Article, ctx: Context) -> Article:
    """Stage: fill `article.actors` and link entity mentions to them.

    Args:
        article: after the nlp stage (and the places stage, when it runs).
        ctx: the pipeline context; `ctx.settings.extra_actors` names the users' files.

    Returns:
        The article, with `actors` and `entity["actor"]` set.
    """
    kb = load_kb(tuple(ctx.settings.extra_actors))
    # the scene and the article's countries are read before any resolver changes the article
    scene = Scene.of(article, kb)
    geography = Geography(article, kb)
    cast = Cast()
    phrases = Phrases(kb, geography)
    organisations = Organisations(scene, cast, phrases)
    titles = Titles(scene, phrases, organisations)
    people = People(scene, cast, titles)
    organisations.fix_known()
    people.fix_types()
    titles.add_office_holders()
    people.resolve()
    organisations.resolve()
    geography.settle(list(cast.actors.values()))
    AgentNouns(scene.tokens, cast, phrases).resolve()
    CountryActors(scene, cast, phrases).resolve()
    name_the_lead(scene, cast)
    article.actors = cast.finish(article)
    return article
