"""Whole-article rules of the events stage (issue 17): who can be a participant, the date
of what an article tells without a time of its own, and one event per happening. The
articles here are written for these tests."""

from __future__ import annotations

from typing import Any

from tacitus import extract
from tacitus.stages.confidence import event_features
from tacitus.stages.events.merge import merge_mentions


def events_of(text: str, published: str = "2024-03-14") -> list[dict[str, Any]]:
    return extract(text, published=published)["events"]


def first_of(text: str, kind: str) -> dict[str, Any]:
    """The first event of a type found in a text (the test fails when there is none)."""
    found = [e for e in events_of(text) if e["type"] == kind]
    assert found, f"no {kind} event"
    return found[0]


def place_of(text: str, kind: str) -> str | None:
    """The name of the place of the first event of a type in a text (None: no place)."""
    return (first_of(text, kind)["location"] or {}).get("name")


def names(events: list[dict[str, Any]], role: str) -> list[str | None]:
    return [(e.get(role) or {}).get("name") for e in events]


# --- participants: an event noun or a time is not an actor ---------------------------------


def test_a_part_named_with_of_acts_as_the_whole() -> None:
    text = 'Tom Varga, a U.S. diplomat, testified. "All of us thought it was wrong," Varga said.'
    judged = first_of(text, "ACCUSE")
    assert judged["actor"]["name"] == "Tom Varga"  # "us", in his quote: he and his side
    attack = first_of("Some of the protesters attacked police in Kabul.", "ASSAULT")
    assert attack["actor"]["name"] == "protesters"


def test_the_visiting_side_of_a_meeting_is_its_actor() -> None:
    # PLOVER CONSULT: a visit's actor is who came, its recipient the host
    meeting = first_of("The governor met the visiting Kenyan delegation on Monday.", "CONSULT")
    assert meeting["actor"]["country"] == "KEN"
    text = "Governor Amina Okafor discussed trade with the visiting Kenyan ministers."
    meeting = first_of(text, "CONSULT")
    assert meeting["actor"]["country"] == "KEN"
    assert meeting["recipient"]["name"] == "Amina Okafor"


def test_a_past_participle_s_noun_is_who_the_act_was_done_to() -> None:
    text = "Dozens of villagers killed in the air strike were buried on Friday."
    assert first_of(text, "ASSAULT")["recipient"]["name"] == "villagers"
    # a thing the participle describes is no participant
    text = "The rebels will return rifles seized last year from the army."
    assert "rifles" not in names(events_of(text), "recipient")


def test_an_event_noun_is_not_the_attacker() -> None:
    events = events_of("The bombing killed a police officer in the capital.")
    assert "The bombing" not in names(events, "actor")
    # nor is a gerund of an event verb ("stabbing": stab)
    events = events_of("A stabbing that killed a passenger on a train shocked the city.")
    assert events and not [n for n in names(events, "actor") if n and "stabbing" in n]


def test_a_day_that_owns_an_event_noun_does_not_make_it_an_actor() -> None:
    # "Saturday" is a proper noun, but of a time: the phrase still names an event
    events = events_of("Saturday's bombing wounded 40 civilians near the market.")
    assert events and names(events, "actor") == [None]
    assert names(events, "recipient") == ["40 civilians"]
    # people named with their day are still people
    protest = first_of("Saturday's protesters attacked the police station.", "PROTEST")
    assert "protesters" in protest["actor"]["name"]


def test_an_agreement_is_not_a_party_to_itself() -> None:
    text = "The agreement brought pledges of aid and promises of reform."
    assert "The agreement" not in names(events_of(text), "actor")


def test_a_noun_that_is_the_word_of_an_event_verb_is_not_an_actor() -> None:
    # "launch", "search" and "demand" are verbs of events; as nouns they name the action
    text = (
        "The company said the launch would target rivals in the market. A search of the "
        "house yielded two rifles. Supply and demand will dictate new deals."
    )
    found = [n for n in names(events_of(text), "actor") if n]
    assert not any(w in n.lower() for n in found for w in ("launch", "search", "supply"))


