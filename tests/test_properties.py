"""Laws the rules obey for any profile, checked on generated profiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from hukou import Profile, judge
from hukou.model.periods import months_before, months_between

from .strategies import AS_OF, CITIES, PLACES, RULEBOOK, SECTIONS, dates, maybe_bool, profiles, verdicts

fast = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# Law: rural land rights (承包地, 宅基地, 集体收益) never change any channel's verdict.
@fast
@given(profiles(), st.fixed_dictionaries({k: maybe_bool for k in ("contract_land", "homestead", "collective_income")}))
def test_land_rights_never_change_a_verdict(data: dict[str, Any], rights: dict[str, Any]) -> None:
    assert verdicts({**data, "land_rights": rights}) == verdicts(data)


# Law: forgetting a section of the profile never flips a decided verdict; the answer stays
# or becomes undetermined (absent facts are unknown, never false).
@fast
@given(profiles(), st.sampled_from(SECTIONS))
# Once found: forgetting the jobs of someone with no other income made "stable income" false.
@example({"employment": [{"city": "济源", "months": 0}], "stable_income": False}, "employment")
def test_forgetting_a_fact_never_flips_a_verdict(data: dict[str, Any], forgotten: str) -> None:
    known = verdicts(data)
    unknown = verdicts({**data, forgotten: None})
    for city in CITIES:
        assert unknown[city][0] in {known[city][0], "undetermined"}
        for (channel, before), (_, after) in zip(known[city][1], unknown[city][1], strict=True):
            assert after in {before, "undetermined"}, (city, channel)


# Law: paying social insurance for longer never costs anyone a channel.
@fast
@given(profiles(), st.integers(1, 36))
def test_longer_social_insurance_never_costs_a_channel(data: dict[str, Any], extra: int) -> None:
    if not data["social_insurance"]:
        return
    longer = [{**p, "since": months_before(p["since"], extra)} if "since" in p else p for p in data["social_insurance"]]
    before = verdicts(data)
    after = verdicts({**data, "social_insurance": longer})
    for city in CITIES:
        for (channel, was), (_, now) in zip(before[city][1], after[city][1], strict=True):
            if was == "eligible":
                assert now == "eligible", (city, channel)


# Law: no one may follow into a city that does not admit the applicant, and the city's verdict
# is eligible exactly when one of its channels is.
@fast
@given(profiles())
def test_followers_only_follow_an_admitted_applicant(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(data)
    for place in PLACES.values():
        report = judge(profile, RULEBOOK, place, AS_OF)
        assert (report.verdict == "eligible") == any(c.verdict == "eligible" for c in report.channels)
        if report.verdict != "eligible":
            assert all(f.may_follow is not True for f in report.followers)
        assert len(report.followers) == len(profile.family or [])


# Law: counting back n whole months from a day and forward again gives n.
@given(st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 600))
def test_months_back_and_forth(day: dt.date, n: int) -> None:
    assert months_between(months_before(day, n), day) == n


# Law: a later end never makes a span shorter.
@given(dates, dates, st.integers(0, 400))
def test_months_grow_with_time(start: dt.date, end: dt.date, days: int) -> None:
    assert months_between(start, end + dt.timedelta(days=days)) >= months_between(start, end)
