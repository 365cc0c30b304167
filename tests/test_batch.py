"""hukou batch and hukou convert: every input row accounted for, the flat form faithful."""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge
from hukou.front.cli import app
from hukou.model.flat_profile import COLUMNS, flat_row, profile_data

from .conftest import ROOT
from .strategies import RULEBOOK, profiles

SAMPLE = ROOT / "examples" / "batch" / "profiles.csv"
NESTED = ROOT / "examples" / "batch" / "examples.jsonl"
AS_OF = "2024-09-01"
runner = CliRunner()


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_every_input_row_gets_a_row_per_city_or_an_error_row(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    result = runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "-c", "济源", "--as-of", AS_OF, "--out", str(out)])
    inputs = len(read_csv(SAMPLE))
    rows = read_csv(out)
    errors = [r for r in rows if r["verdict"] == "error"]
    assert len(errors) == 2 and result.exit_code == 2
    assert len(rows) == (inputs - len(errors)) * 2 + len(errors)
    assert result.stderr.strip().endswith(f"{inputs} inputs = {inputs - 2} judged + 2 errors")
    assert "did you mean '凯里市'" in errors[1]["error"] and "row 13" in errors[1]["error"]


def test_batch_gives_the_verdicts_check_gives(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    result = runner.invoke(app, ["batch", str(NESTED), "-c", "凯里", "--as-of", AS_OF, "--out", str(out)])
    assert result.exit_code == 0, result.stderr
    rows = {r["id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    kaili = GAZETTEER.resolve("凯里")
    for line in NESTED.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        name = data.pop("id")
        report = judge(Profile.model_validate(data), RULEBOOK, kaili, dt.date.fromisoformat(AS_OF))
        assert (rows[name]["verdict"], rows[name]["admitted_by"]) == (report.verdict, ";".join(report.admitted_by))


def test_the_summary_counts_verdicts_and_failures() -> None:
    result = runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "--as-of", AS_OF, "--summary"])
    assert "k2_education.degree" in result.stdout and "most common failing conditions" in result.stdout
    # kaili-talent-small-flat is admitted by K2 and K3 at once: counted under each, and said so.
    assert "│ 凯里 │ eligible     │ k2_education           │ 1 " in result.stdout
    assert "counted under each" in result.stdout
    # (the row's message wraps in the table where the checkout's path is long: look for the value)
    assert "rows not judged" in result.stdout and "'十二'" in result.stdout
    assert "13 inputs = 11 judged + 2 errors" in result.stdout
    assert "rows/s" not in result.stderr  # no progress display when stderr is not a terminal


def test_convert_there_and_back_keeps_every_verdict(tmp_path: Path) -> None:
    flat, nested = tmp_path / "flat.csv", tmp_path / "back.jsonl"
    first = runner.invoke(app, ["convert", str(NESTED), str(flat)])
    # Two examples hold more than a flat row can (a named relative, two stays) and are named.
    assert first.exit_code == 2 and "13 inputs = 11 converted + 2 errors" in first.stderr
    assert "row 13 (id zhejiang-jinhua-renter): 2 residence periods do not fit a flat row" in first.stderr
    assert runner.invoke(app, ["convert", str(flat), str(nested)]).exit_code == 0
    kaili, day = GAZETTEER.resolve("凯里"), dt.date.fromisoformat(AS_OF)
    originals = {(d := json.loads(line)).pop("id"): d for line in NESTED.read_text(encoding="utf-8").splitlines()}
    for line in nested.read_text(encoding="utf-8").splitlines():
        back = json.loads(line)
        name = back.pop("id")
        before = judge(Profile.model_validate(originals[name]), RULEBOOK, kaili, day)
        after = judge(Profile.model_validate(back), RULEBOOK, kaili, day)
        assert (after.verdict, after.admitted_by) == (before.verdict, before.admitted_by), name


def test_parquet_in_and_out(tmp_path: Path) -> None:
    pytest.importorskip("pyarrow", reason="Parquet is an optional extra: pip install 'hukou-rules[batch]'")
    flat, out = tmp_path / "p.parquet", tmp_path / "o.parquet"
    runner.invoke(app, ["convert", str(SAMPLE), str(flat)])
    result = runner.invoke(app, ["batch", str(flat), "-c", "凯里", "--as-of", AS_OF, "--out", str(out)])
    assert result.exit_code == 0 and "11 inputs = 11 judged + 0 errors" in result.stderr
    import pyarrow.parquet as parquet

    assert parquet.read_table(out).num_rows == 11


def test_parquet_results_have_real_types_and_verdicts_only_drops_the_explanations(tmp_path: Path) -> None:
    pa = pytest.importorskip("pyarrow", reason="Parquet is an optional extra: pip install 'hukou-rules[batch]'")
    import pyarrow.parquet as parquet

    out, short = tmp_path / "o.parquet", tmp_path / "v.parquet"
    runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "--as-of", AS_OF, "--out", str(out)])
    table = parquet.read_table(out)
    assert table.schema.field("row").type == pa.int64()
    assert table.schema.field("admitted_by").type == pa.list_(pa.string())
    assert pa.types.is_dictionary(table.schema.field("verdict").type)
    rows = {r["id"]: r for r in table.to_pylist()}
    assert rows["kaili-talent-small-flat"]["admitted_by"] == ["k2_education", "k3_residence_insurance"]
    assert rows["chongqing-yubei-worker"]["failing"] == ["degree"]
    runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "--as-of", AS_OF, "--out", str(short), "--verdicts-only"])
    assert parquet.read_table(short).schema.names == ["row", "id", "city", "verdict", "admitted_by", "draft", "error"]