def test_a_passive_attack_was_done_by_the_assailant_its_sentence_names() -> None:
    text = (
        "A doctor was stabbed to death in Berlin, while another man was critically injured "
        "in an attempt to stop the assailant."
    )
    assert (first_of(text, "ASSAULT")["actor"] or {}).get("name") == "assailant"
    # with none named, nobody is made up; and the place does not tell who fights soldiers
    assert first_of("Two soldiers were killed in Kabul on Monday.", "ASSAULT")["actor"] is None


def test_a_group_noun_that_is_also_a_verb_still_acts() -> None:
    events = events_of("Border guards detained twelve migrants near the river on Monday.")
    assert any("guards" in (n or "") for n in names(events, "actor"))


def test_a_possessive_is_the_actor_of_an_event_noun_that_is_a_passive_subject() -> None:
    refusal = first_of(
        "Jeremy Corbyn spoke in London on Monday. His refusal to say which side he would "
        "be on was met with laughter.",
        "REJECT",
    )
    assert refusal["actor"]["name"] == "Jeremy Corbyn"
    invasion = events_of("Israel mounted its invasion on Monday.")
    assert invasion and invasion[0]["actor"]["name"] == "Israel"


def test_a_person_noun_still_acts() -> None:
    events = events_of("Protesters attacked a police station in the northern town.")
    assert any("Protesters" in (n or "") for n in names(events, "actor"))


# --- dates: the lead's day, a time of day ---------------------------------------------------


LEAD = (
    "Rebels attacked an army convoy near the border on Tuesday, killing four soldiers, "
    "officials said. The army said it arrested two fighters after the ambush. "
    "Villagers fled the area."
)


def test_an_event_without_its_own_time_belongs_to_the_day_of_the_lead() -> None:
    # published on Thursday 2024-03-14; the lead's news is Tuesday's
    events = events_of(LEAD)
    arrest = [e for e in events if e["type"] == "COERCE"]
    assert arrest and arrest[0]["date"] == "2024-03-12"
    assert arrest[0]["date_is_fallback"] is True


def test_a_lead_date_long_before_publication_is_background_not_the_news() -> None:
    text = (
        "Rebels attacked an army convoy near the border in May 2019. "
        "The army arrested two fighters after the ambush."
    )
    arrest = [e for e in events_of(text) if e["type"] == "COERCE"]
    assert arrest and arrest[0]["date"] == "2024-03-14"


def test_a_clock_time_alone_does_not_date_the_news() -> None:
    # a live page's time stamp names no day: the lead's Tuesday is still the news
    text = "10 p.m.\n\n" + LEAD
    arrest = [e for e in events_of(text) if e["type"] == "COERCE"]
    assert arrest and arrest[0]["date"] == "2024-03-12"


def test_a_dated_clause_of_the_same_time_dates_the_main_clause() -> None:
    early = [
        e
        for e in events_of("When the convoy reached the bridge on March 2, rebels attacked it.")
        if e["type"] == "ASSAULT"
    ]
    assert early and early[0]["date"] == "2024-03-02" and early[0]["date_is_fallback"] is False
    soon = [
        e
        for e in events_of("The minister condemned the raid as soon as he heard of it on March 3.")
        if e["type"] == "ACCUSE"
    ]
    assert soon and soon[0]["date"] == "2024-03-03"


def test_a_dated_clause_of_another_time_does_not_date_the_main_clause() -> None:
    # "before" and "because" clauses say nothing of the main clause's day
    for opener in ("because the army had", "before the army"):
        text = f"Rebels attacked the convoy {opener} arrested their commander on March 2."
        events = [e for e in events_of(text) if e["type"] == "ASSAULT"]
        assert events and events[0]["date"] != "2024-03-02"


def test_a_date_inside_a_noun_phrase_does_not_date_the_clause() -> None:
    events = events_of(
        "Lawmakers questioned the adviser on the March 2 call between the two presidents."
    )
    assert [e["date"] for e in events if e["type"] == "ACCUSE"] == ["2024-03-14"]
    # a dated event noun that frames the clause still dates it
    framed = events_of("Rebels attacked the town during the 2016 campaign.")
    assert [e["date"] for e in framed if e["type"] == "ASSAULT"] == ["2016"]


