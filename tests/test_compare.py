"""hukou compare: a caseworker's table, one row per person and city, with the nearest miss."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hukou.cli import app

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
WIDE = {"COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_one_person_against_every_encoded_jurisdiction() -> None:
    code, out, _ = run("compare", str(EXAMPLES / "kaili-graduate.yaml"), "--as-of", "2024-09-01", "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]
    assert [r["city"] for r in rows] == ["浙江省", "金华市", "济源市", "重庆市", "凯里市"]
    assert {r["city"]: r["verdict"] for r in rows}["凯里市"] == "eligible"
    assert all(r["result"]["verdict"] == r["verdict"] for r in rows)


def test_nearest_miss_says_how_many_months_and_from_when() -> None:
    code, out, _ = run(
        "compare", str(EXAMPLES / "kaili-worker-5-months.yaml"), "--city", "凯里", "--as-of", "2024-09-01", "-f", "json"
    )
    assert code == 0
    row = json.loads(out)["results"][0]
    assert row["verdict"] == "ineligible"
    assert row["channel"] == "k3_residence_insurance"
    assert row["nearest"] is True
    assert row["needs"] == [
        {
            "zh": "连续社保还需 1 个月 (持续至 2024-10-01 即满足)",
            "en": "continuous social insurance: 1 more month (met on 2024-10-01 if it continues)",
        }
    ]


def test_nearest_miss_for_an_undetermined_city_names_what_to_supply() -> None:
    code, out, _ = run(
        "compare", str(EXAMPLES / "little-known.yaml"), "--city", "济源", "--as-of", "2024-09-01", "-f", "json"
    )
    assert code == 0
    row = json.loads(out)["results"][0]
    assert row["verdict"] == "undetermined"
    assert row["needs"] and all(n["zh"].startswith("补充") for n in row["needs"])


def test_several_people_against_one_city_with_a_bad_profile_keeps_every_row() -> None:
    broken = ROOT / "tests" / "broken" / "profiles" / "unknown-city.yaml"
    people = [EXAMPLES / "kaili-graduate.yaml", broken, EXAMPLES / "kaili-worker-6-months.yaml"]
    code, out, _ = run("compare", *map(str, people), "--city", "凯里", "--as-of", "2024-09-01", "--format", "markdown")
    assert code == 2
    lines = out.splitlines()
    assert lines[0] == "截至 2024-09-01"
    assert lines[2] == "| 申请人 | 结论 | 渠道 | 尚需 | 随迁 | 户口登记 |"
    body = lines[4:]
    assert len(body) == 3
    assert body[0].startswith("| 王芳 | 可以落户 | 省外大专以上学历人员落户 |")
    assert "错误" in body[1] and "unknown-city.yaml:3: residence[0].city" in body[1]
    assert body[2].startswith("| 张伟 | 可以落户 |")


def test_rich_table_shows_one_row_per_city() -> None:
    code, out, _ = run(
        "compare",
        str(EXAMPLES / "zhejiang-jinhua-renter.yaml"),
        "--city",
        "金华",
        "--city",
        "淳安",
        "--city",
        "杭州西湖区",
        "--as-of",
        "2024-09-01",
        "--lang",
        "en",
    )
    assert code == 0
    assert out.startswith("as of 2024-09-01\n")
    for city, verdict in (("金华", "eligible"), ("淳安", "ineligible"), ("杭州西湖区", "undetermined")):
        assert any(line.startswith(f"│ {city}") and verdict in line for line in out.splitlines()), city


def test_an_undetermined_city_points_at_the_missing_regulation_not_at_moving_away() -> None:
    code, out, _ = run(
        "compare",
        str(EXAMPLES / "zhejiang-jinhua-renter.yaml"),
        "--city",
        "杭州西湖区",
        "--as-of",
        "2024-09-01",
        "-f",
        "json",
    )
    assert code == 0
    row = json.loads(out)["results"][0]
    assert (row["verdict"], row["channel"]) == ("undetermined", "zj_hangzhou_points")
    assert [n["zh"] for n in row["needs"]] == ["有待《杭州市积分落户实施办法 (积分分值和落户分数线)》的具体条件"]
