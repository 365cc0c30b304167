"""The vectorised evaluator (hukou batch) against the explaining engine, the reference."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge
from hukou.errors import HukouError, NotVectorised
from hukou.front.batch.files import Record
from hukou.front.batch.run import RESULT_COLUMNS, result_row
from hukou.front.cli import app
from hukou.model.flat_profile import COLUMNS, flat_row, profile_data
from hukou.model.profile_file import profile_from_data
from hukou.yamlio import LineIndex

from .conftest import ROOT
from .jurisdictions import judging_days
from .strategies import AS_OF, RULEBOOK, SPOTS, profiles
from .test_batch import flattenable, read_csv
from .test_nearest import batch_costs

EXTRA = "the vectorised evaluator needs the batch extra: pip install 'hukou-rules[batch]'"
np = pytest.importorskip("numpy", reason=EXTRA)
pytest.importorskip("pyarrow", reason=EXTRA)

SAMPLE = ROOT / "examples" / "batch" / "profiles.csv"
NESTED = ROOT / "examples" / "batch" / "examples.jsonl"
SAID = ("verdict", "admitted_by", "nearest", "failing", "unknown")
# Every place the laws judge in, found from the rulebook (tests/jurisdictions.py): each encoded
# jurisdiction, a member of each area it names and a district split between two (重庆 as a whole
# takes the zone of the applicant's job), a division in no area, a neighbour no rule file governs;
# on today's date and a day inside every channel's window (the points schemes of 2014–2019).
PLACES = [(name, spot.place) for name, spot in SPOTS.items()]
DAYS = st.sampled_from(judging_days(RULEBOOK, AS_OF))
runner = CliRunner()


def flat(data: dict[str, Any]) -> dict[str, str]:
    """A generated profile as a CSV row would hold it: every cell text, blank when unknown."""
    row = flat_row(Profile.model_validate(flattenable(data)))
    return {k: "" if v is None else str(v) for k, v in row.items()}


def columns(rows: list[dict[str, str]]) -> dict[str, list[str]]:
    return {name: [r.get(name, "") for r in rows] for name in COLUMNS}


def reference(row: dict[str, Any], as_of: dt.date) -> list[tuple[str, ...]] | None:
    """What hukou batch writes of the row for each city (verdict, admitting channels, nearest channel,
    its conditions not met, the facts missing), or None if it refuses the row."""
    try:
        profile = profile_from_data(profile_data(row), LineIndex("<row>", {}), as_of)
    except HukouError:
        return None
    out = []
    for name, place in PLACES:
        written = result_row(Record(1, None, None), name, judge(profile, RULEBOOK, place, as_of))
        out.append(tuple(written[k] or "" for k in SAID))
    return out


Said = tuple[str, ...] | str | None


def vectorised(rows: list[dict[str, Any]], as_of: dt.date) -> list[list[Said]]:
    """The same, from the evaluator, city by city: "handed over" where it leaves the row to the
    explaining engine, None where it refuses the row. A place whose rules it does not judge on
    columns (a points scheme in force) is handed over as a whole; the other places are still
    compared."""
    try:
        return _vectorised(rows, as_of, PLACES)
    except NotVectorised:
        each = [_vectorised_or_handed_over(rows, as_of, [place]) for place in PLACES]
        return [[each[j][i][0] for j in range(len(PLACES))] for i in range(len(rows))]


def _vectorised_or_handed_over(rows: list[dict[str, Any]], as_of: dt.date, places: list[Any]) -> list[list[Said]]:
    try:
        return _vectorised(rows, as_of, places)
    except NotVectorised:
        return [["handed over"] for _ in rows]


def _vectorised(rows: list[dict[str, Any]], as_of: dt.date, places: list[Any]) -> list[list[Said]]:
    from hukou.backends.vector.judge import VERDICTS, judge_columns

    judged = judge_columns(columns(rows), len(rows), RULEBOOK, places, as_of, explain=True)
    said = []
    for city in judged.cities:
        assert city.nearest is not None and city.failing is not None and city.unknown is not None
        verdicts = np.array(VERDICTS, dtype=object)[city.verdict]
        said.append(list(zip(verdicts, city.admitted_by, city.nearest, city.failing, city.unknown, strict=True)))
    out: list[list[Said]] = []
    for i in range(len(rows)):
        if judged.fast[i]:
            out.append([tuple(str(v or "") for v in said[j][i]) for j in range(len(judged.cities))])
        else:
            out.append(["handed over" if judged.handed_over[i] else None] * len(places))
    return out


near_somewhere = st.sampled_from([n for n, s in SPOTS.items() if s.rules]).flatmap(lambda c: profiles(near=c))
batches = st.lists(st.one_of(profiles(), near_somewhere), min_size=1, max_size=12)


# A batch is many profiles: a third as many examples as the hypothesis profile asks (ci 66, long 1,666:
# python -m pytest tests/test_vector.py --hypothesis-profile=long).
BATCHES = settings.default.max_examples // 3


# Law: for a batch of profiles that fit a flat row, the evaluator judges every row itself — but those
# it hands to the explaining engine because a channel open for them may be decided over the values
# their unknown facts may take (hukou.judging.possible), or because they name a credential that counts only
# where it was issued — and gives each row, in every city, what the explaining engine gives: the
# verdict, the admitting channels, the nearest channel, its conditions not met, and the facts missing.
@settings(max_examples=BATCHES, deadline=None)
@given(batches, DAYS)
def test_the_vectorised_evaluator_agrees_with_the_explaining_engine(batch: list[dict[str, Any]], day: dt.date) -> None:
    rows = [flat(data) for data in batch]
    expected = [reference(row, day) for row in rows]
    got = vectorised(rows, day)
    for row, want, have in zip(rows, expected, got, strict=True):
        if want is None:  # dated after the day judged: refused by both
            assert set(have) <= {None, "handed over"}
            continue
        for (city, _), wanted, had in zip(PLACES, want, have, strict=True):
            if had != "handed over":
                assert had == wanted, (city, {k: v for k, v in row.items() if v})


# Law: for a batch of profiles that fit a flat row, in every place, each channel that does not admit a
# row the evaluator judges itself costs what it costs in the explaining engine (hukou.judging.nearest:
# a wait, a change, a fact to tell) — so both name the same nearest channel for the same reason, a
# home or job still going on waited for alike.
@settings(max_examples=BATCHES // 2, deadline=None)
@given(batches)
def test_every_channel_not_admitting_costs_what_it_costs_in_the_explaining_engine(batch: list[dict[str, Any]]) -> None:
    rows = [flat(data) for data in batch]
    for name, place in PLACES:
        for row, costs in zip(rows, batch_costs(rows, place, AS_OF), strict=True):
            if costs is None:  # left to the explaining engine
                continue
            profile = profile_from_data(profile_data(row), LineIndex("<row>", {}), AS_OF)
            report = judge(profile, RULEBOOK, place, AS_OF)
            engine = {c.id: c.distance for c in report.channels if c.verdict != "eligible"}
            assert {c: costs[c] for c in engine} == pytest.approx(engine), (name, {k: v for k, v in row.items() if v})


def test_a_split_district_every_zone_of_which_meets_a_condition_is_not_missing() -> None:
    row = flat({"hukou": {"province": "湖南省", "city": "湖南省邵阳市"}})
    day = dt.date(2015, 10, 13)
    city = GAZETTEER.full_name(GAZETTEER.resolve("大渡口区"))
    i = [name for name, _ in PLACES].index(city)
    explained = reference(row, day)
    assert explained is not None and explained[i][4] == "重庆市市外来渝人员积分落户办法"
    # The evaluator settles the zone's worlds but leaves the wording to the explaining engine.
    said = vectorised([row], day)[0]
    assert said is not None and said[i] in ("handed over", explained[i])


def test_an_unknown_sex_alone_sends_no_row_to_the_explaining_engine() -> None:
    """Most profiles give no sex: the evaluator judges both sexes itself, and admits a parent of 70
    whichever the sex, as the explaining engine does."""
    from hukou.backends.vector.judge import VERDICTS, judge_columns

    rows = [flat({}), flat({"age": 70, "relatives": [{"relation": "child", "city": "重庆渝北区", "urban": True}]})]
    places = [(name, GAZETTEER.resolve(name)) for name in ("凯里", "济源", "渝北区", "金华")]
    judged = judge_columns(columns(rows), len(rows), RULEBOOK, places, dt.date(2024, 9, 1))
    assert judged.fast.tolist() == [True, True]
    assert judged.handed_over.tolist() == [False, False]
    yubei = judged.cities[2]
    assert VERDICTS[yubei.verdict[1]] == "eligible"
    assert "cq135_elderly_parent_joining" in yubei.admitted_by[1].split(";")


NASTY = [
    "x",
    "-5",
    "0",
    "1",
    "none",
    "yes",
    "2030-01-01",
    "2023年13月1日",
    "1e9",
    "999999",
    "凯黎",
    "杭州",
    "spouse 5 with",
]


@st.composite
def damaged_rows(draw: st.DrawFn) -> dict[str, str]:
    row = flat(draw(profiles()))
    for name in draw(st.lists(st.sampled_from(COLUMNS), min_size=1, max_size=3)):
        row[name] = draw(st.sampled_from(NASTY))
    return row


# Law: the evaluator never judges a row the explaining engine refuses; a damaged row is either left
# to the engine or judged exactly as the engine judges it.
@settings(max_examples=BATCHES * 2, deadline=None)
@given(st.lists(damaged_rows(), min_size=1, max_size=8))
@example([dict.fromkeys(COLUMNS, "") | {"education_school_city": "none"}])  # "none" empties sections only
def test_a_damaged_row_is_never_judged_differently(rows: list[dict[str, str]]) -> None:
    day = dt.date(2024, 9, 1)
    for row, have in zip(rows, vectorised(rows, day), strict=True):
        want = reference(row, day) or [None] * len(PLACES)
        for (city, _), had, wanted in zip(PLACES, have, want, strict=True):
            if had not in (None, "handed over"):
                assert had == wanted, (city, {k: v for k, v in row.items() if v})


def outcome(rows: list[dict[str, Any]], source: Path = SAMPLE) -> list[tuple[str, ...]]:
    """What both ways of judging must give alike (blank and empty the same, errors naming the input)."""
    keys = RESULT_COLUMNS
    return [tuple(_text(r[k]).replace(str(source), "<input>") for k in keys) for r in rows]


def _text(value: Any) -> str:
    """A result cell as CSV writes it (Parquet keeps lists as lists and booleans as booleans)."""
    if isinstance(value, bool):
        return "true" if value else ""
    return ";".join(value) if isinstance(value, list) else "" if value in (None, "false") else str(value)


def nested(data: dict[str, Any]) -> dict[str, Any]:
    """A generated profile as a line of JSON holds it (dates as text)."""
    return dict(json.loads(json.dumps(data, default=str)))


# Law: nested profiles (JSON Lines) are judged row for row as the explaining engine judges them —
# those a flat row holds by the evaluator, the others (several periods of a kind, two relatives, a
# padded or blank text) by the engine — explanations and error rows included.
@settings(max_examples=BATCHES, deadline=None)
@given(st.lists(st.one_of(profiles().map(flattenable), near_somewhere, profiles()), min_size=1, max_size=12), DAYS)
def test_nested_profiles_are_judged_as_the_explaining_engine_judges_them(
    batch: list[dict[str, Any]], day: dt.date
) -> None:
    from hukou.front.batch.fast import judge_flat_chunk
    from hukou.front.batch.files import chunk_of_rows
    from hukou.front.batch.run import Totals, explain_chunk

    chunk = chunk_of_rows([{"id": f"p{i}", **nested(data)} for i, data in enumerate(batch)], 1, False, "<input>")
    fast_totals, slow_totals = Totals(), Totals()
    fast = judge_flat_chunk(chunk, RULEBOOK, PLACES, day, fast_totals)
    slow = explain_chunk(chunk, RULEBOOK, PLACES, day, slow_totals)
    assert {k: [str(v or "") for v in fast[k]] for k in RESULT_COLUMNS} == {
        k: [str(v or "") for v in slow[k]] for k in RESULT_COLUMNS
    }
    assert fast_totals == slow_totals


# Law: a nested profile a flat row holds comes back from that row as the very same profile.
@settings(max_examples=100, deadline=None)
@given(st.one_of(profiles().map(flattenable), profiles()))
def test_a_nested_profile_and_its_flat_row_are_one_profile(data: dict[str, Any]) -> None:
    from hukou.front.batch.nested import flat_cells

    value = nested(data)
    row = flat_cells(value)
    if row is not None:
        assert Profile.model_validate(profile_data(row)) == Profile.model_validate(value)


def explaining_only(monkeypatch: Any) -> None:
    """hukou batch with every row through the explaining engine: the reference the evaluator is held to."""
    import hukou.front.batch.run

    monkeypatch.setattr(hukou.front.batch.run, "chunk_judge", lambda: hukou.front.batch.run.explain_chunk)


@pytest.mark.parametrize("source", [SAMPLE, NESTED], ids=["csv", "jsonl"])
def test_batch_writes_the_rows_the_explaining_engine_writes(tmp_path: Path, monkeypatch: Any, source: Path) -> None:
    explained, fast = tmp_path / "explained.csv", tmp_path / "fast.csv"
    base = ["batch", str(source), "--as-of", "2024-09-01", "--out"]
    fast_run = runner.invoke(app, [*base, str(fast)])
    explaining_only(monkeypatch)
    slow_run = runner.invoke(app, [*base, str(explained)])
    assert read_csv(fast) == read_csv(explained)
    assert fast_run.exit_code == slow_run.exit_code
    assert fast_run.stderr.strip().splitlines()[-1] == slow_run.stderr.strip().splitlines()[-1]


@pytest.mark.parametrize("typed", [False, True], ids=["text", "typed"])
def test_batch_reads_parquet_and_writes_parquet(tmp_path: Path, monkeypatch: Any, typed: bool) -> None:
    import pyarrow as pa
    import pyarrow.csv as pa_csv
    import pyarrow.parquet as pq

    parquet = tmp_path / "profiles.parquet"
    # The same rows, bad ones too: every cell text, or typed as Arrow infers (dates, booleans, numbers).
    table = pa_csv.read_csv(SAMPLE) if typed else pa.Table.from_pylist(read_csv(SAMPLE))
    pq.write_table(table, parquet)
    out = tmp_path / "out.parquet"
    result = runner.invoke(app, ["batch", str(parquet), "-c", "凯里", "--as-of", "2024-09-01", "-o", str(out)])
    rows = pq.read_table(out).to_pylist()
    explained = tmp_path / "explained.csv"
    explaining_only(monkeypatch)
    runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "--as-of", "2024-09-01", "-o", str(explained)])
    assert outcome(rows, parquet) == outcome(read_csv(explained))
    assert result.exit_code == 2


def test_a_row_longer_than_the_header_is_an_error_row(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["id", "residence_city", "residence_months"])
        writer.writerow(["a", "凯里", "7"])
        writer.writerow(["b", "凯里", "7", "extra"])
        writer.writerow(["c", "凯里", "x"])
    result = runner.invoke(app, ["batch", str(path), "-c", "凯里", "--as-of", "2024-09-01"])
    lines = result.stdout.splitlines()
    assert len(lines) == 3 and '"verdict": "error"' in lines[1] and "rows.csv:3: more cells than columns" in lines[1]
    assert "residence[0].months" in lines[2]
    assert result.stderr.strip().endswith("3 inputs = 1 judged + 2 errors")


def test_a_fact_the_evaluator_cannot_derive_leaves_the_rows_to_the_explaining_engine(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """A rule file newer than the evaluator slows a batch down; it never changes an answer."""
    import hukou.backends.vector.judge

    def cannot(*_: Any) -> Any:
        raise NotVectorised("a fact from the future")

    explained, fast = tmp_path / "explained.csv", tmp_path / "fast.csv"
    base = ["batch", str(SAMPLE), "--as-of", "2024-09-01", "--out"]
    with monkeypatch.context() as patch:
        explaining_only(patch)
        runner.invoke(app, [*base, str(explained)])
    monkeypatch.setattr(hukou.backends.vector.judge, "derive", cannot)
    result = runner.invoke(app, [*base, str(fast)])
    assert read_csv(fast) == read_csv(explained)  # explanations and all
    assert result.exit_code == 2 and "Traceback" not in result.output