def test_a_when_clause_after_a_dated_noun_takes_its_date() -> None:
    events = events_of(
        "The adviser testified about a March 2 meeting in the capital when the "
        "envoy asked the minister for an inquiry."
    )
    assert [e["date"] for e in events if e["type"] == "REQUEST"] == ["2024-03-02"]


def test_a_later_mention_of_a_dated_happening_takes_its_date() -> None:
    text = (
        "The March 2 call between Ruritania's president and Ivanov lasted an hour. On Tuesday "
        "the adviser described Ruritania's call with Ivanov as improper."
    )
    calls = [e for e in events_of(text) if e["type"] == "CONSULT"]
    assert len(calls) == 2 and {e["date"] for e in calls} == {"2024-03-02"}
    # several conversations are not the one dated conversation
    text = (
        "Ivanov held a March 2 conversation with the minister. Aides described "
        "conversations with Ivanov as tense."
    )
    talks = [e for e in events_of(text) if e["type"] == "CONSULT"]
    assert sorted(e["date"] for e in talks) == ["2024-03-02", "2024-03-14"]


def test_a_time_of_day_gives_the_event_its_day() -> None:
    events = events_of("Gunmen attacked the hotel at 4:15 p.m. on Tuesday.")
    assert events and all(len(e["date"]) == 10 for e in events)


# --- one event per happening ------------------------------------------------------------


def _event(
    start: int, end: int, date: str = "2024-03-12", fallback: bool = False, trigger: int = -1
) -> Any:
    party = {"actor": "A1", "name": "Ruritania", "country": "RUR", "sector": "GOV"}
    other = {"actor": "A2", "name": "Freedonia", "country": "FRE", "sector": "GOV"}
    return {
        "type": "SANCTION",
        "mode": None,
        "status": "occurred",
        "actor": party,
        "recipient": other,
        "evidence": [start, end],
        "trigger": [trigger, trigger + 5] if trigger >= 0 else [start, start + 5],
        "date": date,
        "date_is_fallback": fallback,
        "confidence": 0.4,
        "counts": [],
    }


def test_the_headline_and_the_lead_are_one_happening() -> None:
    merged = merge_mentions([_event(0, 30), _event(50, 90)])
    assert len(merged) == 1 and merged[0]["also"] == [[50, 90]]


def test_two_mentions_dated_only_by_publication_stay_apart() -> None:
    merged = merge_mentions([_event(0, 30, fallback=True), _event(50, 90, fallback=True)])
    assert len(merged) == 2


def test_one_clause_gives_one_record_per_pair() -> None:
    one = _event(0, 30, trigger=12)
    other = _event(10, 40, date="2024-03-14", fallback=True, trigger=12)
    merged = merge_mentions([one, other])
    assert len(merged) == 1 and "also" not in merged[0]


def test_two_triggers_of_one_sentence_stay_two_events() -> None:
    one = _event(0, 30, fallback=True, trigger=5)
    other = _event(10, 40, fallback=True, trigger=25)
    assert len(merge_mentions([one, other])) == 2


def test_different_recipients_are_different_events() -> None:
    one, other = _event(0, 30), _event(50, 90)
    other["recipient"] = {"actor": "A3", "name": "Utopia", "country": "UTO", "sector": "GOV"}
    assert len(merge_mentions([one, other])) == 2


def test_actors_of_one_side_named_together_are_one_event() -> None:
    found = events_of(
        "Senator Ann Okafor and Senator Tunde Bello sued the Nigerian police chief on Monday."
    )
    sued = [e for e in found if e["trigger_text"] == "sued"]
    assert len(sued) == 1
    actor = sued[0]["actor"]
    assert "Okafor" in actor["name"] and "Bello" in actor["name"]
    assert [a["name"] for a in actor["co_actors"]] == ["Tunde Bello"]


def test_a_name_with_and_in_it_is_one_actor_named_once() -> None:
    found = events_of("Customs and Border Protection did not accept the offer.")
    assert [e["actor"]["name"] for e in found] == ["Customs and Border Protection"]


