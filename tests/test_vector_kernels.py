"""The vectorised evaluator's kernels on small fixed batches aimed at their edges: which rows it reads
(hukou.backends.vector.frame), how it counts months (hukou.backends.vector.days), and each row judged
as the explaining engine judges it. Quick and deterministic: the code mutants of the evaluator run
against it (tests/test_vector.py searches generated profiles, too slowly for that)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from hukou import GAZETTEER, judge
from hukou.errors import HukouError, NotVectorised
from hukou.front.batch.files import Record
from hukou.front.batch.run import result_row
from hukou.model.flat_profile import COLUMNS, SECTIONS, profile_data
from hukou.model.periods import months_between
from hukou.model.profile_file import profile_from_data
from hukou.yamlio import LineIndex

from .strategies import RULEBOOK
from .test_nearest import batch_costs
from .test_vector import flat
from .test_vector_cases import BATCHES as CASE_BATCHES

np = pytest.importorskip("numpy", reason="the vectorised evaluator needs the batch extra")

DAY = dt.date(2024, 9, 1)
SAID = ("verdict", "admitted_by", "nearest", "failing", "unknown")

# Rows in pairs across each check a profile goes through (hukou.model.profile, profile_file): one
# the engine takes and one it refuses, a day, a square metre or a column apart.
EDGES: list[dict[str, str]] = [
    {},
    {"age": "30"},
    {"born": "1994-01-01"},
    {"age": "30", "born": "1994-01-01"},  # an age and a date of birth
    {"born": "2024-09-01"},
    {"born": "2024-09-02"},  # born after the day judged
    {"education_level": "bachelor", "education_graduated": "2024-09-01"},
    {"education_level": "bachelor", "education_graduated": "2024-09-02"},
    {"hukou_province": "贵州省"},
    {"hukou_province": "火星省"},  # no such province
    {"hukou_province": "凯里"},  # not a province
    {"education_level": "bachelor", "education_school_city": "凯里"},
    {"education_level": "bachelor", "education_school_city": "凯黎"},
    {"hukou_province": "北京市", "hukou_city": "朝阳区"},
    {"hukou_city": "朝阳区"},  # several districts of that name
    {"hukou_province": "贵州省", "hukou_city": "杭州"},  # outside the province
    {"hukou_province": "贵州省", "hukou_city": "凯里"},
    {"hukou_city": "凯黎"},
    {"residence_months": "12"},  # a period without a city
    {"residence_city": "none", "residence_months": "12"},
    {"residence_city": "none"},
    {"residence_city": "凯里", "residence_months": "12"},
    {"residence_city": "凯黎", "residence_months": "12"},
    {"residence_city": "凯里"},  # neither since nor months
    {"residence_city": "凯里", "residence_months": "12", "residence_since": "2020-01-01"},  # both
    {"residence_city": "凯里", "residence_since": "2020-01-01"},
    {"residence_city": "凯里", "residence_months": "12", "residence_until": "2024-01-01"},  # until, no since
    {"residence_city": "凯里", "residence_since": "2024-09-01"},
    {"residence_city": "凯里", "residence_since": "2024-09-02"},  # starts after the day judged
    {"residence_city": "凯里", "residence_since": "2020-01-01", "residence_until": "2020-01-01"},
    {"residence_city": "凯里", "residence_since": "2020-01-01", "residence_until": "2019-12-31"},
    {"housing_city": "凯里", "housing_months": "12"},  # a home without its tenure
    {"housing_city": "凯里", "housing_months": "12", "housing_tenure": "owned"},
    {"housing_city": "凯里", "housing_months": "12", "housing_tenure": "owned", "housing_area_sqm": "100000"},
    {"housing_city": "凯里", "housing_months": "12", "housing_tenure": "owned", "housing_area_sqm": "100001"},
    {"employment_city": "凯里", "employment_months": "12", "employment_until": "2024-01-01"},
    {"employment_city": "凯里", "employment_since": "2023-01-01", "employment_until": "2024-01-01"},
    {"social_insurance_city": "凯里", "social_insurance_since": "2024-09-02"},
    {"study_city": "凯里", "study_since": "2024-09-01", "study_level": "higher"},
    {"relative_urban": "true"},  # a relative with neither relation nor city
    {"relative_relation": "child", "relative_city": "凯里"},
    {"relative_relation": "child"},
    {"relative_relation": "child", "relative_city": "凯黎"},
    {"relative_city": "凯里"},
    {"relative_relation": "none"},
    {"family": "spouse 30 with"},
    {"family": "spouse x"},
    {"family": "child 2024-09-02"},  # born after the day judged
    {"family": "child 2024-09-01"},
    {"family": "none"},
    {"groups": "none"},
    {"groups": "talent@凯里"},
    {"groups": "talent@凯黎"},  # issued in a place no one knows
    {"groups": "wizard"},
    {"groups": "talent;investor@凯里"},
    {"age": "x"},  # cells that read as no value of their column
    {"residence_city": "凯里", "residence_months": "-5"},
    {"age": "30", "born": "2023年13月1日"},
]


def _table(rows: list[dict[str, str]], names: tuple[str, ...] = COLUMNS) -> dict[str, list[str]]:
    return {name: [row.get(name, "") for row in rows] for name in names}


def _accepted(row: dict[str, str], day: dt.date = DAY) -> bool:
    try:
        profile_from_data(profile_data({k: v for k, v in row.items() if v != ""}), LineIndex("<row>", {}), day)
    except HukouError:
        return False
    return True


def _written(row: dict[str, str], city: str, day: dt.date) -> tuple[str, ...]:
    profile = profile_from_data(profile_data(row), LineIndex("<row>", {}), day)
    written = result_row(Record(1, None, None), city, judge(profile, RULEBOOK, GAZETTEER.resolve(city), day))
    return tuple(str(written[k] or "") for k in SAID)


def _judged(columns: dict[str, list[str]], size: int, cities: list[str], day: dt.date) -> Any:
    from hukou.backends.vector.judge import judge_columns

    places = [(city, GAZETTEER.resolve(city)) for city in cities]
    return judge_columns(columns, size, RULEBOOK, places, day, explain=True)


def _said(judged: Any, i: int) -> list[tuple[str, ...]]:
    from hukou.backends.vector.judge import VERDICTS

    return [
        tuple(
            str(v or "") for v in (VERDICTS[c.verdict[i]], c.admitted_by[i], c.nearest[i], c.failing[i], c.unknown[i])
        )
        for c in judged.cities
    ]


# Law: the evaluator reads exactly the rows the explaining engine takes — a row the engine refuses is
# never judged by it, and a good row is not sent the slow way — and writes for each what the engine
# writes.
def test_the_evaluator_reads_the_rows_the_engine_takes_and_no_other() -> None:
    judged = _judged(_table(EDGES), len(EDGES), ["凯里"], DAY)
    read = judged.fast | judged.handed_over
    for i, row in enumerate(EDGES):
        assert bool(read[i]) == _accepted(row), row
        if judged.fast[i]:
            assert _said(judged, i) == [_written(row, "凯里", DAY)], row


def test_an_empty_batch_is_judged_to_no_rows() -> None:
    judged = _judged(_table([]), 0, ["凯里", "渝北区"], DAY)
    assert judged.fast.tolist() == [] and [c.verdict.tolist() for c in judged.cities] == [[], []]


def test_a_batch_with_a_column_the_flat_form_does_not_know_is_left_to_the_engine() -> None:
    rows = [{"residence_city": "凯里", "residence_months": "12"}, {}]
    table = _table(rows) | {"nickname": ["x", "y"]}
    assert not any(_accepted({**row, "nickname": "x"}) for row in rows)
    judged = _judged(table, len(rows), ["凯里"], DAY)
    assert not (judged.fast | judged.handed_over).any()


def test_a_batch_of_a_few_columns_is_read_as_rows_blank_elsewhere() -> None:
    rows = [
        {"id": "a1", "age": "30", "residence_city": "凯里", "residence_months": "36"},
        {"id": "a2", "age": "30", "residence_city": "凯黎", "residence_months": "36"},
        {"id": "", "age": "", "residence_city": "", "residence_months": ""},
    ]
    names = ("id", "age", "residence_city", "residence_months")
    judged = _judged(_table(rows, names), len(rows), ["凯里"], DAY)
    assert judged.ids.tolist() == ["a1", "a2", None]  # each row's id, as the batch writes it
    assert judged.fast.tolist() == [_accepted({k: v for k, v in row.items() if k != "id"}) for row in rows]
    for i in np.flatnonzero(judged.fast):
        assert _said(judged, int(i)) == [_written(rows[i], "凯里", DAY)]


# Law: a batch's distinct combinations of cells, counted by marking (few possible) or by sorting
# (more than a million possible), give each row back its own cells.
@pytest.mark.parametrize("size", [3, 1_200], ids=["few", "many"])
def test_each_row_finds_its_own_cells_among_the_distinct_ones(size: int) -> None:
    from hukou.backends.vector.frame import Frame

    rows = [{"name": f"n{i % (size - 1)}", "housing_area_sqm": f"{i % 1000}.5"} for i in range(size)]
    frame = Frame.read(_table(rows), size, DAY)
    inverse, combos = frame.distinct(("name", "housing_area_sqm"))
    assert [combos[k] for k in inverse] == [(row["name"], float(row["housing_area_sqm"])) for row in rows]
    assert len(combos) == len(set(combos))


# Days in every month-end situation: the 28th–31st, a leap February, the first of a month.
ENDS = [
    dt.date(y, m, d)
    for y in (2019, 2020, 2023, 2024)
    for m, d in ((1, 1), (1, 28), (1, 30), (1, 31), (2, 28), (2, 29), (3, 1), (3, 30), (3, 31), (4, 30), (12, 31))
    if not (m == 2 and d == 29 and y % 4)
]


# Law: whole months between two days, over arrays, are those hukou.model.periods counts one pair at
# a time — inside the calendar the evaluator keeps (1850–2150) and outside it.
@pytest.mark.parametrize("far", [False, True], ids=["within", "beyond-2150"])
def test_months_between_days_are_counted_as_one_period_counts_them(far: bool) -> None:
    from hukou.backends.vector.days import months_between as months_between_columns

    pairs = [(a, b) for a in ENDS for b in ENDS]
    if far:
        pairs += [(dt.date(1700, 1, 31), dt.date(2200, 2, 28)), (dt.date(2151, 1, 31), dt.date(2151, 2, 28))]
    start = np.array([a.toordinal() for a, _ in pairs], dtype=np.int64)
    end = np.array([b.toordinal() for _, b in pairs], dtype=np.int64)
    assert months_between_columns(start, end).tolist() == [months_between(a, b) for a, b in pairs]
    nothing = np.zeros(0, dtype=np.int64)
    assert months_between_columns(nothing, nothing).tolist() == []  # an empty batch


def _variants(row: dict[str, str], as_of: dt.date) -> list[dict[str, str]]:
    """A case's row with its periods given another way: in whole months up to the day judged (as
    a period in months is), ending on that day, and ending the day before."""
    out: list[dict[str, str]] = []
    sections = [s for s in SECTIONS if row.get(f"{s}_since") and not row.get(f"{s}_until")]
    if not sections:
        return out
    months = dict(row)
    for s in sections:
        since = dt.date.fromisoformat(row[f"{s}_since"])
        months[f"{s}_since"], months[f"{s}_months"] = "", str(months_between(since, as_of))
    out.append(months)
    for last in (as_of, as_of - dt.timedelta(days=1)):
        ended = dict(row)
        for s in sections:
            ended[f"{s}_until"] = last.isoformat() if dt.date.fromisoformat(row[f"{s}_since"]) <= last else ""
        out.append(ended)
    return out


CASES = {key: [flat(profile) for _, profile in cases] for key, cases in CASE_BATCHES.items()}
VARIANTS = {key: [v for row in rows for v in _variants(row, key[1])] for key, rows in CASES.items()}


# Law: the verdict cases with their periods given in months, or ending on the day judged or the
# day before, are judged row for row as the explaining engine judges them.
@pytest.mark.parametrize(
    ("city", "as_of"),
    [key for key in sorted(VARIANTS) if VARIANTS[key]],
    ids=[f"{GAZETTEER.resolve(c).code}-{d}" for c, d in sorted(VARIANTS) if VARIANTS[(c, d)]],
)
def test_the_cases_periods_in_months_or_ended_are_judged_as_the_engine_does(city: str, as_of: dt.date) -> None:
    rows = VARIANTS[(city, as_of)]
    try:
        judged = _judged(_table(rows), len(rows), [city], as_of)
    except NotVectorised as exc:  # points channels are judged by the explaining engine alone
        pytest.skip(str(exc))
    for i, row in enumerate(rows):
        assert bool(judged.fast[i] or judged.handed_over[i]) == _accepted(row, as_of), row
        if judged.fast[i]:
            assert _said(judged, i) == [_written(row, city, as_of)], {k: v for k, v in row.items() if v}


# Law: on the verdict cases and their variants, each channel that does not admit a row the evaluator
# judges itself costs what it costs in the explaining engine (hukou.judging.nearest), so that both
# name the same nearest channel for the same reason.
@pytest.mark.parametrize(
    ("city", "as_of"), sorted(CASES), ids=[f"{GAZETTEER.resolve(c).code}-{d}" for c, d in sorted(CASES)]
)
def test_every_channel_of_the_cases_costs_what_it_costs_in_the_engine(city: str, as_of: dt.date) -> None:
    rows = CASES[(city, as_of)] + VARIANTS[(city, as_of)]
    place = GAZETTEER.resolve(city)
    for row, costs in zip(rows, batch_costs(rows, place, as_of), strict=True):
        if costs is None:  # left to the explaining engine, or a place not judged on columns
            continue
        profile = profile_from_data(profile_data(row), LineIndex("<row>", {}), as_of)
        engine = {c.id: c.distance for c in judge(profile, RULEBOOK, place, as_of).channels if c.verdict != "eligible"}
        assert {c: costs[c] for c in engine} == pytest.approx(engine), {k: v for k, v in row.items() if v}


# --- the trees' masks (hukou.backends.vector.masks) -------------------------------------------------


def _rows_apart_by_one_bit(width: int) -> np.ndarray:
    """A batch of boolean rows with repeats: a few drawn at random, the row of no bit set (no channel
    admits: the commonest), and copies of it and of the first drawn with one bit flipped — the first,
    the last, and those at the edges of each byte and 64-bit word."""
    rng = np.random.default_rng(width)
    drawn = np.concatenate([rng.random((4, width)) < 0.5, np.zeros((1, width), dtype=bool)])
    flips = sorted({b for b in (0, 7, 8, 56, 63, 64, 127, 128, width - 1) if b < width})
    apart = np.repeat(drawn[[0, -1]], len(flips), axis=0)
    apart[np.arange(len(apart)), flips * 2] ^= True
    pool = np.concatenate([drawn, apart])
    return np.concatenate([pool, pool[rng.permutation(len(pool))], pool[::-1]])


# Law: among the distinct rows of a boolean matrix (the sets of channels admitting a row, the
# conditions said of it), each row finds one equal to itself, and no two of them are equal — at
# every width, rows a single bit apart anywhere in the 64-bit words they are packed into included.
@pytest.mark.parametrize("width", [1, 8, 9, 64, 65, 130])
def test_each_row_finds_its_own_bits_among_the_distinct_ones(width: int) -> None:
    from hukou.backends.vector.masks import distinct_rows

    bits = _rows_apart_by_one_bit(width)
    first, inverse = distinct_rows(bits)
    assert inverse.shape == (len(bits),)
    assert (bits[first][inverse] == bits).all()
    assert len(first) == len({tuple(r) for r in bits.tolist()})


def _kaili_written_alike(tmp_path: Any, changes: dict[str, str], rows: list[dict[str, str]]) -> None:
    """Kaili's rule file with ``changes``: the rows written by hukou batch as by the explaining engine,
    and each judged on columns."""
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    from .test_vector_rows import kaili_rewritten, places, written_alike

    rulebook = kaili_rewritten(tmp_path, changes)
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    written_alike(chunk, rulebook, places("凯里"))
    judged = judge_columns(chunk.columns, chunk.size, rulebook, places("凯里"), DAY, explain=True)
    assert judged.fast.all()


K6_TALENT = (
    "conditions: {id: talent_certificate, fact: groups, op: contains, value: talent,"
    " label: {zh: 人才引进证明, en: talent-introduction certificate}}"
)
OUTSIDER = {"hukou_province": "湖南", "hukou_city": "邵阳", "hukou_type": "rural"}
GROUPS = ["talent", "relocation", "none", ""]


# Law: a group of a single condition (a rule file may write `all` or `any` of one) is judged and
# explained as the condition alone is by the explaining engine: Kaili's talent channel (k6) so
# written, for a talent, someone of another group, of none, and someone not saying.
@pytest.mark.parametrize("kind", ["all", "any"])
def test_a_group_of_one_condition_is_judged_as_the_engine_judges_it(tmp_path: Any, kind: str) -> None:
    from .test_vector_rows import row

    grouped = K6_TALENT.replace("conditions: {", f"conditions: {{{kind}: [{{") + "]}"
    rows = [row(groups=g, **OUTSIDER) for g in GROUPS]
    _kaili_written_alike(tmp_path, {K6_TALENT: grouped}, rows)


K2_RECOGNISED = "{id: moe_recognized, fact: education.moe_recognized"


# Law: a condition's id is its author's to choose: one ending in `_none` (as the trees mark "no item
# of the list") is judged as any other condition, here Kaili's recognised degree (k2) so named, for
# degrees recognised, not recognised and not said.
def test_a_condition_named_as_no_item_is_judged_as_the_engine_judges_it(tmp_path: Any) -> None:
    from .test_vector_rows import row

    renamed = K2_RECOGNISED.replace("moe_recognized,", "doubts_none,")
    degree = OUTSIDER | {"education_level": "bachelor", "education_graduated": "2020-07-01"}
    rows = [row(education_moe_recognized=said, **degree) for said in ("yes", "no", "")]
    _kaili_written_alike(tmp_path, {K2_RECOGNISED: renamed}, rows)


CQ_WORKING = '{id: works_here_now, fact: employment.current, op: "==", value: true, counted_in: area'
CQ_TALENT = "{id: works_here_now, fact: groups, op: contains, value: talent, counted_in: area"


# Law: a fact of a set (groups) counted in the zone is judged as the explaining engine judges it
# even where the batch knows the zone of no row (Chongqing as a whole, asked for people with no
# job): Chongqing's "working in this zone now" rewritten as "a talent recognised in this zone", for
# a talent, someone of no group and someone not saying, at Chongqing as a whole, at a district of
# one zone and at a district split between zones.
def test_a_set_counted_in_no_known_zone_is_judged_as_the_engine_judges_it(tmp_path: Any) -> None:
    from hukou.front.batch.files import chunk_of_rows

    from .test_vector_rows import kaili_rewritten, places, row, written_alike

    rulebook = kaili_rewritten(tmp_path, {CQ_WORKING: CQ_TALENT}, "chongqing/chongqing.yaml")
    chunk = chunk_of_rows([row(groups=g, **OUTSIDER) for g in GROUPS], 1, flat=True, source="<rows>")
    for place in ("重庆", "渝中区", "大渡口区"):
        written_alike(chunk, rulebook, places(place))


# --- the worlds the evaluator judges on columns (hukou.backends.vector.worlds) ----------------------

# A parent of Hunan joining an adult child whose hukou is in Yuzhong (cq135: a man of 60 or a woman
# of 55), the sex not said: of 62 (met either way), of 57 (met as a woman only), of 50 (met in
# neither); each with a home whose area is given and the family not said, and with no family.
PARENT = {"hukou_province": "湖南", "hukou_city": "邵阳", "hukou_type": "rural", "retired": "no"}
JOINING = {"relative_relation": "child", "relative_city": "渝中区", "relative_urban": "yes"}
HOME = {"housing_city": "渝中区", "housing_since": "2020-01-01", "housing_tenure": "owned", "housing_area_sqm": "80"}


# Law: a channel open only in the applicant's sex (Chongqing's elderly parents) is judged over both
# sexes as the explaining engine judges it — on columns, whatever is said of the family and the home,
# which that channel does not read.
def test_a_sex_not_said_is_judged_over_both_as_the_engine_judges_it() -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    from .test_vector_rows import both_ways, places, row

    rows = [
        row(age=age, family=family, **(PARENT | JOINING | HOME))
        for age in ("62", "57", "50")
        for family in ("", "none", "spouse with")
    ]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    where = places("渝中区")
    both_ways(chunk, where, DAY)
    judged = judge_columns(chunk.columns, chunk.size, RULEBOOK, where, DAY, explain=True)
    assert judged.fast.all()


# Jobs in Dadukou, a district split between the core and the expansion zone: of an employee and of
# a business, of eight months and of six years, in each zone and in one not said; and the parent
# of 57 (sex not said) with a job there whose zone is not said, and no insurance.
SPLIT_WORKER = PARENT | {
    "employment_city": "大渡口区",
    "social_insurance_city": "渝中区",
    "social_insurance_since": "2018-01-01",
}
SPLIT_JOBS = [
    SPLIT_WORKER | {"employment_kind": kind, "employment_since": since, "employment_zone": zone}
    for kind in ("employee", "self_employed")
    for since in ("2024-01-01", "2018-01-01")
    for zone in ("core", "expansion", "")
]
PARENT_WITH_A_SPLIT_JOB = PARENT | JOINING | {"age": "57", "social_insurance_city": "none"}
PARENT_WITH_A_SPLIT_JOB |= {"employment_city": "大渡口区", "employment_since": "2024-01-01"}


# Law: a job in a district split between zones, its zone not said, is judged over the zones it may
# be in as the explaining engine judges it; only channels that count in zones need the zone, so a
# row with such a job that no such channel leaves open (the parent, insured nowhere) is judged on
# columns, as is every row whose zone is said.
def test_a_job_in_a_split_district_is_judged_as_the_engine_judges_it() -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    from .test_vector_rows import both_ways, places, row

    cells = [*SPLIT_JOBS, PARENT_WITH_A_SPLIT_JOB]
    chunk = chunk_of_rows([row(**c) for c in cells], 1, flat=True, source="<rows>")
    for place in ("渝中区", "大渡口区"):
        both_ways(chunk, places(place), DAY)
    judged = judge_columns(chunk.columns, chunk.size, RULEBOOK, places("渝中区"), DAY, explain=True)
    said = [c is PARENT_WITH_A_SPLIT_JOB or c["employment_zone"] != "" for c in cells]
    assert [bool(f) for f, s in zip(judged.fast, said, strict=True) if s] == [True] * sum(said)


K4_AREA = '- {id: area_per_person, fact: area_per_person, op: ">=", value: 20, unit: sqm}'
K4_NOT_BELOW = '- {not: {id: area_per_person, fact: area_per_person, op: "<", value: 20, unit: sqm}}'
# Families whose household is one size (no one; a spouse living with the applicant) and may be of
# several (a parent or a spouse and child not said to live with the applicant; the family not said).
FAMILY_SAID = {"none": True, "spouse with": True, "parent 80": False, "spouse; child 5": False, "": False}


# Law: Kaili's home purchase written as "not below 20 m² per person" (不低于: a `not` of `<`), so no
# longer moving one way as the household grows, is written as the explaining engine writes it; a
# row whose household may be of several sizes, its area given, is the engine's, and a row whose
# household is one size is judged on columns.
def test_a_household_under_a_not_is_judged_as_the_engine_judges_it(tmp_path: Any) -> None:
    from hukou.backends.vector.judge import judge_columns
    from hukou.front.batch.files import chunk_of_rows

    from .test_vector_rows import KAILI_BUYER, kaili_rewritten, places, row, written_alike

    rulebook = kaili_rewritten(tmp_path, {K4_AREA: K4_NOT_BELOW})
    families = [f for _ in ("100", "30", "10") for f in FAMILY_SAID]
    rows = [row(housing_area_sqm=a, family=f, **KAILI_BUYER) for a in ("100", "30", "10") for f in FAMILY_SAID]
    chunk = chunk_of_rows(rows, 1, flat=True, source="<rows>")
    written_alike(chunk, rulebook, places("凯里"))
    judged = judge_columns(chunk.columns, chunk.size, rulebook, places("凯里"), DAY, explain=True)
    assert judged.fast.tolist() == [FAMILY_SAID[f] for f in families]
    assert judged.handed_over.tolist() == [not FAMILY_SAID[f] for f in families]
