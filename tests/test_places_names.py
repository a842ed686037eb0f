"""Tests of the places stage on names that are no places: words of organisations' and
persons' names, codes, and small towns that the article's other places do not back."""

from __future__ import annotations

from tacitus.core.article import Article
from tacitus.pipeline import Context, Pipeline


def analyse(text: str, ctx: Context) -> Article:
    """An article (not cleaned) through the parse, entities and places."""
    return Pipeline(context=ctx).analyse(Article(id="t", text=text), start="parse", until="places")


def placed(article: Article, text: str) -> bool:
    """Whether any mention written `text` was resolved to a place."""
    start = article.text.find(text)
    while start >= 0:
        if article.place_at(start, start + len(text)) is not None:
            return True
        start = article.text.find(text, start + 1)
    return False


def test_an_acronym_that_modifies_a_noun_is_no_town(ctx: Context) -> None:
    # "CBP" and "NBC" are codes of towns in Portugal and Russia; here an agency holding
    # people and a network's name, in an article whose places are American
    a = analyse(
        "Doctors in Sacramento, California, said two children died in CBP custody last "
        "year, a physician told NBC News on Tuesday.",
        ctx,
    )
    assert placed(a, "Sacramento")
    assert not placed(a, "CBP")
    assert not placed(a, "NBC")


def test_a_word_inside_an_organisations_name_is_no_town(ctx: Context) -> None:
    # Homeland is a town in Georgia, but "of Homeland" does not close the agency's name
    a = analyse(
        "The Department of Homeland Security said on Monday that families held in Texas "
        "would be vaccinated.",
        ctx,
    )
    assert placed(a, "Texas")
    assert not placed(a, "Homeland")


def test_a_kind_of_body_is_no_town_heading_it(ctx: Context) -> None:
    # Supreme (Louisiana), Justice (Illinois) and Police (Poland) are towns; "Supreme Court",
    # "Justice Department" and "Police Department" are kinds of bodies, not a town's
    a = analyse(
        "The Supreme Court and the Justice Department in Chicago said on Monday that the "
        "Police Department had acted lawfully.",
        ctx,
    )
    assert placed(a, "Chicago")
    assert not placed(a, "Supreme")
    assert not placed(a, "Justice")
    assert not placed(a, "Police")
    # a town's own institution still names the town
    a = analyse("The Groton Town Council met on Monday to close the school.", ctx)
    assert placed(a, "Groton")


def test_a_body_of_the_state_is_no_other_name_of_a_city(ctx: Context) -> None:
    # GeoNames lists "White House" among Casablanca's names (a translation of Dar al-Beida)
    # and "King" among those of towns named otherwise: a body of the state or a title names
    # the body, and a city is read only by a name of its own
    a = analyse(
        "The White House said on Tuesday that the president would not attend. The King "
        "Street office of the charity was closed.",
        ctx,
    )
    assert all(p.get("geonames_id") != 2553604 for p in a.places)  # Casablanca
    assert not placed(a, "King")


def test_a_body_of_the_state_is_a_place_only_where_something_happens_at_it(
    ctx: Context,
) -> None:
    # "the White House said": the body speaks (no point on a map: neither Casablanca nor
    # the town of White House, Tennessee); "a meeting at the White House": a place
    a = analyse("The White House said on Tuesday that the talks in Geneva would go on.", ctx)
    assert not placed(a, "White House")
    assert placed(a, "Geneva")
    a = analyse("He testified about a July 10 meeting at the White House.", ctx)
    assert placed(a, "White House")
    # a word for a body of the state is a town only where the text puts something there
    a = analyse("The Commissioner of Police said the border town was quiet.", ctx)
    assert not placed(a, "Police")


def test_a_town_inside_a_name_is_called_by_its_own_name(ctx: Context) -> None:
    # "Human" is an old name of Uman (Ukraine): a word of the ministry's name, even in an
    # article about Ukraine
    a = analyse("The Ministry of Human Rights said in Kyiv that Ukraine must investigate.", ctx)
    assert placed(a, "Kyiv")
    assert not placed(a, "Human")