def test_actors_of_two_countries_named_together_stay_two_events() -> None:
    found = events_of("Greece and Turkey accused each other of violating the ceasefire.")
    accused = [e for e in found if e["type"] == "ACCUSE"]
    assert sorted(e["actor"]["country"] for e in accused) == ["GRC", "TUR"]


# --- places: told after the happening --------------------------------------------------------


def test_a_happening_told_again_by_its_noun_gives_its_place() -> None:
    text = (
        "A doctor was stabbed to death on Tuesday, police said. The stabbing occurred during a "
        "lecture at a clinic in Berlin."
    )
    assert place_of(text, "ASSAULT") == "Berlin"
    # another happening's noun does not
    text = "Gunmen attacked a bus on Monday. Officials in Kabul condemned the killing of civilians."
    assert first_of(text, "ASSAULT")["location"] is None


def test_a_party_tag_is_no_place_of_the_event() -> None:
    text = "Rep. Jane Doyle (D-N.Y.) shortly after the arrest condemned the attack."
    for event in events_of(text):
        assert event["location"] is None  # the state she represents, not where it happened
    assert place_of("Police arrested a man in Buffalo, New York on Monday.", "COERCE") == "Buffalo"


# --- countries of local participants ------------------------------------------------------


def test_a_private_person_is_of_the_country_where_the_event_happens() -> None:
    events = events_of("Police in Lyon arrested Marc Dubois, 32, on Tuesday.")
    arrest = [e for e in events if e["type"] == "COERCE"]
    assert arrest and arrest[0]["recipient"]["name"] == "Marc Dubois"
    assert arrest[0]["recipient"]["country"] == "FRA"


def test_unnamed_officers_are_of_the_dateline_country() -> None:
    text = "LYON, France (AP) — Transit officers detained a passenger after a fight on a tram."
    arrest = [e for e in events_of(text) if e["type"] == "COERCE"]
    assert arrest and arrest[0]["actor"]["country"] == "FRA"


def test_the_unnamed_doer_of_a_local_event_is_of_the_country_where_it_happens() -> None:
    attack = first_of("A man was stabbed on a commuter train in Denver on Monday.", "ASSAULT")
    assert attack["actor"] == {
        "actor": None,
        "name": None,
        "country": "USA",
        "sector": None,
        "country_from": "place",
    }
    march = first_of("Protesters marched through Santiago on Sunday.", "PROTEST")
    assert march["recipient"]["name"] is None and march["recipient"]["country"] == "CHL"


def test_an_ethnic_group_in_an_event_takes_no_country_from_its_demonym() -> None:
    text = "About 200 ethnic Serbs staged a hunger strike against the court's ruling."
    strike = first_of(text, "PROTEST")
    assert strike["actor"]["name"] == "Serbs" and strike["actor"]["country"] is None


def test_no_unnamed_participant_without_a_place_or_outside_local_events() -> None:
    attack = first_of("A man was stabbed on a commuter train on Monday.", "ASSAULT")
    assert attack["actor"] is None  # no place: no country to give
    for event in events_of("The plan was criticised in Paris on Monday."):
        assert event["actor"] is None and event["recipient"] is None  # not a local event


def test_no_unnamed_doer_for_a_state_measure_or_an_attack_from_afar() -> None:
    # a curfew is the government's, wherever it applies; its targets are local
    curfew = first_of("A curfew was imposed in Srinagar on Monday.", "COERCE")
    assert curfew["actor"] is None and curfew["recipient"]["country"] == "IND"
    for text in (
        "Airstrikes hit a market in Idlib on Monday.",
        "A school in Kharkiv was shelled on Monday.",
        "Rockets were fired at Sderot on Monday.",
        "A bomb exploded at a market in Baghdad on Monday.",
    ):
        assert first_of(text, "ASSAULT")["actor"] is None  # from afar, or laid by anyone


def test_no_unnamed_target_of_a_protest_abroad_or_of_troops_deployed() -> None:
    march = first_of("Thousands of Ethiopians protested in Washington on Monday.", "PROTEST")
    assert march["actor"]["country"] == "ETH" and march["recipient"] is None
    deployed = first_of("Troops were deployed to Port Moresby on Monday.", "MOBILIZE")
    assert deployed["recipient"] is None


