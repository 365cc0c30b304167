"""Words shown to people live in hukou.labels, in both languages, and every sentence is filled in whole.

The tables are found by what they hold (a dict of Texts, or of (Chinese, English) sentence
templates), so that a table added later is checked without editing this file. The calls of
``phrase`` are read off the source (ast), nothing is run, so that a sentence no test reaches is
checked too.
"""

from __future__ import annotations

import ast
import re
import string
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from hukou import labels
from hukou.bilingual import Text

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "hukou"
# Where Chinese words are written: the labels, and the profile's vocabulary (the words a profile
# may be written in, which the reader accepts).
WORD_FILES = frozenset({PACKAGE / "labels.py", PACKAGE / "model" / "vocabulary.py"})
CHINESE = re.compile(r"[\u3000-\u303f\u3300-\u33ff\u4e00-\u9fff\uff00-\uffef]")  # ideographs, 《》、，, ㎡
IDEOGRAPH = re.compile(r"[\u4e00-\u9fff]")
# Fields that are English grammar, not a value: "month{s}".
ENGLISH_GRAMMAR = frozenset({"s"})


def _pairs(value: Any) -> dict[Any, tuple[str, str]] | None:
    """A table's entries as (Chinese, English), or None where the value is not a table of words."""
    if not isinstance(value, dict) or not value:
        return None
    if all(isinstance(v, Text) for v in value.values()):
        return {k: (v.zh, v.en) for k, v in value.items()}
    if all(isinstance(v, tuple) and len(v) == 2 and all(isinstance(s, str) for s in v) for v in value.values()):
        return dict(value)
    return None


TABLES = {name: pairs for name, value in vars(labels).items() if (pairs := _pairs(value)) is not None}
SENTENCES = [(f"{table}[{key!r}]", zh, en) for table, pairs in TABLES.items() for key, (zh, en) in pairs.items()]


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _words(template: str) -> str:
    """A template without its fields: the words it says itself."""
    return "".join(text for text, _, _, _ in string.Formatter().parse(template))


def test_the_tables_are_found() -> None:
    # The tables this file checks, by name: a table that stopped being found (a new shape of value)
    # would silently go unchecked.
    assert {
        "VERDICT_LABELS",
        "VALUE_LABELS",
        "WORDS",
        "GAP_WORDS",
        "CITY_NOTES",
        "FOLLOWER_REASONS",
        "UNKNOWN_AXES",
        "ENTRY_WORDS",
        "WORLDS_TRIED",
        "WORLDS_DECIDED",
        "POINTS_STATUS",
        "POINTS_GAINS",
        "POINTS_GAPS",
        "MOVED_OUT",
        "WHAT_MOVED",
        "CONDITION_FORMS",
    } <= set(TABLES)


# Law: every entry says something in both languages, the Chinese in Chinese, the English without
# a Chinese character (beyond what its fields bring in).
@pytest.mark.parametrize(("entry", "zh", "en"), SENTENCES, ids=[s[0] for s in SENTENCES])
def test_every_entry_is_in_both_languages(entry: str, zh: str, en: str) -> None:
    assert zh.strip() and en.strip(), entry
    said = _words(zh)
    assert CHINESE.search(said) or not re.search(r"\w", said), f"{entry}: the Chinese {zh!r} has no Chinese"
    assert not IDEOGRAPH.search(_words(en)), f"{entry}: the English {en!r} has Chinese in it"


# Law: a sentence shows the same values in both languages: nothing the Chinese tells is missing
# from the English, nor the other way round.
@pytest.mark.parametrize(("entry", "zh", "en"), SENTENCES, ids=[s[0] for s in SENTENCES])
def test_both_languages_show_the_same_values(entry: str, zh: str, en: str) -> None:
    assert _fields(zh) == _fields(en) - ENGLISH_GRAMMAR, entry


