"""How the explaining engine reads each kind of condition, as a report shows it: `not` (which no rule
file uses yet, so a channel is made for it here), the item a `some` was judged on, and a waiver."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import pytest

from hukou import Rulebook
from hukou.judging.verdict import ChannelReport
from hukou.rulebook.schema import RuleFile

from .conftest import judge_yaml
from .mutants.rule_mutants import file_data

AS_OF = dt.date(2024, 9, 1)


def _kaili_with(rulebook: Rulebook, conditions: dict[str, Any]) -> Rulebook:
    """The rulebook with Kaili's K5 channel made to read ``conditions``."""
    loaded = next(f for f in rulebook if f.path.name == "kaili.yaml")
    data = file_data(loaded)
    data["channels"] = [dict(c, conditions=conditions) if c["id"] == "k5_in_province" else c for c in data["channels"]]
    rules = RuleFile.model_validate(data)
    return Rulebook([replace(loaded, rules=rules) if f is loaded else f for f in rulebook], rulebook.root)


def _k(rulebook: Rulebook, profile: str, channel: str) -> ChannelReport:
    report = judge_yaml(rulebook, profile, "凯里", AS_OF)
    return next(c for c in report.channels if c.id == channel)


NOT_GUIZHOU = {
    "id": "not_guizhou",
    "not": {"id": "in_province", "fact": "hukou.in_province", "op": "==", "value": True},
}


# Law: `not` turns met into not met and back, and leaves unknown unknown (Kleene's not).
@pytest.mark.parametrize(
    ("hukou", "verdict"),
    [("{province: 湖南}", "eligible"), ("{province: 贵州, city: 遵义}", "ineligible"), ("null", "undetermined")],
)
def test_not_reverses_a_decided_condition_and_keeps_an_open_one(rulebook: Rulebook, hukou: str, verdict: str) -> None:
    channel = _k(_kaili_with(rulebook, NOT_GUIZHOU), f"hukou: {hukou}", "k5_in_province")
    assert channel.verdict == verdict
    [condition] = channel.conditions
    assert (condition.id, condition.within) == ("in_province", ["not_guizhou"])


# A `not` the rule file gives no id is reported as "not" in what a condition stands within.
def test_an_unnamed_not_is_reported_as_not(rulebook: Rulebook) -> None:
    unnamed = {"not": NOT_GUIZHOU["not"]}
    [condition] = _k(_kaili_with(rulebook, unnamed), "hukou: {province: 湖南}", "k5_in_province").conditions
    assert condition.within == ["not"]


# A `not` that fails names what must not hold: its own label, or, with none, the condition under it
# (it read "must not: not", 不得: 不满足).
@pytest.mark.parametrize(
    ("label", "en", "zh"),
    [
        (None, "must not: hukou in this province", "不得: 户籍在本省"),
        ("贵州户籍|a Guizhou hukou", "must not: a Guizhou hukou", "不得: 贵州户籍"),
    ],
)
def test_a_not_that_fails_says_what_must_not_hold(rulebook: Rulebook, label: str | None, en: str, zh: str) -> None:
    condition = (
        dict(NOT_GUIZHOU, label=dict(zip(("zh", "en"), label.split("|"), strict=True))) if label else NOT_GUIZHOU
    )
    channel = _k(_kaili_with(rulebook, condition), "hukou: {province: 贵州, city: 遵义}", "k5_in_province")
    assert [(g.kind, g.text.en, g.text.zh) for g in channel.gaps] == [("change", en, zh)]


def test_a_some_reports_the_item_that_meets_it(rulebook: Rulebook) -> None:
    # Three homes bought in Kaili: area unknown, 100 m², 10 m². The 100 m² one admits, and is the one shown.
    homes = (
        "[{city: 凯里, tenure: owned, since: 2020-01-01},"
        " {city: 凯里, tenure: owned, area_sqm: 100, since: 2021-01-01},"
        " {city: 凯里, tenure: owned, area_sqm: 10, since: 2022-01-01}]"
    )
    channel = _k(rulebook, f"hukou: {{province: 湖南}}\ngroups: []\nhousing: {homes}\nfamily: []", "k4_home_purchase")
    assert channel.verdict == "eligible"
    items = {c.id: c.item.en for c in channel.conditions if c.item is not None}
    assert items == dict.fromkeys(
        ["home.owned", "home.bought_2019_or_later", "home.area_per_person"], "凯里 owned 100㎡ since 2021-01-01"
    )


