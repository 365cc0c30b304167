"""How the vectorised evaluator combines a city's rule files and channels (hukou.backends.vector.judge):
years counted across a province that recognises them, channels left to a regulation whose
conditions every possible world meets. Small fixed batches, each written as the explaining engine
writes it; the code mutants of hukou.backends.vector.judge run against them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from .strategies import RULEBOOK
from .test_vector_rows import DAY, READABLE, ZHEJIANG_MIGRANT, both_ways, kaili_rewritten, places, row, written_alike

pytest.importorskip("numpy", reason="the vectorised evaluator needs the batch extra")
pytest.importorskip("pyarrow", reason="the vectorised evaluator needs the batch extra")

# --- Zhejiang's cumulative recognition (浙江 2023: 社保缴纳、居住时间累计互认) -------------------------

# Jinhua's looser policy for agricultural migrants (jh_looser_groups) with its conditions taken as
# the whole rule, as a city that wrote them down would: five years lived in town admit.
JH_DEFERRED = (
    "    deferred_to:\n"
    "      regulation: 金华市户口迁移暂行规定(试行)\n"
    "      reason: {zh: 更加宽松的落户政策的具体条件不在现有资料中,"
    ' en: "the looser policy\'s conditions are not in our sources"}\n'
)
JH_FIVE_YEARS = '{id: five_years_in_town, fact: residence.months, op: ">=", value: 5, unit: year'
# The same five years read from the social insurance paid (the other section the province pools).
FIVE_YEARS_OF = {
    "residence": ("residence", "social_insurance", JH_FIVE_YEARS),
    "social insurance": (
        "social_insurance",
        "residence",
        JH_FIVE_YEARS.replace("residence.months", "social_insurance.total_months"),
    ),
}
PROVINCE_PLAN_DAY = dt.date(2023, 7, 22)  # the provincial plan, and its recognition, in force from then
# Five years and a month before the day judged, and a month short of five years.
SINCE = {dt.date(2024, 9, 1): ("2019-08-01", "2019-10-01"), dt.date(2023, 7, 1): ("2018-06-01", "2018-08-01")}


# Law: where a province counts residence and insurance years across its cities (Zhejiang from
# 2023-07-22), years in Hangzhou or Wenzhou count in Jinhua as years in Jinhua do, and years in
# Guiyang never do; before the plan only Jinhua's own count. With five years deciding Jinhua's
# verdict, every row is written as the explaining engine writes it, and judged on columns.
@pytest.mark.parametrize("day", sorted(SINCE), ids=str)
@pytest.mark.parametrize("section", sorted(FIVE_YEARS_OF))
def test_years_in_another_city_of_the_province_count_as_the_engine_counts_them(
    tmp_path: Path, section: str, day: dt.date
) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    counted, other, five_years = FIVE_YEARS_OF[section]
    rulebook = kaili_rewritten(tmp_path, {JH_DEFERRED: "", JH_FIVE_YEARS: five_years}, "zhejiang/jinhua.yaml")
    cities = ("金华", "杭州", "温州", "贵阳")
    rows = [
        row(
            **{f"{counted}_city": city, f"{counted}_since": since},
            # The other section's years are in a city outside the province, where they never count.
            **{f"{other}_city": "贵阳", f"{other}_since": SINCE[day][0]},
            housing_city="none",
            **ZHEJIANG_MIGRANT,
        )
        for city in cities
        for since in SINCE[day]
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("金华")
    written_alike(chunk, rulebook, where, day)
    judged = judge_columns(chunk.columns, chunk.size, rulebook, where, day, explain=True)
    assert judged.fast.all() and not judged.handed_over.any()
    admitted = [bool(a) for a in judged.cities[0].admitted_by]
    recognised = {"金华", "杭州", "温州"} if day >= PROVINCE_PLAN_DAY else {"金华"}
    assert admitted == [city in recognised and enough for city in cities for enough in (True, False)]


# --- a channel left to a regulation, its conditions met in every world ---------------------------

CQ54_DAY = dt.date(2016, 1, 1)  # Chongqing's points route for outsiders (cq54_points) in force alone
CQ54_OUTSIDER = {"hukou_province": "湖南", "hukou_city": "邵阳", "hukou_type": "rural"}
CQ54_JOB = {"employment_city": "大渡口区", "employment_since": "2014-01-01", "employment_kind": "employee"}
CQ54_REGULATION = "重庆市市外来渝人员积分落户办法"


# Law: in 大渡口区, split between the core and the expansion zone, Chongqing's points route (left to a
# regulation; for outsiders in the core or expansion zone) is met in both zones for an outsider
# whose zone is not known: the explaining engine then names the regulation alone as missing, not
# the zone, and hukou batch writes it so; as for a job in the district, its zone not said. A job
# in the core zone, or a Chongqing hukou, are judged on columns. A file of any one of these rows
# alone (its only row open) is written the same.
def test_a_regulation_met_in_every_world_is_all_that_is_missing() -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    rows = [
        row(**CQ54_OUTSIDER),
        row(**CQ54_OUTSIDER, **CQ54_JOB),
        row(**CQ54_OUTSIDER, **CQ54_JOB, employment_zone="core"),
        row(hukou_province="重庆", hukou_city="黔江区", hukou_type="rural"),
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("大渡口区")
    written = both_ways(chunk, where, CQ54_DAY)
    assert written["unknown"] == [CQ54_REGULATION, CQ54_REGULATION, CQ54_REGULATION, ""]
    for alone, unknown in zip(rows, written["unknown"], strict=True):  # a file of one row: the same
        assert both_ways(chunk_of_rows([alone], 1, flat=True, source="<row>"), where, CQ54_DAY)["unknown"] == [unknown]
    judged = judge_columns(chunk.columns, chunk.size, RULEBOOK, where, CQ54_DAY, explain=True)
    assert judged.handed_over.tolist() == [True, True, False, False]
    assert judged.fast.tolist() == [False, False, True, True]


# --- what judge_columns gives a library caller ----------------------------------------------------


# Law: judge_columns gives, per place asked, a verdict per row and which of the channels in force
# admit it: a column per channel, in the order of ``channels``. A place no rule file governs (郑州)
# has no channel: every row undetermined, none admitted, no nearest channel, nothing missing named.
# What it gives as masks (which rows a channel admits, which rows the possible worlds leave to the
# explaining engine) are boolean, for a caller to negate and combine, in every city. Asked for no
# place at all, it reads every row and judges none for any city.
def test_each_city_admits_through_the_channels_it_names() -> None:
    from hukou.backends.vector.judge import UNDETERMINED, judge_columns
    from hukou.model.flat_profile import COLUMNS

    rows = [r for _, r in READABLE]
    columns = {n: [r[n] for r in rows] for n in COLUMNS}
    judged = judge_columns(columns, len(rows), RULEBOOK, places("凯里", "郑州"), DAY, explain=True)
    kaili, zhengzhou = judged.cities
    assert kaili.admitted.shape == (len(rows), len(kaili.channels)) and kaili.admitted.any()
    assert zhengzhou.channels == () and zhengzhou.admitted.shape == (len(rows), 0)
    assert zhengzhou.verdict.tolist() == [UNDETERMINED] * len(rows)
    assert zhengzhou.nearest is not None and zhengzhou.unknown is not None
    assert zhengzhou.nearest.tolist() == [None] * len(rows) and zhengzhou.unknown.tolist() == [""] * len(rows)
    for city in judged.cities:
        assert city.admitted.dtype == bool and city.open_in_worlds.dtype == bool
        assert city.open_in_worlds.shape == (len(rows),)
    nowhere = judge_columns(columns, len(rows), RULEBOOK, [], DAY)
    assert nowhere.cities == [] and nowhere.fast.all() and not nowhere.handed_over.any()


def json_lines(columns: Any, path: Path) -> str:
    """The result columns as hukou batch writes them to a .jsonl file."""
    from hukou.front.batch.run import RESULT_COLUMNS
    from hukou.front.batch.writer import Writer

    writer = Writer(path, RESULT_COLUMNS)
    writer.write_columns(columns)
    writer.commit()
    return path.read_text(encoding="utf-8")


# Law: the JSON lines hukou batch writes for rows judged on columns are the explaining engine's,
# byte for byte, where a blank cell ("") and a value not given (null) differ: for a place no rule
# file governs (郑州) as for places that have one.
def test_json_lines_are_written_as_the_engine_writes_them(tmp_path: Path) -> None:
    from hukou.front.batch.fast import judge_flat_chunk
    from hukou.front.batch.files import chunk_of_rows
    from hukou.front.batch.run import Totals, explain_chunk

    chunk = chunk_of_rows([r for _, r in READABLE], 1, flat=True, source="<rows>")
    where = places("郑州", "凯里", "济源")
    fast = judge_flat_chunk(chunk, RULEBOOK, where, DAY, Totals())
    slow = explain_chunk(chunk, RULEBOOK, where, DAY, Totals())
    written = json_lines(fast, tmp_path / "fast.jsonl")
    assert written == json_lines(slow, tmp_path / "engine.jsonl")
    assert '"city": "郑州", "verdict": "undetermined", "admitted_by": "", "nearest": null' in written


CQ_WORKER_HERE = {"employment_kind": "employee", "employment_city": "大渡口区", "social_insurance_city": "大渡口区"}


# Law: in 大渡口区 today, an outsider with no job here is refused by Chongqing's zone channels in
# whichever zone the district is taken to be, and is left to the explaining engine to word; a
# worker of a month in the core zone, whose zone is known, is judged on columns beside that row.
# Both are written as the explaining engine writes them.
def test_a_row_the_worlds_need_not_decide_is_judged_on_columns_beside_one_they_do() -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    since = {"employment_since": "2024-08-01", "social_insurance_since": "2024-08-01"}
    rows = [row(**CQ54_OUTSIDER), row(**CQ54_OUTSIDER, **CQ_WORKER_HERE, **since, employment_zone="core")]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("大渡口区")
    both_ways(chunk, where)
    judged = judge_columns(chunk.columns, chunk.size, RULEBOOK, where, DAY, explain=True)
    assert judged.handed_over.tolist() == [True, False] and judged.fast.tolist() == [False, True]


K5_CONDITIONS = (
    "    conditions:\n      all:\n"
    '        - {id: in_province, fact: hukou.in_province, op: "==", value: true,'
    " label: {zh: 省内户籍, en: hukou in Guizhou}}\n"
    '        - {id: not_yet_local, fact: hukou.in_city, op: "==", value: false,'
    " label: {zh: 户籍已在凯里, en: hukou already in Kaili}}\n"
)


# Law: a channel written with no conditions (Kaili's fully open k5, its two conditions left out)
# admits every row in its window, and the rows are written as the explaining engine writes them.
def test_a_channel_without_conditions_admits_every_row(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    rulebook = kaili_rewritten(tmp_path, {K5_CONDITIONS: ""})
    rows = [r for _, r in READABLE]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("凯里")
    written_alike(chunk, rulebook, where)
    judged = judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)
    assert judged.fast.all() and all("k5_in_province" in a.split(";") for a in judged.cities[0].admitted_by)
