"""Facts as the report shows them: the periods a value was counted from, the longest course of
study, the last three tax years, and periods counted across a functional zone."""

from __future__ import annotations

import datetime as dt

import pytest

from hukou import GAZETTEER, Rulebook, profile_from_text
from hukou.judging.facts import FACTS, Value
from hukou.judging.verdict import ChannelReport, ConditionReport, IndicatorReport
from hukou.labels import FACT_DETAILS
from hukou.model.regions import Area, Region, area_region
from hukou.model.situation import Situation

from .conftest import judge_yaml

AS_OF = dt.date(2024, 9, 1)


def _channel(rulebook: Rulebook, city: str, profile: str, channel: str, as_of: dt.date = AS_OF) -> ChannelReport:
    report = judge_yaml(rulebook, profile, city, as_of)
    return next(c for c in report.channels if c.id == channel)


def _condition(channel: ChannelReport, condition: str) -> ConditionReport:
    return next(c for c in channel.conditions if c.id == condition)


K3 = "hukou: {province: 四川}\nresidence: [{city: 凯里, since: 2024-01-01}]\n"


def test_continuous_insurance_shows_the_run_it_counted(rulebook: Rulebook) -> None:
    channel = _channel(
        rulebook, "凯里", K3 + "social_insurance: [{city: 凯里, since: 2024-03-01}]", "k3_residence_insurance"
    )
    insurance = _condition(channel, "social_insurance")
    assert (insurance.actual, insurance.detail) == (6, "2024-03-01–2024-09-01")


def test_insurance_that_stopped_says_none_is_going_on(rulebook: Rulebook) -> None:
    stopped = K3 + "social_insurance: [{city: 凯里, since: 2023-01-01, until: 2024-06-30}]"
    insurance = _condition(_channel(rulebook, "凯里", stopped, "k3_residence_insurance"), "social_insurance")
    assert (insurance.actual, insurance.detail) == (0, "无持续中的记录 / none going on")
    none = _condition(
        _channel(rulebook, "凯里", K3 + "social_insurance: []", "k3_residence_insurance"), "social_insurance"
    )
    assert (none.actual, none.detail) == (0, None)


def test_residence_in_all_lists_every_stay_it_added_up(rulebook: Rulebook) -> None:
    stays = "residence: [{city: 凯里, since: 2023-01-01, until: 2023-04-01}, {city: 凯里, since: 2024-06-01}]\n"
    profile = "hukou: {province: 四川}\n" + stays + "social_insurance: [{city: 凯里, since: 2024-03-01}]"
    residence = _condition(_channel(rulebook, "凯里", profile, "k3_residence_insurance"), "residence")
    assert (residence.actual, residence.detail) == (6, "2023-01-01–2023-04-01, 2024-06-01–2024-09-01")


def test_the_longest_course_of_study_counts_not_the_latest(rulebook: Rulebook) -> None:
    # 三年以上学籍: a past course of three years and five months, and a new one of eight months.
    profile = (
        "hukou: {province: 湖南}\n"
        "study: [{city: 凯里, since: 2024-01-01, level: higher},\n"
        "        {city: 凯里, since: 2019-01-01, until: 2022-06-01, level: higher}]\n"
        "residence: [{city: 凯里, since: 2019-01-01, permit: true}]"
    )
    channel = _channel(rulebook, "凯里", profile, "k1_student_status")
    assert _condition(channel, "student_status").actual == 41
    assert channel.verdict == "eligible"


def test_no_study_at_all_is_no_months_of_it(rulebook: Rulebook) -> None:
    profile = "hukou: {province: 湖南}\nstudy: []\nresidence: [{city: 凯里, since: 2019-01-01, permit: true}]"
    channel = _channel(rulebook, "凯里", profile, "k1_student_status")
    assert _condition(channel, "student_status").actual == 0
    assert channel.verdict == "ineligible"


def _beijing_indicators(rulebook: Rulebook, honours: str = "[]", taxes: str = "[]") -> list[IndicatorReport]:
    """Beijing's points on 2018-03-01 for an applicant of 34 with a Beijing residence permit and
    insurance since 2010, with this record of honours and income tax."""
    profile = (
        "age: 34\nretired: false\nhukou: {province: 河北, city: 保定}\n"
        "residence: [{city: 北京朝阳区, since: 2010-03-01, permit: true}]\n"
        "social_insurance: [{city: 北京朝阳区, since: 2010-03-01}]\n"
        f"record: {{criminal: false, detentions: 0, tax_violations: 0, honours: {honours}, income_tax: {taxes}}}\n"
    )
    channel = _channel(rulebook, "北京", profile, "bj_points", dt.date(2018, 3, 1))
    assert channel.points is not None
    return channel.points.indicators


