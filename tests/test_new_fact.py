"""A new fact is one registration in hukou.judging.facts: every evaluator reads it from there.

The test registers a fact the project does not have (months since graduation), writes a rule that
reads it into a copy of Kaili's rule file in a project folder of its own, and asks each part of
the tool about the same people: the explaining engine, the durable-rules engine, ``hukou batch``
with and without the vectorised evaluator, ``hukou rules show`` and ``hukou rules lint``. Nothing
else of the code is told about the fact.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, judge, load_rulebook
from hukou.front.cli import app
from hukou.judging import facts
from hukou.judging.facts import FACTS, UNKNOWN, Value, fact
from hukou.model.periods import months_between
from hukou.model.situation import Situation

from .conftest import ROOT

NAME = "education.months_since_graduation"
AS_OF = dt.date(2024, 9, 1)
RULE = '        - {id: recent, fact: education.months_since_graduation, op: "<=", value: 2, unit: year}\n'
PEOPLE = [  # graduated 14 months before the day judged, 50 months before, and a day not given
    {
        "hukou": {"province": "湖南"},
        "education": {"level": "bachelor", "graduated": "2023-07-01", "moe_recognized": True},
    },
    {
        "hukou": {"province": "湖南"},
        "education": {"level": "bachelor", "graduated": "2020-07-01", "moe_recognized": True},
    },
    {"hukou": {"province": "湖南"}, "education": {"level": "bachelor", "moe_recognized": True}},
]


@pytest.fixture()
def months_since_graduation() -> Iterator[None]:
    @fact(NAME, "months", "毕业后月数", "months since graduation", missing=("毕业日期", "graduation date"))
    def _derive(situation: Situation, _: Any) -> Value:
        education = situation.profile.education
        if education is None or education.graduated is None:
            return UNKNOWN
        return Value(months_between(education.graduated, situation.as_of), str(education.graduated))

    yield
    del FACTS[NAME]
    assert NAME not in facts.FACTS


@pytest.fixture()
def project(tmp_path: Path, months_since_graduation: None, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder with Kaili's rule file, its education channel asking for a recent degree."""
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    (tmp_path / "rules").mkdir()
    text = (ROOT / "rules/guizhou/kaili.yaml").read_text(encoding="utf-8")
    anchor = "        - {id: moe_recognized, fact: education.moe_recognized"
    at = text.index("\n", text.index(anchor)) + 1
    (tmp_path / "rules/kaili.yaml").write_text(text[:at] + RULE + text[at:], encoding="utf-8")
    monkeypatch.setenv("HUKOU_HOME", str(tmp_path))
    return tmp_path


def test_every_evaluator_reads_a_fact_registered_once(project: Path) -> None:
    rulebook = load_rulebook(project)
    kaili = GAZETTEER.resolve("凯里")
    explained = [judge(Profile.model_validate(p), rulebook, kaili, AS_OF) for p in PEOPLE]
    k2 = [next(c for c in report.channels if c.id == "k2_education") for report in explained]
    # Within two years of graduating, not after; unknown while the day is not given.
    assert [c.verdict for c in k2] == ["eligible", "ineligible", "undetermined"]
    shown = {leaf.id: leaf for leaf in k2[0].conditions}["recent"]
    assert (shown.actual, shown.required, shown.verdict) == (14, 2, "met")
    assert "毕业日期" in [m.zh for m in k2[2].missing]

    durable = pytest.importorskip("hukou.backends.durable_engine")
    for person, report in zip(PEOPLE, explained, strict=True):
        rete = durable.judge_rete(Profile.model_validate(person), rulebook, kaili, AS_OF)
        assert rete.channels == {c.id: c.verdict for c in report.channels}


def test_batch_and_the_rule_tools_read_it_too(project: Path, tmp_path: Path) -> None:
    rows = tmp_path / "people.csv"
    with rows.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["hukou_province", "education_level", "education_graduated", "education_moe_recognized"])
        for person in PEOPLE:
            education = person["education"]
            writer.writerow(["湖南", "bachelor", education.get("graduated", ""), "true"])
    runner = CliRunner()
    base = ["batch", str(rows), "--city", "凯里", "--as-of", str(AS_OF), "--verdicts-only"]
    slow, fast = runner.invoke(app, base), runner.invoke(app, [*base, "--fast"])
    assert slow.exit_code == fast.exit_code == 0, slow.output + fast.output
    verdicts = [json.loads(line) for line in slow.stdout.splitlines() if line.startswith("{")]
    assert [v["admitted_by"] for v in verdicts] == ["k2_education", "", ""]
    assert fast.stdout == slow.stdout  # the vectorised evaluator hands the rows over: the same rows

    shown = runner.invoke(app, ["rules", "show", "凯里"])
    assert shown.exit_code == 0 and "毕业后月数" in shown.stdout
    lint = runner.invoke(app, ["rules", "lint", str(project / "rules"), "--format", "json"])
    assert lint.exit_code == 0, lint.output
