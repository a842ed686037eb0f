"""Dates at their own precision (`timex/precision.py`), as the store and the exports keep them."""

from __future__ import annotations

import datetime as dt

import pytest

from tacitus.store.flatten import event_date
from tacitus.timex.precision import date_range

D = dt.date


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2016-12-23", ("2016-12-23", "day", D(2016, 12, 23), D(2016, 12, 23))),
        ("2019-11-18TEV", ("2019-11-18", "day", D(2019, 11, 18), D(2019, 11, 18))),
        ("2019-11-18T14:30", ("2019-11-18", "day", D(2019, 11, 18), D(2019, 11, 18))),
        ("2016-W50", ("2016-W50", "week", D(2016, 12, 12), D(2016, 12, 18))),
        ("2016-W50-WE", ("2016-W50", "week", D(2016, 12, 12), D(2016, 12, 18))),
        ("2020-W53", ("2020-W53", "week", D(2020, 12, 28), D(2021, 1, 3))),
        ("2016-12", ("2016-12", "month", D(2016, 12, 1), D(2016, 12, 31))),
        ("2016-02", ("2016-02", "month", D(2016, 2, 1), D(2016, 2, 29))),
        ("2016", ("2016", "year", D(2016, 1, 1), D(2016, 12, 31))),
        ("2016-Q3", ("2016-Q3", "year", D(2016, 7, 1), D(2016, 9, 30))),
        ("2016-H1", ("2016-H1", "year", D(2016, 1, 1), D(2016, 6, 30))),
        ("2016-WI", ("2016-WI", "year", D(2016, 12, 1), D(2017, 2, 28))),
        # a time of day on a coarser value keeps that value's precision, never a day
        ("2016-W50TNI", ("2016-W50", "week", D(2016, 12, 12), D(2016, 12, 18))),
        ("2016-10TMO", ("2016-10", "month", D(2016, 10, 1), D(2016, 10, 31))),
        (" 2016 ", ("2016", "year", D(2016, 1, 1), D(2016, 12, 31))),
    ],
)
def test_a_value_gives_its_precision_and_real_range(
    value: str, expected: tuple[str, str, dt.date, dt.date]
) -> None:
    found = date_range(value)
    assert found is not None
    assert (found.value, found.precision, found.start, found.end) == expected


@pytest.mark.parametrize(
    "value",
    ["PRESENT_REF", "PAST_REF", "XXXX-12-23", "XXXX-WXX-1", "201", "20", "P3D", "2016-02-30",
     "2016-W54", "2016-13", "T", "", None, 2016, "2016-12-23 and more"],
)  # fmt: skip
def test_a_value_that_names_no_period_gives_none(value: object) -> None:
    assert date_range(value) is None


def test_an_event_without_a_period_of_its_own_takes_the_publication_day_flagged() -> None:
    found, fallback = event_date("PRESENT_REF", D(2016, 12, 23))
    assert found is not None and (found.value, found.precision, fallback) == (
        "2016-12-23", "day", True,
    )  # fmt: skip
    assert event_date(None, None) == (None, True)
    week, fallback = event_date("2016-W50", D(2016, 12, 23))
    assert week is not None and (week.value, fallback) == ("2016-W50", False)
