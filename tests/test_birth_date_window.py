"""Guangzhou's 2015 guide draws its age window by date of birth, not by age on the day judged."""

from __future__ import annotations

import datetime as dt

from hukou import Rulebook

from .conftest import judge_yaml

# 2015年广州市积分制入户申办指南, 一、1: "年龄：20-45周岁，是指1970年8月1日（含当天）后，且1995年8月1日（不含当天）前
# 出生。" On 2015-09-01 someone born on 1995-08-15 is aged 20, yet born after the window: refused.
GZ_BASE = """
hukou: {province: 湖南, city: 衡阳}
education: {level: associate, professional_title: none}
residence: [{city: 广州市天河区, since: 2010-06-01, permit: true}]
housing: [{city: 广州市天河区, tenure: rented, since: 2010-06-01}]
employment: [{city: 广州市天河区, since: 2010-07-01, kind: employee, contract: true}]
social_insurance: [{city: 广州市天河区, since: 2010-07-01}]
record: {offence: false, family_planning: true, skill: intermediate_worker, listed_occupation: false,
         blood_donation_years: 3, volunteer_years: 0, income_tax: []}
"""


def test_gz2015_born_after_the_guides_last_birth_day_is_refused(rulebook: Rulebook) -> None:
    report = judge_yaml(rulebook, GZ_BASE + "born: 1995-08-15\n", "广州天河区", dt.date(2015, 9, 1))
    channel = next(c for c in report.channels if c.id == "gz2015_round")
    assert channel.verdict == "ineligible", [(c.id, c.verdict, c.actual) for c in channel.conditions]


def test_gz2015_born_on_the_guides_last_birth_day_applies(rulebook: Rulebook) -> None:
    report = judge_yaml(rulebook, GZ_BASE + "born: 1995-07-31\n", "广州天河区", dt.date(2015, 9, 1))
    channel = next(c for c in report.channels if c.id == "gz2015_round")
    assert channel.verdict == "undetermined"  # every prerequisite met, over the line: a quota decides
