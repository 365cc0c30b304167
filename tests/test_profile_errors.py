"""Bad profiles get one line naming file, line and field, exit status 2, and no traceback."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from hukou.front.cli import app

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


CHINESE = """\
name: 刘洋
sex: 男
retired: 否
hukou: {province: 湖南, city: 邵阳, type: 农业}
education: {level: 大专, graduated: 2023年6月30日, professional_title: 中级}
groups: [人才引进, 技术工人]
residence:
  - {city: 凯里, since: 2024/2/1, permit: 是}
housing:
  - {city: 凯里, tenure: 租赁, since: 2024-2-1}
employment:
  - {city: 凯里, since: 2024.3.1, kind: 个体经营}
study:
  - {city: 凯里, months: 3, level: 义务教育}
family:
  - {relation: 父亲, age: 60}
  - {relation: 女儿, age: 4}
relatives:
  - {relation: 配偶, city: 凯里, urban: 是}
"""

CANONICAL = """\
name: 刘洋
sex: male
retired: false
hukou: {province: 湖南, city: 邵阳, type: rural}
education: {level: associate, graduated: 2023-06-30, professional_title: intermediate}
groups: [talent, technical_worker]
residence:
  - {city: 凯里, since: 2024-02-01, permit: true}
housing:
  - {city: 凯里, tenure: rented, since: 2024-02-01}
employment:
  - {city: 凯里, since: 2024-03-01, kind: self_employed}
study:
  - {city: 凯里, months: 3, level: compulsory}
family:
  - {relation: parent, age: 60, sex: male}
  - {relation: child, age: 4, sex: female}
relatives:
  - {relation: spouse, city: 凯里, urban: true}
"""


def test_a_profile_in_chinese_words_is_the_same_profile() -> None:
    from hukou import profile_from_text

    assert profile_from_text(CHINESE) == profile_from_text(CANONICAL)


def test_a_profile_in_chinese_words_gets_the_same_verdicts() -> None:
    import json

    outputs = []
    for text in (CHINESE, CANONICAL):
        result = CliRunner().invoke(
            app, ["check", "-", "--city", "凯里", "--city", "济源", "--as-of", "2024-09-01", "-f", "json"], input=text
        )
        assert result.exit_code == 0, result.stderr
        outputs.append(json.loads(result.stdout))
    assert outputs[0] == outputs[1]


@pytest.mark.parametrize(
    ("line", "field", "allowed"),
    [
        ("education: {level: 博士后}", "education.level", "associate (大专), bachelor (本科)"),
        ("housing: [{city: 凯里, tenure: 帐篷, since: 2024-01-01}]", "housing[0].tenure", "rented (租赁)"),
        ("groups: [人才]", "groups[0]", "talent (人才引进), investor (投资人员)"),
        ("family: [{relation: 表哥}]", "family[0].relation", "parent (父母), grandparent (祖父母)"),
        ("hukou: {type: 居民}", "hukou.type", "rural (农业), urban (非农业)"),
        ("retired: 也许", "retired", "true or false (是 or 否"),
    ],
)
def test_a_refused_value_lists_the_allowed_ones_in_both_languages(line: str, field: str, allowed: str) -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input=line + "\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: <stdin>:1: {field}: ")
    assert allowed in result.stderr


@pytest.mark.parametrize(
    ("since", "message"),
    [
        ("2024-02-30", "no such day: 2024-02-30 (February 2024 has 29 days)"),
        ("'2024-02-30'", "no such day: 2024-02-30 (February 2024 has 29 days)"),
        ("2023年2月29日", "no such day: 2023-02-29 (February 2023 has 28 days)"),
        ("2024/13/1", "no such day: 2024-13-01 (a year has 12 months)"),
        ("20240301", "20240301 is a number, not a date"),
        ("三月一日", "'三月一日' is not a date: write 2024-03-01, 2024/3/1 or 2024年3月1日"),
    ],
)
def test_a_day_that_does_not_exist_is_no_such_day(since: str, message: str) -> None:
    result = CliRunner().invoke(
        app, ["check", "-", "--city", "凯里"], input=f"residence: [{{city: 凯里, since: {since}}}]\n"
    )
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: <stdin>:1: residence[0].since: {message}")


def test_the_date_reader_is_linear_on_any_input() -> None:
    from hukou.errors import NotADay
    from hukou.model.dates import parse_day

    # The old pattern backtracked quadratically on a date, spaces and a stray character (9 s for
    # 40,000 spaces, hours for these; benchmarks/date_reader.py); now each is one pass.
    texts = ("2024/3/1" + " " * 400_000 + "x", "2024年3月1日" + " " * 400_000 + "x", "2024" + " " * 400_000 + "年")
    for text in texts:
        with pytest.raises(NotADay):
            parse_day(text)
    assert parse_day("2024年3月1日" + " " * 400_000).isoformat() == "2024-03-01"


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("education: {level: 本科, graduated: 2025-06-30}", "education.graduated", "graduated 2025-06-30 is after"),
        ("residence: [{city: 凯里, since: 2025-01-01}]", "residence[0].since", "since 2025-01-01 is after"),
        ("born: 2025-01-01", "born", "born 2025-01-01 is after"),
    ],
)
def test_a_date_after_the_day_judged_is_an_error(line: str, field: str, message: str) -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里", "--as-of", "2024-09-01"], input=line + "\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: <stdin>:1: {field}: {message} the as-of date 2024-09-01")


def test_every_field_of_the_schema_is_described_and_takes_chinese_words() -> None:
    from hukou.model.profile import Profile

    schema = Profile.model_json_schema()
    sections = [schema, *schema["$defs"].values()]
    for section in sections:
        for name, field in section.get("properties", {}).items():
            assert field.get("description"), f"{section.get('title')}.{name} has no description"
    level = schema["$defs"]["Education"]["properties"]["level"]
    words = json.dumps(level, ensure_ascii=False)
    assert '"const": "associate"' in words and "大专" in words and "专科" in words


def test_a_city_in_the_province_field_says_where_it_belongs() -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input="hukou: {province: 邵阳}\n")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "error: <stdin>:1: hukou.province: 邵阳 is a city (湖南省邵阳市), not a province: "
        "write province: 湖南, city: 邵阳"
    )


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("学历: 本科", "学历: unknown field '学历': field names are written in English; write education: {level: …}"),
        ("family: [{relation: 儿子, 年龄: 3}]", "family[0].年龄: unknown field '年龄': field names are written in"),
        ("hukou: {province: 贵州, city: 邵阳}", "hukou.city: '邵阳' is not in 贵州省 (it is 湖南省邵阳市)"),
        ("groups: 人才引进", "groups: should be a list, like [人才引进], got '人才引进'"),
    ],
)
def test_a_message_points_to_the_fix(line: str, message: str) -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input=line + "\n")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: <stdin>:1: {message}")


def test_a_day_written_with_hao_is_a_day() -> None:
    from hukou.model.dates import parse_day

    assert parse_day("2024年3月1号").isoformat() == "2024-03-01"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("education: 本科\n", "education: should be a mapping of keys (level, moe_recognized, graduated, …)"),
        ("residence: {city: 凯里, since: 2024-01-01}\n", "residence: should be a list: start each entry with '- '"),
        ("family: [{relation: 儿子, age: 3岁}]\n", "family[0].age: should be a number in digits, without a unit"),
    ],
)
def test_a_shape_mistake_says_the_shape_to_write(text: str, message: str) -> None:
    result = CliRunner().invoke(app, ["check", "-", "--city", "凯里"], input=text)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: <stdin>:1: {message}")