def test_the_last_three_tax_years_are_each_their_own(rulebook: Rulebook) -> None:
    # Beijing 五(六), on 2018-03-01: 2015, 2016 and 2017 average 10.33 (×10,000 yuan), 2016 carrying it.
    taxes = "[{year: 2015, wan: 9.5}, {year: 2016, wan: 12}, {year: 2017, wan: 9.5}]"
    assert {i.id: i.points for i in _beijing_indicators(rulebook, taxes=taxes)}["tax"] == 6


def test_work_years_count_across_the_zone(rulebook: Rulebook) -> None:
    # 135号 art. 6 "在都市功能拓展区…务工3年以上": years in 北碚区 count for settling in 渝北区, both in the zone.
    profile = (
        "hukou: {province: 四川}\n"
        "employment: [{city: 北碚区, since: 2020-01-01, until: 2023-12-31, kind: employee},\n"
        "             {city: 渝北区, since: 2024-01-01, kind: employee}]\n"
        "social_insurance: [{city: 渝北区, since: 2020-01-01}]"
    )
    channel = _channel(rulebook, "渝北区", profile, "cq135_expansion_zone")
    assert _condition(channel, "work_3_years").actual == 56
    assert channel.verdict == "eligible"


def test_the_longest_course_shows_its_dates(rulebook: Rulebook) -> None:
    profile = (
        "hukou: {province: 湖南}\n"
        "study: [{city: 凯里, since: 2019-01-01, until: 2022-06-01, level: higher}]\n"
        "residence: [{city: 凯里, since: 2019-01-01, permit: true}]"
    )
    student = _condition(_channel(rulebook, "凯里", profile, "k1_student_status"), "student_status")
    assert (student.actual, student.detail) == (41, "2019-01-01–2022-06-01")


def test_residence_still_going_on_is_waited_for_and_one_that_ended_is_not(rulebook: Rulebook) -> None:
    # 凡在我市居住半年以上: four months so far; going on, the sixth is reached on 1 November.
    insured = "social_insurance: [{city: 凯里, since: 2024-01-01}]"
    going_on = f"hukou: {{province: 四川}}\nresidence: [{{city: 凯里, since: 2024-05-01}}]\n{insured}"
    channel = _channel(rulebook, "凯里", going_on, "k3_residence_insurance")
    assert [(g.condition, g.kind) for g in channel.gaps] == [("residence", "wait")]
    ended = f"hukou: {{province: 四川}}\nresidence: [{{city: 凯里, since: 2024-01-01, until: 2024-04-30}}]\n{insured}"
    channel = _channel(rulebook, "凯里", ended, "k3_residence_insurance")
    assert [(g.condition, g.kind) for g in channel.gaps] == [("residence", "change")]


def _chongqing_areas(rulebook: Rulebook) -> tuple[Area, ...]:
    return next(f.areas for f in rulebook if f.rules.jurisdiction.code == "500000")


def test_a_split_district_may_or_may_not_lie_in_a_zone(rulebook: Rulebook) -> None:
    core = area_region(_chongqing_areas(rulebook), "core")
    assert core.holds_place(GAZETTEER, GAZETTEER.resolve("渝中区")) is True
    assert core.holds_place(GAZETTEER, GAZETTEER.resolve("重庆江北区")) is None  # partly in the core zone
    assert core.holds_place(GAZETTEER, GAZETTEER.resolve("万州区")) is False


def test_outside_every_zone_is_nowhere(rulebook: Rulebook) -> None:
    nowhere = area_region(_chongqing_areas(rulebook), "none")
    assert nowhere.holds_place(GAZETTEER, GAZETTEER.resolve("渝中区")) is False


def test_a_name_that_means_no_place_lies_in_no_region() -> None:
    kaili = Region((GAZETTEER.resolve("凯里"),))
    assert kaili.holds(GAZETTEER, "凯里") is True
    assert kaili.holds(GAZETTEER, "没有这个地方") is False


