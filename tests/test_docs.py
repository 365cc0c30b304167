"""The README and the published schemas stay true to what the tool does."""

from __future__ import annotations

import json
import os
import re
import shlex
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from hukou.front.cli import app
from hukou.model.profile import Profile
from hukou.rulebook.schema import rule_file_json_schema

from .conftest import ROOT

README = ROOT / "README.md"
# A shell session, as a reader sees it and types it: "$ command" then what it prints. A comment
# before the block gives the exit status when it is not 0. (The older form, the command hidden in
# an HTML comment, is still read for sections not yet converted.)
CONSOLE = re.compile(
    r"(?:<!-- exit status (?P<status>\d) -->\n)?```console\n\$ (?P<command>[^\n]+)\n(?P<output>.*?)```", re.S
)
HIDDEN = re.compile(r"<!-- command: (?P<command>.+?) -->\n```text\n(?P<output>.*?)```", re.S)
NARROW = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
WIDE = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


class Block(NamedTuple):
    """A README example: the command, the exit status it must end with, what it prints."""

    source: str
    command: str
    status: int
    shown: str
    env: dict[str, str]


def _blocks() -> list[Block]:
    text = README.read_text(encoding="utf-8")
    blocks = [Block(m[0], m["command"], int(m["status"] or 0), m["output"], NARROW) for m in CONSOLE.finditer(text)]
    for m in HIDDEN.finditer(text):
        args, failing, status = m["command"].partition(" | exit ")
        args = args.replace(" | first ", " | head -n ").replace(" | last ", " | tail -n ").removesuffix(" lines")
        blocks.append(Block(m[0], args, int(status) if failing else 0, m["output"], WIDE))
    return blocks


def test_readme_shows_real_output_for_commands() -> None:
    assert len(_blocks()) >= 4


def test_every_readme_example_shows_its_command() -> None:
    """A reader of the rendered README sees each command, as a line to type into a shell."""
    assert not HIDDEN.search(README.read_text(encoding="utf-8")), "use a ```console block starting with '$ hukou …'"


@pytest.mark.parametrize("block", _blocks(), ids=[b.command for b in _blocks()])
def test_readme_output_is_what_the_command_prints(block: Block) -> None:
    command, _, filtered = block.command.partition(" | ")
    words = shlex.split(command)
    assert words[0] == "hukou"
    if "--fast" in words:
        pytest.importorskip(
            "numpy", reason="hukou batch --fast needs the batch extra: pip install 'hukou-rules[batch]'"
        )
    result = CliRunner().invoke(app, words[1:], env=block.env)
    assert result.exit_code == block.status, result.stderr
    # A failing command's stderr shows in the terminal after its stdout.
    out = result.stdout + result.stderr if block.status else result.stdout
    if filtered:
        kind, _, count = filtered.partition(" -n ")
        lines = out.splitlines(keepends=True)
        out = "".join(lines[: int(count)] if kind == "head" else lines[-int(count) :])
    if os.environ.get("UPDATE_README"):
        text = README.read_text(encoding="utf-8")
        head = block.source[: len(block.source) - len(block.shown) - len("```")]  # the output ends the block
        README.write_text(text.replace(block.source, head + out + "```", 1), encoding="utf-8")
        return
    assert out == block.shown


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


def test_the_readme_lists_every_value_with_its_chinese_words() -> None:
    """A caseworker with only the README can write every enumerated value in Chinese."""
    from hukou.model import vocabulary

    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("### Values in Chinese words") : readme.index("### Dates")]
    for name in dir(vocabulary):
        words = getattr(vocabulary, name)
        if isinstance(words, vocabulary.Vocabulary) and words is not vocabulary.RELATIVE:
            for term in words.terms:
                assert f"`{term.value}`: {term.zh}" in section, (name, term.value)
                assert all(alias in section for alias in term.aliases), (name, term.value)
    groups = readme[readme.index("### Groups: the complete list") : readme.index("### Dates")]
    assert all(f"| `{t.value}` | {t.zh}" in groups for t in vocabulary.GROUP.terms)


def test_the_first_hour_profile_is_the_example_file() -> None:
    """The profile in Chinese words the README shows is the one its commands read."""
    readme = README.read_text(encoding="utf-8")
    section = readme[readme.index("## A first hour") :]
    shown = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    example = (ROOT / "examples" / "guizhou-caseworker-zh.yaml").read_text(encoding="utf-8")
    assert shown == "".join(line for line in example.splitlines(keepends=True) if not line.startswith("#"))
