"""Laws the rules obey for any profile, checked on generated profiles."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook
from hukou.periods import months_before, months_between

from .conftest import ROOT

AS_OF = dt.date(2024, 9, 1)
RULEBOOK: Rulebook = load_rulebook(ROOT)
CITIES = ("凯里", "济源", "渝北区", "金华", "杭州西湖区")
PLACES = {name: GAZETTEER.resolve(name) for name in CITIES}
SECTIONS = (
    "hukou",
    "education",
    "groups",
    "residence",
    "housing",
    "employment",
    "social_insurance",
    "study",
    "family",
    "relatives",
    "age",
    "sex",
)

dates = st.dates(min_value=dt.date(2015, 1, 1), max_value=AS_OF)
cities = st.sampled_from(["凯里", "济源", "贵阳", "渝北区", "万州区", "金华", "宁波", "杭州西湖区"])
maybe_bool = st.none() | st.booleans()


@st.composite
def periods(draw: st.DrawFn, **extra: Any) -> dict[str, Any]:
    since = draw(dates)
    period: dict[str, Any] = {"city": draw(cities), "since": since}
    if draw(st.booleans()):
        period["until"] = draw(st.dates(min_value=since, max_value=AS_OF))
    period.update({key: draw(strategy) for key, strategy in extra.items()})
    return period


def section(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any] | None]:
    return st.none() | st.lists(strategy, max_size=2)


@st.composite
def profiles(draw: st.DrawFn) -> dict[str, Any]:
    hukou = draw(
        st.sampled_from(
            [
                {"province": "湖南", "city": "邵阳"},
                {"province": "贵州", "city": "黄平县"},
                {"province": "贵州", "city": "凯里"},
                {"province": "河南", "city": "济源"},
                {"province": "河南", "city": "洛阳"},
                {"province": "四川"},
                {"province": "重庆", "city": "巫山县"},
                {"province": "浙江", "city": "金华"},
            ]
        )
    )
    hukou["type"] = draw(st.sampled_from(["rural", "urban"]))
    member = st.fixed_dictionaries(
        {
            "relation": st.sampled_from(["spouse", "child", "parent", "grandparent", "sibling"]),
            "age": st.integers(0, 90),
            "lives_with_applicant": maybe_bool,
            "married": maybe_bool,
            "has_income": maybe_bool,
        }
    )
    groups = ["talent", "investor", "military_transfer", "relocation", "heroic_act", "fiscal_staff"]
    levels = ["junior_secondary", "senior_secondary", "technical_school", "associate", "bachelor", "master"]
    return {
        "hukou": hukou,
        "education": {"level": draw(st.sampled_from(levels)), "moe_recognized": draw(st.booleans())},
        "groups": draw(st.none() | st.lists(st.sampled_from(groups), max_size=2, unique=True)),
        "residence": draw(section(periods(permit=maybe_bool))),
        "housing": draw(
            section(
                periods(
                    tenure=st.sampled_from(["owned", "rented", "dormitory"]),
                    area_sqm=st.none() | st.integers(10, 200),
                    own_house_number=maybe_bool,
                )
            )
        ),
        "employment": draw(
            section(periods(kind=st.sampled_from(["employee", "investor"]), strategic_emerging=maybe_bool))
        ),
        "social_insurance": draw(section(periods(pension=maybe_bool))),
        "study": draw(section(periods(level=st.sampled_from(["compulsory", "senior_secondary", "higher"])))),
        "family": draw(section(member)),
        "relatives": draw(
            section(
                st.fixed_dictionaries(
                    {"relation": st.sampled_from(["spouse", "parent", "child"]), "city": cities, "urban": maybe_bool}
                )
            )
        ),
        "age": draw(st.none() | st.integers(16, 80)),
        "sex": draw(st.none() | st.sampled_from(["male", "female"])),
    }


def verdicts(data: dict[str, Any], as_of: dt.date = AS_OF) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    profile = Profile.model_validate(data)
    out = {}
    for name, place in PLACES.items():
        report = judge(profile, RULEBOOK, place, as_of)
        out[name] = (report.verdict, tuple((c.id, c.verdict) for c in report.channels))
    return out


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