# Law: the headings of a table have as many columns in each language.
@pytest.mark.parametrize("name", ["COMPARE_HEADINGS", "RULES_HEADINGS"])
def test_headings_have_the_same_columns_in_both_languages(name: str) -> None:
    headings = getattr(labels, name)
    assert len(headings["zh"]) == len(headings["en"])
    assert all(CHINESE.search(h) for h in headings["zh"]) and not any(IDEOGRAPH.search(h) for h in headings["en"])


# --- the sentences used in the source ------------------------------------------------------------


def _sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _functions(tree: ast.Module) -> Iterator[tuple[ast.AST, ast.Call]]:
    """Each call of ``phrase`` with the innermost function (or the module) it is made in."""

    def visit(node: ast.AST, scope: ast.AST) -> Iterator[tuple[ast.AST, ast.Call]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Name) and child.func.id == "phrase":
                yield scope, child
            yield from visit(child, child if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef) else scope)

    yield from visit(tree, tree)


def _keys(expr: ast.expr, scope: ast.AST) -> set[str] | None:
    """The keys an expression may give: a string, either branch of ``a if c else b``, or the
    strings a name is given in the same function. None where a key is not written in the source."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return {expr.value}
    if isinstance(expr, ast.IfExp):
        body, orelse = _keys(expr.body, scope), _keys(expr.orelse, scope)
        return None if body is None or orelse is None else body | orelse
    if isinstance(expr, ast.Name):
        found: set[str] = set()
        for node in ast.walk(scope):
            if not isinstance(node, ast.Assign):
                continue
            for target in node.targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    if isinstance(name, ast.Name) and name.id == expr.id:
                        keys = _keys(value, scope)
                        if keys is None:
                            return None
                        found |= keys
        return found or None
    return None


def _phrase_calls() -> list[Any]:
    calls = []
    for path, tree in _sources():
        for scope, call in _functions(tree):
            where = f"{path.relative_to(PACKAGE)}:{call.lineno}"
            calls.append(pytest.param(scope, call, id=where))
    return calls


# Law: every sentence the source asks for exists, and is given exactly the values it shows (a value
# given and not shown is lost to the reader; a value shown and not given fails at run time).
@pytest.mark.parametrize(("scope", "call"), _phrase_calls())
def test_every_phrase_used_exists_and_is_filled_in(scope: ast.AST, call: ast.Call) -> None:
    table_arg, key_arg = call.args
    assert isinstance(table_arg, ast.Name) and table_arg.id in TABLES, ast.unparse(table_arg)
    table: dict[str, tuple[str, str]] = getattr(labels, table_arg.id)
    keys = _keys(key_arg, scope)
    keys = set(table) if keys is None else keys  # a key from elsewhere (a verdict): any entry may be asked for
    given = {k.arg for k in call.keywords}
    assert None not in given, "fields passed as **mapping cannot be checked"
    for key in keys:
        assert key in table, f"{table_arg.id} has no {key!r}"
        zh, en = table[key]
        assert given == _fields(zh) | _fields(en), (table_arg.id, key, given)


def test_phrase_calls_are_found() -> None:
    assert len(_phrase_calls()) > 50


# --- where the words are written -------------------------------------------------------------------


def _chinese_texts() -> Iterator[str]:
    """Every Text(zh=…) or Text.of(zh=…) written outside the word files with Chinese in the source."""
    for path, tree in _sources():
        if path in WORD_FILES:
            continue
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = ast.unparse(node.func)
            if name not in {"Text", "Text.of"}:
                continue
            zh = next((k.value for k in node.keywords if k.arg == "zh"), node.args[0] if node.args else None)
            if zh is not None and IDEOGRAPH.search(ast.unparse(zh)):
                yield f"{path.relative_to(PACKAGE)}:{node.lineno}: {ast.unparse(node)}"


# Law: a Chinese word shown to people is written in hukou.labels (or the profile's vocabulary), so
# that a reader changing a word finds it in one place.
def test_chinese_words_are_written_in_the_labels() -> None:
    assert list(_chinese_texts()) == []
