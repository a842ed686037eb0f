"""The actor network: resolved actors are nodes, unnamed participants grouped or left out."""

from __future__ import annotations

import networkx as nx

from tacitus.store.network import actor_network, participant_entity, to_graph


def _event(actor, recipient, kind="ASSAULT", stories=1):
    row = {"type": kind, "num_stories": stories}
    for role, side in (("actor", actor), ("recipient", recipient)):
        name, country, sector, entity = side or (None, None, None, None)
        row.update(
            {
                f"{role}_name": name,
                f"{role}_country": country,
                f"{role}_sector": sector,
                f"{role}_entity": entity,
            }
        )
    return row


ARMY = ("the army", "LBY", "MIL", "tacitus:libyan_army")
TETTEH = ("Hanna Tetteh", "UNO", "GOV", "name:hanna tetteh")
MAN = ("man", None, None, None)
CIVILIANS = ("At least 23 people", "LBY", "CVL", None)


def test_participant_entity_prefers_the_knowledge_base_then_a_named_actor():
    assert participant_entity("phoenix:REUTERS", "Reuters", True) == "phoenix:REUTERS"
    assert participant_entity(None, "The  Health Ministry", True) == "name:health ministry"
    assert participant_entity(None, "militia fighters", False) is None


def test_nodes_are_resolved_actors_and_groups_and_edges_count_events_per_type():
    rows = [
        _event(ARMY, CIVILIANS, stories=1),
        _event(ARMY, CIVILIANS, stories=2),
        _event(ARMY, CIVILIANS, kind="COERCE"),
        _event(TETTEH, ARMY, kind="CONSULT"),
        _event(MAN, ARMY),  # "man": neither country nor sector, left out
    ]
    net = actor_network(rows)
    assert set(net.nodes) == {"tacitus:libyan_army", "name:hanna tetteh", "group:LBY/CVL"}
    assert net.nodes["group:LBY/CVL"].resolved is False
    assert net.nodes["name:hanna tetteh"].label == "Hanna Tetteh"
    heaviest = net.edges[0]
    assert (heaviest.source, heaviest.target, heaviest.type) == (
        "tacitus:libyan_army",
        "group:LBY/CVL",
        "ASSAULT",
    )
    assert (heaviest.weight, heaviest.stories) == (2, 3)
    assert net.nodes["tacitus:libyan_army"].events == 5
    graph = to_graph(net)
    assert isinstance(graph, nx.MultiDiGraph)
    assert graph.number_of_edges() == 3
    assert graph["tacitus:libyan_army"]["group:LBY/CVL"]["COERCE"]["weight"] == 1
