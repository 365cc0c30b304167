"""What each operator a rule file may write means (hukou.rulebook.compiled.compare_values): the
comparisons every backend shares, including those no rule file uses yet (!=, >, not_in)."""

from __future__ import annotations

import pytest

from hukou.judging.facts import Held
from hukou.rulebook.compiled import compare_values


@pytest.mark.parametrize(
    ("actual", "op", "threshold", "truth"),
    [
        (6, "==", 6, True),
        (5, "==", 6, False),
        (5, "!=", 6, True),
        (6, "!=", 6, False),
        (6, ">=", 6, True),
        (5, ">=", 6, False),
        (7, ">", 6, True),
        (6, ">", 6, False),
        (6, "<=", 6, True),
        (7, "<=", 6, False),
        (17, "<", 18, True),
        (18, "<", 18, False),
        ("rented", "in", ["owned", "rented"], True),
        ("dormitory", "in", ["owned", "rented"], False),
        ("dormitory", "not_in", ["owned", "rented"], True),
        ("rented", "not_in", ["owned", "rented"], False),
    ],
)
def test_each_operator_means_what_it_says(actual: object, op: str, threshold: object, truth: bool) -> None:
    assert compare_values("count", actual, op, threshold) is truth


@pytest.mark.parametrize(
    ("actual", "op", "threshold", "truth"),
    [
        # 高中, 中专 and 技工院校 stand level with each other: ordered by level...
        ("senior_secondary", ">=", "technical_school", True),
        ("senior_secondary", ">", "technical_school", False),
        ("associate", ">", "technical_school", True),
        ("secondary_vocational", "<=", "senior_secondary", True),
        ("associate", "<=", "senior_secondary", False),
        ("junior_secondary", "<", "senior_secondary", True),
        ("technical_school", "<", "senior_secondary", False),
        ("master", "<", "doctorate", True),  # by rank, where the names sort the other way
        # ...but told apart by name (中专 is not 技工院校).
        ("secondary_vocational", "==", "technical_school", False),
        ("secondary_vocational", "!=", "technical_school", True),
        ("technical_school", "in", ["secondary_vocational", "technical_school"], True),
        ("senior_secondary", "in", ["secondary_vocational", "technical_school"], False),
    ],
)
def test_education_is_ordered_by_level_and_named_by_name(actual: str, op: str, threshold: object, truth: bool) -> None:
    assert compare_values("ordinal", actual, op, threshold) is truth


def test_a_value_not_known_compares_to_nothing() -> None:
    assert compare_values("count", None, ">=", 6) is None
    assert compare_values("ordinal", None, ">=", "associate") is None


def test_a_set_holds_a_value_surely_maybe_or_not() -> None:
    held = Held(frozenset({"talent"}), frozenset({"investor"}))
    assert compare_values("set", held, "contains", "talent") is True
    assert compare_values("set", held, "contains", ["relocation", "talent"]) is True
    assert compare_values("set", held, "contains", "investor") is None  # a credential of unknown place
    assert compare_values("set", held, "contains", "relocation") is False
    assert compare_values("set", frozenset({"talent"}), "contains", "talent") is True
