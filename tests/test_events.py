"""Tests of the events stage: types, modes, roles, status, counts, evidence, and the figures
on the shared gold sets (slow). Sentences here are written for these tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tacitus import extract
from tacitus.core.article import Article
from tacitus.core.settings import DEFAULT_MODEL
from tacitus.lexicons.triggers import find_triggers, load_lexicon
from tacitus.stages.events import code_events
from tacitus.stages.nlp import load_model
from tacitus.syntax.roles import subject


def events_of(text: str, published: str = "2021-06-14") -> list[dict[str, Any]]:
    return extract(text, published=published)["events"]


def types_of(text: str) -> set[str]:
    return {e["type"] for e in events_of(text)}


def only(text: str, kind: str) -> dict[str, Any]:
    found = [e for e in events_of(text) if e["type"] == kind]
    assert found, f"no {kind} in {events_of(text)}"
    return found[0]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("The two governments agreed on Tuesday to reopen their embassies.", "AGREE"),
        ("The French president met the Chinese premier in Beijing.", "CONSULT"),
        ("The German chancellor praised Canada for its climate policy.", "SUPPORT"),
        ("Kenya pardoned forty opposition activists on Friday.", "CONCEDE"),
        ("Norway and Sweden will cooperate with Finland on border checks.", "AGREE"),
        ("Japan sent humanitarian aid to the Philippines after the storm.", "AID"),
        ("Rebel fighters withdrew from the town of Kidal overnight.", "RETREAT"),
        ("The opposition leader demanded the resignation of the prime minister.", "REQUEST"),
        ("Ghana accused Togo of harbouring armed smugglers.", "ACCUSE"),
        ("The Peruvian government rejected the peace plan on Monday.", "REJECT"),
        ("Iran threatened to close the strait to foreign tankers.", "THREATEN"),
        ("Thousands of teachers protested in Santiago against the pension reform.", "PROTEST"),
        ("Australia expelled two Russian diplomats on Thursday.", "SANCTION"),
        ("The Indian army deployed troops along the northern border.", "MOBILIZE"),
        ("Police arrested three journalists in Minsk on Sunday.", "COERCE"),
        ("Insurgents attacked an army post near Mosul, killing four soldiers.", "ASSAULT"),
    ],
)
def test_each_plover_type_is_coded(text: str, kind: str) -> None:
    assert kind in types_of(text)


def test_nominal_triggers_and_modes() -> None:
    campaign = only("Britain has been carrying out an aerial campaign against rebels.", "ASSAULT")
    assert campaign["mode"] == "aerial"
    assert campaign["actor"]["country"] == "GBR"
    truce = only("A ceasefire between the two militias took effect at noon.", "RETREAT")
    assert truce["mode"] == "ceasefire"
    assert "CONSULT" in types_of("The talks between Chile and Bolivia resumed in Lima.")


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        ("Police fired tear gas at students in Dhaka.", "crowd-control"),
        ("Riot police used water cannon against farmers in Brussels.", "crowd-control"),
        ("Troops fired rubber bullets at strikers in Lima.", "crowd-control"),
        ("Militants fired mortars at an army base near Gao.", "heavy-weapons"),
        ("Gunmen fired on a police patrol near Gao.", "firearms"),
    ],
)
def test_what_is_fired_is_the_mode(text: str, mode: str) -> None:
    assert only(text, "ASSAULT")["mode"] == mode


def test_roles_subject_object_against_with_passive() -> None:
    strike = only("Turkish jets bombed Kurdish positions in northern Iraq.", "ASSAULT")
    assert strike["actor"]["country"] == "TUR"
    meeting = only("The Egyptian foreign minister met with his Israeli counterpart.", "CONSULT")
    assert meeting["actor"]["country"] == "EGY"
    assert meeting["recipient"]["country"] == "ISR"
    passive = only("The convoy was attacked by Somali gunmen near Mogadishu.", "ASSAULT")
    assert passive["actor"]["country"] == "SOM"


@pytest.mark.parametrize(
    ("text", "kind", "country", "sector"),
    [
        ("Chile demanded that Peru withdraw its troops from the border.", "REQUEST", "PER", None),
        ("Bolivia repeated its demand that Chile return the coastline.", "REQUEST", "CHL", None),
        ("Activists made accusations that police beat the strikers.", "ACCUSE", None, "COP"),
        ("The Kenyan parliament threatened to cut ties with Uganda.", "THREATEN", "UGA", None),
        ("Brazil refused to recognize the new government of Bolivia.", "REJECT", "BOL", None),
        ("Hezbollah fired rockets at Israel.", "ASSAULT", "ISR", None),
        ("Japan imposed sanctions on North Korea.", "SANCTION", "PRK", None),
        (
            "Uruguay welcomed the decision by Argentina to reopen the border.",
            "SUPPORT",
            "ARG",
            None,
        ),
        ("Protesters clashed with police outside the parliament.", "PROTEST", None, "COP"),
        (
            "Thousands marched in Seoul to protest against the Japanese government.",
            "PROTEST",
            "JPN",
            "GOV",
        ),
        (
            "The Chinese foreign minister held talks with his Indian counterpart.",
            "CONSULT",
            "IND",
            "GOV",
        ),
    ],
)
def test_recipient_named_inside_the_content_or_after_a_thing(
    text: str, kind: str, country: str | None, sector: str | None
) -> None:
    recipient = only(text, kind)["recipient"]
    assert recipient is not None
    assert country is None or recipient["country"] == country
    assert sector is None or recipient["sector"] == sector


def test_received_aid_is_given_by_the_from_phrase() -> None:
    aid = only("Sudan received food aid from Egypt.", "AID")
    assert aid["actor"]["country"] == "EGY" and aid["recipient"]["country"] == "SDN"


def test_admitting_a_fact_is_no_concession() -> None:
    assert "CONCEDE" not in types_of("The minister conceded that the country lacks medicine.")
    assert "CONCEDE" in types_of("The president conceded defeat on Sunday.")


@pytest.mark.parametrize(
    "text",
    [
        "Seven militants were killed in two accidental explosions near Kandahar.",
        "The device detonated accidentally outside the barracks.",
        "Two policemen were killed in a car crash in Lahore.",
        "The new assembly will have the authority to dissolve parliament.",
        "Iran poses a threat to the region, the report says.",
        "Police want to shut down websites that support extremist groups.",
        "There was no other way to defend their communities.",
        "We talk about precision warfare with regard to drones.",
        "Officials ignored the warnings about the flood.",
        "The scandal strengthened those opposed to the reform.",
    ],
)
def test_accidents_powers_risks_and_habits_are_no_events(text: str) -> None:
    assert events_of(text) == []


def test_a_non_specific_event_noun_is_no_event() -> None:
    assert "ASSAULT" not in types_of("The council rejected any attack on the capital.")
    assert "ASSAULT" in types_of("Two policemen were killed in a bombing in Lahore.")


def test_talks_and_warnings_that_are_events() -> None:
    assert "CONSULT" in types_of("The president talked with rebel leaders in Doha.")
    assert "THREATEN" in types_of("Iran issued a warning that it would retaliate.")


def test_chances_of_an_event_are_hypothetical() -> None:
    deal = only("The opposition played down the chances of a deal with the government.", "AGREE")
    assert deal["status"] == "hypothetical"


def test_between_and_coordinated_actors() -> None:
    deal = only("Refugees returned under a deal between Greece and Turkey.", "AGREE")
    assert {deal["actor"]["country"], deal["recipient"]["country"]} == {"GRC", "TUR"}
    countries = {
        e["actor"]["country"]
        for e in events_of("France, Germany and Italy condemned the coup in Niger.")
        if e["type"] == "ACCUSE" and e["actor"]
    }
    assert {"FRA", "DEU", "ITA"} <= countries


@pytest.mark.parametrize(
    ("text", "kind", "status"),
    [
        ("The army denied shelling the village on Sunday.", "ASSAULT", "negated"),
        (
            "Officials said they were close to reaching an agreement with the unions.",
            "AGREE",
            "hypothetical",
        ),
        ("The minister called for a ceasefire in the region.", "REQUEST", "demanded"),
        ("The Pope urged an end to the fighting in Sudan.", "REQUEST", "demanded"),
        ("Police arrested the mayor of Ankara on Tuesday.", "COERCE", "occurred"),
    ],
)
def test_status(text: str, kind: str, status: str) -> None:
    assert only(text, kind)["status"] == status


def test_agreed_to_attend_is_agreement_now_and_meeting_later() -> None:
    found = events_of("The rival parties agreed to attend talks in Geneva next month.")
    agree = [e for e in found if e["type"] == "AGREE"]
    consult = [e for e in found if e["type"] == "CONSULT"]
    assert agree and agree[0]["status"] == "occurred"
    assert consult and consult[0]["status"] == "future"


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The insurgents said they were ready to free the nurses if the army left.", "if"),
        (
            "Serbia is willing to reopen the crossing provided that Kosovo drops the tax.",
            "provided that",
        ),
        ("The guerrillas offered to disarm as long as the army left the valley.", "as long as"),
        ("Unless the embargo ends, Cuba is prepared to negotiate with Washington.", "Unless"),
        (
            "Chad agreed to free the pilots on condition that Libya paid a ransom.",
            "on condition that",
        ),
    ],
)
def test_an_offer_on_a_condition_is_hypothetical(text: str, cue: str) -> None:
    offer = only(text, "AGREE")
    assert (offer["status"], offer["status_cue"]) == ("hypothetical", cue)


def test_an_unconditional_offer_and_a_conditional_threat_occurred() -> None:
    assert only("The guerrillas offered to disarm in the valley.", "AGREE")["status"] == "occurred"
    offer = only("The army is ready to withdraw, having provided security for the vote.", "AGREE")
    assert offer["status"] == "occurred"
    threat = only(
        "The general threatened to shell the port if the sailors did not leave.", "THREATEN"
    )
    assert threat["status"] == "occurred"


@pytest.mark.parametrize(
    "text",
    [
        "The assembly extended the mandate of the observer mission in Haiti.",
        "The Security Council renewed the mandate of its force in Cyprus for a year.",
        "The parliament prolonged the mandate of the monitoring mission.",
    ],
)
def test_extending_a_mandate_is_a_commitment_not_a_demand(text: str) -> None:
    found = events_of(text)
    assert [(e["type"], e["status"]) for e in found] == [("AGREE", "occurred")], found


def test_extending_a_ceasefire_is_declaring_one() -> None:
    assert "CONCEDE" in types_of("The army extended the ceasefire with the rebels by a week.")


def test_no_plans_to_act_is_no_act() -> None:
    found = events_of("The navy said it had no plans to withdraw from the port of Tartus.")
    assert ("RETREAT", "occurred") not in {(e["type"], e["status"]) for e in found}, found
    strike = only("The air force has no plan to bomb the bridge.", "ASSAULT")
    assert (strike["status"], strike["status_cue"]) == ("negated", "no")
    plan = only("The navy has plans to withdraw from the port of Tartus.", "AGREE")
    assert plan["status"] == "future"


def test_the_actor_of_an_intended_or_believed_act_is_kept() -> None:
    invasion = only("Turkey has no intention of attacking Greece.", "ASSAULT")
    assert invasion["actor"]["country"] == "TUR", invasion
    kidnap = only("Militants are thought to have abducted three engineers.", "ASSAULT")
    assert kidnap["actor"] and kidnap["actor"]["sector"] == "REB", kidnap


@pytest.mark.parametrize(
    ("text", "kind", "mode"),
    [
        ("The junta lifted the state of emergency in the north.", "CONCEDE", None),
        ("The cabinet extended the state of emergency for a month.", "COERCE", "martial-law"),
        ("Militias repeatedly violated the cease-fire.", "ASSAULT", None),
        ("The military council postponed the general election.", "COERCE", "restrict"),
    ],
)
def test_emergencies_truces_and_elections_follow_plover(
    text: str, kind: str, mode: str | None
) -> None:
    assert only(text, kind)["mode"] == mode


def test_an_event_noun_or_the_phrase_itself_is_no_recipient() -> None:
    talks = only("The rebels agreed to attend talks in Nairobi.", "AGREE")
    assert talks["recipient"] is None, talks
    mandate = only("The council renewed the mandate of the UN force in Lebanon.", "AGREE")
    assert mandate["recipient"]["country"] == "UNO", mandate
    assert "mandate" not in mandate["recipient"]["name"], mandate
    refusal = only("Serbia rejected an Austrian request to extradite the suspect.", "REJECT")
    assert refusal["recipient"]["name"] == "Austrian", refusal


def test_a_pronoun_subject_is_its_antecedent() -> None:
    ready = events_of("The ferrymen said they were ready to strike.")
    assert [e["actor"]["name"] for e in ready] == ["The ferrymen"], ready
    known = events_of("The dockers said they were ready to strike.")  # a known agent noun
    assert [(e["actor"]["text"], e["actor"]["sector"]) for e in known] == [("The dockers", "LAB")]
    later = only("The committee met in Lima. It agreed to resume talks with Chile.", "AGREE")
    assert later["actor"] and later["actor"]["name"] == "The committee", later


def test_a_month_is_no_word_of_a_verb_pattern() -> None:
    assert "AGREE" not in types_of("The party postponed its congress until March.")


def test_an_invitation_is_an_agreement_to_meet() -> None:
    assert types_of("Vietnam invited the Indian prime minister for a state visit.") == {"AGREE"}
    assert types_of("Chile extended an invitation to the Bolivian president.") == {"AGREE"}
    refused = events_of("Hamas rejected an invitation to attend a conference in Doha.")
    assert [e["type"] for e in refused] == ["REJECT"], refused


def test_an_exchange_of_prisoners_is_a_release() -> None:
    swap = only("Armenia and Azerbaijan exchanged prisoners at the border.", "RETREAT")
    assert swap["mode"] == "release"


def test_between_two_sides_is_one_pair_the_first_towards_the_second() -> None:
    # one event per happening and pair, as whole articles are annotated (issue 17): the
    # talks are one happening, not Ghana's talks with Togo and Togo's with Ghana
    found = events_of("The talks between Ghana and Togo resumed in Accra.")
    pairs = [(e["actor"]["country"], e["recipient"]["country"]) for e in found]
    assert pairs == [("GHA", "TGO")], pairs


def test_each_other_is_each_acting_on_the_other() -> None:
    # a reciprocal pronoun: one event per direction, each side the other's recipient
    found = events_of("Ghana and Togo accused each other of arming the rebels.")
    pairs = sorted((e["actor"]["country"], (e["recipient"] or {}).get("country")) for e in found)
    assert pairs == [("GHA", "TGO"), ("TGO", "GHA")], pairs
    found = events_of("Ghana and Togo attacked each other's policies at the summit.")
    pairs = sorted((e["actor"]["country"], (e["recipient"] or {}).get("country")) for e in found)
    assert pairs == [("GHA", "TGO"), ("TGO", "GHA")], pairs


def test_a_protest_noun_s_modifier_naming_people_is_its_actor() -> None:
    (event,) = events_of("Student protests were held in Lyon on Monday.")
    assert (event["type"], event["actor"]["name"]) == ("PROTEST", "Student")
    # a modifier that names no people is no actor ("hunger strike", "tax protests")
    found = events_of("Algerian landowners began a hunger strike outside Parliament.")
    assert [e["actor"]["name"] for e in found] == ["Algerian landowners"]


def test_places_coordinated_in_a_clause_are_one_event_per_place() -> None:
    found = events_of("Teachers protested in Denver and Phoenix on Monday.")
    assert sorted(e["location"]["name"] for e in found) == ["Denver", "Phoenix"]
    # places that are what an act is done to are its recipients, not its locations
    found = events_of("Rebels shelled Aleppo and Idlib on Monday.")
    assert len({e["location"]["name"] for e in found if e["location"]}) <= 1


def test_a_region_after_a_town_only_locates_the_town() -> None:
    (event,) = events_of("Police arrested two men in Springfield, Illinois, on Monday.")
    assert event["location"]["name"] == "Springfield"
    # coordinated, not locating: one event per place
    found = events_of("Teachers protested in Denver, Phoenix and Austin on Monday.")
    assert sorted(e["location"]["name"] for e in found) == ["Austin", "Denver", "Phoenix"]


def test_no_event_named_is_negated() -> None:
    event = only("The police said there was no attack on the convoy.", "ASSAULT")
    assert (event["status"], event["status_cue"]) == ("negated", "no")
    assert "REJECT" not in types_of("Officials said there were no talks with Ghana on Monday.")


def test_future_and_refused_cooperation_follow_plover() -> None:
    assert "AGREE" in types_of("Japan will provide emergency aid to Tonga, the ministry said.")
    assert "THREATEN" in types_of("The farmers said they would blockade the capital on Monday.")
    assert "REJECT" in types_of("Hungary said it will not accept any more migrants.")


@pytest.mark.parametrize(
    ("text", "value", "word"),
    [
        ("Some 12,000 people were evacuated from the coastal towns.", 12000, "evacuated"),
        ("Gunmen attacked a bus, killing at least three passengers.", 3, "killed"),
        ("Police detained dozens of students in Lagos.", 24, "detained"),
        ("The army offensive has displaced hundreds of thousands of people.", 200000, "displaced"),
        ("Soldiers seized 40 rifles during the raid.", 40, "seized"),
        ("The bombing wounded 17 people in the market.", 17, "wounded"),
    ],
)
def test_counts_are_attached_to_their_event(text: str, value: int, word: str) -> None:
    counts = [c for e in events_of(text) for c in e["counts"]]
    assert any(c["value"] == value and word in c["what"] for c in counts), counts


def test_count_flags() -> None:
    counts = [c for e in events_of("Troops killed at least 20 militants.") for c in e["counts"]]
    assert counts[0]["at_least"] is True
    approx = [c for e in events_of("Some 300 people were arrested.") for c in e["counts"]]
    assert approx[0]["approximate"] is True


def test_record_fields_and_evidence() -> None:
    text = "Kenyan police arrested four men in Nairobi on Friday."
    event = only(text, "COERCE")
    start, end = event["evidence"]
    assert "arrested" in text[start:end]
    assert event["location"]["name"] == "Nairobi"
    assert event["date"] == "2021-06-11" and event["date_is_fallback"] is False
    assert 0 <= event["confidence"] <= 1
    assert set(event) >= {
        "type",
        "mode",
        "actor",
        "recipient",
        "location",
        "date",
        "status",
        "evidence",
        "counts",
        "confidence",
    }


def test_a_country_acting_is_not_where_the_event_is() -> None:
    for event in events_of("BEIRUT - Iran and Turkey called for talks on Tuesday."):
        assert event["type"] == "REQUEST" and event["location"]["name"] == "Beirut"
    event = only("Iraq's army attacked rebels near Mosul on Monday.", "ASSAULT")
    assert event["location"]["name"] == "Mosul"


def test_the_other_side_of_nominal_clashes() -> None:
    event = only("The army retook the town after days of clashes with tribal fighters.", "ASSAULT")
    assert event["recipient"]["name"] == "tribal fighters"


def test_a_named_appositive_is_the_participant() -> None:
    event = only(
        "The envoy Maria Lopez met the head of the ruling council, Omar Haddad, in Tripoli.",
        "CONSULT",
    )
    assert event["recipient"]["name"] == "Omar Haddad"
    event = only(
        "A member of the Iraqi parliament, Salim Aziz, started a hunger strike to protest "
        "the verdict.",
        "PROTEST",
    )
    assert (event["actor"]["name"], event["actor"]["country"]) == ("Salim Aziz", "IRQ")
    event = only(
        "Police arrested 12 members of the banned movement (MFD) in the capital.", "COERCE"
    )
    assert event["recipient"] is None or event["recipient"]["name"] != "MFD"


def test_a_toll_of_killed_and_wounded_is_one_event() -> None:
    found = events_of("Nine guards were killed and more than 60 wounded in the raid.")
    assert [e["type"] for e in found] == ["ASSAULT"]
    assert {(c["value"], c["what"]) for c in found[0]["counts"]} == {
        (9, "guards killed"),
        (60, "wounded"),
    }


def test_killing_and_injuring_by_one_subject_is_one_attack() -> None:
    for text in (
        "Militants stormed the base, killing four soldiers and injuring 11 others.",
        "The rebels killed 14 villagers and wounded another 30.",
    ):
        found = events_of(text)
        assert [e["type"] for e in found].count("ASSAULT") == 1, text
        kinds = {c["kind"] for e in found for c in e["counts"]}
        assert {"killed", "wounded"} <= kinds, text


def test_a_second_verb_of_harm_with_its_own_subject_stays_an_event() -> None:
    found = events_of(
        "Rebels shelled the town on Monday, and government troops killed six of them."
    )
    assert [e["type"] for e in found].count("ASSAULT") == 2


def test_dialing_somebody_is_a_phone_call_and_dialing_back_is_none() -> None:
    found = events_of("The Greek foreign minister dialed up his Turkish counterpart on Monday.")
    assert [(e["type"], e["mode"]) for e in found] == [("CONSULT", "phone")]
    assert not events_of("Greek and Turkish leaders should dial back the rhetoric.")


@pytest.mark.parametrize(
    "text",
    [
        "Moscow said on Friday that Sudan must withdraw its troops from the border.",
        "Moscow said on Friday that Sudan has to withdraw its troops from the border.",
        "Moscow said on Friday that Sudan is going to have to withdraw its troops.",
        "Moscow said on Friday that Sudan needs to withdraw its troops from the border.",
    ],
)
def test_an_obligation_said_of_another_party_is_the_speakers_demand(text: str) -> None:
    found = events_of(text)  # published on Monday 2021-06-14
    assert [(e["type"], e["status"]) for e in found] == [("REQUEST", "demanded")]
    event = found[0]
    assert (event["actor"]["name"], event["recipient"]["name"]) == ("Moscow", "Sudan")
    assert event["date"] == "2021-06-11" and not event["date_is_fallback"]  # when it was said


def test_what_somebody_had_to_do_was_done() -> None:
    event = only("Police had to detain two protesters outside the embassy.", "COERCE")
    assert event["status"] == "occurred"


def test_a_circumstance_before_the_main_clause_keeps_its_own_status() -> None:
    text = "The man will have to pay a fine after pleading guilty to threatening a senator."
    assert only(text, "THREATEN")["status"] == "occurred"


def test_a_negated_be_denies_what_is_said_of_an_event_not_the_event() -> None:
    # published 2021-06-14
    text = "The minister said that the call with Erdogan on Friday was not in line with policy."
    assert only(text, "CONSULT")["status"] == "occurred"
    text = "I was not on the July 25 phone call between the Greek and Turkish leaders."
    assert only(text, "CONSULT")["status"] == "occurred"
    assert only("There was no attack on the town.", "ASSAULT")["status"] == "negated"


def test_paying_for_something_is_no_material_aid() -> None:
    assert "AID" not in types_of('Teachers chanted "Fund our schools" outside the Statehouse.')
    assert "AID" not in types_of("The donors funded his election campaign in 2016.")
    assert "AID" in types_of("Turkey sent humanitarian aid to the Syrian refugees on Monday.")


def test_talks_expected_to_resume_are_a_forecast_not_an_intention() -> None:
    event = only("Talks between the two governments are expected to resume in May.", "CONSULT")
    assert (event["status"], event["status_cue"]) == ("future", "expected")
    assert only("Talks between the two governments took place in May.", "CONSULT")["status"] == (
        "occurred"
    )


def test_what_an_event_is_called_has_no_actor() -> None:
    text = '"This was a deliberate attack on power plants," the president said.'
    assert only(text, "ASSAULT")["actor"] is None


def test_publication_date_is_a_flagged_fallback() -> None:
    event = only("Police arrested four men in Nairobi.", "COERCE")
    assert event["date"] == "2021-06-14" and event["date_is_fallback"] is True


@pytest.mark.parametrize(
    "text",
    [
        "The home team attacked early and won the match three goals to one.",
        "Heavy rain is expected across the north on Tuesday, with temperatures falling.",
        "The earthquake killed 40 people and destroyed hundreds of homes.",
        "Shares of the carmaker rose four percent after strong quarterly sales.",
    ],
)
def test_no_events_without_political_actors(text: str) -> None:
    political = [e for e in events_of(text) if e["actor"] and e["actor"].get("country")]
    assert political == []


def test_no_doc_means_no_events() -> None:
    article = code_events(Article(id="x", text="nothing parsed"))
    assert article.events == []


def test_lexicon_loads_and_finds_phrases(ctx: Any) -> None:
    lexicon = load_lexicon()
    assert "attack" in lexicon.verbs and "airstrike" in lexicon.nouns
    doc = ctx.nlp("Rebels carried out an air strike on the base.")
    found = {(t.type, t.mode) for t in find_triggers(doc[:])}
    assert ("ASSAULT", "aerial") in found


# --------------------------------------------------------------------------- gold (slow)

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold"


def _figures(name: str) -> dict[str, Any]:
    from tacitus.evaluation.evaluate import evaluate_files

    result = evaluate_files([GOLD / name])
    return result["files"][0]["scores"]["events"]


@pytest.mark.slow
def test_seed_events() -> None:
    from tacitus.evaluation.events import counterpart

    doc = json.loads((GOLD / "seed.jsonl").read_text("utf-8").splitlines()[0])
    record = extract(doc["text"], published=doc["published"])
    found = countries = 0
    for gold in doc["gold"]["events"]:
        best, on_evidence = counterpart(gold, record["events"])
        if best is None or not on_evidence:
            continue
        found += 1
        countries += (best["actor"] or {}).get("country") == gold["actor"]["country"]
        if gold["status"] == "hypothetical":
            assert best["status"] != "occurred"
    assert found >= 11 and countries >= 10
    evacuated = [e for e in record["events"] if e["type"] == "RETREAT" and e["counts"]]
    assert any(c["value"] == 34000 for e in evacuated for c in e["counts"])


@pytest.mark.slow
def test_plover_gold_standard_records() -> None:
    figures = _figures("events-plover-gsr.jsonl")
    assert figures["f1"] >= 0.75
    assert figures["actor_country_accuracy"] >= 0.80
    assert figures["recipient_country_accuracy"] >= 0.46


@pytest.mark.slow
def test_wikievents_dev() -> None:
    assert _figures("events-wikievents-dev.jsonl")["f1"] >= 0.60


@pytest.mark.parametrize(
    ("text", "kind", "mode"),
    [
        ("Nurses struck for two days over pay.", "PROTEST", "strike"),
        ("The union postponed the strike until March.", "PROTEST", "strike"),
        ("Dockers will strike next week, the union said.", "THREATEN", "restrict"),
        ("Israeli jets will strike Hamas targets, the army said.", "THREATEN", "violence"),
        ("Government forces struck rebel positions overnight.", "ASSAULT", None),
    ],
)
def test_a_workforce_strike_is_a_walkout_not_an_attack(
    text: str, kind: str, mode: str | None
) -> None:
    found = [(e["type"], e["mode"]) for e in events_of(text)]
    assert found and found[0][0] == kind, found
    if mode is not None:
        assert found[0][1] == mode, found


@pytest.mark.parametrize(
    ("text", "kind", "cause", "values"),
    [
        ("Floods have killed at least 40 people across the north.", "disaster", "Floods", [40]),
        ("An earthquake killed 12 people in Turkey.", "disaster", "earthquake", [12]),
        ("Three people were killed in a car crash near Lyon on Sunday.", "disaster", "crash", [3]),
        ("Two guards were killed accidentally at the depot.", "accident", "accidentally", [2]),
    ],
)  # fmt: skip
def test_harm_that_nobody_inflicted_is_an_incident_not_an_event(
    text: str, kind: str, cause: str, values: list[int]
) -> None:
    record = extract(text, published="2024-05-06")
    assert [e for e in record["events"] if e["type"] == "ASSAULT"] == []
    [found] = record["incidents"]
    assert (found["kind"], found["cause"], found["trigger_text"]) == (kind, cause, "killed")
    assert [c["value"] for c in found["counts"]] == values
    assert found["evidence"][0] <= found["trigger"][0] < found["evidence"][1]


def test_an_attack_stays_an_event_with_no_incident() -> None:
    record = extract("Rebels killed 12 soldiers in an ambush near the border on Monday.")
    assert [e["type"] for e in record["events"]] == ["ASSAULT"]
    assert record["events"][0]["counts"][0]["value"] == 12
    assert record["incidents"] == []


def test_a_call_with_someone_is_a_conversation_and_a_call_for_something_an_appeal() -> None:
    consult = only("The minister's call with his Kenyan counterpart lasted an hour.", "CONSULT")
    assert consult["actor"]["name"] and consult["recipient"]["name"] == "his Kenyan counterpart"
    assert "REQUEST" in types_of("The envoy renewed his call on the rebels to lay down arms.")
    assert "REQUEST" in types_of("The bishops issued a call for calm after the riots.")
    # a call on a day asks nothing of anyone; with nothing else, it is no event
    assert types_of("Officials were worried at the time of the call on May 3.") == set()


def test_in_custody_is_being_held_not_an_arrest() -> None:
    assert types_of("Three children died in federal custody last year, the report said.") == set()
    held = only("The army took two journalists into detention on Monday.", "COERCE")
    assert held["trigger_text"] == "detention"
    assert "COERCE" in types_of("The detention of two journalists by the army drew protests.")


def test_wanting_another_party_to_act_is_a_request() -> None:
    asked = only("Beijing wants President Trump to lift the tariffs on its goods.", "REQUEST")
    assert asked["actor"]["name"] == "Beijing" and "Trump" in asked["recipient"]["name"]
    needs = only("The alliance needs Kyiv to open an inquiry into the shelling.", "REQUEST")
    assert needs["recipient"]["name"] == "Kyiv"
    # wanting to act oneself asks nothing of anyone
    assert "REQUEST" not in types_of("The union wants to reopen its offices in the capital.")


def test_a_conversation_or_a_joint_news_conference_is_a_consultation_of_one_pair() -> None:
    talk = only(
        "The senator described a long conversation in Geneva between the envoy and a deputy "
        "of the Finnish foreign minister.",
        "CONSULT",
    )
    assert "envoy" in talk["actor"]["name"]
    assert "deputy" in talk["recipient"]["name"]
    # "between X and Y" is one pair, X towards Y, not X and Y both acting
    deal = [
        e
        for e in events_of("The deal between Kenya and Uganda ended the dispute.")
        if e["type"] == "AGREE"
    ]
    assert [(e["actor"]["name"], e["recipient"]["name"]) for e in deal] == [("Kenya", "Uganda")]
    joint = only(
        "Markets rose after a news conference between the Kenyan president and his Ugandan "
        "counterpart.",
        "CONSULT",
    )
    assert joint["recipient"]["name"] == "his Ugandan counterpart"
    # a news conference alone is a statement to the press, not a consultation
    assert "CONSULT" not in types_of("The Kenyan president held a news conference on Monday.")


def test_a_bare_surname_is_the_article_s_person_who_bears_it() -> None:
    text = (
        "U.S. Ambassador Gordon Sondberg arrived in Kyiv on Monday. Officials described a "
        "conversation in Warsaw between Sondberg and a top aide to the minister."
    )
    talk = only(text, "CONSULT")
    assert talk["actor"]["name"] == "Gordon Sondberg" and talk["actor"]["country"] == "USA"


def test_an_aide_belongs_to_whom_they_serve() -> None:
    text = (
        "Ugandan President Yoweri Museveni met donors on Monday. Later, a conversation between "
        "the Kenyan envoy and a senior aide to Museveni took place."
    )
    talk = next(e for e in events_of(text) if e["trigger_text"] == "conversation")
    assert talk["recipient"]["country"] == "UGA"


def test_struck_as_is_an_impression_and_met_with_a_reception() -> None:
    assert types_of("That struck me as different from other calls, she said.") == set()
    assert types_of("The plan struck many diplomats as reckless.") == set()
    assert "ASSAULT" in types_of("The rebels struck the convoy as it passed the bridge.")
    assert "CONSULT" not in types_of("His refusal was met with jeers from the audience.")
    assert "CONSULT" in types_of("The president met with rebel leaders in Geneva on Monday.")


def test_hosting_is_a_meeting_only_when_a_party_or_a_meeting_is_hosted() -> None:
    assert types_of("Lyon will host the semi-finals in July.") == set()
    assert types_of("She will host the lunchtime show on Saturdays.") == set()
    assert "CONSULT" in types_of("Qatar hosted the Afghan delegation on Monday.")
    assert "CONSULT" in types_of("Norway hosted them in Oslo last week.")
    assert types_of("Egypt will host talks between Israel and Hamas.") == {"AGREE"}  # intended


def test_releasing_or_executing_a_thing_is_no_release_of_people_nor_a_killing() -> None:
    assert types_of("The White House released the transcript of the call on Tuesday.") == set()
    assert types_of("The transcript was released on September 25.") == set()
    assert "ASSAULT" not in types_of("Officers executed a search warrant at the house.")
    assert "RETREAT" in types_of("The rebels released 20 hostages on Monday.")
    assert "RETREAT" in types_of("Hamas freed two hostages on Sunday.")
    assert "ASSAULT" in types_of("The regime executed three activists on Monday.")


def test_abusing_a_power_is_misuse_abusing_people_is_an_assault() -> None:
    assert "ASSAULT" not in types_of("The inquiry asks whether the governor abused his power.")
    assert "ASSAULT" not in types_of("The abuse of authority by the mayor was denied.")
    assert "ASSAULT" in types_of("Guards abused the prisoners in the jail.")


def test_failing_to_answer_a_demand_is_non_compliance_failing_otherwise_no_refusal() -> None:
    assert "REJECT" not in types_of("Johnson is under fire for failing to deliver on his vow.")
    assert "REJECT" not in types_of("Starmer failed to answer a question about Brexit.")
    assert "REJECT" in types_of("The lawmakers failed to answer the invitation of the police.")
    assert "REJECT" in types_of("The regime failed to comply with the UN resolution.")


def test_a_verdict_of_disapproval_is_criticism_by_whoever_judges() -> None:
    judged = only(
        "The senator described the minister's call with the rebels as improper.", "ACCUSE"
    )
    assert judged["actor"]["name"] == "senator" and judged["mode"] == "disapprove"
    assert judged["recipient"]["name"] == "minister"
    # what is judged stays an event of its own
    assert "CONSULT" in types_of(
        "The senator described the minister's call with the rebels as improper."
    )
    assert "ACCUSE" in types_of("The opposition called the vote a sham.")
    assert "ACCUSE" in types_of("The ambassador said the request was unusual and inappropriate.")
    # a judgement that is not disapproval, or that is negated, is none
    assert "ACCUSE" not in types_of("The ambassador said the request was unusual.")
    assert "ACCUSE" not in types_of("The minister said the decision was not wrong.")
    assert "ACCUSE" not in types_of("The minister did not think the decision was wrong.")
    assert "ACCUSE" in types_of("The president assailed the judge as a partisan.")


def test_a_verdict_told_to_someone_bears_on_what_it_judges_not_on_whom_it_tells() -> None:
    judged = only(
        "Senator Ann Price told lawmakers that Omar Haddad's request to the rebels was improper.",
        "ACCUSE",
    )
    assert (judged["actor"]["name"], judged["recipient"]["name"]) == ("Ann Price", "Omar Haddad")
    assert "ACCUSE" not in types_of("The envoy told lawmakers that the talks went well.")


def test_names_participles_and_characterisations_are_no_events() -> None:
    assert types_of("The rapper C-Murder is awaiting a second trial in Louisiana.") == set()
    assert "ACCUSE" not in types_of("The accused denied every charge in court on Monday.")
    assert "ACCUSE" in types_of("Police accused the man of fraud on Monday.")
    # an event noun said of a pronoun names something already told
    assert types_of("That was a bruising battle, the coach said.") == set()
    assert "ASSAULT" in types_of("The explosion was a terrorist attack, police said.")


def test_an_event_that_sets_a_description_of_someone_is_no_news_of_it() -> None:
    # who someone is: "the main witness in the inquiry"; the inquiry told as news is one
    text = "Omar Haddad, the main witness in the corruption inquiry, arrived in Rome on Monday."
    assert "ACCUSE" not in types_of(text)
    text = "Prosecutors opened a corruption inquiry into Omar Haddad in Rome on Monday."
    assert "ACCUSE" in types_of(text)


def test_verbs_of_harsh_criticism_are_accusations() -> None:
    for text in (
        "The minister lashed out at the opposition on Monday.",
        "The senator said officials had vilified the judges.",
        "The mayor disparaged the protesters in a speech.",
    ):
        assert "ACCUSE" in types_of(text), text


def test_refraining_from_an_act_aimed_at_someone_is_its_actor_not_doing_it() -> None:
    found = events_of("The governor has avoided direct criticism of the teachers.")
    (event,) = [e for e in found if e["type"] == "ACCUSE"]
    assert (event["actor"]["name"], event["status"]) == ("governor", "negated")
    # escaping an event that names no target of its own: the subject is not its actor
    found = events_of("The convoy avoided an attack near the border.")
    assert all(not e["actor"] or e["actor"]["name"] != "convoy" for e in found)


def test_helping_to_do_something_is_no_aid_helping_someone_is() -> None:
    assert "AID" not in types_of("The scandal helped to propel him into the post.")
    assert "AID" not in types_of("The grant will help pay the cost of the vaccines.")
    assert "AID" in types_of("Japan helped Tonga after the tsunami.")


def test_a_gerund_subject_names_an_activity_in_general() -> None:
    assert types_of("Seeking asylum is a right under international law.") == set()
    assert "ASSAULT" not in types_of("Attacking civilians is a war crime, the envoy said.")
    assert "ASSAULT" in types_of("Rebels attacked civilians in Gao on Monday.")


def test_idioms_of_attack_and_strike() -> None:
    assert types_of("Wales finished the game on the attack.") == set()
    assert types_of("The new owner has struck gold with the stadium.") == set()
    assert types_of("The government struck a balance between growth and debt.") == set()
    assert "ASSAULT" in types_of("Rebels struck the army base on Monday.")
    assert "ASSAULT" in types_of("Rebels launched an attack on the town on Monday.")


def test_implicative_verbs_say_whether_the_act_was_done() -> None:
    # "were able to" in the past says it was done; "will be able to" does not
    done = only("Officers searched the area and were able to arrest a suspect.", "COERCE")
    assert done["status"] == "occurred"
    assert only("Police will be able to arrest the suspect.", "COERCE")["status"] != "occurred"
    # avoiding or refraining from an act says it was not done
    assert only("The army refrained from attacking the town.", "ASSAULT")["status"] == "negated"
    avoided = only("The governors have avoided direct criticism of the teachers.", "ACCUSE")
    assert avoided["status"] == "negated"
    # what was supposed to happen is still to come
    due = only("A trade deal between Kenya and Uganda was supposed to be signed in May.", "AGREE")
    assert due["status"] == "future"


def test_balking_at_a_commitment_is_a_refusal() -> None:
    # "balk" and "hesitate" refuse what they govern, in progress ("is balking at") or not
    refused = only("Beijing is balking at committing to larger purchases of soybeans.", "REJECT")
    assert (refused["actor"] or {}).get("country") == "CHN"
    hesitated = only("The government hesitated to sign the agreement with the rebels.", "REJECT")
    assert hesitated["status"] == "occurred"


def test_getting_somebody_to_act_is_a_request() -> None:
    # causative "get": pressing somebody to act, whose doer is the owner of the efforts
    events = events_of(
        "Aides described the president's efforts to get Ukraine to arrest the opposition leader."
    )
    asked = [e for e in events if e["type"] == "REQUEST"]
    assert asked and (asked[0]["actor"] or {}).get("name") == "president"
    assert (asked[0]["recipient"] or {}).get("name") == "Ukraine"
    # getting a thing is no event
    assert not events_of("The rebels got new weapons and fuel last week.")


def test_an_owner_is_the_doer_of_an_active_infinitive_only() -> None:
    nlp = load_model(DEFAULT_MODEL)
    doc = nlp("The crowd roared, only for Smith's low effort to be ruled out for offside.")
    ruled = next(t for t in doc if t.lower_ == "ruled")
    assert subject(ruled) is None or subject(ruled).lower_ != "smith"
    doc = nlp("Smith's decision to quit the team surprised the coach.")
    quit_ = next(t for t in doc if t.lower_ == "quit")
    assert subject(quit_) is not None and subject(quit_).lower_ == "smith"


def test_a_diplomat_sent_to_a_country_is_not_coded_with_it() -> None:
    events = events_of("Kurt Volker, the former special envoy to Ukraine, condemned the raid.")
    condemned = [e for e in events if e["type"] == "ACCUSE"]
    assert condemned and (condemned[0]["actor"] or {}).get("country") != "UKR"


# --- searches, warrants and holding people (PLOVER COERCE) --------------------------------


def test_a_search_of_a_place_is_coerce_seize_and_a_search_for_someone_is_not() -> None:
    searched = only("Police searched the house of the opposition leader on Monday.", "COERCE")
    assert searched["mode"] == "seize"
    assert only("A search of the party offices lasted four hours.", "COERCE")["mode"] == "seize"
    assert "COERCE" not in types_of("Police searched for the missing boy all night.")


def test_executing_a_warrant_is_no_killing() -> None:
    events = events_of("Officers executed a search warrant at the home of the mayor.")
    assert [e["type"] for e in events] == ["COERCE"]
    assert "ASSAULT" in types_of("The militia executed two prisoners at dawn.")


def test_holding_people_is_detaining_them_and_a_recommendation_is_no_fact() -> None:
    held = only("The border agency has been holding migrants for weeks.", "COERCE")
    assert held["status"] == "occurred"
    told = only("The guidelines recommend holding migrants no longer than three days.", "COERCE")
    assert told["status"] == "demanded"
    assert "COERCE" not in types_of("The party held its congress in the capital.")


def test_theft_by_a_private_person_is_a_crime_not_a_seizure() -> None:
    assert "COERCE" not in types_of("The man tried to steal a van from the car dealership.")
    assert "COERCE" not in types_of("The striker stole the show with two late goals.")
    assert only("Soldiers stole livestock from the villagers.", "COERCE")["mode"] == "seize"


def test_an_event_noun_inside_another_noun_s_phrase_is_not_the_verb_subject_s() -> None:
    # the witnesses testify about the inquiry; they do not conduct it
    text = (
        "Two diplomats testified before the committee on Tuesday about the events at the "
        "center of the corruption inquiry."
    )
    actors = [str((e["actor"] or {}).get("name")) for e in events_of(text)]
    assert not [name for name in actors if "diplomats" in name]
    took = only("The rebels took part in the talks in Geneva.", "CONSULT")
    assert (took["actor"] or {}).get("name") == "rebels"


def test_an_invitation_to_appear_before_an_authority_is_a_summons() -> None:
    summoned = only("The police invited two senators to appear before the command.", "ACCUSE")
    assert summoned["mode"] == "investigate"
    assert "ACCUSE" not in types_of("The president invited his counterpart to visit Paris.")


def test_dragging_or_taking_somebody_to_court_is_suing_them() -> None:
    for text in (
        "The senators dragged the police chief to court.",
        "The union took the government to court over the pension cuts.",
    ):
        assert only(text, "ACCUSE")["mode"] == "allege", text


def test_would_like_another_party_to_act_is_a_request_not_its_act() -> None:
    for text in (
        "The ministers would like Serbia to withdraw its troops.",
        "The ministers would like to see Serbia withdraw its troops.",
    ):
        asked = only(text, "REQUEST")
        assert asked["status"] == "demanded", text
        assert (asked["recipient"] or {}).get("country") == "SRB", text
        assert "RETREAT" not in types_of(text), text
    assert "REQUEST" not in types_of("The minister likes to visit the troops.")


def test_not_immediately_responding_is_no_refusal() -> None:
    assert types_of("The embassy did not immediately respond to a request for comment.") == set()
    assert types_of("Police did not immediately provide further details.") == set()
    assert "REJECT" in types_of("The ministry did not provide any aid to the refugees.")


def test_to_demonstrate_something_is_to_show_it_not_to_protest() -> None:
    assert "PROTEST" not in types_of("The ruling demonstrates that the court is independent.")
    assert "PROTEST" not in types_of("The army demonstrated its new missiles at the parade.")
    assert "PROTEST" in types_of("Thousands demonstrated in the capital against the government.")


def test_a_release_that_something_is_said_in_is_a_statement_not_a_freeing() -> None:
    assert "RETREAT" not in types_of("The prosecutor said in the release that the case was closed.")
    assert "RETREAT" not in types_of("The ministry issued a news release on Monday.")
    assert "RETREAT" in types_of("The government announced the release of 50 prisoners.")
