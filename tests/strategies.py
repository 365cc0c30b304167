"""The one strategy for generated profiles, and the places and day the laws are checked on.

Every property test draws profiles from ``profiles()``; extend it when a rule reads a new field.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook

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
