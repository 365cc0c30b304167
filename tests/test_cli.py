"""The command line as a user meets it: exit codes, messages, JSON contract, exact rendering."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou.cli import app

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


def test_bad_as_of_date() -> None:
    code, _, err = run("check", EXAMPLE, "--city", "凯里", "--as-of", "2024-13-01")
    assert code == 2
    assert err.strip() == "error: --as-of '2024-13-01' is not a date like 2024-09-01"


@pytest.mark.parametrize(
    ("args", "golden"),
    [
        (("check", EXAMPLE, "--city", "凯里", "--as-of", "2024-09-01"), "check-kaili-graduate.zh.txt"),
        (("check", EXAMPLE, "--city", "济源", "--as-of", "2024-09-01", "--lang", "en"), "check-jiyuan-graduate.en.txt"),
        (
            ("check", str(ROOT / "examples" / "little-known.yaml"), "--city", "济源", "--as-of", "2024-09-01"),
            "check-jiyuan-little-known.zh.txt",
        ),
        (
            (
                "check",
                str(ROOT / "examples" / "chongqing-yubei-worker.yaml"),
                "--city",
                "渝中区",
                "--as-of",
                "2024-09-01",
            ),
            "check-yuzhong-worker.zh.txt",
        ),
        (("rules", "list"), "rules-list.txt"),
        (("rules", "show", "济源", "--lang", "en"), "rules-show-jiyuan.en.txt"),
    ],
)
def test_rendered_output_is_exactly_as_recorded(args: tuple[str, ...], golden: str) -> None:
    code, out, err = run(*args)
    assert code == 0, err
    path = GOLDEN / golden
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8")


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
