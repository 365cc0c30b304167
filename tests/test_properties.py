"""Laws the rules obey for any profile, checked on generated profiles."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, judge
from hukou.model.periods import months_before, months_between

from . import laws, reach
from .strategies import AS_OF, RULEBOOK, SECTIONS, Aim, aims, dates, verdicts

PLACES_JIYUAN = GAZETTEER.resolve("济源")
fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def reported(law: str, aim: Aim, data: dict[str, Any]) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    """The verdicts of the aim's place, its reports counted as the law's (tests/reach.py)."""
    profile = Profile.model_validate(data)
    report = judge(profile, RULEBOOK, aim.place, aim.day)
    reach.saw(law, RULEBOOK, aim.place, report)
    return verdicts(data, aim.day, aim.places)


# Law 3: rural land rights (承包地, 宅基地, 集体收益) never change any channel's verdict.
@fast
@given(aims(), st.integers(0, 63))
def test_land_rights_never_change_a_verdict(aim: Aim, pick: int) -> None:
    laws.law_land_rights_change_nothing(RULEBOOK, aim.data, pick, aim.places, aim.day)


# Law: forgetting a section of the profile never flips a decided verdict; the answer stays
# or becomes undetermined (absent facts are unknown, never false). (Forgetting one field of a
# section is law 9 in tests/test_laws.py.)
@fast
@given(aims(), st.sampled_from(SECTIONS))
# Once found: forgetting the jobs of someone with no other income made "stable income" false.
@example(
    Aim({"employment": [{"city": "济源", "months": 0}], "stable_income": False}, "济源", PLACES_JIYUAN, AS_OF),
    "employment",
)
def test_forgetting_a_fact_never_flips_a_verdict(aim: Aim, forgotten: str) -> None:
    laws.law_forgetting_a_section_never_flips(RULEBOOK, aim.data, forgotten, aim.places, aim.day)


# Law: paying social insurance for longer never costs anyone a channel.
@fast
@given(aims(), st.integers(1, 36))
def test_longer_social_insurance_never_costs_a_channel(aim: Aim, extra: int) -> None:
    data = aim.data
    if not data.get("social_insurance"):
        return
    longer = [{**p, "since": months_before(p["since"], extra)} if "since" in p else p for p in data["social_insurance"]]
    before = reported("longer_insurance", aim, data)
    after = verdicts({**data, "social_insurance": longer}, aim.day, aim.places)
    for city in aim.places:
        for (channel, was), (_, now) in zip(before[city][1], after[city][1], strict=True):
            if was == "eligible":
                assert now == "eligible", (city, channel)


# Law: no one may follow into a city that does not admit the applicant, and the city's verdict
# is eligible exactly when one of its channels is.
@fast
@given(aims())
def test_followers_only_follow_an_admitted_applicant(aim: Aim) -> None:
    laws.law_followers_only_follow_an_admitted_applicant(RULEBOOK, aim.data, aim.places, aim.day)


# Law: counting back n whole months from a day and forward again gives n.
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 600))
def test_months_back_and_forth(day: dt.date, n: int) -> None:
    assert months_between(months_before(day, n), day) == n


# Law: a later end never makes a span shorter.
@given(dates, dates, st.integers(0, 400))
def test_months_grow_with_time(start: dt.date, end: dt.date, days: int) -> None:
    assert months_between(start, end + dt.timedelta(days=days)) >= months_between(start, end)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Law: a period begun on the last day of a month is whole on the last day of every later month,
# however short that month: begun 31 March, it is six months on 30 September, one on 29 February.
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2090, 1, 1)), st.integers(0, 120))
@example(dt.date(2024, 3, 31), 6)
@example(dt.date(2024, 1, 31), 1)
def test_a_month_end_reaches_every_later_month_end(day: dt.date, n: int) -> None:
    start = _month_end(day.year, day.month)
    year, month = divmod(day.year * 12 + day.month - 1 + n, 12)
    end = _month_end(year, month + 1)
    assert months_between(start, end) == n
    # and not a day before: begun on the 31st, the 30th of a 31-day month is not yet a whole month
    if start.day == end.day == 31 and n > 0:
        assert months_between(start, end - dt.timedelta(days=1)) == n - 1
