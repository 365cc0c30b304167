"""Which documents apply depends on the place's chain and the day: the day before a document takes
effect and the day it does; and years counted across Zhejiang once recognition is in force."""

from __future__ import annotations

import datetime as dt

import pytest

from hukou import Rulebook

from .conftest import judge_yaml

RENTER_IN_JINHUA = """
hukou: {province: 安徽, city: 阜阳, type: rural}
education: {level: junior_secondary}
groups: []
housing: [{city: 金华, tenure: rented, since: 2022-01-01}]
residence:
  - {city: 宁波, since: 2019-01-01, until: 2021-12-31}
  - {city: 金华, since: 2022-01-01}
family: [{relation: spouse}, {relation: parent, age: 70}]
"""
JINHUA = ["jh_key_groups", "jh_key_groups_literal", "jh_general", "jh_looser_groups"]
ZHEJIANG = ["zj_stable_residence", "zj_habitual_residence", "zj_hangzhou_points"]


@pytest.mark.parametrize(
    ("as_of", "verdict", "in_force"),
    [
        (dt.date(2017, 10, 22), "undetermined", []),  # before 金政办发〔2017〕88号
        (dt.date(2017, 10, 23), "undetermined", JINHUA),
        (dt.date(2023, 7, 21), "undetermined", JINHUA),
        (
            dt.date(2023, 7, 22),
            "eligible",
            JINHUA + ZHEJIANG,
        ),
        (
            dt.date(2028, 7, 21),
            "eligible",
            JINHUA + ZHEJIANG,
        ),
        (
            dt.date(2028, 7, 22),
            "undetermined",
            JINHUA,
        ),  # the plan's five years are over
    ],
)
def test_jinhua_is_judged_by_the_documents_in_force_that_day(
    rulebook: Rulebook, as_of: dt.date, verdict: str, in_force: list[str]
) -> None:
    report = judge_yaml(rulebook, RENTER_IN_JINHUA, "金华", as_of)
    assert [c.id for c in report.channels] == in_force
    assert report.verdict == verdict
    assert report.jurisdiction == ["金华市", "浙江省"]


def test_the_provincial_plan_lets_spouse_and_lineal_relatives_follow(rulebook: Rulebook) -> None:
    report = judge_yaml(rulebook, RENTER_IN_JINHUA, "金华", dt.date(2024, 1, 1))
    assert [(f.relation, f.may_follow) for f in report.followers] == [("spouse", True), ("parent", True)]
    assert report.registration[0].type == "residence"


def test_a_clause_that_names_no_followers_does_not_refuse_them(rulebook: Rulebook) -> None:
    # 金政办发〔2017〕88号 admits a graduate with a home in Jinhua but names no followers: before the
    # provincial plan, whether his family may follow is for the rules to come, neither yes nor no.
    graduate = """
education: {level: bachelor, moe_recognized: true}
groups: []
housing: [{city: 金华, tenure: owned, since: 2019-01-01}]
family: [{relation: spouse}, {relation: child, age: 5}]
"""
    report = judge_yaml(rulebook, graduate, "金华", dt.date(2020, 6, 1))
    assert report.verdict == "eligible"
    assert [(f.relation, f.may_follow) for f in report.followers] == [("spouse", None), ("child", None)]


@pytest.mark.parametrize(
    ("as_of", "months"),
    [
        (dt.date(2023, 7, 21), 18),  # Jinhua alone: 2022-01-01 to 2023-07-21
        (dt.date(2023, 7, 22), 54),  # with Ningbo, from the day recognition is in force
    ],
)
def test_residence_in_other_zhejiang_cities_counts_once_recognition_is_in_force(
    rulebook: Rulebook, as_of: dt.date, months: int
) -> None:
    report = judge_yaml(rulebook, RENTER_IN_JINHUA, "金华", as_of)
    looser = next(c for c in report.channels if c.id == "jh_looser_groups")
    five_years = next(c for c in looser.conditions if c.id == "five_years_in_town")
    assert five_years.actual == months
    assert five_years.verdict == ("not_met" if months < 60 else "met")
    recognised = any("累计互认" in n.zh for n in report.notes)
    assert recognised == (as_of >= dt.date(2023, 7, 22))


def test_recognition_stays_inside_zhejiang(rulebook: Rulebook) -> None:
    text = RENTER_IN_JINHUA.replace(
        "{city: 宁波, since: 2019-01-01, until: 2021-12-31}", "{city: 合肥, since: 2019-01-01, until: 2021-12-31}"
    )
    report = judge_yaml(rulebook, text, "金华", dt.date(2024, 1, 1))
    looser = next(c for c in report.channels if c.id == "jh_looser_groups")
    assert next(c for c in looser.conditions if c.id == "five_years_in_town").actual == 24


@pytest.mark.parametrize(
    ("city", "governing"),
    [
        ("淳安", ["浙江省"]),
        ("杭州西湖区", ["浙江省"]),
        ("婺城区", ["金华市", "浙江省"]),
        ("义乌", ["金华市", "浙江省"]),
        ("渝北区", ["重庆市"]),
    ],
)
def test_a_place_is_governed_by_every_encoded_level_above_it(
    rulebook: Rulebook, city: str, governing: list[str]
) -> None:
    assert judge_yaml(rulebook, "{}", city, dt.date(2024, 1, 1)).jurisdiction == governing


@pytest.mark.parametrize(
    ("as_of", "in_force"),
    [(dt.date(2016, 7, 20), False), (dt.date(2016, 7, 21), True)],
)
def test_chongqing_135_applies_from_its_yinfa_day(rulebook: Rulebook, as_of: dt.date, in_force: bool) -> None:
    # 第二十七条 「本办法自印发之日起施行」; the colophon: 「2016年7月21日印发」 (the notice is dated 7月20日).
    report = judge_yaml(rulebook, "{}", "渝北区", as_of)
    assert ("cq135_expansion_zone" in [c.id for c in report.channels]) is in_force
    assert ("cq135_expansion_zone" in report.not_in_force) is not in_force
