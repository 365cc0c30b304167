"""Every channel, case by case, from the documents' own words (tests/cases/*.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from hukou import Rulebook

from .conftest import judge_yaml

CASES = Path(__file__).resolve().parent / "cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES.glob("*.yaml")):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            city, as_of = case.get("city", suite["city"]), case.get("as_of", suite["as_of"])
            params.append(pytest.param(city, as_of, case, id=f"{path.stem}: {case['name']}"))
    return params


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


def test_every_channel_has_a_case_that_admits_someone(rulebook: Rulebook) -> None:
    admitted = set()
    for path in CASES.glob("*.yaml"):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        admitted |= {c["channel"] for c in suite["cases"] if c["verdict"] == "eligible"}
        # A points channel admits no one by itself (a quota and a ranking decide): it needs a case
        # meeting every prerequisite instead.
        admitted |= {c["channel"] for c in suite["cases"] if c.get("prerequisites") == "met"}
    encoded = {channel.id for loaded in rulebook for channel in loaded.rules.channels if channel.deferred_to is None}
    assert encoded - admitted == set()
