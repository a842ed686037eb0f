"""The NLP backbone on the acceptance example: cleaned text and typed entities."""

from __future__ import annotations

import re

import pytest

import tacitus
from tacitus.evaluation.evaluate import score_file
from tacitus.stages.nlp import ENTITY_TYPES, load_model


def test_model_loads_once_per_process(settings):
    assert load_model(settings.model) is load_model(settings.model)


def test_spacy_place_labels_map_to_place():
    assert {ENTITY_TYPES[label] for label in ("GPE", "LOC", "FAC")} == {"PLACE"}


@pytest.mark.slow
def test_seed_raw_text_is_cleaned_and_entities_typed(seed):
    record = tacitus.extract(seed["raw"], published=seed["published"], id=seed["id"])
    assert "info-icon" not in record["text"]
    assert re.sub(r"\s+", " ", record["text"]) == re.sub(r"\s+", " ", seed["text"])
    assert record["dateline"]["text"] == "MOSCOW"
    figures = score_file([record], [seed])["scores"]["entities"]
    assert figures["overlap"]["f1"] >= 0.95, figures


def test_the_dateline_header_is_a_sentence_of_its_own(ctx):
    from tacitus.core.article import Article
    from tacitus.stages.nlp import parse

    text = "KABUL (Reuters) - Afghan officials said on Monday that talks ended."
    article = Article(id="k", text=text)
    parse([article], ctx.nlp)
    sentences = [s.text for s in article.doc.sents]
    assert sentences[0] == "KABUL (Reuters) -"
    said = next(t for t in article.doc if t.text == "said")
    assert [t.text for t in said.children if t.dep_ == "nsubj"] == ["officials"]
