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
from hukou.model.places import Place
from hukou.rulebook.loader import load_rule_file

from . import laws, reach
from .conftest import ROOT
from .strategies import PLACES, PRECISE, RULEBOOK, Aim, aims, complete_profiles, witnesses

Data = dict[str, Any]

# Each law is checked on people aimed at one place and day (a rule file's jurisdiction, an area of
# it, a split district, a neighbour; a day each channel is in force) and at the thresholds the
# channels there state (tests/strategies.py aims()); tests/test_reach.py checks that on a fixed
# set of such people every law sees every decidable channel decided.


# Law 1: more months of residence, social insurance, employment or study, a larger home, a
# higher education or one more recognised group never turn a channel ineligible that was not;
# fewer months, a smaller home, less education or one group fewer never turn a channel eligible
# that was not (justified exceptions: laws.MONOTONE_EXCEPTIONS).
@given(aims(), st.sampled_from(laws.MONOTONE_CHANGES), st.integers(1, 40), st.integers(0, 100))
def test_more_never_costs_a_channel(aim: Aim, change: str, extra: int, choice: int) -> None:
    laws.law_monotone(RULEBOOK, aim.data, change, extra, choice, aim.places, aim.day)


def test_the_exceptions_to_law_1_are_the_comparisons_that_do_not_raise() -> None:
    """A comparison asking for at most so many months, or for levels short of the highest, is
    an exception named with its reason; a named exception the rules no longer need is dropped."""
    assert set(laws.not_raising(RULEBOOK)) == set(laws.MONOTONE_EXCEPTIONS)


KAILI = GAZETTEER.resolve("凯里")


# Law 2: a waiver lifts the conditions it waives: for a person a channel's waiver covers (Kaili's
# key groups and the 20 m² a person; Chongqing's retired parents and the age of 60 or 55), the
# channel's verdict does not move when the facts only those conditions read move either side of
# their thresholds. Every waiver of every channel of every rule file.
@given(aims())
def test_waivers_lift_the_conditions_they_waive(aim: Aim) -> None:
    laws.law_waivers_lift_their_conditions(RULEBOOK, aim.data, aim.name, aim.place, aim.day)


# Law 3 (land rights never change a verdict) is in tests/test_properties.py.


# Law 4a: the verdict is the one the explanation shows: an eligible channel has every condition
# it requires met; an ineligible one has a failed condition; an undetermined one names what is
# missing (an unknown fact or a regulation we do not have); the city's verdict follows.
@given(aims())
def test_explanations_are_consistent(aim: Aim) -> None:
    laws.law_explanations_consistent(RULEBOOK, aim.data, aim.places, aim.day)


# Law 4b: filling every unknown fact resolves a channel into eligible or ineligible, unless the
# document leaves its threshold to a regulation we do not have (then it names that regulation).
# Asked of a place that says where it is (a province as a whole may or may not be in an area).
@given(complete_profiles(), st.sampled_from([(name, PLACES[name]) for name in PRECISE]))
def test_every_fact_given_decides_every_channel(data: Data, spot: tuple[str, Place]) -> None:
    laws.law_complete_profiles_decide(RULEBOOK, data, dict([spot]))


# Law 5: everyone who may follow is in the profile's family, and the admitting channel lists
# their relation.
@given(aims())
def test_followers_belong_to_the_family_and_the_channel(aim: Aim) -> None:
    laws.law_followers_belong(RULEBOOK, aim.data, aim.places, aim.day)


# Law 6a: a channel outside its document's window (or its own) is not judged and never admits.
@given(aims(), st.dates(min_value=dt.date(2013, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_channels_outside_their_window_never_admit(aim: Aim, day: dt.date) -> None:
    laws.law_windows_hold(RULEBOOK, aim.data, day, aim.places)


# Law 6b: the day before a document takes effect and the day it does differ only in that
# document's channels.
@given(aims(), st.integers(0, 100))
def test_a_document_taking_effect_changes_only_its_channels(aim: Aim, start: int) -> None:
    laws.law_a_document_changes_only_its_channels(RULEBOOK, aim.data, start, aim.places)


# Law 7: the verdict, the admitting channels and who may follow depend neither on the order of
# rule files or channels nor on the order of any list in the profile.
@given(aims(), st.integers(0, 2**32))
def test_order_does_not_matter(aim: Aim, seed: int) -> None:
    laws.law_order_does_not_matter(RULEBOOK, aim.data, seed, aim.places, aim.day)


# Law 8 (the two engines agree) is in tests/test_engines_agree.py.


# Law 9: forgetting one fact of the profile (one field: an education level, a home's area, a
# credential's place of issue, a member's age) never turns eligible into ineligible or back, nor
# decides an open answer, for a channel or a city: an absent fact is unknown, never false.
@given(aims(), st.integers(0, 10_000))
def test_forgetting_one_field_never_flips_a_verdict(aim: Aim, pick: int) -> None:
    laws.law_forgetting_a_field_never_flips(RULEBOOK, aim.data, pick, aim.places, aim.day)


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

    @settings(max_examples=300, database=None, report_multiple_bugs=False)
    @given(kaili_residents, st.integers(1, 40))
    def longer_residence(data: Data, extra: int) -> None:
        laws.law_monotone(rulebook, data, "residence", extra, 0, {"凯里": KAILI})

    with reach.recording(alone=True), pytest.raises(AssertionError, match="k3_residence_insurance lost by more"):
        longer_residence()


def test_the_witnesses_alone_catch_a_threshold_turned_upside_down() -> None:
    """No search aimed by hand: the witnesses built from the broken rule file (its own threshold,
    either side) and law 1 find the break."""
    rulebook = with_kaili_from(BROKEN / "kaili-residence-at-most.yaml")
    kaili = [aim for aim in witnesses(rulebook) if aim.channel == "凯里市/k3_residence_insurance" and aim.grows]
    with reach.recording(alone=True), pytest.raises(AssertionError, match="k3_residence_insurance lost by more"):
        for i, aim in enumerate(kaili):
            for extra in (1, 12):
                laws.law_monotone(rulebook, aim.data, aim.grows, extra, i, aim.places, aim.day)


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

    @settings(max_examples=300, database=None, report_multiple_bugs=False)
    @given(talents_with_a_home)
    def talent_with_a_small_flat(data: Data) -> None:
        laws.law_exception_lifts_a_condition(rulebook, data, KAILI, "k4_home_purchase")

    with pytest.raises(AssertionError, match="refused for the area of the home alone"):
        talent_with_a_small_flat()
