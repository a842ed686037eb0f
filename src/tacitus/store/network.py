"""Who acts on whom: canonical events as a network of resolved actors.

Reads event rows (dicts with the columns of `NETWORK_COLUMNS`, from the `events` table) and
returns nodes keyed on resolved actors and edges weighted by event counts per PLOVER type;
`to_graph` makes a networkx `MultiDiGraph` of them (what `tacitus export --format graphml`
writes, and what the explorer's network panel draws).

A participant is a node in one of two ways:

- **resolved**: the actor the knowledge base knows (`actor_entity` holds its id, such as
  `phoenix:REUTERS`) or a named actor (a person, organisation or country that the text names:
  `actor_entity` is `name:` and its normalised name, such as `name:hanna tetteh`). Its key
  is `actor_entity`; its label the name most used for it.
- **unresolved** ("man", "a group", "At least 23 people"): grouped under its country and
  sector, key `group:LBY/CVL` (`-` for the one it lacks), label `LBY CVL (unnamed)`; left out
  when it has neither.

The store fills `actor_entity` and `recipient_entity` when it flattens a record (an actor
with a `kb_id`, or one that an entity of the article names) and migration 003 derives them
for stores made before.

    >>> from tacitus.store.network import NETWORK_COLUMNS, actor_network, to_graph
    >>> rows = store.sql(f"SELECT {NETWORK_COLUMNS} FROM events WHERE status = 'occurred'")
    >>> net = actor_network(rows)
    >>> net.nodes["name:hanna tetteh"].label, net.edges[0].weight
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

#: The `events` columns `actor_network` reads (for `SELECT {NETWORK_COLUMNS} FROM events`).
NETWORK_COLUMNS = (
    "event_id, type, status, actor_name, actor_country, actor_sector, actor_entity, "
    "recipient_name, recipient_country, recipient_sector, recipient_entity, num_stories"
)
ROLES = ("actor", "recipient")


@dataclass
class Node:
    """One actor (or group of unnamed participants) of the network."""

    key: str  # `phoenix:...`, `name:...` (resolved) or `group:CCC/SSS` (unnamed, grouped)
    label: str  # the name most used for it; for a group `LBY CVL (unnamed)`
    country: str | None
    sector: str | None
    resolved: bool  # False for a group of unnamed participants
    events: int = 0  # events it takes part in (as actor or recipient)
    names: Counter[str] = field(default_factory=Counter)  # the names used for it, counted


@dataclass
class Edge:
    """Events of one type from one node to another."""

    source: str
    target: str
    type: str
    weight: int = 0  # canonical events
    stories: int = 0  # independent stories behind them (syndicated copies counted once)


@dataclass
class Network:
    """Nodes by key and edges heaviest first."""

    nodes: dict[str, Node]
    edges: list[Edge]


def normalise_name(name: str) -> str:
    """A name as a key: NFKC, case-folded, whitespace collapsed, leading `the` dropped."""
    words = unicodedata.normalize("NFKC", name).casefold().split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def participant_entity(kb_id: str | None, name: str | None, named: bool) -> str | None:
    """The `actor_entity` of a participant: its knowledge-base id, `name:` and its
    normalised name when the text names it, else None (a description such as "man").

    Args:
        kb_id: the actor's knowledge-base id, or None.
        name: the actor's name (its canonical name in the record's `actors`).
        named: whether an entity of the article (person, organisation, place) names it.
    """
    if kb_id:
        return str(kb_id)
    if named and name and normalise_name(name):
        return "name:" + normalise_name(name)
    return None


def node_key(
    entity: str | None, country: str | None, sector: str | None
) -> tuple[str, bool] | None:
    """The node key of a participant and whether it is resolved; None when it is left out.

    Args:
        entity: its `actor_entity` / `recipient_entity` (a knowledge-base id, or `name:...`).
        country: its ISO3 country code, or None.
        sector: its PLOVER sector code, or None.

    Returns:
        `(entity, True)` for a resolved actor, `("group:CCC/SSS", False)` for an unnamed one
        with a country or a sector, None for an unnamed one with neither.
    """
    if entity:
        return entity, True
    if country or sector:
        return f"group:{country or '-'}/{sector or '-'}", False
    return None


def actor_network(rows: Iterable[Mapping[str, Any]]) -> Network:
    """Nodes and edges of the events in `rows`.

    Args:
        rows: event rows with the columns of `NETWORK_COLUMNS` (`num_stories` may be
            missing: each event then counts as one story).

    Returns:
        The network: every participant kept as a node (with the number of its events), one
        edge per (actor, recipient, type) with the events and stories behind it, heaviest
        first (ties by key, so the order is stable).
    """
    nodes: dict[str, Node] = {}
    weights: dict[tuple[str, str, str], Edge] = {}
    for row in rows:
        keys = [_node(nodes, row, role) for role in ROLES]
        for key in keys:
            if key:
                nodes[key].events += 1
        source, target = keys
        if source and target and source != target:
            kind = str(row.get("type") or "")
            edge = weights.setdefault((source, target, kind), Edge(source, target, kind))
            edge.weight += 1
            edge.stories += int(row.get("num_stories") or 1)
    for node in nodes.values():
        if node.resolved and node.names:
            node.label = node.names.most_common(1)[0][0]
    edges = sorted(weights.values(), key=lambda e: (-e.weight, e.source, e.target, e.type))
    return Network(nodes, edges)


def _node(nodes: dict[str, Node], row: Mapping[str, Any], role: str) -> str | None:
    country, sector = row.get(f"{role}_country"), row.get(f"{role}_sector")
    found = node_key(row.get(f"{role}_entity"), country, sector)
    if found is None:
        return None
    key, resolved = found
    node = nodes.get(key)
    if node is None:
        label = key if resolved else f"{country or '-'} {sector or '-'} (unnamed)"
        node = nodes[key] = Node(key, label, country, sector, resolved)
    node.country = node.country or country
    node.sector = node.sector or sector
    name = row.get(f"{role}_name")
    if resolved and name:
        node.names[" ".join(str(name).split())] += 1
    return key


def to_graph(network: Network) -> Any:
    """The network as a networkx `MultiDiGraph` (one edge per type, keyed by the type).

    Node attributes: label, country, sector (empty string when unknown: GraphML has no
    null), resolved, events. Edge attributes: type, weight (events), stories.
    """
    import networkx as nx

    graph = nx.MultiDiGraph()
    for node in network.nodes.values():
        graph.add_node(
            node.key,
            label=node.label,
            country=node.country or "",
            sector=node.sector or "",
            resolved=node.resolved,
            events=node.events,
        )
    for edge in network.edges:
        graph.add_edge(
            edge.source,
            edge.target,
            key=edge.type,
            type=edge.type,
            weight=edge.weight,
            stories=edge.stories,
        )
    return graph
