"""The batch evaluator runs unchanged on Dask: the same result rows as `hukou batch`, on a small input."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou.front.cli import app

from .conftest import ROOT

pytest.importorskip("distributed", reason="Dask is an optional extra: pip install 'hukou-rules[dask]'")

SAMPLE = ROOT / "examples" / "batch" / "profiles.csv"
NESTED = ROOT / "examples" / "batch" / "examples.jsonl"


@pytest.mark.parametrize("source", [SAMPLE, NESTED], ids=["flat", "nested"])
def test_a_local_dask_cluster_gives_the_rows_hukou_batch_gives(source: Path) -> None:
    spec = importlib.util.spec_from_file_location("dask_batch", ROOT / "examples" / "dask_batch.py")
    assert spec is not None and spec.loader is not None
    example = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(example)
    on_dask = example.judge_on_dask(source, ["凯里", "济源"], dt.date(2024, 9, 1), workers=2, size=4)
    command = ["batch", str(source), "-c", "凯里", "-c", "济源", "--as-of", "2024-09-01"]
    serial = CliRunner().invoke(app, command)
    expected = [json.loads(line) for line in serial.stdout.splitlines()]
    key = lambda row: (row["row"], row["city"] or "")  # noqa: E731
    assert sorted(on_dask, key=key) == sorted(expected, key=key)
    assert len({r["row"] for r in on_dask}) == 13  # every input row is there