def test_an_unnamed_participant_does_not_raise_the_confidence() -> None:
    named = first_of("Gunmen stabbed a man on a train in Denver on Monday.", "ASSAULT")
    unnamed = first_of("A man was stabbed on a train in Denver on Monday.", "ASSAULT")
    assert unnamed["actor"]["name"] is None
    assert event_features(unnamed)[1:3] == [0.0, 0.0]  # has_actor, actor_coded
    assert event_features(named)[1] == 1.0


def test_a_country_no_evidence_of_its_own_gave_says_where_it_comes_from() -> None:
    def varga(text: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        record = extract(text, published="2024-01-02")
        return next(a for a in record["actors"] if a["name"] == "Tom Varga"), record["events"]

    # the title names no nationality: the article's main country, said to be that default
    actor, events = varga("Defence Minister Tom Varga criticised the plan for Kharkiv and Kyiv.")
    assert (actor["country"], actor["country_from"]) == ("UKR", "article")
    assert events and events[0]["actor"]["country_from"] == "article"
    actor, _ = varga("MOSCOW - Defence Minister Tom Varga said the talks had failed.")
    assert (actor["country"], actor["country_from"]) == ("RUS", "dateline")
    # a demonym in the title is his own evidence: no country_from
    actor, events = varga("Russian Defence Minister Tom Varga criticised the plan.")
    assert actor["country"] == "RUS" and "country_from" not in actor
    assert events and "country_from" not in events[0]["actor"]


def test_an_official_with_no_nationality_is_of_the_country_the_article_is_written_from() -> None:
    def countries(text: str) -> dict[str, str | None]:
        record = extract(text, published="2019-11-20")
        return {a["name"]: a.get("country") for a in record["actors"]}

    about_ukraine = (
        " Varga had met officials in Kyiv and Lviv in July, and Ukrainian officials in Odesa"
        " thanked him."
    )
    # no dateline; most places are Ukraine's, but the article names two US office holders
    # with no country word, and a US place: it is written from the United States, his
    # country and Congress's
    found = countries(
        "Tom Varga, the former special envoy to Ukraine, told Congress in Washington that"
        " President Trump and Secretary of State Mike Pompeo had frozen the aid." + about_ukraine
    )
    assert (found["Tom Varga"], found["Congress"]) == ("USA", "USA")
    # foreign office holders are named with their country: no country the article is from
    found = countries(
        "Tom Varga, the former special envoy to Ukraine, said Russian President Vladimir Putin"
        " and Russian Foreign Minister Sergei Lavrov had frozen the aid." + about_ukraine
    )
    assert found["Tom Varga"] is None  # sent to Ukraine, the article's main country
    # foreign news names famous foreign leaders bare: no place of theirs, no frame of theirs
    found = countries(
        "Putin and Lavrov rejected the plan on Tuesday. Defense Secretary Tom Varga said in"
        " Washington that New York and Boston would host the talks."
    )
    assert found["Tom Varga"] == "USA"


def test_a_named_organisation_gets_no_country_from_the_place_of_the_event() -> None:
    text = "Greenwatch accused the Zorvian Mining Company of polluting a river in Lyon."
    for event in events_of(text):
        for role in ("actor", "recipient"):
            party = event.get(role) or {}
            if party.get("name") in ("Greenwatch", "Zorvian Mining Company"):
                assert party.get("country") is None


# --- senses: verbal attacks, contests -------------------------------------------------------


def test_an_attack_on_policies_is_criticism() -> None:
    events = events_of("The two candidates attacked each other's tax plans in a debate.")
    assert {e["type"] for e in events} == {"ACCUSE"}


def test_an_attack_on_a_town_is_still_an_assault() -> None:
    events = events_of("Militia fighters attacked the town of Orbek at dawn.")
    assert "ASSAULT" in {e["type"] for e in events}


def test_a_battle_to_win_an_election_is_no_combat() -> None:
    assert events_of("The two parties battle to win the regional election in May.") == []


def test_a_battle_for_a_city_is_combat() -> None:
    events = events_of("Rebels battled army troops for control of the port city.")
    assert "ASSAULT" in {e["type"] for e in events}


# --- harm nobody inflicted, contests, business ----------------------------------------------


def test_taking_over_from_a_predecessor_is_no_seizure() -> None:
    for text in (
        "After the general retired, it was his deputy who took over.",
        "The new coach took over from his predecessor in September.",
    ):
        assert not [e for e in events_of(text) if e["type"] == "COERCE"], text
    for text in (
        "Rebels took over the airport on Sunday.",
        "The airport was taken over by rebels.",
        "Soldiers searched the house the rebels had seized.",
    ):
        assert [e for e in events_of(text) if e["type"] == "COERCE"], text


def test_a_suspect_arrested_is_the_recipient() -> None:
    events = events_of("Transit officers searched the station and were able to arrest a suspect.")
    arrest = [e for e in events if e["type"] == "COERCE" and e["recipient"]]
    assert arrest and arrest[0]["recipient"]["name"] == "suspect"
    assert arrest[0]["recipient"]["sector"] == "CRM"


def test_a_course_of_action_not_ruled_out_is_kept_possible() -> None:
    # litotes: not excluding something is no refusal, and the act is only possible
    events = events_of("The minister did not rule out sanctions against Ruritania.")
    assert [(e["type"], e["status"]) for e in events] == [("SANCTION", "hypothetical")]
    for text in (
        "The internment of suspects is never ruled out.",
        "The government has not excluded a referendum.",
    ):
        assert not [e for e in events_of(text) if e["type"] == "REJECT"], text
    events = events_of("The minister ruled out sanctions against Ruritania.")
    assert [(e["type"], e["status"]) for e in events] == [("REJECT", "occurred")]


def test_deaths_when_a_machine_exploded_are_an_incident() -> None:
    record = extract(
        "Nine miners were killed when a gas pipe exploded in the tunnel on Monday.",
        published="2024-03-14",
    )
    assert [e for e in record["events"] if e["type"] == "ASSAULT"] == []
    assert [i["kind"] for i in record["incidents"]] == ["accident"]


def test_deaths_when_a_bomb_exploded_are_an_attack() -> None:
    events = events_of("Nine soldiers were killed when a bomb exploded near their convoy.")
    assert "ASSAULT" in {e["type"] for e in events}


def test_fighting_a_fire_is_no_attack() -> None:
    assert events_of("Firefighters battled the wildfire for three days.") == []


def test_a_result_with_its_score_is_a_game() -> None:
    assert events_of("Portugal beat Ghana 3-2 in Doha on Thursday.") == []


def test_a_company_cooperating_with_nobody_coded_is_business_news() -> None:
    text = "The Vantor company said it was cooperating with inspectors after the recall."
    assert [e for e in events_of(text) if e["type"] == "COOPERATE"] == []


def test_players_who_attacked_from_the_kick_off_made_no_attack() -> None:
    assert events_of("The visitors attacked from the first whistle.") == []


# --- recipients named by a preposition -----------------------------------------------------


def test_the_subject_of_an_emphatic_did_is_the_subject_of_its_verb() -> None:
    # the parser may hang the subject on "did" when a phrase stands between it and the verb
    events = events_of("The envoy said Ivanov did, in fact, discuss the border with the rebels.")
    consult = [e for e in events if e["type"] == "CONSULT"]
    assert consult and (consult[0]["actor"] or {}).get("name") == "Ivanov"


def test_a_description_repeating_a_name_s_head_is_that_organisation() -> None:
    text = (
        "The Ruritanian Farmers Party walked out of the coalition talks on Monday, led by "
        "opposition Labour Party leader Ivan Petrov.\n\n"
        "The prime minister condemned the party's actions."
    )
    condemned = [e for e in events_of(text) if e["type"] == "ACCUSE"]
    # the last "Party" before it heads a leader's title: the person is no party
    assert condemned and (condemned[0]["recipient"] or {}).get("name") == "Ruritanian Farmers Party"
    # a person noun is left to the rules of offices, and "a party" is a new one
    text = "The Ruritanian Farmers Party walked out. The prime minister condemned a party."
    condemned = [e for e in events_of(text) if e["type"] == "ACCUSE"]
    assert condemned and (condemned[0]["recipient"] or {}).get("name") != "Ruritanian Farmers Party"


def test_an_answer_to_the_offer_bears_on_whoever_made_it() -> None:
    text = (
        "The Ruritanian Red Cross offered to run a clinic at the border camp.\n\n"
        "The interior ministry did not accept the offer."
    )
    refusal = [e for e in events_of(text) if e["type"] == "REJECT"]
    assert refusal and (refusal[0]["recipient"] or {}).get("name") == "Ruritanian Red Cross"
    text = (
        "The police had invited the two senators to appear before the command. "
        "The senators, however, failed to answer the invitation."
    )
    refusal = [e for e in events_of(text) if e["type"] == "REJECT"]
    assert refusal and (refusal[0]["recipient"] or {}).get("name") == "police"
    # an offer nobody was told to have made: no recipient is made up
    refusal = [
        e for e in events_of("The ministry did not accept the offer.") if e["type"] == "REJECT"
    ]
    assert refusal and refusal[0]["recipient"] is None


def test_one_talks_to_a_partner() -> None:
    events = events_of("The envoy admitted talking to Ruritania about the border.")
    consult = [e for e in events if e["type"] == "CONSULT"]
    assert consult and consult[0]["recipient"]["name"] == "Ruritania"


def test_an_appeal_to_an_organisation_names_it() -> None:
    events = events_of("The government appealed to the United Nations for food aid.")
    request = [e for e in events if e["type"] == "REQUEST"]
    assert request and request[0]["recipient"]["name"] == "United Nations"


def test_where_a_protest_is_taken_is_its_target() -> None:
    text = "Students staged a protest outside the Ruritanian embassy in the capital."
    protest = [e for e in events_of(text) if e["type"] == "PROTEST"]
    assert protest and protest[0]["recipient"]["name"] == "Ruritanian embassy"
    text = "Farmers led a march to the headquarters of the Ruritanian Grain Board."
    protest = [e for e in events_of(text) if e["type"] == "PROTEST"]
    assert protest and protest[0]["recipient"] is not None
    # a march to a square is taken nowhere in particular
    text = "Farmers led a march to the main square of the town."
    protest = [e for e in events_of(text) if e["type"] == "PROTEST"]
    assert protest and protest[0]["recipient"] is None


# --- CAMEO codes, for continuity with GDELT and ICEWS ---------------------------------------


def test_an_event_carries_the_cameo_code_of_its_verb() -> None:
    events = events_of("The government condemned the raid and threatened the rebels.")
    codes = {e["type"]: e.get("cameo") for e in events}
    assert codes.get("ACCUSE", "").startswith("11")
    assert codes.get("THREATEN", "").startswith("13")


def test_no_cameo_code_when_cameo_reads_the_verb_as_another_type() -> None:
    for event in events_of("Rebels attacked a convoy and the army condemned the attack."):
        code = event.get("cameo")
        if event["type"] == "ASSAULT" and code:
            assert code[:2] in ("18", "19", "20")


# --- a title-case dateline -------------------------------------------------------------------


def test_a_title_case_dateline_of_a_known_city_is_the_dateline() -> None:
    record = extract("Indianapolis – Teachers marched to the statehouse on Tuesday.")
    assert record["dateline"]["text"] == "Indianapolis"


def test_a_capitalised_word_before_a_dash_is_no_dateline() -> None:
    record = extract("Breaking – Police arrested two men near the station.")
    assert record.get("dateline") is None


def test_a_country_taken_from_the_place_does_not_make_players_political() -> None:
    text = "The captain said his team had fought hard in Cardiff."
    assert [e for e in events_of(text) if e["type"] == "ASSAULT"] == []


def test_a_local_participant_says_where_its_country_comes_from() -> None:
    events = events_of("Police in Lyon arrested Marc Dubois, 32, on Tuesday.")
    arrest = [e for e in events if e["type"] == "COERCE"]
    assert arrest and arrest[0]["recipient"].get("country_from") == "place"


def test_a_barrage_of_requests_is_no_attack() -> None:
    assert events_of("The ministry's website was bombarded with requests on Monday.") == []


def test_a_barrage_of_rockets_is_an_attack() -> None:
    events = events_of("The army bombarded the town with rockets on Monday.")
    assert "ASSAULT" in {e["type"] for e in events}


# --- verbal attacks on what somebody stands for --------------------------------------------


def test_an_attack_on_a_loyalty_named_inside_its_phrase_is_criticism_of_its_owner() -> None:
    text = (
        "Interior Minister Jane Holt faced a hearing on Monday. Senators renewed their attacks, "
        "including from the committee chair on her record."
    )
    attack = first_of(text, "ACCUSE")
    assert (attack["recipient"] or {}).get("name") == "Jane Holt"
    # a physical target inside the phrase keeps the attack an attack
    assert first_of(
        "Rebels launched attacks, including from the hills on the army base.", "ASSAULT"
    )


def test_a_party_adjective_that_attacks_is_the_party() -> None:
    text = (
        "Interior Minister Jane Holt faced a hearing in Washington on Monday. Republican attacks, "
        "including from the White House on her loyalty, continued."
    )
    actor = first_of(text, "ACCUSE")["actor"] or {}
    assert (actor.get("country"), actor.get("sector")) == ("USA", "PTY")


def test_a_country_closing_a_title_is_not_part_of_the_name_after_it() -> None:
    # "envoy to Ukraine Jean Dupont": one name for the recogniser, a place and a person here
    record = extract("The special envoy to Ukraine Jean Dupont met the rebels on Monday.")
    found = {(e["text"], e["type"]) for e in record["entities"]}
    assert {("Ukraine", "PLACE"), ("Jean Dupont", "PERSON")} <= found
    consult = [e for e in record["events"] if e["type"] == "CONSULT"]
    assert consult and consult[0]["actor"]["name"] == "Jean Dupont"
    # a person whose first name is a country's, after a preposition of no office, stays whole
    record = extract("She wrote to Chad Michael Murray on Monday.")
    assert [e["text"] for e in record["entities"]] == ["Chad Michael Murray"]
    # a title case name whose first word is not a country stays whole
    record = extract("The letter was sent to Georgetown University Hospital on Monday.")
    assert not [e for e in record["entities"] if e["text"] == "University Hospital"]


def test_speaking_with_someone_is_a_consultation() -> None:
    consult = first_of("The minister spoke with his Ruritanian counterpart on Monday.", "CONSULT")
    assert consult["recipient"]["name"] == "his Ruritanian counterpart"
    # speaking of or about something consults nobody, nor does speaking with a quality
    for text in (
        "The minister spoke about the border on Monday.",
        "The minister spoke to us with brutal honesty about the months ahead.",
    ):
        assert not [e for e in events_of(text) if e["type"] == "CONSULT"], text


def test_a_name_with_an_article_is_no_he() -> None:
    # a paper reports; "he" is the man it reports on, not the paper
    text = "The Ruritanian Gazette says he was arrested a block away."
    arrest = [e for e in events_of(text) if e["type"] == "COERCE"]
    assert arrest and arrest[0]["recipient"] is None
    # a person's name takes no article
    text = "Ivan Petrov says he was arrested a block away."
    arrest = [e for e in events_of(text) if e["type"] == "COERCE"]
    assert arrest and arrest[0]["recipient"]["name"] == "Ivan Petrov"


def test_a_place_that_only_qualifies_another_noun_is_not_where_it_happens() -> None:
    text = (
        "Opposition leaders led a protest march to the electoral commission in Lagos on "
        "Friday to protest against the outcome of the Kano State governorship election."
    )
    assert place_of(text, "PROTEST") == "Lagos"
    # a place that qualifies the event itself, or where it happens, still places it
    text = "The Kano bombing killed ten people on Friday."
    assert place_of(text, "ASSAULT") == "Kano"
    text = "A man was stabbed on a Lagos commuter train on Friday."
    assert place_of(text, "ASSAULT") == "Lagos"


def test_whoever_one_pleads_with_to_act_is_asked() -> None:
    request = first_of(
        "The doctors pleaded with the ministry to reconsider its decision.", "REQUEST"
    )
    assert (request["recipient"] or {}).get("name") == "ministry"
