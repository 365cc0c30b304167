"""The README and the published schemas stay true to what the tool does."""

from __future__ import annotations

import json
import os
import re
import shlex

import pytest
from typer.testing import CliRunner

from hukou.cli import app
from hukou.profile import Profile
from hukou.rulebook.schema import rule_file_json_schema

from .conftest import ROOT

README = ROOT / "README.md"
BLOCK = re.compile(r"<!-- command: (?P<command>.+?) -->\n```text\n(?P<output>.*?)```", re.S)


def _blocks() -> list[tuple[str, str]]:
    return [(m["command"], m["output"]) for m in BLOCK.finditer(README.read_text(encoding="utf-8"))]


def test_readme_shows_real_output_for_commands() -> None:
    assert len(_blocks()) >= 4


@pytest.mark.parametrize(("command", "shown"), _blocks(), ids=[c for c, _ in _blocks()])
def test_readme_output_is_what_the_command_prints(command: str, shown: str) -> None:
    args, failing, status = command.partition(" | exit ")
    args, tail, last = args.partition(" | last ")
    args, _, limit = args.partition(" | first ")
    words = shlex.split(args)
    assert words[0] == "hukou"
    if "--fast" in words:
        pytest.importorskip(
            "numpy", reason="hukou batch --fast needs the batch extra: pip install 'hukou-rules[batch]'"
        )
    result = CliRunner().invoke(app, words[1:], env={"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"})
    # "| exit N": the command fails on purpose with status N; its stdout, then its stderr, is shown.
    assert result.exit_code == (int(status) if failing else 0), result.stderr
    out = result.stdout + result.stderr if failing else result.stdout
    if limit:
        out = "".join(out.splitlines(keepends=True)[: int(limit.split()[0])])
    if tail:
        out = "".join(out.splitlines(keepends=True)[-int(last.split()[0]) :])
    if os.environ.get("UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        README.write_text(
            text.replace(
                f"<!-- command: {command} -->\n```text\n{shown}```", f"<!-- command: {command} -->\n```text\n{out}```"
            ),
            encoding="utf-8",
        )
        return
    assert out == shown


@pytest.mark.parametrize(
    ("schema", "name"), [(Profile.model_json_schema(), "profile"), (rule_file_json_schema(), "rule-file")]
)
def test_published_schema_is_current(schema: dict[str, object], name: str) -> None:
    published = json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    kind = "rules" if name == "rule-file" else "profile"
    assert published == schema, f"run: hukou schema {kind} > schemas/{name}.schema.json"


def test_rule_files_point_editors_at_the_schema() -> None:
    for path in (ROOT / "rules").rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../schemas/rule-file.schema.json", path
