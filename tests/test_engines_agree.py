"""Law 8: the explaining engine and the durable-rules engine (hukou.backends.durable_engine) agree."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hukou import Profile, judge

from . import reach
from .strategies import RULEBOOK, Aim, aims

pytest.importorskip("durable.lang", reason="durable-rules is an optional extra: pip install 'hukou-rules[durable]'")

from hukou.backends.durable_engine import judge_rete


def agree(aim: Aim, as_of: dt.date) -> None:
    profile = Profile.model_validate(aim.data)
    for city, place in aim.places.items():
        explained = judge(profile, RULEBOOK, place, as_of)
        reach.saw("engines_agree", RULEBOOK, place, explained)
        rete = judge_rete(profile, RULEBOOK, place, as_of)
        assert rete.verdict == explained.verdict, city
        assert rete.admitted_by == explained.admitted_by, city
        assert rete.channels == {c.id: c.verdict for c in explained.channels}, city
        assert rete.not_in_force == explained.not_in_force, city


# Law 8: for any profile, on any day, in every jurisdiction, the Rete network compiled from the
# rule files gives the same verdict, the same admitting channels and the same verdict for every
# channel as the explaining engine. (Judged on the aim's own day, when the channels there are in
# force, or on any day.)
@given(aims(), st.none() | st.dates(min_value=dt.date(2014, 1, 1), max_value=dt.date(2029, 12, 31)))
def test_the_two_engines_agree(aim: Aim, day: dt.date | None) -> None:
    agree(aim, aim.day if day is None else day)
