"""The laws of tests/laws.py, checked on the project's own rule files with generated profiles.

The number of examples comes from the hypothesis profile: ``ci`` (the default, a few hundred)
or ``long`` (thousands): ``python -m pytest tests/test_laws.py --hypothesis-profile=long``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hukou import GAZETTEER, Rulebook
from hukou.rulebook.loader import load_rule_file

from . import laws
from .conftest import ROOT
from .strategies import RULEBOOK, complete_profiles, profiles

Data = dict[str, Any]


# Law 1: more months of residence, social insurance, employment or study, a larger home, a
# higher education or one more recognised group never turn an eligible channel ineligible.
@given(profiles(), st.sampled_from(laws.MONOTONE_CHANGES), st.integers(1, 40), st.integers(0, 100))
def test_more_never_costs_a_channel(data: Data, change: str, extra: int, choice: int) -> None:
    laws.law_monotone(RULEBOOK, data, change, extra, choice)


KAILI = GAZETTEER.resolve("凯里")
KAILI_EXEMPT = ["relocation", "military_transfer", "talent", "heroic_act"]


# Law 2: exceptions only widen: Kaili's exempt groups (relocation, transferred soldiers, talent,
# heroic acts) are never refused a home-purchase settlement for the 20 m² per person limit alone.
@given(profiles(near="凯里"), st.sampled_from(KAILI_EXEMPT))
def test_kaili_exempt_groups_are_not_refused_for_area_alone(data: Data, group: str) -> None:
    # The exempt group's roster or certificate is Kaili's own.
    data = {**data, "groups": [*(data["groups"] or []), {"group": group, "place": "凯里"}]}
    laws.law_exception_lifts_a_condition(RULEBOOK, data, KAILI, "k4_home_purchase")


# Law 3 (land rights never change a verdict) is in tests/test_properties.py.


# Law 4a: the verdict is the one the explanation shows: an eligible channel has every condition
# it requires met; an ineligible one has a failed condition; an undetermined one names what is
# missing (an unknown fact or a regulation we do not have); the city's verdict follows.
@given(profiles())
def test_explanations_are_consistent(data: Data) -> None:
    laws.law_explanations_consistent(RULEBOOK, data)


# Law 4b: filling every unknown fact resolves a channel into eligible or ineligible, unless the
# document leaves its threshold to a regulation we do not have (then it names that regulation).
@given(complete_profiles())
def test_every_fact_given_decides_every_channel(data: Data) -> None:
    laws.law_complete_profiles_decide(RULEBOOK, data)


# Law 5: everyone who may follow is in the profile's family, and the admitting channel lists
# their relation.
@given(profiles())
def test_followers_belong_to_the_family_and_the_channel(data: Data) -> None:
    laws.law_followers_belong(RULEBOOK, data)


# Law 6a: a channel outside its document's window (or its own) is not judged and never admits.
@given(profiles(), st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_channels_outside_their_window_never_admit(data: Data, day: dt.date) -> None:
    laws.law_windows_hold(RULEBOOK, data, day)


# Law 6b: the day before a document takes effect and the day it does differ only in that
# document's channels.
@given(profiles(), st.integers(0, 100))
def test_a_document_taking_effect_changes_only_its_channels(data: Data, start: int) -> None:
    laws.law_a_document_changes_only_its_channels(RULEBOOK, data, start)


# Law 7: the verdict, the admitting channels and who may follow depend neither on the order of
# rule files or channels nor on the order of any list in the profile.
@given(profiles(), st.integers(0, 2**32))
def test_order_does_not_matter(data: Data, seed: int) -> None:
    laws.law_order_does_not_matter(RULEBOOK, data, seed)


# Law 8 (the two engines agree) is in tests/test_durable_engine.py.


# --- The laws catch broken rules ---------------------------------------------------------------

BROKEN = ROOT / "tests" / "law-breakers"


def with_kaili_from(path: Path) -> Rulebook:
    """The project's rulebook with Kaili's rule file replaced by ``path``."""
    broken = load_rule_file(path, ROOT)
    return Rulebook([f for f in RULEBOOK if f.place != broken.place] + [broken], ROOT)


def test_monotonicity_catches_a_threshold_turned_upside_down() -> None:
    rulebook = with_kaili_from(BROKEN / "kaili-residence-at-most.yaml")

    # The search looks where the break is: people from outside Guizhou living and insured in Kaili.
    kaili_residents = st.fixed_dictionaries(
        {
            "hukou": st.just({"province": "湖南", "city": "邵阳"}),
            "residence": st.lists(st.fixed_dictionaries({"city": st.just("凯里"), "months": st.integers(0, 40)})),
            "social_insurance": st.lists(
                st.fixed_dictionaries({"city": st.just("凯里"), "months": st.integers(0, 40)}), max_size=1
            ),
        }
    )

    @settings(max_examples=300, database=None)
    @given(kaili_residents, st.integers(1, 40))
    def longer_residence(data: Data, extra: int) -> None:
        laws.law_monotone(rulebook, data, "residence", extra, 0, {"凯里": KAILI})

    with pytest.raises(AssertionError, match="k3_residence_insurance lost by more residence"):
        longer_residence()


def test_the_exception_law_catches_a_narrowed_exception() -> None:
    rulebook = with_kaili_from(BROKEN / "kaili-exception-narrowed.yaml")

    # The search looks where the break is: talents from outside Guizhou with a home in Kaili.
    talents_with_a_home = st.fixed_dictionaries(
        {
            "hukou": st.just({"province": "湖南", "city": "邵阳"}),
            "groups": st.just(["talent"]),
            "housing": st.lists(
                st.fixed_dictionaries(
                    {
                        "city": st.just("凯里"),
                        "tenure": st.sampled_from(["owned", "rented"]),
                        "since": st.dates(dt.date(2017, 1, 1), dt.date(2024, 1, 1)),
                        "area_sqm": st.integers(10, 200),
                    }
                ),
                max_size=2,
            ),
            "family": st.lists(st.fixed_dictionaries({"relation": st.just("spouse")}), max_size=1),
        }
    )

    @settings(max_examples=300, database=None)
    @given(talents_with_a_home)
    def talent_with_a_small_flat(data: Data) -> None:
        laws.law_exception_lifts_a_condition(rulebook, data, KAILI, "k4_home_purchase")

    with pytest.raises(AssertionError, match="refused for the area of the home alone"):
        talent_with_a_small_flat()
