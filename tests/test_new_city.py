"""A new city is a rule file, its document and its case file: nothing else in tests/ is edited.

Shown on a copy of the project in a temporary folder, with one more jurisdiction: Kaili's rule
file and case file copied under 雷山县, a county of the same prefecture no rule file governs. The
places the laws judge in, the channels they must reach, the cases and the rendered rules all
find it from the rulebook.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook
from hukou.front.cli import app

from . import laws, reach
from .case_files import CASE_FOLDER, cases, untested_files
from .conftest import ROOT
from .jurisdictions import channel_key, decidable, keys, spots
from .strategies import Aim

NEW = GAZETTEER.resolve("雷山县")
NEW_NAME = GAZETTEER.full_name(NEW)


def new_project(folder: Path, *, with_cases: bool = True) -> Path:
    """The project's documents, rules and cases, and the copy under 雷山县."""
    for part in ("seeds", "sources", "rules", str(CASE_FOLDER)):
        shutil.copytree(ROOT / part, folder / part)
    rules = (ROOT / "rules" / "guizhou" / "kaili.yaml").read_text(encoding="utf-8")
    rules = rules.replace('code: "522601"', f'code: "{NEW.code}"')
    rules = rules.replace("names: {zh: 凯里市, en: Kaili, aliases: [凯里]}", "names: {zh: 雷山县, en: Leishan}")
    (folder / "rules" / "guizhou" / "leishan.yaml").write_text(rules, encoding="utf-8")
    if not with_cases:  # (the project itself may hold the copy's case file: a run of the proof)
        (folder / CASE_FOLDER / "leishan.yaml").unlink(missing_ok=True)
    if with_cases:
        suite = (ROOT / CASE_FOLDER / "kaili.yaml").read_text(encoding="utf-8").replace("凯里", "雷山县")
        (folder / CASE_FOLDER / "leishan.yaml").write_text(suite, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return new_project(tmp_path_factory.mktemp("project"))


@pytest.fixture(scope="module")
def rulebook(project: Path) -> Rulebook:
    return load_rulebook(project, use_snapshot=False)


def test_the_new_jurisdiction_is_a_place_the_laws_judge_in(rulebook: Rulebook) -> None:
    found = spots(rulebook)
    assert found[NEW_NAME].rules is not None
    assert found[NEW_NAME].rules.name == "雷山县"  # type: ignore[union-attr]
    assert {f"雷山县/{c.id}" for c in rulebook.governing(NEW)[0].rules.channels if c.deferred_to is None} <= keys(
        decidable(rulebook)
    )


def test_its_cases_are_found_bound_to_it_and_hold(rulebook: Rulebook, project: Path) -> None:
    found = [c for c in cases(rulebook, project) if c.file.name == "leishan.yaml"]
    assert found and all(c.rules is not None and c.rules.name == "雷山县" for c in found)
    assert untested_files(rulebook, cases(rulebook, project)) == []
    for case in found:
        report = judge(Profile.model_validate(case.profile), rulebook, case.place, case.as_of)
        assert {c.id: c.verdict for c in report.channels}[case.channel] == case.verdict, case.id


def test_a_rule_file_without_a_case_file_is_named(tmp_path: Path) -> None:
    project = new_project(tmp_path, with_cases=False)
    rulebook = load_rulebook(project, use_snapshot=False)
    assert untested_files(rulebook, cases(rulebook, project)) == [project / "rules" / "guizhou" / "leishan.yaml"]


def test_every_law_decides_every_channel_of_the_new_jurisdiction(rulebook: Rulebook, project: Path) -> None:
    mine = {c for c in keys(decidable(rulebook)) if c.startswith("雷山县/")}
    with reach.recording(alone=True) as seen:
        for i, case in enumerate(c for c in cases(rulebook, project) if c.file.name == "leishan.yaml"):
            aim = Aim(case.profile, case.city, case.place, case.as_of, case.id)
            laws.law_monotone(rulebook, aim.data, laws.MONOTONE_CHANGES[i % 7], 1 + i % 13, i, aim.places, aim.day)
            laws.law_explanations_consistent(rulebook, aim.data, aim.places, aim.day)
            laws.law_forgetting_a_field_never_flips(rulebook, aim.data, i, aim.places, aim.day)
            laws.law_order_does_not_matter(rulebook, aim.data, i, aim.places, aim.day)
    for law in ("monotone", "explanations", "forgetting", "order"):
        assert mine - seen.decided(law) == set(), law
        assert channel_key(rulebook.governing(NEW)[0], "k3_residence_insurance") in seen.with_verdict(law, "eligible")


def test_the_command_line_shows_it(project: Path) -> None:
    env = {"HUKOU_HOME": str(project), "COLUMNS": "100", "NO_COLOR": "1"}
    shown = CliRunner().invoke(app, ["rules", "show", "雷山县", "--lang", "en"], env=env)
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout.splitlines()[0].startswith("雷山县")
    assert "[k3_residence_insurance]" in shown.stdout
