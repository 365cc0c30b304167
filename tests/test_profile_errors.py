"""Bad profiles get one line naming file, line and field, exit status 2, and no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou.cli import app

BROKEN = Path(__file__).resolve().parent / "broken" / "profiles"

EXPECTED = {
    "unknown-field.yaml": (
        "unknown-field.yaml:2:",
        "education.school",
        "unknown field 'school'",
        "did you mean 'school_city'?",
    ),
    "wrong-type.yaml": ("wrong-type.yaml:4:", "family[1].age", "'四岁'"),
    "impossible-dates.yaml": (
        "impossible-dates.yaml:3:",
        "social_insurance[0]",
        "until 2023-05-01 is before since 2024-05-01",
    ),
    "unknown-city.yaml": (
        "unknown-city.yaml:3:",
        "residence[0].city",
        "'凯黎' is not a known",
        "did you mean '凯里市'",
    ),
    "unknown-province.yaml": ("unknown-province.yaml:1:", "hukou.province", "did you mean '湖南省'"),
    "bad-enum.yaml": ("bad-enum.yaml:1:", "groups[1]", "'genius'"),
    "malformed.yaml": ("malformed.yaml:", "not well-formed YAML"),
    "negative-area.yaml": ("negative-area.yaml:2:", "housing[0].area_sqm", "greater than 0"),
    "duplicate-key.yaml": ("duplicate-key.yaml:3:", "duplicate key 'hukou'", "first given on line 1"),
    "no-period.yaml": ("no-period.yaml:2:", "employment[0]", "give since (a date) or months"),
    "city-outside-province.yaml": ("city-outside-province.yaml:1:", "hukou.city", "'凯里' is not in 湖南省"),
}


def test_every_fixture_has_expectations() -> None:
    assert {p.name for p in BROKEN.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_profile_is_one_clear_line(name: str) -> None:
    result = CliRunner().invoke(app, ["check", str(BROKEN / name), "--city", "凯里"])
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    for words in EXPECTED[name]:
        assert words in lines[0]


def test_missing_profile_file() -> None:
    result = CliRunner().invoke(app, ["check", "no-such-profile.yaml", "--city", "凯里"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: no-such-profile.yaml: no such file"


def test_the_readme_profile_is_a_valid_profile() -> None:
    from hukou import profile_from_text

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## The profile") :]
    block = section[section.index("```yaml\n") + len("```yaml\n") : section.index("```\n", section.index("```yaml"))]
    profile = profile_from_text(block, "README.md")
    assert profile.hukou is not None and profile.hukou.province == "湖南"
    assert profile.family is not None and len(profile.family) == 3
