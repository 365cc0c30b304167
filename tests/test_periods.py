"""Periods as a person counts them: whole calendar months, the day of the month coming round again,
a month-end reaching a shorter month's end, periods given in months, and breaks of a day or more."""

from __future__ import annotations

import datetime as dt

import pytest

from hukou import Rulebook
from hukou.model.periods import Span, is_current, merged, months_before, months_between, span_of
from hukou.model.profile import Period

from .conftest import judge_yaml

D = dt.date


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2024, 3, 1), D(2024, 9, 1), 6),  # the day of the month has come round six times
        (D(2024, 3, 2), D(2024, 9, 1), 5),  # a day short of the sixth
        (D(2024, 3, 31), D(2024, 9, 30), 6),  # 30 September is the end of its month, as 31 March was
        (D(2024, 3, 31), D(2024, 9, 29), 5),
        (D(2023, 1, 31), D(2023, 2, 28), 1),  # a month-end reaches the end of a shorter month
        (D(2024, 3, 15), D(2024, 4, 14), 0),  # less than a month is none, not one
        (D(2020, 11, 20), D(2024, 2, 20), 39),  # across years
        (D(2024, 9, 1), D(2024, 9, 1), 0),
        (D(2024, 9, 1), D(2024, 3, 1), 0),  # an end before the start counts nothing
    ],
)
def test_whole_calendar_months(start: dt.date, end: dt.date, months: int) -> None:
    assert months_between(start, end) == months


@pytest.mark.parametrize(
    ("day", "months", "before"),
    [
        (D(2024, 9, 1), 6, D(2024, 3, 1)),
        (D(2024, 1, 15), 1, D(2023, 12, 15)),  # back across the new year
        (D(2024, 3, 31), 1, D(2024, 2, 29)),  # clamped to the shorter month's end
        (D(2024, 9, 30), 0, D(2024, 9, 30)),
        (D(1, 12, 31), 11, D(1, 1, 31)),  # the calendar's first year still has its months
        (D(1, 6, 1), 12, dt.date.min),  # further back than the calendar: from its first day
    ],
)
def test_months_before(day: dt.date, months: int, before: dt.date) -> None:
    assert months_before(day, months) == before


# Law: a period given as "N months up to the day judged" counts N months, as its dates would.
@pytest.mark.parametrize("months", [0, 1, 6, 13, 36])
def test_a_period_in_months_counts_its_months(months: int) -> None:
    as_of = D(2024, 9, 1)
    span = span_of(Period(city="凯里", months=months), as_of)
    assert span is not None and span.months == months
    assert span.end == as_of


def test_a_period_starting_after_the_day_judged_has_no_span() -> None:
    assert span_of(Period(city="凯里", since=D(2024, 9, 2)), D(2024, 9, 1)) is None
    span = span_of(Period(city="凯里", since=D(2024, 1, 1), until=D(2030, 1, 1)), D(2024, 9, 1))
    assert span == Span(D(2024, 1, 1), D(2024, 9, 1))  # a planned end counts up to the day judged


def test_a_period_ending_on_the_day_judged_is_still_current() -> None:
    as_of = D(2024, 9, 1)
    assert is_current(Period(city="济源", since=D(2020, 1, 1), until=as_of), as_of)
    assert not is_current(Period(city="济源", since=D(2020, 1, 1), until=D(2024, 8, 31)), as_of)
    assert not is_current(Period(city="济源", since=D(2024, 9, 2)), as_of)


def test_touching_periods_join_and_a_day_between_breaks_them() -> None:
    touching = [Span(D(2024, 4, 1), D(2024, 9, 1)), Span(D(2024, 1, 1), D(2024, 3, 31))]
    assert merged(touching) == [Span(D(2024, 1, 1), D(2024, 9, 1))]
    gap = [Span(D(2024, 1, 1), D(2024, 3, 30)), Span(D(2024, 4, 1), D(2024, 9, 1))]
    assert merged(gap) == sorted(gap, key=lambda s: s.start)
    inside = [Span(D(2024, 1, 1), D(2024, 9, 1)), Span(D(2024, 2, 1), D(2024, 3, 1))]
    assert merged(inside) == [Span(D(2024, 1, 1), D(2024, 9, 1))]


