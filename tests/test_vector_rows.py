"""Small fixed batches aimed at what the vectorised evaluator reads: however the rows arrive (CSV
through Arrow, Parquet with typed columns, rows in memory, an Arrow table in chunks), hukou batch
writes for each the rows the explaining engine writes, and judges the rows it can read itself.
Quick and deterministic: the code mutants of hukou.backends.vector run against it."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest

from hukou import GAZETTEER
from hukou.errors import NotVectorised
from hukou.model.flat_profile import COLUMNS, MAX_CELL
from hukou.model.places import Place

from .strategies import RULEBOOK

np = pytest.importorskip("numpy", reason="the vectorised evaluator needs the batch extra")
arrow = pytest.importorskip("pyarrow", reason="the vectorised evaluator needs the batch extra")

DAY = dt.date(2024, 9, 1)


def places(*names: str) -> list[tuple[str, Place]]:
    return [(name, GAZETTEER.resolve(name)) for name in names]


def row(**cells: str) -> dict[str, str]:
    """A flat row: the cells given, every other column blank."""
    assert set(cells) <= set(COLUMNS), set(cells) - set(COLUMNS)
    return {name: cells.get(name, "") for name in COLUMNS}


def both_ways(chunk: Any, where: list[tuple[str, Place]], day: dt.date = DAY) -> dict[str, list[Any]]:
    """The chunk judged by hukou batch and by the explaining engine alone: the same result rows,
    row by row, and the same totals (what --summary and the last line count)."""
    from hukou.front.batch.fast import judge_flat_chunk
    from hukou.front.batch.run import RESULT_COLUMNS, Totals, explain_chunk

    fast_totals, slow_totals = Totals(), Totals()
    fast = judge_flat_chunk(chunk, RULEBOOK, where, day, fast_totals)
    slow = explain_chunk(chunk, RULEBOOK, where, day, slow_totals)
    written = {k: [_cell(v) for v in fast[k]] for k in RESULT_COLUMNS}
    wanted = {k: [_cell(v) for v in slow[k]] for k in RESULT_COLUMNS}
    assert len(written["row"]) == len(wanted["row"])
    for i in range(len(wanted["row"])):
        got = {k: written[k][i] for k in RESULT_COLUMNS}
        want = {k: wanted[k][i] for k in RESULT_COLUMNS}
        assert got == want, {k: (got[k], want[k]) for k in RESULT_COLUMNS if got[k] != want[k]}
    assert fast_totals == slow_totals
    return written


def _cell(value: Any) -> str:
    return "" if value is None or value is False else str(value)


def judged_on_columns(columns: Any, size: int, where: list[tuple[str, Place]], day: dt.date = DAY) -> list[bool]:
    """Per row, whether the evaluator judged it itself. None of the rows here turns on an unknown the
    possible worlds decide (a sex, a zone, the household moving in), so none is handed over for that."""
    from hukou.backends.vector.judge import judge_columns

    judged = judge_columns(columns, size, RULEBOOK, where, day, explain=True)
    assert not judged.handed_over.any()
    return judged.fast.tolist()


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def chunks_of(path: Path) -> list[Any]:
    from hukou.front.batch.files import open_profiles

    return list(open_profiles(path).chunks())


# --- cells: how each column's values are read --------------------------------------------------

KAILI_WORKER = {
    "hukou_province": "贵州",
    "hukou_city": "黄平县",
    "hukou_type": "rural",
    "education_level": "senior_secondary",
    "residence_city": "凯里",
    "residence_since": "2019-03-01",
    "employment_city": "凯里",
    "employment_since": "2020-06-01",
    "employment_kind": "employee",
}
# Rows whose cells a profile reads as written, and rows with a cell it refuses (the engine names it).
READABLE = [
    ("a kaili worker", row(id="w1", **KAILI_WORKER)),
    ("no id", row(**KAILI_WORKER)),
    ("no residence at all", row(id="w3", **(KAILI_WORKER | {"residence_city": "none", "residence_since": ""}))),
    ("no relative, in capitals", row(id="w4", relative_relation="NONE", **KAILI_WORKER)),
    ("a name as long as a cell may be", row(id="w5", name="名" * MAX_CELL, **KAILI_WORKER)),
    ("yes and no", row(id="w6", residence_permit="yes", stable_income="no", **KAILI_WORKER)),
    ("one and zero", row(id="w7", residence_permit="1", retired="0", **KAILI_WORKER)),
    ("a parent joining", row(id="w8", age="70", relative_relation="child", relative_city="凯里", **KAILI_WORKER)),
]
REFUSED = [
    ("a name longer than a cell may be", row(id="b1", name="名" * (MAX_CELL + 1), **KAILI_WORKER)),
    ("a hukou city longer than a cell may be", row(id="b6", **(KAILI_WORKER | {"hukou_city": "黄" * (MAX_CELL + 1)}))),
    # (a city not yet seen in the column, after the long one)
    ("an age that is no number", row(id="b2", name="张三", age="x", **(KAILI_WORKER | {"hukou_city": "黄平"}))),
    ("a month thirteen", row(id="b3", **(KAILI_WORKER | {"residence_since": "2023年13月1日"}))),
    ("a relation no profile knows", row(id="b4", relative_relation="cousin", relative_city="凯里", **KAILI_WORKER)),
    ("a permit that is neither yes nor no", row(id="b5", residence_permit="perhaps", **KAILI_WORKER)),
]
KAILI = places("凯里", "济源")
# With a place no rule file governs, and one whose points scheme the explaining engine judges alone.
WHERE = [*KAILI, *places("郑州", "广州")]


# Law: a CSV of rows with odd cells — no id, "none" in capitals, yes/no as words and digits, a cell
# as long as a cell may be — is written as the explaining engine writes it, and every row a profile
# can be read from is judged on columns; a row with a cell the profile refuses (too long, no
# number, no date, no such relation) is left to the engine, which writes its error row.
def test_a_csv_of_odd_cells_is_written_as_the_engine_writes_it(tmp_path: Path) -> None:
    rows = [r for _, r in READABLE + REFUSED]
    [chunk] = chunks_of(write_csv(tmp_path / "rows.csv", rows))
    written = both_ways(chunk, WHERE)
    errors = [i for i, v in enumerate(written["verdict"]) if v == "error"]
    assert len(errors) == len(REFUSED)
    assert judged_on_columns(chunk.columns, chunk.size, KAILI) == [True] * len(READABLE) + [False] * len(REFUSED)


# Law: the same rows in memory (Python lists, as a library caller passes them) are judged as from
# the CSV file (Arrow's text columns).
def test_rows_in_memory_are_judged_as_rows_from_a_file() -> None:
    from hukou.front.batch.files import chunk_of_rows

    rows = [r for _, r in READABLE + REFUSED]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    both_ways(chunk, WHERE)
    assert judged_on_columns(chunk.columns, chunk.size, KAILI) == [True] * len(READABLE) + [False] * len(REFUSED)


# Law: a Parquet file with typed columns (numbers, yes/no, dates, as Arrow infers them from the CSV)
# is judged as the explaining engine judges it, ids that are numbers written as text (and none blank).
def test_typed_parquet_columns_are_written_as_the_engine_writes_them(tmp_path: Path) -> None:
    import pyarrow.csv as arrow_csv
    import pyarrow.parquet as parquet

    ids = [str(i + 1) for i in range(len(READABLE) - 1)] + [""]  # the last with none
    rows = [r | {"id": id_} for id_, (_, r) in zip(ids, READABLE, strict=True)]
    table = arrow_csv.read_csv(write_csv(tmp_path / "rows.csv", rows))
    assert str(table.schema.field("id").type) == "int64" and str(table.schema.field("age").type) == "int64"
    parquet.write_table(table, tmp_path / "rows.parquet")
    [chunk] = chunks_of(tmp_path / "rows.parquet")
    written = both_ways(chunk, KAILI)
    assert written["id"][:: len(KAILI)] == ids
    assert judged_on_columns(chunk.columns, chunk.size, KAILI) == [True] * len(rows)


# Law: judge_columns over an Arrow table's columns, each in several chunks, gives every row what it
# gives the same rows as Python lists.
def test_an_arrow_table_in_chunks_is_judged_as_lists_are() -> None:
    from hukou.backends.vector.judge import judge_columns

    rows = [r for _, r in READABLE + REFUSED]
    half = len(rows) // 2
    table = arrow.concat_tables([arrow.Table.from_pylist(rows[:half]), arrow.Table.from_pylist(rows[half:])])
    assert table.column("residence_city").num_chunks == 2
    chunked = judge_columns({n: table.column(n) for n in table.column_names}, len(rows), RULEBOOK, KAILI, DAY, True)
    lists = judge_columns({n: [r[n] for r in rows] for n in COLUMNS}, len(rows), RULEBOOK, KAILI, DAY, True)
    assert chunked.fast.tolist() == lists.fast.tolist()
    assert chunked.ids.tolist() == lists.ids.tolist() == [r["id"] or None for r in rows]
    for got, want in zip(chunked.cities, lists.cities, strict=True):
        assert got.verdict.tolist() == want.verdict.tolist()
        assert got.admitted_by.tolist() == want.admitted_by.tolist()
        assert got.nearest is not None and want.nearest is not None
        assert got.nearest.tolist() == want.nearest.tolist()


# Law: an empty batch (a filtered table with no rows left) judges to empty columns, not an error.
def test_an_empty_batch_judges_to_no_rows() -> None:
    from hukou.backends.vector.judge import judge_columns

    judged = judge_columns({n: [] for n in COLUMNS}, 0, RULEBOOK, KAILI, DAY, explain=True)
    assert judged.fast.tolist() == [] and [len(c.verdict) for c in judged.cities] == [0, 0]


# Law: judge_columns counts the comparisons it makes (what benchmarks/batch_throughput.py reports):
# for several places, the sum of those for each; none where no rule file governs.
def test_the_comparisons_counted_are_those_of_each_place() -> None:
    from hukou.backends.vector.judge import judge_columns

    rows = [r for _, r in READABLE]
    columns = {n: [r[n] for r in rows] for n in COLUMNS}
    each = [judge_columns(columns, len(rows), RULEBOOK, [place], DAY).comparisons for place in WHERE[:3]]
    assert judge_columns(columns, len(rows), RULEBOOK, WHERE[:3], DAY).comparisons == sum(each)
    assert each[0] > 0 and each[1] > 0 and each[2] == 0


# Law: a place under a points scheme is left to the explaining engine (hukou batch writes its rows as
# ever, above); a caller of judge_columns is told which rule file it is.
def test_a_points_scheme_is_named_to_a_caller_of_judge_columns() -> None:
    from hukou.backends.vector.judge import judge_columns

    rows = [r for _, r in READABLE]
    with pytest.raises(NotVectorised, match="a points channel"):
        columns = {n: [r[n] for r in rows] for n in COLUMNS}
        judge_columns(columns, len(rows), RULEBOOK, places("北京"), dt.date(2018, 6, 1))  # 京政办发〔2016〕39号


# Law: without ``explain``, judge_columns gives verdicts and admitting channels only (it skips the
# work of saying what stops a row); with it, what hukou batch writes.
def test_only_an_explained_batch_says_what_stops_a_row() -> None:
    from hukou.backends.vector.judge import judge_columns

    rows = [r for _, r in READABLE]
    columns = {n: [r[n] for r in rows] for n in COLUMNS}
    plain = judge_columns(columns, len(rows), RULEBOOK, WHERE[:3], DAY)
    explained = judge_columns(columns, len(rows), RULEBOOK, WHERE[:3], DAY, explain=True)
    assert all(city.nearest is None and city.failing is None and city.unknown is None for city in plain.cities)
    assert all(city.nearest is not None and city.unknown is not None for city in explained.cities)
    for a, b in zip(plain.cities, explained.cities, strict=True):
        assert a.verdict.tolist() == b.verdict.tolist() and a.admitted_by.tolist() == b.admitted_by.tolist()


# --- facts: rows at the edges of what each fact reads -------------------------------------------

OUTSIDER = {"hukou_province": "湖南", "hukou_city": "邵阳", "hukou_type": "rural"}
# A student of Kaili for four years who has lived there as long (k1: three years of study and of a
# residence permit): with a permit, without one, not saying.
KAILI_STUDENT = OUTSIDER | {
    "study_city": "凯里",
    "study_since": "2020-09-01",
    "study_level": "higher",
    "residence_city": "凯里",
    "residence_since": "2020-09-01",
}
# A student of Kaili insured there a month (k3: six months of it) with a residence permit nearly
# three years (k1): k1 is the nearer while the permit runs on (a month to wait), k3 otherwise.
KAILI_WAITER = KAILI_STUDENT | {
    "education_level": "senior_secondary",
    "education_moe_recognized": "yes",
    "groups": "none",
    "residence_since": "2021-09-15",
    "social_insurance_city": "凯里",
    "social_insurance_since": "2024-07-15",
    "housing_city": "none",
    "employment_city": "none",
}
# A worker of Jiyuan in a home of their own (j5: pension insurance paid now, in Jiyuan).
JIYUAN_OWNER = OUTSIDER | {
    "employment_city": "济源",
    "employment_since": "2022-01-01",
    "employment_kind": "employee",
    "housing_city": "济源",
    "housing_since": "2022-01-01",
    "housing_tenure": "owned",
    "housing_own_house_number": "yes",
    "stable_income": "yes",
}
# A home bought in Kaili (k4: bought in 2019 or later, 20 m² for each person moving in, the
# applicant and the spouse, children and parents living with them; key groups need no floor area).
KAILI_BUYER = OUTSIDER | {"housing_city": "凯里", "housing_since": "2019-01-01", "housing_tenure": "owned"}
HOMES = [
    ("60 m² for three", "60", "spouse with; child 10 with"),
    ("59.99 m² for three", "59.99", "spouse with; child 10 with"),
    ("59.9 m² for three", "59.9", "spouse with; child 10 with"),
    ("40 m², a child living apart", "40", "spouse with; child 30 apart"),
    ("39 m² for two", "39", "spouse with"),
    ("30 m², no family", "30", "none"),
    ("30 m², the family not said", "30", ""),
    ("15 m², the family not said", "15", ""),
    ("25 m², a parent of 70 with", "25", "parent 70 with"),
]
# Work in Chongqing (a strategic emerging industry three years, a business two, an industrial park
# one, each with as long insured in Chongqing), and a rural student in the first year of university.
CQ_WORKER = OUTSIDER | {
    "employment_city": "渝中区",
    "employment_since": "2021-08-01",
    "employment_kind": "employee",
    "social_insurance_city": "渝中区",
    "social_insurance_since": "2021-08-01",
}
OWN_DISTRICT = {"hukou_province": "重庆", "hukou_city": "渝中区", "hukou_type": "urban", "housing_since": "2020-01-01"}
CHONGQING = [
    ("a home owned in the hukou's district", row(housing_city="渝中区", housing_tenure="owned", **OWN_DISTRICT)),
    ("a home owned in another district", row(housing_city="渝北区", housing_tenure="owned", **OWN_DISTRICT)),
    ("a home rented in the hukou's district", row(housing_city="渝中区", housing_tenure="rented", **OWN_DISTRICT)),
    ("strategic for 37 months", row(employment_strategic_emerging="yes", **CQ_WORKER)),
    (
        "strategic for 35 months",
        row(employment_strategic_emerging="yes", **(CQ_WORKER | {"employment_since": "2021-10-01"})),
    ),
    (
        "strategic, 30 months its first day not said",
        row(employment_strategic_emerging="yes", employment_months="30", **(CQ_WORKER | {"employment_since": ""})),
    ),
    (
        "a business of two years",
        row(**(CQ_WORKER | {"employment_kind": "self_employed", "employment_since": "2022-09-01"})),
    ),
    ("a business of 23 months", row(**(CQ_WORKER | {"employment_kind": "investor", "employment_since": "2022-10-01"}))),
    (
        "an industrial park 11 months",
        row(employment_industrial_park="yes", **(CQ_WORKER | {"employment_since": "2023-10-01"})),
    ),
    (
        "an industrial park a year",
        row(employment_industrial_park="yes", **(CQ_WORKER | {"employment_since": "2023-09-01"})),
    ),
    (
        "a first-year student",
        row(
            hukou_province="重庆",
            hukou_city="黔江区",
            hukou_type="rural",
            study_city="渝北区",
            study_since="2023-10-01",
            study_level="higher",
        ),
    ),
    (
        "a second-year student",
        row(
            hukou_province="重庆",
            hukou_city="黔江区",
            hukou_type="rural",
            study_city="渝北区",
            study_since="2023-09-01",
            study_level="higher",
        ),
    ),
]
# Five years lived in town (Jinhua's looser groups), counted across Zhejiang (cumulative recognition).
ZHEJIANG_MIGRANT = OUTSIDER | {
    "hukou_province": "安徽",
    "hukou_city": "阜阳",
    "education_level": "junior_secondary",
    "groups": "none",
    "employment_city": "none",
    "study_city": "none",
    "relative_relation": "none",
}
ZHEJIANG = [
    (
        f"{months} lived in {city}",
        row(residence_city=city, residence_since=since, housing_city="none", **ZHEJIANG_MIGRANT),
    )
    for city in ("金华", "杭州", "贵阳")
    for months, since in (("61 months", "2019-08-01"), ("59 months", "2019-10-01"))
] + [
    (
        "a home rented in Jinhua",
        row(
            housing_city="金华",
            housing_since="2023-01-01",
            housing_tenure="rented",
            residence_city="金华",
            residence_since="2023-01-01",
            **ZHEJIANG_MIGRANT,
        ),
    ),
]
AIMED: dict[str, list[tuple[str, dict[str, str]]]] = {
    "金华": ZHEJIANG,
    "杭州市上城区": ZHEJIANG,
    "渝中区": CHONGQING,
    "重庆": CHONGQING,
    "凯里": [
        ("a student with a permit", row(residence_permit="yes", **KAILI_STUDENT)),
        ("a student without a permit", row(residence_permit="no", **KAILI_STUDENT)),
        ("a student not saying", row(**KAILI_STUDENT)),
        ("a permit for 35 months", row(residence_permit="yes", **KAILI_WAITER)),
        ("35 months without a permit", row(residence_permit="no", **KAILI_WAITER)),
        ("35 months, a permit not said", row(**KAILI_WAITER)),
        ("a permit, living in Guiyang", row(residence_permit="yes", **(KAILI_WAITER | {"residence_city": "贵阳"}))),
        (
            "a permit, moved out in June",
            row(residence_permit="yes", **(KAILI_WAITER | {"residence_until": "2024-06-30"})),
        ),
        *((name, row(housing_area_sqm=area, family=family, **KAILI_BUYER)) for name, area, family in HOMES),
        (
            "relocated, 10 m² for two",
            row(housing_area_sqm="20", family="spouse with", groups="relocation", **KAILI_BUYER),
        ),
        (
            "a home of 70 months, its first day not said",
            row(housing_area_sqm="90", housing_months="70", **(KAILI_BUYER | {"housing_since": ""})),
        ),
        (
            "bought on the last day of 2018",
            row(housing_area_sqm="90", **(KAILI_BUYER | {"housing_since": "2018-12-31"})),
        ),
    ],
    "济源": [
        *(
            (f"home {'left' if until else 'lived in'}, insured {where}, pension {pension or 'not said'}", row(**cells))
            for until in ("", "2024-06-30")  # moved out: j1 (any home) fails, so j5's conditions are written
            for where in ("济源", "郑州")
            for pension in ("yes", "no", "")
            for cells in [
                JIYUAN_OWNER
                | {"housing_until": until, "social_insurance_city": where, "social_insurance_since": "2022-01-01"}
                | ({"social_insurance_pension": pension} if pension else {})
            ]
        ),
        (
            "insured in Jiyuan until last year, pension",
            row(
                **JIYUAN_OWNER,
                social_insurance_city="济源",
                social_insurance_since="2020-01-01",
                social_insurance_until="2023-12-31",
                social_insurance_pension="yes",
            ),
        ),
    ],
}


# Law: rows aimed at the thresholds and the unknowns of each fact a city's rules read are written
# as the explaining engine writes them (verdict, admitting channels, nearest channel, its conditions
# not met, the facts missing), and judged on columns.
@pytest.mark.parametrize("city", sorted(AIMED))
def test_rows_at_the_edges_of_a_fact_are_written_as_the_engine_writes_them(city: str) -> None:
    from hukou.front.batch.files import chunk_of_rows

    rows = [r for _, r in AIMED[city]]
    where = places(city)
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    both_ways(chunk, where)
    assert judged_on_columns(chunk.columns, chunk.size, where) == [True] * len(rows)


# --- Kaili's rule file rewritten as another city's might be written ------------------------------


def kaili_rewritten(folder: Path, changes: dict[str, str], rule_file: str = "guizhou/kaili.yaml") -> Any:
    """The project's rulebook, copied into ``folder`` with a rule file (Kaili's) changed: the first
    of each text given made the one it maps to."""
    from hukou import load_rulebook

    from .conftest import ROOT

    for part in ("seeds", "sources", "rules"):
        shutil.copytree(ROOT / part, folder / part)
    kaili = folder / "rules" / rule_file
    text = kaili.read_text(encoding="utf-8")
    for old, new in changes.items():
        assert old in text
        text = text.replace(old, new, 1)
    kaili.write_text(text, encoding="utf-8")
    return load_rulebook(folder, use_snapshot=False)


def written_alike(chunk: Any, rulebook: Any, where: list[tuple[str, Place]], day: dt.date = DAY) -> None:
    from hukou.front.batch.fast import judge_flat_chunk
    from hukou.front.batch.run import RESULT_COLUMNS, Totals, explain_chunk

    fast = judge_flat_chunk(chunk, rulebook, where, day, Totals())
    slow = explain_chunk(chunk, rulebook, where, day, Totals())
    assert {k: [_cell(v) for v in fast[k]] for k in RESULT_COLUMNS} == {
        k: [_cell(v) for v in slow[k]] for k in RESULT_COLUMNS
    }


K3_MONTHS = 'fact: residence.total_months, op: ">=", value: 6, unit: month'
K3_INSURED = 'fact: social_insurance.continuous_months, op: ">=", value: 6, unit: month'
SETTLED = OUTSIDER | {
    "education_level": "senior_secondary",
    "education_moe_recognized": "yes",
    "groups": "none",
    "housing_city": "none",
    "employment_city": "none",
    "study_city": "none",
}
PERIODS = {
    "for a month in Kaili": ("凯里", "2024-07-20"),
    "in Guiyang": ("贵阳", "2024-01-01"),
    "nowhere": ("none", ""),
}


# Law: with Kaili's six months of residence and insurance (k3) lowered to one, as a rule file may
# write it, a month lived or insured in Kaili is enough and one elsewhere or none is not: the rows
# are written as the explaining engine writes them.
def test_a_threshold_of_one_month_is_judged_as_the_engine_judges_it(tmp_path: Path) -> None:
    from hukou.front.batch.files import chunk_of_rows

    lowered = {text: text.replace("value: 6", "value: 1") for text in (K3_MONTHS, K3_INSURED)}
    rulebook = kaili_rewritten(tmp_path, lowered)
    rows = [
        row(
            residence_city=lived,
            residence_since=lived_since,
            social_insurance_city=insured,
            social_insurance_since=insured_since,
            **SETTLED,
        )
        for lived, lived_since in PERIODS.values()
        for insured, insured_since in PERIODS.values()
    ]
    written_alike(chunk_of_rows(rows, 1, flat=True, source="<rows>"), rulebook, places("凯里"))


# --- the household moving in, under followers other rule files may write ------------------------

K4_FOLLOWERS = "allowed: [*spouse, *any_child, *parent]"  # Kaili's home purchase (k4), the first so written
FOLLOWERS = {
    # Children only while minors: who follows is still a matter of the family alone.
    "minor children": "allowed: [*spouse, *minor_child, *parent]",
    # Parents only for an applicant of sixty: who follows turns on the applicant as well.
    "parents of an applicant of sixty": (
        "allowed: [*spouse, *any_child, {relation: parent, label: {zh: 父母, en: parent},"
        ' when: {id: sixty, fact: applicant.age, op: ">=", value: 60, unit: age}}]'
    ),
}
FAMILIES = [
    ("a child of 10", "child 10 with", ""),
    ("a child of 17 and one of 18", "child 17 with; child 18 with", ""),
    ("a parent, the applicant 65", "parent 90 with", "65"),
    ("a parent, the applicant 50", "parent 80 with", "50"),
    ("a parent, the applicant's age not said", "parent 80 with", ""),
]


# Law: with the followers of Kaili's home purchase rewritten as another rule file might write them,
# the floor area per person is still written as the explaining engine writes it; when who follows
# is a matter of the family alone, the rows are judged on columns.
@pytest.mark.parametrize("followers", sorted(FOLLOWERS))
def test_the_household_under_other_followers_is_counted_as_the_engine_counts_it(tmp_path: Path, followers: str) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    rulebook = kaili_rewritten(tmp_path, {K4_FOLLOWERS: FOLLOWERS[followers]})
    rows = [
        row(housing_area_sqm=area, family=family, age=age, **KAILI_BUYER)
        for _, family, age in FAMILIES
        for area in ("30", "45", "60")
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("凯里")
    written_alike(chunk, rulebook, where)
    if followers == "minor children":
        judged = judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)
        assert judged.fast.all() and not judged.handed_over.any()
    else:  # a caller of judge_columns is told which channel the columns cannot judge
        with pytest.raises(NotVectorised, match="k4_home_purchase: a household counted from more than the family"):
            judge_columns(chunk.columns, chunk.size, rulebook, where, DAY, explain=True)


CQ_BUSINESS = '- {id: two_years, fact: job_months, op: ">=", value: 2, unit: year}'  # the core zone's (first)
IN_THE_CORE = "\n" + " " * 22 + '- {id: in_the_core, fact: area, op: "==", value: core}'  # the next item of its list
JOBS = [("渝中区", ""), ("渝北区", ""), ("大渡口区", ""), ("大渡口区", "core"), ("大渡口区", "expansion"), ("贵阳", "")]


# Law: with Chongqing's business of two years in the core zone asked to be in the core zone itself
# (the zone of the job, a fact no rule file reads yet), the rows are written as the explaining engine
# writes them, and judged on columns or over the zones the job may be in.
def test_the_zone_of_a_job_is_read_as_the_engine_reads_it(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    rulebook = kaili_rewritten(tmp_path, {CQ_BUSINESS: CQ_BUSINESS + IN_THE_CORE}, "chongqing/chongqing.yaml")
    business = CQ_WORKER | {"employment_kind": "self_employed", "employment_since": "2022-01-01"}
    rows = [row(**(business | {"employment_city": city, "employment_zone": zone})) for city, zone in JOBS]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    written_alike(chunk, rulebook, places("渝中区"))
    judged = judge_columns(chunk.columns, chunk.size, rulebook, places("渝中区"), DAY, explain=True)
    assert (judged.fast | judged.handed_over).all()  # the zone of a job is read on columns


K2_RECOGNISED = '- {id: moe_recognized, fact: education.moe_recognized, op: "==", value: true}'
HONOURED = "\n" + " " * 8 + "- {id: honoured, fact: record.honours, op: contains, value: labour_model}"


# Law: a rule reading a fact the columns cannot derive (a record of honours) leaves the batch to the
# explaining engine, which writes it as ever; a caller of judge_columns is told which fact it is.
def test_a_fact_the_columns_cannot_derive_is_named_and_left_to_the_engine(tmp_path: Path) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    rulebook = kaili_rewritten(tmp_path, {K2_RECOGNISED: K2_RECOGNISED + HONOURED})
    rows = [r for _, r in READABLE]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    written_alike(chunk, rulebook, KAILI)
    with pytest.raises(NotVectorised, match=r"cannot derive 'record\.honours'"):
        judge_columns(chunk.columns, chunk.size, rulebook, KAILI, DAY, explain=True)


# Law: a batch with no id column is written as the explaining engine writes it, with no ids.
def test_a_batch_without_ids_is_written_as_the_engine_writes_it() -> None:
    from hukou.front.batch.files import chunk_of_rows

    rows = [{k: v for k, v in r.items() if k != "id"} for _, r in READABLE]
    written = both_ways(chunk_of_rows(rows, 1, flat=True, source="<rows>"), KAILI)
    assert set(written["id"]) == {""}
