"""`hukou rules lint`: what it finds in rule files made to show each finding, and that the project's
own rules are clean or answered."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from hukou import GAZETTEER, Profile, Rulebook, judge
from hukou.front.cli import app
from hukou.front.lint.findings import Finding
from hukou.front.lint.national import LIMITS
from hukou.front.lint.run import lint
from hukou.rulebook.loader import rulebook_at
from hukou.text import normalise

from .conftest import ROOT

LINT = Path(__file__).resolve().parent / "lint"
runner = CliRunner()


def findings_of(name: str) -> list[Finding]:
    rulebook, paths = rulebook_at(LINT / name)
    return lint(rulebook, paths).findings


def only(findings: list[Finding], kind: str) -> Finding:
    matching = [f for f in findings if f.kind == kind]
    assert len(matching) == 1, findings
    return matching[0]


def line_of(name: str, text: str) -> int:
    lines = (LINT / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def test_a_contradiction_is_an_error_at_the_channel_conditions() -> None:
    finding = only(findings_of("contradictory.yaml"), "unsatisfiable")
    assert finding.severity == "error" and finding.channel == "contradictory"
    assert finding.line == line_of("contradictory.yaml", "conditions:")
    result = runner.invoke(app, ["rules", "lint", str(LINT / "contradictory.yaml")])
    assert result.exit_code == 2
    assert "no person can meet its conditions" in result.stdout


def test_a_condition_that_cannot_fail_is_named() -> None:
    finding = only(findings_of("never-fails.yaml"), "never_fails")
    assert finding.code == "never_fails:any_level" and finding.severity == "warning"
    assert finding.line == line_of("never-fails.yaml", "id: any_level")


def test_a_channel_within_another_is_shown_with_a_person_both_admit() -> None:
    finding = only(findings_of("within.yaml"), "within")
    assert (finding.channel, finding.code) == ("three_years", "within:one_year")
    assert finding.witness == {"education.level": "bachelor", "social_insurance.total_months": 36}


def test_an_overlap_with_other_followers_is_shown_with_a_person_both_admit() -> None:
    finding = only(findings_of("overlap.yaml"), "overlap")
    assert finding.channel == "owners" and "workers (followers)" in finding.message
    assert finding.witness == {"workers": {"employment.current": True, "home.owned": True}}


def test_a_medium_city_may_ask_neither_five_years_of_insurance_nor_an_area() -> None:
    national = {f.code: f for f in findings_of("medium-city.yaml") if f.kind == "national"}
    assert set(national) == {"national:insurance-3-years", "national:no-housing-area"}
    assert all(f.severity == "warning" for f in national.values())
    assert "不得超过3年" in national["national:insurance-3-years"].quote  # type: ignore[operator]
    assert "住房面积" in national["national:no-housing-area"].quote  # type: ignore[operator]


def test_with_the_size_unknown_a_national_limit_is_a_note_naming_the_sizes_it_binds() -> None:
    finding = next(f for f in findings_of("overlap.yaml") if f.kind == "national")
    assert finding.severity == "note" and finding.code == "national:no-home-purchase"
    assert "城区人口50万至100万" in finding.message and "size is not known" in finding.message


@pytest.mark.parametrize("limit", LIMITS, ids=lambda limit: limit.id)
def test_every_national_limit_quotes_its_source(limit: Any) -> None:
    index = yaml.safe_load((ROOT / "sources" / "index.yaml").read_text(encoding="utf-8"))
    file = next(d["file"] for d in index["documents"] if d["id"] == limit.document)
    assert normalise(limit.quote) in normalise((ROOT / "sources" / file).read_text(encoding="utf-8"))


def test_the_projects_rules_are_clean_or_answered(rulebook: Rulebook) -> None:
    report = lint(rulebook)
    assert report.clean, [f.message for f in report.findings if f.counts]
    assert {f.code for f in report.findings if f.kind == "within"} == {
        "within:j1_residence",
        "within:cq135_new_students",
    }
    # Every encoded city says what size it is, or why that is unknown.
    assert all(f.rules.jurisdiction.tier is not None for f in rulebook)


def test_lint_json_lists_every_finding_with_file_and_line() -> None:
    result = runner.invoke(app, ["rules", "lint", str(LINT / "within.yaml"), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["within:one_year", "tier"]
    assert all(f["file"].endswith("within.yaml") and f["line"] for f in data["findings"])


# Cross-check with the engine: a case that admits someone by the narrower channel is admitted by
# the wider one too (the "within" claim, shown on the project's own channel cases).
@pytest.mark.parametrize(("narrow", "wide", "cases"), [("j5_urban_workers", "j1_residence", "jiyuan.yaml")])
def test_within_holds_for_the_channel_cases(rulebook: Rulebook, narrow: str, wide: str, cases: str) -> None:
    suite = yaml.safe_load((ROOT / "tests" / "cases" / cases).read_text(encoding="utf-8"))
    place = GAZETTEER.resolve(suite["city"])
    admitted = [c for c in suite["cases"] if c["channel"] == narrow and c["verdict"] == "eligible"]
    assert admitted
    for case in admitted:
        report = judge(Profile.model_validate(case["profile"]), rulebook, place, suite["as_of"])
        assert wide in report.admitted_by, case["name"]
