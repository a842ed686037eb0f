"""A headline at the top of the text: kept in the text, known as the title, above the dateline."""

from __future__ import annotations

import tacitus
from tacitus.core.article import Article
from tacitus.stages.clean import clean_article, find_headline

_PAGE = (
    "Floods cut off three villages in northern Kenya\n\n"
    "GARISSA, Kenya (AP) — Heavy rain on Tuesday cut the only road to three villages, "
    "a county official said."
)


def test_a_short_unpunctuated_first_line_is_the_headline(ctx):
    article = clean_article(Article(id="p", text=_PAGE), ctx)
    start, end = article.title_span
    assert article.text[start:end] == "Floods cut off three villages in northern Kenya"
    assert article.title == "Floods cut off three villages in northern Kenya"
    assert article.text.startswith("Floods")  # the headline stays: offsets do not move
    assert article.dateline is not None
    assert article.text[article.dateline["start"] : article.dateline["end"]] == "GARISSA"


def test_a_title_given_by_the_input_is_kept_and_matched_even_with_punctuation(ctx):
    text = "Talks resume. Ceasefire holds?\nKABUL (Reuters) - Officials met on Monday."
    article = clean_article(
        Article(id="p", text=text, title="Talks resume.  Ceasefire holds?"), ctx
    )
    assert article.title == "Talks resume.  Ceasefire holds?"  # the input's own title wins
    assert article.title_span == (0, 30)
    assert article.dateline["text"] == "KABUL"


def test_sentences_bylines_and_datelines_are_not_headlines():
    assert find_headline("The army said it shelled the town.\nMore followed.") is None
    assert find_headline("By Maria Ortiz and Li Wei\nThe army said so.") is None
    assert find_headline("NAIROBI, Kenya (AP) _\nThe army said so.") is None
    assert find_headline("Two words\nThe army said so.") is None
    assert find_headline("Floods cut off three villages") is None  # no body after it


def test_the_record_carries_the_title_and_its_span():
    record = tacitus.extract(_PAGE, published="2024-04-02")
    assert record["title"] == "Floods cut off three villages in northern Kenya"
    assert record["title_span"] == [0, 47]
    assert record["dateline"]["text"] == "GARISSA"
    assert any(p.get("role") == "dateline" for p in record["places"])
