"""Reasoning over what is unknown (hukou.judging.possible): a channel open fact by fact is decided where
every value the unknown may take gives the same answer, and never otherwise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge
from hukou.front.cli import app

from .strategies import AS_OF, RULEBOOK, profiles

Data = dict[str, Any]
CHONGQING = {name: GAZETTEER.resolve(name) for name in ("大渡口区", "渝北区", "万州区", "重庆")}
CASES = Path(__file__).resolve().parent / "cases"
# Each law judges a profile in several places several times: a quarter of the profile's examples.
EXAMPLES = settings.default.max_examples // 4


def channel_verdicts(data: Data, places: dict[str, Any]) -> dict[tuple[str, str], str]:
    profile = Profile.model_validate(data)
    return {
        (name, c.id): c.verdict
        for name, place in places.items()
        for c in judge(profile, RULEBOOK, place, AS_OF).channels
    }


def without_zones(data: Data) -> Data:
    """The profile with every zone it gives forgotten."""
    out = dict(data)
    if out.get("hukou"):
        out["hukou"] = {k: v for k, v in out["hukou"].items() if k != "zone"}
    for section in ("residence", "housing", "employment", "social_insurance", "study"):
        if out.get(section):
            out[section] = [{k: v for k, v in entry.items() if k != "zone"} for entry in out[section]]
    return out


def never_contradicts(full: dict[tuple[str, str], str], forgetful: dict[tuple[str, str], str]) -> None:
    for key, verdict in forgetful.items():
        if verdict != "undetermined":
            assert full[key] == verdict, key


# Law: a channel decided while the applicant's sex is unknown has that verdict for a man and for a
# woman alike (the worlds decide only what every world agrees on).
@settings(max_examples=EXAMPLES, deadline=None)
@given(profiles(near="渝北区"))
def test_a_verdict_reached_without_the_sex_holds_for_either_sex(data: Data) -> None:
    unknown = channel_verdicts({**data, "sex": None}, CHONGQING)
    for sex in ("male", "female"):
        never_contradicts(channel_verdicts({**data, "sex": sex}, CHONGQING), unknown)


# Law: forgetting the zones a profile gives (of the hukou, of homes and jobs in districts split
# between zones) never flips a decided channel: what is decided without them holds with them.
@settings(max_examples=EXAMPLES, deadline=None)
@given(profiles(near="大渡口区"))
def test_forgetting_a_zone_never_flips_a_channel(data: Data) -> None:
    never_contradicts(channel_verdicts(data, CHONGQING), channel_verdicts(without_zones(data), CHONGQING))


# Law: forgetting whether each relative lives with the applicant (so whether they may follow, and
# how many share the floor area) never flips a decided channel.
@settings(max_examples=EXAMPLES, deadline=None)
@given(profiles(near="凯里"))
def test_forgetting_who_moves_in_never_flips_a_channel(data: Data) -> None:
    places = {"凯里": GAZETTEER.resolve("凯里")}
    family = [{k: v for k, v in m.items() if k != "lives_with_applicant"} for m in data["family"] or []]
    forgetful = {**data, "family": family if data["family"] is not None else None}
    never_contradicts(channel_verdicts(data, places), channel_verdicts(forgetful, places))


def test_the_explanation_says_how_an_unknown_was_reasoned_over() -> None:
    profile = Profile.model_validate(
        {"age": 70, "relatives": [{"relation": "child", "city": "重庆渝北区", "urban": True}]}
    )
    report = judge(profile, RULEBOOK, CHONGQING["渝北区"], AS_OF)
    elderly = next(c for c in report.channels if c.id == "cq135_elderly_parent_joining")
    assert elderly.verdict == "eligible"
    assert elderly.reasoning is not None and "whichever the applicant's sex" in elderly.reasoning.en
    assert elderly.missing == []


def test_a_parent_of_seventy_follows_whichever_the_sex() -> None:
    data = {
        "hukou": {"province": "四川", "city": "成都"},
        "employment": [{"city": "重庆渝中区", "since": "2015-01-01"}],
        "social_insurance": [{"city": "重庆渝中区", "since": "2015-01-01"}],
        "family": [{"relation": "parent", "age": 70, "lives_with_applicant": True}],
    }
    report = judge(Profile.model_validate(data), RULEBOOK, GAZETTEER.resolve("渝中区"), AS_OF)
    assert report.verdict == "eligible"
    (parent,) = report.followers
    assert parent.may_follow is True and "whichever the sex" in parent.reason.en


def test_a_home_too_small_even_alone_fails_whatever_the_family() -> None:
    result = CliRunner().invoke(
        app,
        ["check", str(CASES.parent / "possible" / "kaili-15sqm.yaml"), "--city", "凯里", "--as-of", "2024-09-01"],
        env={"COLUMNS": "200"},
    )
    assert result.exit_code == 0, result.output
    assert "即使只有申请人一人迁入，亦不满足" in result.output
    assert "15㎡ < 20㎡" in result.output


def test_a_failed_comparison_awaiting_an_exception_never_reads_as_met() -> None:
    profile = {"age": 29, "hukou": {"province": "四川"}, "relatives": [{"relation": "child", "city": "重庆渝北区"}]}
    path = Path(__file__).resolve().parent / "possible" / "young-parent.yaml"
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == profile
    args = ["check", str(path), "--city", "渝北区", "--as-of", "2024-09-01", "--lang", "en"]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "200"})
    assert "aged 60 or more 29 years old < 60 years old (unless an exception applies)" in result.output


@pytest.mark.parametrize("sex", ["male", "female"])
def test_worlds_fill_only_what_is_unknown(sex: str) -> None:
    """A sex given is never second-guessed: a man of 57 is not elderly."""
    data = {
        "age": 57,
        "sex": sex,
        "retired": False,
        "relatives": [{"relation": "child", "city": "重庆渝北区", "urban": True}],
    }
    verdicts = channel_verdicts(data, {"渝北区": CHONGQING["渝北区"]})
    assert verdicts[("渝北区", "cq135_elderly_parent_joining")] == ("eligible" if sex == "female" else "ineligible")


def test_a_household_of_any_size_is_never_stood_for_by_a_few_sizes() -> None:
    """Where the family is unknown (any number may move in) and the channel is not monotone in the
    area per person, no finite set of household sizes stands for all: the channel stays open."""
    from hukou.judging import possible
    from hukou.model.situation import Situation
    from hukou.rulebook.schema import Channel

    channel = Channel.model_validate(
        {
            "id": "small_homes",
            "title": {"zh": "小", "en": "small"},
            "document": "d",
            "quote": "q",
            "conditions": {
                "id": "home",
                "some": "housing",
                "where": {"not": {"id": "roomy", "fact": "area_per_person", "op": ">=", "value": 20, "unit": "sqm"}},
            },
            "registration": [{"type": "not_stated"}],
        }
    )
    profile = Profile.model_validate({"housing": [{"city": "凯里", "tenure": "owned", "area_sqm": 50, "months": 12}]})
    kaili = GAZETTEER.resolve("凯里")
    situation = Situation.of(profile, AS_OF, kaili, kaili, GAZETTEER)
    assert not possible.monotone_in_household(channel)
    assert possible.worlds(channel, situation, lambda world: (1, 10**6)) is None
