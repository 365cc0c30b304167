"""hukou compare: a caseworker's table, one row per person and city, with the nearest miss."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from hukou import Rulebook
from hukou.front.cli import app

from .conftest import ROOT

EXAMPLES = ROOT / "examples"
WIDE = {"COLUMNS": "160", "NO_COLOR": "1", "TERM": "dumb"}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args), env=WIDE)
    return result.exit_code, result.stdout, result.stderr


def test_one_person_against_every_encoded_jurisdiction(rulebook: Rulebook) -> None:
    code, out, _ = run("compare", str(EXAMPLES / "kaili-graduate.yaml"), "--as-of", "2024-09-01", "--format", "json")
    assert code == 0
    rows = json.loads(out)["results"]
    # Every rule file's jurisdiction, in the order of their division codes (北京市 110000 first).
    assert [r["city"] for r in rows] == [loaded.name for loaded in rulebook]
    assert [r["city"] for r in rows][:2] == ["北京市", "浙江省"]
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
    assert body[0].startswith("| 王芳 | 可以落户 (征求意见稿) | 省外大专以上学历人员落户 |")
    assert "错误" in body[1] and "unknown-city.yaml:3: residence[0].city" in body[1]
    assert body[2].startswith("| 张伟 | 可以落户 (征求意见稿) |")


def test_the_matrix_has_a_column_per_place_in_the_order_asked_named_in_the_language_asked() -> None:
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
    header = out.splitlines()[2]
    assert header.index("Jinhua") < header.index("Chun'an County") < header.index("Xihu District")
    first_row = out.splitlines()[4]
    assert "✓ eligible [1]" in first_row and "✗ ineligible [2]" in first_row and "? undetermined [3]" in first_row
    assert "[3] 吴敏 · Xihu District: undetermined — points-based settlement" in out


def test_every_cell_is_numbered_and_its_details_are_below() -> None:
    people = [EXAMPLES / "kaili-graduate.yaml", EXAMPLES / "kaili-worker-5-months.yaml"]
    code, out, _ = run("compare", *map(str, people), "--city", "凯里", "--city", "济源", "--as-of", "2024-09-01")
    assert code == 0
    assert "[1] 王芳 · 凯里: 可以落户 (征求意见稿) — 省外大专以上学历人员落户 [k2_education]" in out
    assert "    随迁: 配偶 李强 ✓; 子女 李乐 ✓; 父亲 王建国 ✗" in out  # 父亲, from sex: male
    assert "    ⚠ 依据征求意见稿, 尚未正式施行" in out
    assert "[4] 张伟 · 济源: 不符合 — 有合法稳定住所 (含租赁) 落户 (最接近) [j1_residence]" in out


def test_the_json_rows_say_whether_a_verdict_rests_on_a_draft() -> None:
    code, out, _ = run(
        "compare",
        str(EXAMPLES / "kaili-graduate.yaml"),
        "-c",
        "凯里",
        "-c",
        "济源",
        "--as-of",
        "2024-09-01",
        "-f",
        "json",
    )
    assert code == 0
    rows = json.loads(out)["results"]
    assert [(r["city"], r["draft"], r["result"]["draft"]) for r in rows] == [
        ("凯里", True, True),
        ("济源", False, False),
    ]
    assert [f["who"]["zh"] for f in rows[0]["followers"]] == ["配偶 李强", "子女 李乐", "父亲 王建国"]


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


def test_the_residence_permit_has_a_column_of_its_own() -> None:
    people = [EXAMPLES / "kaili-worker-5-months.yaml", EXAMPLES / "kaili-graduate.yaml"]
    code, out, _ = run("compare", *map(str, people), "--city", "凯里", "--as-of", "2024-09-01", "-f", "json")
    assert code == 0
    # Eight months here with a job (five of them insured): may apply now; the graduate holds one.
    assert [r["residence_permit"] for r in json.loads(out)["results"]] == ["eligible", "holds"]


def test_a_child_whose_age_is_missing_is_listed_under_what_is_needed() -> None:
    profile = str(EXAMPLES / "guizhou-caseworker-zh.yaml")  # 儿子, with no age
    code, out, _ = run("compare", profile, "--city", "凯里", "--as-of", "2024-09-01", "-f", "json")
    assert code == 0
    row = json.loads(out)["results"][0]
    assert row["verdict"] == "eligible"
    assert {"zh": "儿子的年龄 (family[1].age / born)", "en": "son's age (family[1].age / born)"} in row["needs"]
    code, out, _ = run("check", profile, "--city", "凯里", "--as-of", "2024-09-01")
    assert code == 0
    assert "尚缺: 儿子的年龄 (family[1].age / born)" in out


def test_an_unreadable_profile_has_one_number_and_its_message_once() -> None:
    broken = ROOT / "tests" / "broken" / "profiles" / "no-such-day.yaml"
    people = [EXAMPLES / "kaili-graduate.yaml", broken]
    code, out, err = run("compare", *map(str, people), "-c", "凯里", "-c", "济源", "--as-of", "2024-09-01")
    assert code == 2
    row = next(line for line in out.splitlines() if "no-such-day.yaml │" in line)
    assert row.count("! 错误 [3]") == 2  # the same number in every place's cell
    assert " ".join(out.split()).count("no such day: 2023-02-29") == 1  # however the checkout's path wraps
    assert "[3] 错误: " in out
    assert err.strip() == "2 profiles = 1 judged + 1 not readable"
