"""The one strategy for generated profiles, and the places and day the laws are checked on.

Every property test draws profiles from ``profiles()``; extend it when a rule reads a new field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook
from hukou.model.profile import PLACE_BOUND

from .conftest import ROOT

AS_OF = dt.date(2024, 9, 1)
RULEBOOK: Rulebook = load_rulebook(ROOT)
CITIES = ("凯里", "济源", "渝中区", "渝北区", "金华", "杭州西湖区")
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
    "retired",
)

dates = st.dates(min_value=dt.date(2012, 1, 1), max_value=AS_OF)
cities = st.sampled_from(
    ["凯里", "黄平县", "济源", "贵阳", "渝中区", "渝北区", "大渡口区", "万州区", "金华", "义乌", "宁波", "杭州西湖区"]
)
maybe_bool = st.none() | st.booleans()
# Month counts at and either side of every threshold the documents state (6 months, 1–5 years).
boundary_months = st.sampled_from([0, 1, 5, 6, 7, 11, 12, 13, 23, 24, 25, 35, 36, 37, 47, 48, 59, 60, 61, 120])
LEVELS = [
    "none",
    "primary",
    "junior_secondary",
    "senior_secondary",
    "secondary_vocational",
    "technical_school",
    "associate",
    "bachelor",
    "master",
    "doctorate",
]
GROUPS = [
    "talent",
    "investor",
    "outstanding_contribution",
    "military_transfer",
    "relocation",
    "heroic_act",
    "returned_overseas",
    "technical_worker",
    "fiscal_staff",
    "civil_servant",
    "commended",
    "commended_migrant_worker",
    "military_family",
    "military_spouse",
]


class Gaps:
    """How a strategy leaves facts out: ``unknown`` may leave any fact absent; ``complete`` gives all."""

    def __init__(self, complete: bool, near: str | None = None) -> None:
        self.complete = complete
        # Where periods are spent: anywhere we encode, or mostly in one place (to search one city hard).
        self.cities = cities if near is None else st.sampled_from([near, near, near, "贵阳", "杭州西湖区"])

    def optional(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return strategy if self.complete else st.none() | strategy

    def maybe_bool(self) -> st.SearchStrategy[bool | None]:
        return self.optional(st.booleans())

    def section(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any] | None]:
        """Absent (unknown), empty (none) or a few items."""
        return self.optional(st.lists(strategy, max_size=3))

    def credentials(self, groups: list[str]) -> st.SearchStrategy[list[Any]]:
        """Each group a certificate, roster or post counts for only where it was issued carries that
        place (unless the strategy may leave it out); the others are plain names."""

        def one(group: str) -> st.SearchStrategy[Any]:
            if group not in PLACE_BOUND:
                return st.just(group)
            placed = self.cities.map(lambda city: {"group": group, "place": city})
            return placed if self.complete else st.just(group) | placed

        return st.tuples(*(one(g) for g in groups)).map(list)

    def zone(self, city: str) -> st.SearchStrategy[str | None]:
        """A zone written on a place in Chongqing, as its district allows (a split district either of
        its two); none elsewhere: a zone contradicting the district is bad input, not a fact."""
        zones = ZONES.get(city)
        return self.optional(st.sampled_from(zones)) if zones else st.none()


# The Chongqing districts the strategies use, with the zones each may lie in (rules/chongqing).
ZONES = {
    "渝中区": ["core"],
    "渝北区": ["expansion"],
    "大渡口区": ["core", "expansion"],
    "万州区": ["northeast"],
    "巫山县": ["northeast"],
}


@st.composite
def periods(draw: st.DrawFn, gaps: Gaps, **extra: Any) -> dict[str, Any]:
    """A stay, home, job, contribution or course: by dates (ended or not) or by a month count."""
    period: dict[str, Any] = {"city": draw(gaps.cities)}
    if draw(st.integers(0, 3)) == 0:
        period["months"] = draw(boundary_months)
    else:
        since = draw(dates)
        period["since"] = since
        if draw(st.integers(0, 3)) == 0:
            period["until"] = draw(st.dates(min_value=since, max_value=AS_OF))
    if (zone := draw(gaps.zone(period["city"]))) is not None:
        period["zone"] = zone
    period.update({key: draw(strategy) for key, strategy in extra.items()})
    return period


HUKOU_PLACES = [
    {"province": "湖南", "city": "邵阳"},
    {"province": "贵州", "city": "黄平县"},
    {"province": "贵州", "city": "凯里"},
    {"province": "河南", "city": "济源"},
    {"province": "河南", "city": "洛阳"},
    {"province": "四川", "city": "成都"},
    {"province": "重庆", "city": "巫山县"},
    {"province": "重庆", "city": "渝中区"},
    {"province": "重庆", "city": "大渡口区"},
    {"province": "浙江", "city": "金华"},
    {"province": "浙江", "city": "杭州西湖区"},
]


@st.composite
def members(draw: st.DrawFn, gaps: Gaps) -> dict[str, Any]:
    member = {
        "relation": draw(st.sampled_from(["spouse", "child", "parent", "grandparent", "grandchild", "sibling"])),
        "lives_with_applicant": draw(gaps.maybe_bool()),
        "married": draw(gaps.maybe_bool()),
        "has_income": draw(gaps.maybe_bool()),
        "sex": draw(gaps.optional(st.sampled_from(["male", "female"]))),
    }
    if draw(st.booleans()):
        member["age"] = draw(st.sampled_from([0, 5, 15, 16, 17, 18, 19, 30, 59, 60, 61, 70, 90]))
    elif gaps.complete or draw(st.booleans()):
        member["born"] = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=AS_OF))
    return member


@st.composite
def profiles(draw: st.DrawFn, complete: bool = False, near: str | None = None) -> dict[str, Any]:
    """A profile touching every field the rules read; unless ``complete``, any part may be absent.

    With ``near``, most periods are spent in that place.
    """
    gaps = Gaps(complete, near)
    optional, maybe_bool, section = gaps.optional, gaps.maybe_bool, gaps.section
    hukou = dict(draw(st.sampled_from(HUKOU_PLACES)))
    hukou["type"] = draw(optional(st.sampled_from(["rural", "urban"])))
    if (zone := draw(gaps.zone(hukou["city"]))) is not None:
        hukou["zone"] = zone
    education = {
        "level": draw(optional(st.sampled_from(LEVELS))),
        "moe_recognized": draw(st.booleans()),
        "graduated": draw(optional(st.dates(min_value=dt.date(2010, 1, 1), max_value=AS_OF))),
        "school_city": draw(optional(cities)),
        "professional_title": draw(optional(st.sampled_from(["none", "junior", "intermediate", "senior"]))),
    }
    return {
        "hukou": draw(optional(st.just(hukou))),
        "education": draw(optional(st.just(education))),
        "groups": draw(optional(st.lists(st.sampled_from(GROUPS), max_size=3, unique=True).flatmap(gaps.credentials))),
        "residence": draw(section(periods(gaps, permit=maybe_bool()))),
        "housing": draw(
            section(
                periods(
                    gaps,
                    tenure=st.sampled_from(["owned", "rented", "dormitory"]),
                    area_sqm=optional(st.sampled_from([0.5, 10, 19.9, 20, 40, 59, 60, 61, 80, 120, 200])),
                    own_house_number=maybe_bool(),
                    commercial=maybe_bool(),
                    lives_in=maybe_bool(),
                )
            )
        ),
        "employment": draw(
            section(
                periods(
                    gaps,
                    kind=optional(st.sampled_from(["employee", "self_employed", "investor"])),
                    contract=maybe_bool(),
                    strategic_emerging=maybe_bool(),
                    industrial_park=maybe_bool(),
                )
            )
        ),
        "social_insurance": draw(section(periods(gaps, pension=maybe_bool()))),
        "study": draw(
            section(
                periods(
                    gaps,
                    level=optional(st.sampled_from(["compulsory", "senior_secondary", "higher"])),
                    vocational=maybe_bool(),
                )
            )
        ),
        "family": draw(section(members(gaps))),
        "relatives": draw(
            section(
                st.fixed_dictionaries(
                    {
                        "relation": st.sampled_from(["spouse", "parent", "child"]),
                        "city": gaps.cities,
                        "urban": maybe_bool(),
                        "lives_with_applicant": maybe_bool(),
                    }
                )
            )
        ),
        "age": draw(optional(st.sampled_from([16, 17, 18, 25, 35, 45, 50, 55, 60, 61, 70]))),
        "sex": draw(optional(st.sampled_from(["male", "female"]))),
        "retired": draw(maybe_bool()),
        "stable_income": draw(maybe_bool()),
    }


def complete_profiles() -> st.SearchStrategy[dict[str, Any]]:
    """Profiles that give every fact the rules read."""
    return profiles(complete=True)


def verdicts(data: dict[str, Any], as_of: dt.date = AS_OF) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    profile = Profile.model_validate(data)
    out = {}
    for name, place in PLACES.items():
        report = judge(profile, RULEBOOK, place, as_of)
        out[name] = (report.verdict, tuple((c.id, c.verdict) for c in report.channels))
    return out
