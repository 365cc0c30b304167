"""A batch seen from one place (hukou.backends.vector.view) and the values derived there
(hukou.backends.vector.derive): rows of one batch whose periods count in different zones of the
place, and one batch read under channels that count the household moving in differently. Each
batch is written as the explaining engine writes it, row by row. Quick and deterministic: the
code mutants of hukou.backends.vector run against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from hukou.errors import NotVectorised
from hukou.front.batch.files import chunk_of_rows

from .test_vector_rows import (
    DAY,
    KAILI_BUYER,
    OUTSIDER,
    ZHEJIANG,
    both_ways,
    judged_on_columns,
    kaili_rewritten,
    places,
    row,
    written_alike,
)

pytest.importorskip("numpy", reason="the vectorised evaluator needs the batch extra")


def worker(district: str, since: str, kind: str = "employee", **cells: str) -> dict[str, str]:
    """A flat row of someone from outside Chongqing working in ``district`` since ``since``, insured
    there as long."""
    job = {"employment_city": district, "employment_since": since, "employment_kind": kind}
    insured = {"social_insurance_city": district, "social_insurance_since": since}
    return row(**(OUTSIDER | job | insured | cells))


# --- Chongqing as a whole: each row's zone is that of its current job ----------------------------

# One batch with jobs in every functional zone, each aimed at the zone's own channel (135号 arts.
# 5–8): a business of two years and one of 23 months in the core zone, five years of work there and
# a year short of it, three years in the expansion zone and a business there, a business in the new
# urban zone, an industrial park a year and 11 months in the north-east, a south-east resident at
# work in their own zone.
ZONES = [
    worker("渝中区", "2022-09-01", "self_employed"),
    worker("渝中区", "2022-10-01", "investor"),
    worker("渝中区", "2019-08-01"),
    worker("渝中区", "2020-08-01"),
    worker("渝北区", "2021-08-01"),
    worker("渝北区", "2024-08-01", "investor"),
    worker("涪陵区", "2024-01-01", "investor"),
    worker("万州区", "2023-09-01", employment_industrial_park="yes"),
    worker("万州区", "2023-10-01", employment_industrial_park="yes"),
    worker("黔江区", "2024-06-01", hukou_province="重庆", hukou_city="黔江区"),
]


# Law: judged for Chongqing as a whole, a batch whose rows work in different zones is written as
# the explaining engine writes it: each row's years of work, and its business or industrial park,
# are those of its own zone, whatever zones the other rows of the batch are in.
def test_rows_at_work_in_every_zone_of_chongqing_are_written_as_the_engine_writes_them() -> None:
    chunk = chunk_of_rows(ZONES, 1, flat=True, source="<rows>")
    where = places("重庆")
    written = both_ways(chunk, where)
    assert judged_on_columns(chunk.columns, chunk.size, where) == [True] * len(ZONES)
    assert {channel for channel in written["admitted_by"] if channel} >= {
        "cq135_core_zone",
        "cq135_expansion_zone",
        "cq135_new_urban_zone",
        "cq135_ecological_zones",
    }


IN_CORE = (
    '- {id: in_core, fact: place.area, op: "==", value: core,'
    " label: {zh: 落户地属都市功能核心区, en: settling in the core zone}}"
)
# The next condition of the core zone's list: a home owned in the zone (a list counted in the zone).
HOME_IN_ZONE = (
    "\n" + " " * 8 + "- {id: home_here, some: housing, counted_in: area,"
    ' where: {id: owned, fact: tenure, op: "==", value: owned}}'
)
HOMES = [
    {"housing_city": "none"},
    {"housing_city": "渝中区", "housing_tenure": "owned", "housing_since": "2020-01-01"},
    {"housing_city": "渝北区", "housing_tenure": "owned", "housing_since": "2020-01-01"},
    {"housing_city": "渝中区", "housing_tenure": "rented", "housing_since": "2020-01-01"},
    {},
]


# Law: with Chongqing's core zone asking for a home owned in the zone as well, as a rule file may
# write it, a business owner of the core zone without one there (none at all, one in the expansion
# zone, one rented) falls short and one with it is admitted, in a batch with rows of the expansion
# zone too: the rows are written as the explaining engine writes them, and judged on columns.
def test_a_list_counted_in_each_row_s_zone_is_judged_as_the_engine_judges_it(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns

    rulebook = kaili_rewritten(tmp_path, {IN_CORE: IN_CORE + HOME_IN_ZONE}, "chongqing/chongqing.yaml")
    rows = [
        worker(district, "2022-09-01", "self_employed", **home) for district in ("渝中区", "渝北区") for home in HOMES
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("重庆")
    written_alike(chunk, rulebook, where)
    judged = judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)
    assert judged.fast.all() and not judged.handed_over.any()


FROM_THE_ZONES = "{id: hukou_northeast_southeast, fact: hukou.area, op: in, value: [northeast, southeast],"


# Law: a rule counting a fact with words for values (the zone of the hukou) in the zone of each
# row leaves the batch to the explaining engine, which writes it as ever; a caller of judge_columns
# is told which fact it is.
def test_words_counted_in_each_row_s_zone_are_named_and_left_to_the_engine(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns

    counted = FROM_THE_ZONES.replace("op: in,", "op: in, counted_in: area,")
    rulebook = kaili_rewritten(tmp_path, {FROM_THE_ZONES: counted}, "chongqing/chongqing.yaml")
    chunk = chunk_of_rows(ZONES, 1, flat=True, source="<rows>")
    where = places("重庆")
    written_alike(chunk, rulebook, where)
    with pytest.raises(NotVectorised, match=r"^hukou\.area counted in an area$"):
        judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)


# --- the household moving in, counted under each channel's followers -----------------------------

K3_INSURED = (
    '- {id: social_insurance, fact: social_insurance.continuous_months, op: ">=", value: 6, unit: month,'
    " label: {zh: 连续社保, en: continuous social insurance}}"
)
# The next condition of k3's list: 20 m² a person in a home (k4's, under k3's followers: minor
# children only, where k4 lets children of any age follow).
SHARED_HOME = (
    "\n" + " " * 8 + "- {id: home, some: housing,"
    ' where: {id: area_per_person, fact: area_per_person, op: ">=", value: 20, unit: sqm}}'
)
SETTLED_BUYER = KAILI_BUYER | {
    "residence_city": "凯里",
    "residence_since": "2023-01-01",
    "social_insurance_city": "凯里",
    "social_insurance_since": "2023-01-01",
}


# Law: with k3 asking for 20 m² a person as k4 does, under its own followers, a household of three
# with a grown child is three people under k4 and two under k3: 50 m² admits under k3 alone, 70 m²
# under both, 30 m² under neither. Each channel counts its own household, as the explaining engine
# does, in one batch.
def test_each_channel_counts_the_household_of_its_own_followers(tmp_path: Path) -> None:
    from hukou.front.batch.run import Totals, explain_chunk

    rulebook = kaili_rewritten(tmp_path, {K3_INSURED: K3_INSURED + SHARED_HOME})
    families = ("spouse with; child 30 with", "spouse with; child 10 with", "none")
    rows = [
        row(housing_area_sqm=area, family=family, **SETTLED_BUYER) for family in families for area in ("30", "50", "70")
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("凯里")
    written_alike(chunk, rulebook, where)
    admitted = explain_chunk(chunk, rulebook, where, DAY, Totals())["admitted_by"]
    assert admitted[1] == "k3_residence_insurance"
    assert admitted[2] == "k3_residence_insurance;k4_home_purchase"


# --- the worlds of a zone left open, beside rows whose zone is known ------------------------------

CHILD_HERE = "id: child_here\n" + " " * 10 + "some: relatives\n"  # elderly parents joining (135号 art. 12)
ELDERLY_PARENT = OUTSIDER | {"age": "65", "relative_relation": "child"}  # a man of 60 or a woman of 55 either way
JOBS_IN_DADUKOU = [
    {"employment_city": "none"},
    *(
        {"employment_city": "大渡口区", "employment_zone": zone, "employment_since": "2020-01-01"}
        for zone in ("core", "expansion")
    ),
]


# Law: with the child an elderly parent joins asked to be in the zone of the place (大渡口区, split
# between the core and the expansion zone, the zone read from the parent's job), a parent of 65
# whose sex is not given joins a child in the core zone when working in its part of the district,
# not when working in the other part, whichever zone the batch's rows without a job may be in: the
# rows are written as the explaining engine writes them, those with a zone judged on columns.
def test_a_row_s_own_zone_stands_in_the_worlds_of_the_zones_others_leave_open(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns

    counted = CHILD_HERE + " " * 10 + "counted_in: area\n"
    rulebook = kaili_rewritten(tmp_path, {CHILD_HERE: counted}, "chongqing/chongqing.yaml")
    rows = [
        row(relative_city=city, **(ELDERLY_PARENT | job)) for city in ("渝中区", "渝北区") for job in JOBS_IN_DADUKOU
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("大渡口区")
    written_alike(chunk, rulebook, where)
    judged = judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)
    with_a_job = [bool(job.get("employment_zone")) for _ in range(2) for job in JOBS_IN_DADUKOU]
    assert judged.fast.tolist() == with_a_job


# --- years counted across Zhejiang (cumulative recognition) ---------------------------------------

LOOSER_POLICY_TO_COME = (
    "    deferred_to:\n      regulation: 金华市户口迁移暂行规定(试行)\n"
    "      reason: {zh: 更加宽松的落户政策的具体条件不在现有资料中,"
    ' en: "the looser policy\'s conditions are not in our sources"}\n'
)


# Law: with Jinhua's looser policy for agricultural migrants no longer left to a regulation to
# come, as a rule file may one day write it, five years lived anywhere in Zhejiang admit a rural
# migrant to Jinhua (Zhejiang's province-wide counting of residence years) and five years in
# Guizhou, or 59 months, do not: the rows are written as the explaining engine writes them.
def test_years_in_another_city_of_the_province_count_where_the_province_pools_them(tmp_path: Path) -> None:
    from hukou.front.batch.run import Totals, explain_chunk

    rulebook = kaili_rewritten(tmp_path, {LOOSER_POLICY_TO_COME: ""}, "zhejiang/jinhua.yaml")
    names = [name for name, _ in ZHEJIANG]
    chunk = chunk_of_rows([r for _, r in ZHEJIANG], 1, flat=True, source="<rows>")
    where = places("金华")
    written_alike(chunk, rulebook, where)
    admitted = explain_chunk(chunk, rulebook, where, DAY, Totals())["admitted_by"]
    pooled = {name for name, channels in zip(names, admitted, strict=True) if "jh_looser_groups" in (channels or "")}
    assert pooled == {"61 months lived in 金华", "61 months lived in 杭州"}
