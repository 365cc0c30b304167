"""The durable-rules engine through the CLI and at volume (law 8 itself is tests/test_engines_agree.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge
from hukou.front.cli import app

from .strategies import AS_OF, RULEBOOK

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ROWS = yaml.safe_load((EXAMPLES / "expected.yaml").read_text(encoding="utf-8"))
needs_durable = pytest.mark.skipif(
    find_spec("durable") is None, reason="durable-rules is an optional extra: pip install 'hukou-rules[durable]'"
)


def _check(*args: str) -> Any:
    result = CliRunner().invoke(app, ["check", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@needs_durable
@pytest.mark.parametrize("row", ROWS, ids=[f"{r['profile']}@{r['as_of']}" for r in ROWS])
def test_examples_get_the_same_report_from_both_engines(row: dict[str, Any]) -> None:
    args = [str(EXAMPLES / row["profile"]), "--as-of", str(row["as_of"])]
    for city in row["expect"]:
        args += ["--city", city]
    durable = _check(*args, "--engine", "durable")
    assert durable == _check(*args)
    for result, (city, want) in zip(durable["results"], row["expect"].items(), strict=True):
        assert result["city"] == city
        assert (result["verdict"], result["admitted_by"]) == (want["verdict"], want["admitted_by"])


@needs_durable
def test_two_thousand_judgements_do_not_exhaust_the_sessions() -> None:
    # durable-rules runs out of per-session state after 1,024 live sessions; each judgement
    # deletes its own, so a long batch keeps working and keeps agreeing.
    from hukou.backends.durable_engine import judge_rete

    profile = Profile.model_validate(yaml.safe_load((EXAMPLES / "jiyuan-renter.yaml").read_text(encoding="utf-8")))
    place = GAZETTEER.resolve("济源")
    want = judge(profile, RULEBOOK, place, AS_OF)
    verdicts = {judge_rete(profile, RULEBOOK, place, AS_OF).verdict for _ in range(2000)}
    assert verdicts == {want.verdict}


def test_without_the_extra_the_durable_engine_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "durable", None)  # makes `import durable...` fail, installed or not
    monkeypatch.setitem(sys.modules, "durable.lang", None)
    result = CliRunner().invoke(app, ["check", str(EXAMPLES / "kaili-graduate.yaml"), "--engine", "durable"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "pip install 'hukou-rules[durable]'" in lines[0]
    assert "Traceback" not in result.output


def test_the_default_engine_never_imports_durable_rules() -> None:
    code = (
        "import sys; from typer.testing import CliRunner; from hukou.front.cli import app; "
        "r = CliRunner().invoke(app, ['check', 'examples/kaili-graduate.yaml', '--city', '凯里']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'durable' or m == 'hukou.backends.durable_engine'))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=EXAMPLES.parent, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
