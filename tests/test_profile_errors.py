"""Bad profiles get one line naming file, line and field, exit status 2, and no traceback."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from hukou.cli import app

BROKEN = Path(__file__).resolve().parent / "broken" / "profiles"


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
