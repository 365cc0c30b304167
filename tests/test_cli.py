"""The command line as a user meets it: exit codes, messages, JSON contract, exact rendering."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou import GAZETTEER, load_rulebook
from hukou.front.cli import app
from hukou.rulebook.loader import LoadedRules

from .conftest import ROOT

GOLDEN = Path(__file__).resolve().parent / "golden"
EXAMPLE = str(ROOT / "examples" / "kaili-graduate.yaml")
WIDE = {"COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_json_output_is_the_public_contract() -> None:
    code, out, _ = run(
        "check", EXAMPLE, "--city", "凯里", "--city", "济源", "--as-of", "2024-09-01", "--format", "json"
    )
    assert code == 0
    report = json.loads(out)
    assert report["as_of"] == "2024-09-01"
    assert [r["city"] for r in report["results"]] == ["凯里", "济源"]
    kaili = report["results"][0]
    assert {"city", "jurisdiction", "verdict", "channels", "followers"} <= set(kaili)
    assert kaili["verdict"] == "eligible"
    channel = next(c for c in kaili["channels"] if c["id"] == "k3_residence_insurance")
    assert {"id", "verdict", "document", "quote", "conditions"} <= set(channel)
    insurance = next(c for c in channel["conditions"] if c["id"] == "social_insurance")
    assert (insurance["verdict"], insurance["actual"], insurance["required"]) == ("not_met", 4, 6)
    assert [(f["relation"], f["may_follow"]) for f in kaili["followers"]] == [
        ("spouse", True),
        ("child", True),
        ("parent", False),
    ]
    assert all(f["reason"]["zh"] and f["reason"]["en"] for f in kaili["followers"])
    # Kaili's verdict rests on its 2019 draft (征求意见稿) alone; Jiyuan's on an adopted document.
    assert [r["draft"] for r in report["results"]] == [True, False]


def test_unknown_city_suggests_the_nearest() -> None:
    code, out, err = run("check", EXAMPLE, "--city", "Kailli")
    assert code == 2
    assert out == ""
    assert err.strip() == (
        "error: --city 'Kailli' is not a known province, city, county or district; did you mean '凯里市'?"
    )


def test_ambiguous_city_lists_the_candidates() -> None:
    code, _, err = run("check", EXAMPLE, "--city", "西湖区")
    assert code == 2
    assert "浙江省杭州市西湖区, 江西省南昌市西湖区" in err


def test_city_in_traditional_characters_and_pinyin() -> None:
    for name in ("凱里", "Kaili", "kaili shi", "凯里市"):
        code, out, _ = run("check", EXAMPLE, "--city", name, "--as-of", "2024-09-01", "--format", "json")
        assert code == 0
        assert json.loads(out)["results"][0]["jurisdiction"] == ["凯里市"]


def test_a_place_without_rules_is_undetermined_and_says_so() -> None:
    code, out, _ = run("check", EXAMPLE, "--city", "邵阳", "--as-of", "2024-09-01", "--format", "json")
    assert code == 0
    result = json.loads(out)["results"][0]
    assert result["verdict"] == "undetermined"
    assert "尚无已编码的落户政策" in result["notes"][0]["zh"]


def test_before_the_document_there_is_nothing_in_force(tmp_path: Path) -> None:
    profile = tmp_path / "early.yaml"
    profile.write_text("hukou: {province: 湖南, type: rural}\n", encoding="utf-8")
    code, out, _ = run("check", str(profile), "--city", "凯里", "--as-of", "2019-05-22", "--format", "json")
    assert code == 0
    result = json.loads(out)["results"][0]
    assert result["verdict"] == "undetermined"
    assert result["channels"] == []
    assert "no policy document in force on 2019-05-22" in result["notes"][0]["en"]


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2024-13-01", "error: --as-of: no such day: 2024-13-01 (a year has 12 months)"),
        ("2024-02-30", "error: --as-of: no such day: 2024-02-30 (February 2024 has 29 days)"),
        ("yesterday", "error: --as-of: 'yesterday' is not a date: write 2024-03-01, 2024/3/1 or 2024年3月1日"),
    ],
)
def test_bad_as_of_date(as_of: str, message: str) -> None:
    code, _, err = run("check", EXAMPLE, "--city", "凯里", "--as-of", as_of)
    assert code == 2
    assert err.strip() == message


@pytest.mark.parametrize("as_of", ["2024-09-01", "2024-9-1", "2024/9/1", "2024年9月1日", "2024.9.1"])
def test_as_of_is_read_like_the_profile_dates(as_of: str) -> None:
    code, out, _ = run("check", EXAMPLE, "--city", "凯里", "--as-of", as_of, "--format", "json")
    assert code == 0
    assert json.loads(out)["as_of"] == "2024-09-01"


def test_an_as_of_after_today_warns_but_judges() -> None:
    code, out, err = run("check", EXAMPLE, "--city", "凯里", "--as-of", "2099-01-01", "--format", "json")
    assert code == 0
    assert json.loads(out)["results"][0]["verdict"] == "eligible"
    assert err.startswith("warning: --as-of 2099-01-01 is after today")


NARROW = {"COLUMNS": "80", "NO_COLOR": "1", "TERM": "dumb"}
THREE = [str(ROOT / "examples" / f"{n}.yaml") for n in ("kaili-graduate", "kaili-worker-5-months", "jiyuan-renter")]
GOLDEN_RUNS = [
    (("check", EXAMPLE, "--city", "凯里", "--as-of", "2024-09-01"), "check-kaili-graduate.zh.txt"),
    (("check", EXAMPLE, "--city", "济源", "--as-of", "2024-09-01", "--lang", "en"), "check-jiyuan-graduate.en.txt"),
    (
        ("check", str(ROOT / "examples" / "little-known.yaml"), "--city", "济源", "--as-of", "2024-09-01"),
        "check-jiyuan-little-known.zh.txt",
    ),
    (
        ("check", str(ROOT / "examples" / "chongqing-yubei-worker.yaml"), "--city", "渝中区", "--as-of", "2024-09-01"),
        "check-yuzhong-worker.zh.txt",
    ),
    (("compare", *THREE, "-c", "凯里", "-c", "济源", "-c", "渝中区", "--as-of", "2024-09-01"), "compare-three.zh.txt"),
    (("compare", *THREE, "--as-of", "2024-09-01", "--lang", "en"), "compare-three-everywhere.en.txt"),
    (("rules", "list"), "rules-list.txt"),
    (("rules", "show", "济源", "--lang", "en"), "rules-show-jiyuan.en.txt"),
]


@pytest.mark.parametrize(("args", "golden"), GOLDEN_RUNS)
def test_rendered_output_is_exactly_as_recorded(args: tuple[str, ...], golden: str) -> None:
    """At 80 columns, without colour: what a user sees in a narrow terminal or a pipe."""
    result = CliRunner().invoke(app, list(args), env=NARROW)
    assert result.exit_code == 0, result.stderr
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_piped_output_is_the_golden_output() -> None:
    import subprocess
    import sys

    args, golden = GOLDEN_RUNS[4]
    env = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1", "PYTHONPATH": str(ROOT / "src")}
    env.pop("TERM", None)
    done = subprocess.run(
        [sys.executable, "-m", "hukou", *args], capture_output=True, text=True, env=env, check=True, encoding="utf-8"
    )
    assert done.stdout == (GOLDEN / golden).read_text(encoding="utf-8")


@pytest.mark.parametrize(("args", "golden"), GOLDEN_RUNS[:6])
def test_no_line_is_wider_than_80_or_starts_with_closing_punctuation(args: tuple[str, ...], golden: str) -> None:
    from rich.cells import cell_len

    from hukou.front.wrap import NO_LINE_START

    for line in (GOLDEN / golden).read_text(encoding="utf-8").splitlines():
        assert cell_len(line) <= 80, line
        text = line.strip("│ ").removeprefix("? ")  # "? " marks an open condition, not punctuation
        assert not text or text[0] not in NO_LINE_START, line


def test_wrapped_lines_keep_their_indent() -> None:
    lines = (GOLDEN / "check-kaili-graduate.zh.txt").read_text(encoding="utf-8").splitlines()
    quote = next(i for i, line in enumerate(lines) if "「凡具有" in line)
    assert lines[quote].startswith("│     「凡具有")
    assert lines[quote + 1].startswith("│       ")  # the quote's second line, under its first character


def test_rules_check_confirms_every_quote() -> None:
    code, out, _ = run("rules", "check")
    assert code == 0
    assert "every quote stands in its document" in out


def test_rules_show_unknown_place() -> None:
    code, _, err = run("rules", "show", "邵阳")
    assert code == 2
    assert "no rules are encoded for 湖南省邵阳市" in err


def test_schema_prints_the_profile_json_schema() -> None:
    code, out, _ = run("schema")
    assert code == 0
    schema = json.loads(out)
    assert schema["title"] == "Profile"
    assert {"hukou", "education", "family", "land_rights"} <= set(schema["properties"])


def test_every_command_has_help_and_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("check", "compare", "rules list", "rules show", "rules check", "schema"):
        code, out, _ = run(*command.split(), "--help")
        assert code == 0
        assert "Example:" in out, command
        assert f"hukou {command}" in readme, command


def test_version_and_short_help() -> None:
    for flag in ("--version", "-V"):
        code, out, _ = run(flag)
        assert code == 0
        assert out.startswith("hukou ") and out.strip().split()[1][0].isdigit()
    code, out, _ = run("check", "-h")
    assert code == 0
    assert "check [OPTIONS] {PROFILE}" in out  # typer marks a required argument with braces
    assert "-c, --city CITY" in out and "--as-of DATE" in out and "  PROFILE  The applicant's profile" in out


@pytest.mark.parametrize(
    "command", ["", "check", "compare", "batch", "convert", "schema", "rules list", "rules show", "rules lint"]
)
def test_help_shows_words_not_python_types(command: str) -> None:
    code, out, _ = run(*command.split(), "--help")
    assert code == 0
    for python_type in ("<bool>", "<path>", "<list", "<str>", "<text>", "TEXT", "<Path>", "╭"):
        assert python_type not in out, (command, python_type)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("check",), "error: Missing argument 'PROFILE'. (see: hukou check --help)"),
        (("chek", "x"), "error: No such command 'chek'. Did you mean 'check', 'schema'? (see: hukou --help)"),
        (("check", EXAMPLE, "--formt", "json"), "error: No such option: --formt (Possible options: --format)"),
    ],
)
def test_usage_errors_are_one_line_like_every_other_error(args: tuple[str, ...], message: str) -> None:
    result = CliRunner().invoke(app, list(args), env=WIDE, prog_name="hukou")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.startswith(message)
    assert len(result.stderr.splitlines()) == 1
    assert "╭" not in result.stderr


def test_a_profile_from_standard_input() -> None:
    text = (ROOT / "examples" / "kaili-graduate.yaml").read_text(encoding="utf-8")
    result = CliRunner().invoke(
        app, ["check", "-", "--city", "凯里", "--as-of", "2024-09-01", "-f", "json"], input=text, env=WIDE
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["results"][0]["verdict"] == "eligible"
    bad = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input="sex: 男人\n", env=WIDE)
    assert bad.exit_code == 2
    assert bad.stderr.startswith("error: <stdin>:1: sex: '男人' is not a sex; allowed: male (男), female (女)")


def test_standard_input_is_read_no_further_than_a_file() -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input="a: " + "x" * 3_000_000, env=WIDE)
    assert result.exit_code == 2
    assert result.stderr.strip() == "error: <stdin>: more than 2 MB: a profile is a few KB"


def test_shell_completion_is_available() -> None:
    code, out, _ = run("--help")
    assert code == 0
    assert "--install-completion" in out and "--show-completion" in out


def test_rules_lint_strict_fails_on_warnings() -> None:
    within = str(ROOT / "tests" / "lint" / "within.yaml")
    assert run("rules", "lint", within)[0] == 0
    assert run("rules", "lint", within, "--strict")[0] == 2
    assert run("rules", "lint", "--strict")[0] == 0  # the project's own rules answer every warning


def test_the_license_is_the_one_pyproject_names() -> None:
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert declared == "MIT"
    assert text.startswith("MIT License") and "Permission is hereby granted, free of charge" in text


def test_a_long_error_is_never_wrapped_when_stderr_is_a_file(tmp_path: Path) -> None:
    import subprocess
    import sys

    profile = tmp_path / "groups.yaml"
    profile.write_text("groups: [人才]\n", encoding="utf-8")
    env = {**os.environ, "COLUMNS": "40", "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-m", "hukou", "check", str(profile), "--city", "凯里"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert done.returncode == 2
    assert len(done.stderr.splitlines()) == 1
    assert "military_spouse (现役军人配偶)" in done.stderr


# Every rule file is shown by `rules show` (each channel in a panel of its own, with its quote) and
# listed by `rules list`, found from the rulebook: the golden files above record a few; a new
# jurisdiction is rendered here without a golden file written for it.
@pytest.mark.parametrize("loaded", list(load_rulebook(ROOT)), ids=lambda f: f.rules.jurisdiction.code)
def test_every_jurisdiction_is_shown_and_listed(loaded: LoadedRules) -> None:
    code, out, err = run("rules", "show", GAZETTEER.full_name(loaded.place), "--lang", "en")
    assert code == 0, err
    assert out.splitlines()[0].startswith(loaded.name)
    for channel in loaded.rules.channels:
        assert f"[{channel.id}]" in out
    code, listed, err = run("rules", "list")
    assert code == 0, err
    assert loaded.name in listed
