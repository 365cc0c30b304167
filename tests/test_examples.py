"""Each example profile gets the verdict examples/expected.yaml says, through the CLI's JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from hukou.front.cli import app

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROWS = yaml.safe_load((EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))


def _cases() -> list[Any]:
    return [
        pytest.param(row, city, want, id=f"{row['profile']}@{row['as_of']}:{city}")
        for row in ROWS
        for city, want in row["expect"].items()
    ]


def test_every_example_profile_has_expectations() -> None:
    profiles = {p.name for p in EXAMPLES.glob("*.yaml")} - {"expected.yaml"}
    assert profiles == {row["profile"] for row in ROWS}
    assert len(profiles) >= 8


@pytest.mark.parametrize(("row", "city", "want"), _cases())
def test_example_verdict(row: dict[str, Any], city: str, want: dict[str, Any]) -> None:
    args = ["check", str(EXAMPLES / row["profile"]), "--city", city, "--as-of", str(row["as_of"]), "--format", "json"]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)["results"][0]
    assert report["verdict"] == want["verdict"]
    assert report["admitted_by"] == want["admitted_by"]
    if "registration" in want:
        assert report["registration"][0]["type"] == want["registration"]
    if "followers" in want:
        assert [f["may_follow"] for f in report["followers"]] == want["followers"]