def test_a_some_with_an_open_item_and_a_failing_one_reports_the_open_one(rulebook: Rulebook) -> None:
    homes = (
        "[{city: 凯里, tenure: owned, area_sqm: 10, since: 2022-01-01}, {city: 凯里, tenure: owned, since: 2020-01-01}]"
    )
    channel = _k(rulebook, f"hukou: {{province: 湖南}}\ngroups: []\nhousing: {homes}\nfamily: []", "k4_home_purchase")
    assert channel.verdict == "undetermined"
    area = next(c for c in channel.conditions if c.id == "home.area_per_person")
    assert (area.verdict, area.item.en if area.item else None) == ("unknown", "凯里 owned since 2020-01-01")


def test_a_waiver_says_which_exception_lifted_the_condition(rulebook: Rulebook) -> None:
    home = "[{city: 凯里, tenure: owned, area_sqm: 10, since: 2021-01-01}]"
    profile = f"hukou: {{province: 湖南}}\ngroups: [{{group: talent, place: 凯里}}]\nhousing: {home}\nfamily: []"
    channel = _k(rulebook, profile, "k4_home_purchase")
    area = next(c for c in channel.conditions if c.id == "home.area_per_person")
    assert (channel.verdict, area.verdict, area.waived_by) == ("eligible", "waived", "key_groups_no_area_limit")


# A `not` inside a `some` reads the item the `some` is judged on: a home that is not rented meets
# "some home, not rented"; a rented one does not; with no homes known, nothing is decided.
@pytest.mark.parametrize(
    ("homes", "verdict"),
    [("[{city: 凯里, tenure: owned, since: 2020-01-01}]", "eligible"),
     ("[{city: 凯里, tenure: rented, since: 2020-01-01}]", "ineligible"),
     ("null", "undetermined")],
)  # fmt: skip
def test_a_not_inside_a_some_reads_the_item(rulebook: Rulebook, homes: str, verdict: str) -> None:
    not_rented = {
        "id": "home",
        "some": "housing",
        "where": {"not": {"id": "rented", "fact": "tenure", "op": "==", "value": "rented"}},
    }
    channel = _k(
        _kaili_with(rulebook, not_rented), f"hukou: {{province: 贵州, city: 遵义}}\nhousing: {homes}", "k5_in_province"
    )
    assert channel.verdict == verdict


# A condition met or failed needs nothing more, even where the fact it reads is only partly known:
# a technical worker who is also a talent with no place on the certificate meets Chongqing's "technical
# worker or returned overseas student", and nothing is asked of the talent's certificate for it.
def test_a_decided_condition_asks_for_nothing(rulebook: Rulebook) -> None:
    profile = "hukou: {province: 四川}\ngroups: [technical_worker, {group: talent}]"
    report = judge_yaml(rulebook, profile, "重庆市渝中区", AS_OF)
    conditions = {c.id: c for channel in report.channels for c in channel.conditions}
    assert (conditions["key_group"].verdict, conditions["key_group"].missing) == ("met", None)


# A list counted in the zone of a place whose zone is unknown (大渡口区 lies in two of Chongqing's
# zones) is open, and asks which district, not for the list: the jobs are given.
def test_a_list_counted_in_an_unknown_zone_asks_where(rulebook: Rulebook) -> None:
    profile = "hukou: {province: 四川}\nemployment: [{city: 重庆市大渡口区, kind: investor, since: 2020-01-01}]"
    report = judge_yaml(rulebook, profile, "重庆市大渡口区", AS_OF)
    channel = next(c for c in report.channels if c.id == "cq135_core_zone")
    business = next(c for c in channel.conditions if c.id == "business_2_years")
    assert business.verdict == "unknown"
    assert business.missing is not None and business.missing.en.startswith("the district to settle in")


# A list known to hold nothing fails, and says so ("none", where an unknown list has no value), and
# the way to meet it is to have such an item.
def test_an_empty_list_fails_and_says_none(rulebook: Rulebook) -> None:
    channel = _k(rulebook, "hukou: {province: 湖南}\nhousing: []\ngroups: []\nfamily: []", "k4_home_purchase")
    home = next(c for c in channel.conditions if c.id == "home")
    assert (home.verdict, home.actual, home.missing) == ("not_met", "none", None)
    assert [(g.kind, g.text.en) for g in channel.gaps] == [("change", "needs a home bought in Kaili")]