# The same, as a person asking Kaili (三(一)1(3): "连续社保半年以上") sees it in the verdict.
K3 = "k3_residence_insurance"


SEPTEMBER_FIRST = D(2024, 9, 1)


def _k3(rulebook: Rulebook, insurance: str, as_of: dt.date = SEPTEMBER_FIRST) -> str:
    residence = "residence: [{city: 凯里, since: 2024-01-01}]"
    profile = f"hukou: {{province: 四川}}\n{residence}\nsocial_insurance: {insurance}\n"
    report = judge_yaml(rulebook, profile, "凯里", as_of)
    return next(c.verdict for c in report.channels if c.id == K3)


def test_insurance_given_in_months(rulebook: Rulebook) -> None:
    assert _k3(rulebook, "[{city: 凯里, months: 6}]") == "eligible"
    assert _k3(rulebook, "[{city: 凯里, months: 5}]") == "ineligible"


def test_insurance_paid_to_the_last_day_of_a_month_and_from_the_first_of_the_next_is_unbroken(
    rulebook: Rulebook,
) -> None:
    touching = "[{city: 凯里, since: 2024-01-01, until: 2024-03-31}, {city: 凯里, since: 2024-04-01}]"
    assert _k3(rulebook, touching) == "eligible"
    a_day_missing = "[{city: 凯里, since: 2024-01-01, until: 2024-03-30}, {city: 凯里, since: 2024-04-01}]"
    assert _k3(rulebook, a_day_missing) == "ineligible"


def test_insured_since_a_months_last_day(rulebook: Rulebook) -> None:
    assert _k3(rulebook, "[{city: 凯里, since: 2024-03-31}]", D(2024, 9, 30)) == "eligible"
    assert _k3(rulebook, "[{city: 凯里, since: 2024-03-31}]", D(2024, 9, 29)) == "ineligible"


# Law: the vectorised evaluator counts whole months as hukou.model.periods does, for every pair of
# days: month ends, leap years, and days outside its calendar table (before 1850, after 2150).
PAIRS = [
    (D(2024, 3, 1), D(2024, 9, 1)),
    (D(2024, 3, 2), D(2024, 9, 1)),
    (D(2024, 3, 31), D(2024, 9, 30)),
    (D(2024, 3, 31), D(2024, 9, 29)),
    (D(2023, 1, 31), D(2023, 2, 28)),
    (D(2024, 1, 31), D(2024, 2, 29)),
    (D(2024, 9, 1), D(2024, 3, 1)),
    (D(2024, 9, 1), D(2024, 9, 1)),
    (D(1850, 1, 1), D(2150, 12, 31)),
    (D(1849, 12, 31), D(1850, 1, 31)),
    (D(1800, 5, 31), D(1801, 6, 30)),
    (D(2150, 12, 31), D(2151, 1, 30)),
    (D(2151, 1, 31), D(2151, 2, 28)),
    (D(2300, 1, 15), D(2301, 1, 14)),
]


@pytest.mark.parametrize(
    "pairs", [PAIRS[:8], PAIRS[8:], PAIRS[10:11], PAIRS[12:13]], ids=["in", "edges", "before", "after"]
)
def test_the_vectorised_months_agree_with_the_calendar(pairs: list[tuple[dt.date, dt.date]]) -> None:
    np = pytest.importorskip("numpy")
    from hukou.backends.vector.days import months_between as vectorised

    start = np.array([s.toordinal() for s, _ in pairs], dtype=np.int64)
    end = np.array([e.toordinal() for _, e in pairs], dtype=np.int64)
    assert vectorised(start, end).tolist() == [months_between(s, e) for s, e in pairs]
