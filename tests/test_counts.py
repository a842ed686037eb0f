"""Tests of count reading: number phrases and what the counted undergo."""

from __future__ import annotations

from typing import Any

import pytest

from tacitus.syntax.counts import find_counts


def counts_of(ctx: Any, text: str) -> list[tuple[int, str]]:
    doc = ctx.nlp(text)
    return [(c.value, c.what) for c in find_counts(doc[:])]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("About 5,400 residents were evacuated on Sunday.", (5400, "residents evacuated")),
        ("The militia killed at least three farmers.", (3, "farmers killed")),
        ("Dozens were arrested after the march.", (24, "arrested")),
        ("Tens of thousands of villagers were displaced.", (20000, "villagers displaced")),
        ("More than 1.5 million people fled the region.", (1500000, "people displaced")),
        ("The blast injured twelve police officers.", (12, "officers wounded")),
        ("Guards detained another 15 migrants.", (15, "migrants detained")),
        ("Rebels destroyed four armoured vehicles.", (4, "vehicles destroyed")),
        ("The raid left 9 dead.", (9, "killed")),
    ],
)
def test_count_forms(ctx: Any, text: str, expected: tuple[int, str]) -> None:
    assert expected in counts_of(ctx, text)


def test_each_conjoined_count_keeps_its_own_verb(ctx: Any) -> None:
    found = counts_of(ctx, "Nine guards were killed and more than 60 wounded in the raid.")
    assert (9, "guards killed") in found and (60, "wounded") in found
    assert (60, "killed") not in found


@pytest.mark.parametrize(
    "text",
    [
        "In 2019, the ministry published 300 pages of rules.",
        "The talks lasted 3 days.",
        "Prices rose 4 percent in March.",
        "Thirty soldiers attacked the village.",
    ],
)
def test_numbers_that_are_not_counts(ctx: Any, text: str) -> None:
    assert counts_of(ctx, text) == []
