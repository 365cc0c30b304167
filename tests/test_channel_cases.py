"""Every channel, case by case, from the documents' own words (tests/cases/*.yaml, each case bound
to the rule file whose channel it judges: tests/case_files.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from hukou import Rulebook, load_rulebook

from .case_files import cases, untested_files
from .conftest import ROOT, judge_yaml
from .jurisdictions import channel_key, decidable, keys


def _cases() -> list[Any]:
    return [pytest.param(c.city, c.as_of, c.spec, id=c.id) for c in cases(load_rulebook(ROOT), ROOT)]


@pytest.mark.parametrize(("city", "as_of", "case"), _cases())
def test_channel_verdict(rulebook: Rulebook, city: str, as_of: dt.date, case: dict[str, Any]) -> None:
    report = judge_yaml(rulebook, yaml.safe_dump(case["profile"], allow_unicode=True), city, as_of)
    channel = next(c for c in report.channels if c.id == case["channel"])
    assert channel.verdict == case["verdict"], [(c.id, c.verdict, c.actual) for c in channel.conditions]
    # Where a case states who may follow under the channel: one entry per family member, in the
    # profile's order (true, false, or null where the text or the profile leaves it open).
    if "followers" in case:
        assert [f.may_follow for f in channel.followers] == case["followers"], [
            (f.relation, f.reason.en) for f in channel.followers
        ]
    # Where a case states where the hukou would be registered: the options listed, in order (the
    # first whose condition holds, after any whose condition is open).
    if "registration" in case:
        assert [r.type for r in channel.registration] == case["registration"], channel.registration
    if case.get("prerequisites") == "met":  # a points channel's conditions are its prerequisites
        assert all(c.verdict in {"met", "waived"} for c in channel.conditions if not c.within), channel.conditions
    if "status" in case or "score" in case or "indicators" in case:
        points = channel.points
        assert points is not None, f"{channel.id} is not a points channel"
        assert points.status == case.get("status", points.status), points.status_text
        assert [points.low, points.high] == case.get("score", [points.low, points.high])
        earned = {i.id: i.points for i in points.indicators} | {
            p.id: p.points for i in points.indicators for p in i.parts
        }
        for indicator, expected in case.get("indicators", {}).items():
            assert earned[indicator] == expected, (indicator, earned[indicator], expected)


def test_every_rule_file_has_a_case_file(rulebook: Rulebook) -> None:
    """A new city is a rule file, its document and its case file: a rule file no case judges
    is named here."""
    assert untested_files(rulebook, cases(rulebook, ROOT)) == []


def test_every_case_judges_a_channel_of_the_place_it_names(rulebook: Rulebook) -> None:
    assert [c.id for c in cases(rulebook, ROOT) if c.rules is None] == []


def test_every_channel_has_a_case_that_admits_someone(rulebook: Rulebook) -> None:
    found = cases(rulebook, ROOT)
    admitted = {channel_key(c.rules, c.channel) for c in found if c.rules and c.verdict == "eligible"}
    # A points channel admits no one by itself (a quota and a ranking decide): it needs a case
    # meeting every prerequisite instead.
    admitted |= {channel_key(c.rules, c.channel) for c in found if c.rules and c.spec.get("prerequisites") == "met"}
    assert keys(decidable(rulebook)) - admitted == set()