def _derived(rulebook: Rulebook, name: str, profile: str, city: str, item: object = None) -> Value:
    place, chongqing = GAZETTEER.resolve(city), GAZETTEER.resolve("重庆")
    situation = Situation.of(profile_from_text(profile), AS_OF, place, chongqing, GAZETTEER, _chongqing_areas(rulebook))
    return FACTS[name].derive(situation, item)


def test_facts_no_rule_file_reads_yet_are_what_their_labels_say(rulebook: Rulebook) -> None:
    # A rule author may write employment.months, or a job's contract and area, or a home's floor
    # area, today; until a rule file does, this is what reads them.
    profile = (
        "hukou: {province: 四川}\n"
        "employment: [{city: 渝北区, since: 2023-03-01, kind: employee, contract: true},\n"
        "             {city: 北碚区, since: 2020-01-01, until: 2022-12-31, kind: employee, contract: false},\n"
        "             {city: 重庆江北区, zone: core, since: 2019-01-01, until: 2019-12-31, kind: employee}]\n"
        "housing: [{city: 渝北区, tenure: owned, since: 2020-01-01, area_sqm: 88.5}]\n"
    )
    months = _derived(rulebook, "employment.months", profile, "渝北区")
    assert (months.value, months.running) == (18, True)  # the job going on here, not 北碚区's
    jobs = profile_from_text(profile).employment or []
    assert [_derived(rulebook, "contract", profile, "渝北区", job).value for job in jobs] == [True, False, None]
    areas = [_derived(rulebook, "area", profile, "渝北区", job).value for job in jobs]
    assert areas == ["expansion", "expansion", "core"]  # the zone a job names wins over its district's
    home = (profile_from_text(profile).housing or [])[0]
    assert _derived(rulebook, "area_sqm", profile, "渝北区", home).value == 88.5


def test_no_permit_where_the_stay_is_too_short_to_apply_for_one(rulebook: Rulebook) -> None:
    # Beijing 四(一) asks for a residence permit; four months' stay is short of the regulation's half
    # year, so the person holds none even where the profile does not say.
    profile = "hukou: {province: 河北}\nresidence: [{city: 北京朝阳区, since: 2017-11-01}]\n"
    permit = _condition(_channel(rulebook, "北京", profile, "bj_points", dt.date(2018, 3, 1)), "residence_permit")
    assert (permit.verdict, permit.actual, permit.detail) == ("not_met", False, FACT_DETAILS["may_not_apply"])


@pytest.mark.parametrize(
    ("taxes", "points"),
    [
        # 近3年连续纳税: a year of 5,000 yuan is a year taxed; a year of none is not.
        ("[{year: 2015, wan: 0.5}, {year: 2016, wan: 15}, {year: 2017, wan: 15}]", 6),
        ("[{year: 2016, wan: 15}, {year: 2017, wan: 16}]", 0),
        # 平均每年在10万元及以上: 299,900 yuan is 99,966.67 a year, short of it however it is shown.
        ("[{year: 2015, wan: 10}, {year: 2016, wan: 10}, {year: 2017, wan: 9.99}]", 0),
        ("[{year: 2015, wan: 10.1}, {year: 2016, wan: 9.9}, {year: 2017, wan: 10}]", 6),
    ],
)
def test_beijing_tax_points_read_every_year_and_the_exact_average(rulebook: Rulebook, taxes: str, points: int) -> None:
    assert {i.id: i.points for i in _beijing_indicators(rulebook, taxes=taxes)}["tax"] == points


def test_guangzhou_tax_total_is_not_rounded_up_to_the_line(rulebook: Rulebook) -> None:
    # 累计达到10万元或以上: 99,990 yuan over three years earns nothing; the sum is shown as added.
    profile = (
        "hukou: {province: 湖南}\nrecord: {income_tax: "
        "[{year: 2012, wan: 3.333}, {year: 2013, wan: 3.333}, {year: 2014, wan: 3.333}]}\n"
    )
    channel = _channel(rulebook, "广州天河区", profile, "gz2014_points", dt.date(2015, 9, 1))
    assert channel.points is not None
    tax = next(i for i in channel.points.indicators if i.id == "income_tax")
    assert (tax.points, tax.actual, tax.detail) == (0, 9.999, "3.333 + 3.333 + 3.333")


