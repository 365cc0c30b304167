"""The laws' reach: on a fixed set of people (every channel case, and the first case admitting
under each channel moved to each threshold its comparisons state), every law sees every decidable
channel decided. A law that never sees a channel decided checks nothing about it; this test fails
naming the channels a law misses, so that a new rule file, or a channel no case admits under, is
noticed rather than passed over.

The figure for a whole run (generated profiles included) is printed at the end of pytest's
output; HUKOU_REACH=reach.json python -m pytest writes it as JSON.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from functools import cache

import pytest

from . import laws, reach
from .jurisdictions import decidable, keys
from .strategies import RULEBOOK, SECTIONS, Aim, witnesses

Run = Callable[[Aim, int], None]


def grown(aim: Aim, i: int) -> str:
    """What law 1 makes more or less of: the part a threshold witness was moved in, else in turn."""
    return aim.grows or laws.MONOTONE_CHANGES[i % len(laws.MONOTONE_CHANGES)]


# Each law, run on one witness; the number varies what the law is given besides (which fact grows,
# which field is forgotten, which order, which document's first day).
LAW_RUNS: dict[str, Run] = {
    "monotone": lambda aim, i: laws.law_monotone(RULEBOOK, aim.data, grown(aim, i), 1 + i % 13, i, aim.places, aim.day),
    "waivers": lambda aim, i: laws.law_waivers_lift_their_conditions(RULEBOOK, aim.data, aim.name, aim.place, aim.day),
    "explanations": lambda aim, i: laws.law_explanations_consistent(RULEBOOK, aim.data, aim.places, aim.day),
    "followers": lambda aim, i: laws.law_followers_belong(RULEBOOK, aim.data, aim.places, aim.day),
    "windows": lambda aim, i: laws.law_windows_hold(RULEBOOK, aim.data, aim.day, aim.places),
    "order": lambda aim, i: laws.law_order_does_not_matter(RULEBOOK, aim.data, i, aim.places, aim.day),
    "forgetting": lambda aim, i: laws.law_forgetting_a_field_never_flips(RULEBOOK, aim.data, i, aim.places, aim.day),
    "forgetting_a_section": lambda aim, i: laws.law_forgetting_a_section_never_flips(
        RULEBOOK, aim.data, SECTIONS[i % len(SECTIONS)], aim.places, aim.day
    ),
    "land_rights": lambda aim, i: laws.law_land_rights_change_nothing(RULEBOOK, aim.data, i, aim.places, aim.day),
    "followers_admitted": lambda aim, i: laws.law_followers_only_follow_an_admitted_applicant(
        RULEBOOK, aim.data, aim.places, aim.day
    ),
}
if importlib.util.find_spec("durable") is not None:  # law 8 needs the durable extra
    from .test_engines_agree import agree

    LAW_RUNS["engines_agree"] = lambda aim, i: agree(aim, aim.day)
# The document law is checked on the day a document begins, not on the witness's own day: its
# reach is the documents', in the session's figure.

WITNESSES = witnesses()


def must_reach(law: str) -> set[str]:
    """The channels a law must see decided: every decidable one; for the waiver law, those
    with a waiver."""
    pairs = decidable(RULEBOOK)
    if law == "waivers":
        pairs = [(loaded, c) for loaded, c in pairs if c.exceptions]
    return keys(pairs)


@cache
def reached(law: str) -> reach.Reach:
    """What the law saw on the witnesses. Law 1 is run on every witness (it is the law about
    thresholds); the waiver law on the witnesses of the channels with a waiver; the others pass
    over a witness aimed at a channel they have already seen both eligible and ineligible."""
    run = LAW_RUNS[law]
    with reach.recording() as seen:
        for i, aim in enumerate(WITNESSES):
            if law == "waivers" and aim.channel not in must_reach(law):
                continue
            done = seen.seen[law].get(aim.channel, set()) >= set(reach.DECIDED)
            if done and law not in {"monotone", "waivers"}:
                continue
            try:
                run(aim, i)
            except AssertionError as exc:
                raise AssertionError(f"{law} broken on {aim.label}: {exc}") from exc
    return seen


@pytest.mark.parametrize("law", sorted(LAW_RUNS))
def test_every_law_decides_every_decidable_channel(law: str) -> None:
    seen = reached(law)
    missed = must_reach(law) - seen.decided(law)
    assert not missed, f"law {law} never saw these channels decided: {sorted(missed)}"


@pytest.mark.parametrize("law", ["monotone", "forgetting", "explanations"])
def test_the_threshold_laws_see_every_channel_admit_and_refuse(law: str) -> None:
    """A points channel admits no one by itself (a quota and a ranking decide): it is seen refusing."""
    seen = reached(law)
    points = keys((loaded, c) for loaded, c in decidable(RULEBOOK) if c.points is not None)
    never_admitting = must_reach(law) - points - seen.with_verdict(law, "eligible")
    never_refusing = must_reach(law) - seen.with_verdict(law, "ineligible")
    assert not never_admitting, f"law {law} never saw these channels admit: {sorted(never_admitting)}"
    assert not never_refusing, f"law {law} never saw these channels refuse: {sorted(never_refusing)}"