def test_a_word_of_a_persons_name_is_the_person(ctx: Context) -> None:
    # Gordon is a town in Georgia (US); after "Gordon Sondland", "the Gordon problem" is his
    a = analyse(
        "Gordon Sondland testified in Washington on Wednesday. Aides in the United States "
        'called it "the Gordon problem" in their notes.',
        ctx,
    )
    assert placed(a, "Washington")
    assert not placed(a, "Gordon problem")


def test_a_surname_the_tagger_took_for_an_organisation_is_still_the_person(
    ctx: Context,
) -> None:
    # spaCy tags a bare surname ORG now and then; after "around", the places stage read it
    # as the town of Scott (and then every later "Scott" of the article with it)
    pipeline = Pipeline(context=ctx)
    text = (
        "Rep. Bobby Scott spoke in Norfolk, Virginia, on Monday. Supporters gathered around "
        "Scott after the speech. Officers in Scott County arrested two men."
    )
    a = pipeline.analyse(Article(id="t", text=text), start="parse", until="entities")
    start = text.index("Scott after")
    for entity in a.entities:
        if entity["start"] == start:
            entity.update({"type": "ORG", "label": "ORG"})
    a = pipeline.analyse(a, start="places", until="places")
    assert a.place_at(start, start + len("Scott")) is None
    assert placed(a, "Norfolk")
    assert placed(a, "Scott County")  # a name of its own, not the surname


def test_a_small_town_the_articles_places_contradict_is_no_place(ctx: Context) -> None:
    # Liberal is a town in Kansas; in an article set in Britain it is a party's word
    a = analyse(
        "In London, the former Liberal leader told British voters on Sunday that Britain "
        "would hold its election in December.",
        ctx,
    )
    assert placed(a, "London")
    assert not placed(a, "Liberal")


def test_a_small_town_with_support_stays(ctx: Context) -> None:
    # a town spaCy may tag as a person or organisation stays a town when words call it one
    # or the article's places lie around it
    a = analyse("A man Roswell police say shoplifted a bracelet ran into traffic.", ctx)
    assert placed(a, "Roswell")
    a = analyse(
        "Officers from Columbus, Indiana, arrested a man from Hope on Friday; the "
        "Bartholomew County sheriff said Hope residents had called.",
        ctx,
    )
    assert placed(a, "Hope")


def test_a_word_for_a_body_of_the_state_is_no_town_even_alone(ctx: Context) -> None:
    # Police is a town in Poland; with no other place in the text, the office's word still
    # names the police, while a town's own name alone stays a town
    a = analyse("The senators sued the Commissioner of Police on Monday.", ctx)
    assert not placed(a, "Police")
    assert all(actor["country"] != "POL" for actor in a.actors)
    assert placed(analyse("He was born in Hayward and moved away.", ctx), "Hayward")


def test_a_persons_home_town_is_a_local_town(ctx: Context) -> None:
    # "X, 31, of Athens" gives where a person in the news lives: in an American article a
    # town of Ohio or Georgia sooner than the Greek capital; a flight's origin stays Greek
    a = analyse("Maria Lopez, 31, of Athens, was charged on Friday in the United States.", ctx)
    assert place(a, "Athens") == "USA"
    a = analyse("A woman who flew from Athens was charged on Friday in the United States.", ctx)
    assert place(a, "Athens") == "GRC"


def place(article: Article, text: str) -> str | None:
    """The country of the first mention written `text`."""
    start = article.text.index(text)
    found = article.place_at(start, start + len(text))
    return found["country"] if found is not None else None


def test_a_part_named_of_a_place_lies_in_that_place(ctx: Context) -> None:
    # "Western District" is, in the gazetteer, only a district of American Samoa: named "of
    # New York" it is a part of New York, not that district
    a = analyse(
        "A man from Buffalo pleaded guilty, the prosecutor's office for the Western District "
        "of New York announced on Monday.",
        ctx,
    )
    assert all(p.get("country") == "USA" for p in a.places)
    assert not placed(a, "Western District")
    # a part that has a reading in the place it is named of keeps it
    b = analyse("Fighting resumed in the Kurdistan Region of Iraq on Monday.", ctx)
    assert {p.get("country") for p in b.places} == {"IRQ"}