def test_area_per_person_shows_the_division(rulebook: Rulebook) -> None:
    # Kaili K4 人均20㎡以上: 59 ㎡ for the applicant, a spouse and a child is 19.67 each.
    profile = (
        "hukou: {province: 湖南}\ngroups: []\n"
        "housing: [{city: 凯里, tenure: owned, area_sqm: 59, since: 2020-01-01}]\n"
        "family: [{relation: spouse, lives_with_applicant: true},\n"
        "         {relation: child, age: 3, lives_with_applicant: true}]\n"
    )
    area = _condition(_channel(rulebook, "凯里", profile, "k4_home_purchase"), "home.area_per_person")
    assert (area.verdict, area.actual, area.detail) == ("not_met", 19.67, "59㎡ ÷ 3")


_GRADUATE = (
    "education: {level: technical_school, graduated: 2024-07-01, school_city: 渝北区}\n"
    "employment: [{city: 渝北区, since: 2024-08-01, kind: employee}]"
)


@pytest.mark.parametrize(
    ("city", "channel", "condition", "profile", "shown"),
    [
        # Where the hukou is, by name, beside "hukou in this province" (Kaili K4: 省外户籍).
        ("凯里", "k4_home_purchase", "out_of_province", "hukou: {province: 湖南}", (False, "湖南省")),
        # A city alone says the province (长沙 is in Hunan).
        ("凯里", "k4_home_purchase", "out_of_province", "hukou: {city: 长沙}", (False, "湖南省")),
        # A job going on is the stable income (Jiyuan (五), 稳定生活来源), and the report says so.
        (
            "济源",
            "j5_urban_workers",
            "stable_income",
            "employment: [{city: 郑州, since: 2020-01-01, kind: employee}]",
            (True, FACT_DETAILS["employed"]),
        ),
        # The district a home is measured against (Chongqing 135号 户口所在区县).
        (
            "万州区",
            "cq135_own_district_residence",
            "residence.own_district",
            "hukou: {province: 重庆, city: 万州区}\nhousing: [{city: 万州区, tenure: owned, since: 2020-01-01}]",
            (True, "重庆市万州区"),
        ),
        # The day of graduation, and where the school was (Chongqing 135号, this year's graduates).
        (
            "渝北区",
            "cq135_graduates_employed",
            "this_years_graduate",
            _GRADUATE,
            (True, "2024-07-01"),
        ),
        ("渝北区", "cq135_graduates_employed", "school_in_chongqing", _GRADUATE, (True, "渝北区")),
        # Graduated on the day judged is graduated this year.
        (
            "渝北区",
            "cq135_graduates_employed",
            "this_years_graduate",
            _GRADUATE.replace("2024-07-01", "2024-09-01"),
            (True, "2024-09-01"),
        ),
        # Whose hukou is already here, and where (Chongqing 135号 本市籍).
        (
            "万州区",
            "cq135_own_district_residence",
            "chongqing_hukou",
            "hukou: {province: 重庆, city: 万州区}",
            (True, "重庆市万州区"),
        ),
    ],
)
def test_a_condition_shows_where_its_value_came_from(
    rulebook: Rulebook, city: str, channel: str, condition: str, profile: str, shown: tuple[object, str]
) -> None:
    report = _condition(_channel(rulebook, city, profile, channel), condition)
    assert (report.actual, report.detail) == shown


def test_a_period_beginning_after_the_day_judged_has_lasted_no_months(rulebook: Rulebook) -> None:
    # The profile loader refuses such a period from a file; a library caller building a Profile is
    # not stopped, and a home bought, a job or a course begun later has been held for no time yet.
    profile = (
        "housing: [{city: 渝北区, tenure: owned, since: 2025-01-01}]\n"
        "employment: [{city: 渝北区, since: 2025-01-01, kind: employee}]\n"
        "study: [{city: 渝北区, since: 2025-01-01, level: higher}]\n"
    )
    read = profile_from_text(profile)
    items = {"months": read.housing, "job_months": read.employment, "study_months": read.study}
    for name, entries in items.items():
        assert _derived(rulebook, name, profile, "渝北区", (entries or [])[0]).value == 0, name
    home = (read.housing or [])[0]
    assert _derived(rulebook, "since", profile, "渝北区", home).value == dt.date(2025, 1, 1)  # still the day bought


def test_honours_are_shown_in_one_order_whatever_order_they_are_given_in(rulebook: Rulebook) -> None:
    shown = [
        next(i.actual for i in _beijing_indicators(rulebook, honours=honours) if i.fact == "record.honours")
        for honours in ("[moral_model, labour_model]", "[labour_model, moral_model]")
    ]
    assert shown == [["labour_model", "moral_model"]] * 2