def test_a_verdict_resting_on_a_draft_document_is_marked(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    runner.invoke(app, ["batch", str(SAMPLE), "-c", "凯里", "-c", "济源", "--as-of", AS_OF, "--out", str(out)])
    marked = {(r["city"], r["draft"]) for r in read_csv(out) if r["verdict"] != "error"}
    assert marked == {("凯里", "true"), ("济源", "false")}  # Kaili's rules rest on its 2019 draft


def test_an_unknown_column_is_an_error_row_not_a_silent_drop(tmp_path: Path) -> None:
    path = tmp_path / "typo.csv"
    path.write_text("id,hukou_provinse\na,湖南\n", encoding="utf-8")
    result = runner.invoke(app, ["batch", str(path), "-c", "凯里", "--as-of", AS_OF])
    assert result.exit_code == 2
    assert "unknown column 'hukou_provinse'" in result.stdout


def flattenable(data: dict[str, Any]) -> dict[str, Any]:
    """The profile cut to what a flat row holds: one item per kind, no names of relatives."""
    out = dict(data)
    for key in ("residence", "housing", "employment", "social_insurance", "study", "relatives"):
        if out.get(key):
            out[key] = out[key][:1]
    return out


# Law: a profile that fits a flat row comes back from the row unchanged (flattening loses nothing
# the flat form can hold).
@settings(max_examples=100, deadline=None)
@given(profiles())
def test_flat_rows_read_back_as_the_same_profile(data: dict[str, Any]) -> None:
    profile = Profile.model_validate(flattenable(data))
    row = {k: ("" if v is None else str(v)) for k, v in flat_row(profile).items()}
    assert set(row) == set(COLUMNS)
    assert Profile.model_validate(profile_data(row)) == profile


def test_bad_lines_of_a_jsonl_file_become_error_rows(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    good = '{"id": "a", "hukou": {"province": "湖南"}, "residence": [{"city": "凯里", "months": 7}]}'
    path.write_text(f'{good}\nnot json\n[1, 2]\n\n{{"residence": [{{"city": "凯里", "months": "x"}}]}}\n', "utf-8")
    result = runner.invoke(app, ["batch", str(path), "-c", "凯里", "--as-of", AS_OF])
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["verdict"] == "error" for r in rows] == [False, True, True, True]
    assert "mixed.jsonl:2: not JSON" in rows[1]["error"] and "not list" in rows[2]["error"]
    assert "residence[0].months" in rows[3]["error"]
    assert result.stderr.strip().endswith("4 inputs = 1 judged + 3 errors") and result.exit_code == 2
