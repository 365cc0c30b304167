"""Points-based settlement (hukou.judging.points): the laws of a score, the answer's meaning, the permit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hukou import Profile, Rulebook, judge, load_rulebook
from hukou.judging.residence_permit import permit, quotes
from hukou.judging.verdict import ChannelReport
from hukou.model.places import GAZETTEER, Place
from hukou.rulebook.quotes import Quote, stands_in
from hukou.rulebook.schema import indicators

from .conftest import ROOT
from .jurisdictions import day_in, spots, window_of

BEIJING = GAZETTEER.resolve("北京")
GUANGZHOU = GAZETTEER.resolve("广州天河区")
IN_2018 = dt.date(2018, 3, 1)
IN_2015 = dt.date(2015, 9, 1)


def _points_schemes() -> list[tuple[str, Place, dt.date]]:
    """Where and when each points scheme of the rulebook is judged: in the first district of the
    area it names (or its jurisdiction), on a day it is in force; found from the rule files."""
    out = []
    for loaded in load_rulebook(ROOT):
        for channel in loaded.rules.channels:
            if channel.points is None:
                continue
            place = next((a.members[0] for a in loaded.areas if a.members), loaded.place)
            day = day_in(window_of(loaded, channel), dt.date(2024, 9, 1))
            if (where := (GAZETTEER.full_name(place), place, day)) not in out:
                out.append(where)
    return out


POINTS_SCHEMES = _points_schemes()


@st.composite
def applicants(draw: st.DrawFn) -> dict[str, Any]:
    """A migrant where a points scheme is in force, with any mix of known and unknown points facts."""
    city = draw(st.sampled_from([name for name, _, _ in POINTS_SCHEMES]))
    since = dt.date(2005, 1, 1) + dt.timedelta(days=draw(st.integers(0, 3600)))
    record: dict[str, Any] = {}
    for name, values in {
        "criminal": st.booleans(),
        "offence": st.booleans(),
        "family_planning": st.booleans(),
        "detentions": st.integers(0, 3),
        "tax_violations": st.integers(0, 3),
        "honours": st.lists(st.sampled_from(["labour_model", "moral_model", "heroic_model"]), unique=True),
        "skill": st.sampled_from(["intermediate_worker", "senior_worker"]),
        "listed_occupation": st.booleans(),
        "blood_donation_years": st.integers(0, 7),
        "volunteer_years": st.integers(0, 7),
    }.items():
        if draw(st.booleans()):
            record[name] = draw(values)
    data: dict[str, Any] = {
        "age": draw(st.integers(18, 60)),
        "retired": False,
        "hukou": {"province": "湖南"},
        "education": {
            "level": draw(st.sampled_from(["junior_secondary", "senior_secondary", "associate", "bachelor", "master"])),
            "professional_title": draw(st.sampled_from(["none", "junior", "intermediate"])),
        },
        "residence": [{"city": city, "since": since, "permit": draw(st.booleans())}],
        "housing": [{"city": city, "tenure": draw(st.sampled_from(["owned", "rented"])), "since": since}],
        "employment": [{"city": city, "since": since}],
        "social_insurance": [{"city": city, "since": draw(st.sampled_from([since, dt.date(2012, 1, 1)]))}],
        "record": record,
    }
    return data


def points_channels(rulebook: Rulebook, data: dict[str, Any]) -> list[ChannelReport]:
    profile = Profile.model_validate(data)
    out = []
    for _, place, day in POINTS_SCHEMES:
        out += [c for c in judge(profile, rulebook, place, day).channels if c.points is not None]
    return out


def _score(channel: ChannelReport) -> tuple[float, float]:
    points = channel.points
    assert points is not None
    return (points.low if points.low is not None else -1e9, points.high if points.high is not None else 1e9)


# Law: more of a points-earning fact (a longer insured run, a higher degree, one more year of
# service, an honour) never lowers the score, neither its surest nor its best value.
@given(applicants(), st.sampled_from(["insurance", "degree", "service", "honour"]))
def test_more_of_a_points_fact_never_lowers_the_score(rulebook: Rulebook, data: dict[str, Any], change: str) -> None:
    more = {**data, "record": dict(data["record"])}
    if change == "insurance":
        start = data["social_insurance"][0]["since"]
        more["social_insurance"] = [{**data["social_insurance"][0], "since": start - dt.timedelta(days=400)}]
    elif change == "degree":
        more["education"] = {**data["education"], "level": "doctorate"}
    elif change == "service":
        more["record"]["blood_donation_years"] = data["record"].get("blood_donation_years", 0) + 1
    else:
        more["record"]["honours"] = ["labour_model"]
    if "blood_donation_years" not in data["record"] and change == "service":
        return  # from unknown to known is not "more"
    if "honours" not in data["record"] and change == "honour":
        return
    for before, after in zip(points_channels(rulebook, data), points_channels(rulebook, more), strict=True):
        assert _score(after)[0] >= _score(before)[0], (before.id, change)
        assert _score(after)[1] >= _score(before)[1], (before.id, change)


# Law: a deduction never raises the score: one more tax violation or detention on record leaves
# both ends of the score where they were or lower.
@given(applicants(), st.sampled_from(["tax_violations", "detentions"]))
def test_a_deduction_never_raises_the_score(rulebook: Rulebook, data: dict[str, Any], field: str) -> None:
    data = {**data, "record": {**data["record"], field: data["record"].get(field, 0)}}
    worse = {**data, "record": {**data["record"], field: data["record"][field] + 1}}
    for before, after in zip(points_channels(rulebook, data), points_channels(rulebook, worse), strict=True):
        assert _score(after)[0] <= _score(before)[0]
        assert _score(after)[1] <= _score(before)[1]


# Law: a capped indicator never earns more than its cap, whatever the facts.
@given(applicants())
def test_a_capped_indicator_never_exceeds_its_cap(rulebook: Rulebook, data: dict[str, Any]) -> None:
    caps = {
        i.id: i.cap
        for loaded in rulebook
        for c in loaded.rules.channels
        if c.points is not None
        for i in indicators(c.points)
        if i.cap is not None
    }
    for channel in points_channels(rulebook, data):
        assert channel.points is not None
        for indicator in channel.points.indicators:
            if indicator.id in caps:
                assert indicator.high is not None and indicator.high <= caps[indicator.id]


# Law: a points channel never says "eligible" where a quota and a ranking decide; it is ineligible
# exactly when a prerequisite fails or the score is surely below a stated line.
@given(applicants())
def test_a_points_channel_promises_no_hukou(rulebook: Rulebook, data: dict[str, Any]) -> None:
    for channel in points_channels(rulebook, data):
        assert channel.points is not None
        assert channel.verdict != "eligible"
        failed = any(c.verdict == "not_met" for c in channel.conditions if not c.within)
        below = channel.points.status == "below_line"
        assert (channel.verdict == "ineligible") == (failed or below), channel.id


def test_beijing_2018_breakdown_quotes_the_text(rulebook: Rulebook) -> None:
    data = {
        "age": 34,
        "retired": False,
        "hukou": {"province": "河北"},
        "education": {"level": "bachelor"},
        "residence": [{"city": "北京朝阳区", "since": "2010-03-01", "permit": True}],
        "housing": [{"city": "北京朝阳区", "tenure": "rented", "since": "2010-03-01"}],
        "social_insurance": [{"city": "北京朝阳区", "since": "2010-05-01"}],
        "record": {"criminal": False, "detentions": 0, "tax_violations": 0, "honours": [], "income_tax": []},
    }
    report = judge(Profile.model_validate(data), rulebook, BEIJING, IN_2018)
    channel = report.channels[0]
    assert channel.points is not None and channel.points.status == "no_line"
    employment = next(i for i in channel.points.indicators if i.id == "employment")
    # 94 months insured: 7 full years (每满1年), 3 points each.
    assert (employment.actual, employment.points) == (94, 21)
    assert "每连续缴纳社会保险满1年积3分" in employment.citation.quote
    gains = {g.indicator: g for g in channel.points.gains}
    # Two months on, the eighth year adds 3 and lets one more rented year (0.5) count.
    assert gains["employment"].points == 3.5 and gains["employment"].on == dt.date(2018, 5, 1)
    assert report.residence_permit is not None and report.residence_permit.holds is True


def test_a_day_outside_every_window_has_no_document_in_force(rulebook: Rulebook) -> None:
    for place, day in (
        (BEIJING, dt.date(2016, 12, 31)),
        (BEIJING, dt.date(2020, 1, 1)),
        (GUANGZHOU, dt.date(2018, 1, 1)),
    ):
        report = judge(Profile(), rulebook, place, day)
        assert report.channels == [] and report.verdict == "undetermined"
        assert any("无有效的落户政策文件" in n.zh for n in report.notes)


def test_guangzhou_below_the_line_says_by_how_much(rulebook: Rulebook) -> None:
    data = {
        "born": "1986-04-12",
        "hukou": {"province": "湖南"},
        "education": {"level": "senior_secondary", "professional_title": "none"},
        "residence": [{"city": "广州市天河区", "since": "2010-06-01", "permit": True}],
        "housing": [{"city": "广州市天河区", "tenure": "rented", "since": "2010-06-01"}],
        "employment": [{"city": "广州市天河区", "since": "2010-07-01"}],
        "social_insurance": [{"city": "广州市天河区", "since": "2010-07-01"}],
        "record": {
            "offence": False,
            "family_planning": True,
            "skill": "intermediate_worker",
            "listed_occupation": False,
            "blood_donation_years": 3,
            "volunteer_years": 0,
            "income_tax": [],
        },
    }
    report = judge(Profile.model_validate(data), rulebook, GUANGZHOU, IN_2015)
    channel = next(c for c in report.channels if c.id == "gz2014_points")
    assert channel.points is not None and channel.points.line == 60 and channel.points.score == 46
    assert channel.verdict == "ineligible"
    assert any("还差 14 分" in g.text.zh for g in channel.gaps)
    assert {g.indicator for g in channel.points.gains} >= {"education", "professional_title"}


def test_the_residence_permit_needs_half_a_year_and_one_of_three(rulebook: Rulebook) -> None:
    kaili = GAZETTEER.resolve("凯里")
    day = dt.date(2024, 9, 1)
    five = Profile.model_validate(
        {
            "hukou": {"province": "湖南"},
            "residence": [{"city": "凯里", "months": 5}],
            "employment": [{"city": "凯里", "months": 5}],
        }
    )
    six = Profile.model_validate(
        {
            "hukou": {"province": "湖南"},
            "residence": [{"city": "凯里", "months": 6}],
            "study": [{"city": "凯里", "months": 6, "level": "higher"}],
        }
    )
    assert permit(five, kaili, day).verdict == "ineligible"  # type: ignore[union-attr]
    assert permit(six, kaili, day).verdict == "eligible"  # type: ignore[union-attr]
    beijing = permit(six, BEIJING, day)
    assert beijing is not None and beijing.verdict == "ineligible"  # lives in Kaili, not Beijing
    assert [c.number for c in beijing.local] == ["北京市人民政府令第270号"]
    assert permit(six, kaili, dt.date(2015, 12, 31)) is None  # before the regulation


def test_the_permit_quotes_stand_in_their_texts() -> None:
    for file, text in quotes():
        assert stands_in(Quote(ROOT / "x.yaml", "permit", ROOT / file, text)), text


# Law 8 for points channels: the durable-rules engine, which compiles a points channel's
# prerequisites and reads the score as a derived fact, gives every channel the verdict the
# explaining engine gives, wherever a points scheme is (and in a district outside its area), on
# days in and out of their windows.
POINTS_PLACES = [
    spot.place
    for spot in spots(load_rulebook(ROOT)).values()
    if spot.rules is not None and any(c.points is not None for c in spot.rules.rules.channels)
]
DAYS_AROUND = sorted({d + dt.timedelta(days=k) for _, _, d in POINTS_SCHEMES for k in (0, -400, 800)})


@given(applicants(), st.sampled_from(DAYS_AROUND))
def test_the_durable_engine_agrees_on_points_channels(rulebook: Rulebook, data: dict[str, Any], day: dt.date) -> None:
    durable = pytest.importorskip("hukou.backends.durable_engine")
    pytest.importorskip("durable.lang")
    profile = Profile.model_validate(data)
    for place in POINTS_PLACES:
        explained = judge(profile, rulebook, place, day)
        rete = durable.judge_rete(profile, rulebook, place, day)
        assert rete.channels == {c.id: c.verdict for c in explained.channels}, place.name
        assert rete.verdict == explained.verdict
