"""Bad input never crashes, never misleads, never loses a row.

Every fixture under tests/broken/ goes through the command line a user would type and must give
exit status 2, nothing on stdout, one line on stderr naming file and line, the words of
tests/broken/expected-errors.yaml, and no traceback.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from hukou.front.cli import app

from .conftest import ROOT

BROKEN = ROOT / "tests" / "broken"
EXPECTED: dict[str, dict[str, list[str]]] = yaml.safe_load((BROKEN / "expected-errors.yaml").read_text("utf-8"))
COMMANDS = {
    "profiles": lambda path: ["check", str(path), "--city", "凯里", "--as-of", "2024-09-01"],
    "rules": lambda path: ["rules", "check", str(path)],
}
runner = CliRunner()


def test_every_broken_fixture_has_its_row_in_the_table() -> None:
    for kind in COMMANDS:
        assert {p.name for p in (BROKEN / kind).glob("*.yaml")} == set(EXPECTED[kind]), kind


@pytest.mark.parametrize(
    ("kind", "name"), [(kind, name) for kind, rows in EXPECTED.items() for name in rows], ids=lambda x: str(x)
)
def test_broken_input_is_one_clear_line(kind: str, name: str) -> None:
    result = runner.invoke(app, COMMANDS[kind](BROKEN / kind / name))
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "Traceback" not in result.stderr
    for words in EXPECTED[kind][name]:
        assert words in lines[0]


def test_a_50_mb_profile_is_refused_before_it_is_read(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    with big.open("w") as out:
        out.write("name: x\n")
        out.truncate(50 * 1024 * 1024)
    result = runner.invoke(app, ["check", str(big), "--city", "凯里"])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {big}: 50.0 MB is too large; profiles and rule files are read up to 2 MB"


@pytest.mark.parametrize("written", ["2023年3月1日", "2023/3/1", "2023.3.1", "2023-03-01"])
def test_dates_in_common_chinese_forms_are_read_as_dates(tmp_path: Path, written: str) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text(f"residence:\n  - {{city: 凯里, since: {written}}}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(profile), "--city", "凯里", "--as-of", "2024-09-01", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)["results"][0]
    residence = next(c for ch in report["channels"] for c in ch["conditions"] if c["fact"] == "residence.total_months")
    assert residence["actual"] == 18  # 2023-03-01 → 2024-09-01


def test_a_date_that_is_no_day_is_refused(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("residence:\n  - {city: 凯里, since: 2023年2月30日}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(profile), "--city", "凯里"])
    assert result.exit_code == 2
    assert "p.yaml:2: residence[0].since" in result.stderr


def test_compare_loses_no_profile_and_says_how_many(tmp_path: Path) -> None:
    good = ROOT / "examples" / "kaili-graduate.yaml"
    bad = BROKEN / "profiles" / "zero-area.yaml"
    result = runner.invoke(app, ["compare", str(good), str(bad), str(good), "--city", "凯里", "--as-of", "2024-09-01"])
    assert result.exit_code == 2
    assert "3 profiles = 2 judged + 1 not readable" in result.stderr
    rows = json.loads(
        runner.invoke(app, ["compare", str(good), str(bad), "-c", "凯里", "--as-of", "2024-09-01", "-f", "json"]).stdout
    )["results"]
    assert [r["verdict"] for r in rows] == ["eligible", "error"]
    assert "greater than 0" in rows[1]["error"]


@pytest.mark.parametrize(
    ("fail_on", "profile", "status"),
    [
        (None, "kaili-worker-5-months.yaml", 0),
        ("ineligible", "kaili-worker-5-months.yaml", 3),
        ("ineligible", "kaili-graduate.yaml", 0),
        ("ineligible", "little-known.yaml", 0),
        ("undetermined", "little-known.yaml", 3),
    ],
)
def test_fail_on_puts_the_verdict_in_the_exit_status(fail_on: str | None, profile: str, status: int) -> None:
    args = ["check", str(ROOT / "examples" / profile), "--city", "凯里", "--as-of", "2024-09-01"]
    result = runner.invoke(app, args + (["--fail-on", fail_on] if fail_on else []))
    assert result.exit_code == status, result.output


def test_an_internal_error_is_one_line_with_a_hint_and_status_1(tmp_path: Path) -> None:
    # A failure no check foresaw (simulated: loading the rules raises RuntimeError): the command's
    # own main() must turn it into one line and status 1, in a process of its own.
    script = (
        "import sys, hukou.front.cli as c\n"
        "def boom(*a, **k):\n    raise RuntimeError('simulated')\n"
        "c.load_rulebook = boom\nsys.argv = ['hukou', 'rules', 'list']\nc.main()\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert done.returncode == 1
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("internal error: RuntimeError: simulated")
    assert "please report it" in lines[0] and "HUKOU_DEBUG=1" in lines[0]


def test_the_exit_statuses_are_in_the_help() -> None:
    help_text = runner.invoke(app, ["--help"], env={"COLUMNS": "200"}).stdout
    for words in ("0 the command ran", "2 bad input", "1 an internal error", "3 with"):
        assert words in " ".join(help_text.split()), words


def test_a_device_is_refused_without_being_read() -> None:
    # /dev/zero never ends: read whole, it grew the process to gigabytes.
    result = runner.invoke(app, ["check", "/dev/zero", "--city", "凯里"])
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: /dev/zero: is not a regular file (a device, FIFO or socket); give a file"


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "profile.yaml"
    os.mkfifo(fifo)
    command = [sys.executable, "-m", "hukou", "check", str(fifo), "--city", "凯里"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 2
    assert "is not a regular file" in result.stderr


def test_overlapping_periods_on_the_last_day_of_the_calendar_are_judged(tmp_path: Path) -> None:
    # Two overlapping periods joined on 9999-12-31 once asked for the day after it (an overflow).
    profile = tmp_path / "p.yaml"
    profile.write_text(
        "residence:\n  - {city: 凯里, since: 2020-01-01}\n  - {city: 凯里, since: 2021-01-01}\n", encoding="utf-8"
    )
    result = runner.invoke(app, ["check", str(profile), "--city", "凯里", "--as-of", "9999-12-31", "-f", "json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)["results"][0]
    residence = next(c for ch in report["channels"] for c in ch["conditions"] if c["fact"] == "residence.total_months")
    assert residence["actual"] == (9999 - 2020) * 12 + 11


def test_a_city_of_200000_characters_is_refused_by_its_length(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("residence:\n  - {city: " + "凯" * 200_000 + ", since: 2020-01-01}\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(profile), "--city", "凯里"])
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {profile}:2: residence[0].city: a value of 200,000 characters; one value here may have at most 200"
    )


def test_a_document_in_a_folder_the_user_names_may_be_cited(tmp_path: Path) -> None:
    rules = (ROOT / "tests" / "valid-rule-file.yaml").read_text("utf-8")
    own = tmp_path / "texts"
    own.mkdir()
    (own / "jiyuan.txt").write_bytes((ROOT / "seeds" / "jiyuan-2015-14.txt").read_bytes())
    rule_file = tmp_path / "rules.yaml"
    rule_file.write_text(rules.replace("file: seeds/jiyuan-2015-14.txt", f"file: {own / 'jiyuan.txt'}"), "utf-8")
    refused = runner.invoke(app, ["rules", "check", str(rule_file)])
    assert refused.exit_code == 2
    assert "is not in the project's seeds/ or sources/ nor a folder named with --documents" in refused.stderr
    accepted = runner.invoke(app, ["rules", "check", str(rule_file), "--documents", str(own)])
    assert accepted.exit_code == 0, accepted.stderr


def test_a_link_in_seeds_leading_out_of_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "seeds").mkdir(parents=True)
    secret = tmp_path / "secret.txt"
    secret.write_text("申请人 在济源市城区 居住", "utf-8")
    (project / "seeds" / "jiyuan-2015-14.txt").symlink_to(secret)
    rule_file = project / "rules.yaml"
    rule_file.write_bytes((ROOT / "tests" / "valid-rule-file.yaml").read_bytes())
    result = runner.invoke(app, ["rules", "check", str(rule_file)])
    assert result.exit_code == 2
    assert f"{rule_file}:11: documents[0].file: 'seeds/jiyuan-2015-14.txt' is not in the project's" in result.stderr
