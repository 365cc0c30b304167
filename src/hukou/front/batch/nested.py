"""Nested profiles (JSON Lines, JSON) as flat rows, for the vectorised evaluator.

A nested profile becomes a flat row only when the flat reader (hukou.model.flat_profile.profile_data) reads
that row back as exactly the profile the nested data describes: at most one period of each kind and
one relative, family members the ``family`` cell can spell, and no value the flat reader would read
otherwise (a blank or padded string, ``yes``/``no`` spelt as words, the word ``none``). Anything
else is left to the explaining engine with its nested data, so that its verdict — or its error
row — is the one a nested profile gets: not fitting costs time, never a different answer.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hukou.errors import DuplicateKey, UnreadableJSON
from hukou.model.flat_profile import BOOLEANS, EDUCATION, HUKOU, MAX_CELL, RELATIVE, SECTIONS, says_none

MAX_LINE = 1 << 16
"""The longest line of JSON Lines, in bytes (a profile with a hundred periods takes a tenth of it)."""

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_MEMBER_KEYS = {"relation", "age", "born", "lives_with_applicant", "married", "has_income", "sex"}
_FLAGS = {
    ("lives_with_applicant", True): "with",
    ("lives_with_applicant", False): "apart",
    ("married", True): "married",
    ("married", False): "unmarried",
    ("has_income", True): "income",
    ("has_income", False): "no-income",
    ("sex", "male"): "male",
    ("sex", "female"): "female",
}


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))  # type: ignore[func-returns-value]
        raise DuplicateKey(f"the key {twice!r} appears twice in one object")
    return found


def parse_json(text: str | bytes) -> Any:
    """A JSON value, refusing duplicate keys.

    Raises:
        ValueError: with the one-line reason (not JSON, a duplicate key, a number of thousands of
            digits, nesting too deep).
    """
    return _parsed(text, _no_duplicates)


def parse_line(line: bytes) -> tuple[Any, dict[str, Any] | None]:
    """A line of JSON Lines as parse_json reads it, and its flat row (flat_cells) — faster: parsed
    without looking for duplicate keys, then parsed again looking for them unless the keys found are
    as many as the keys the line spells (``"…":`` counted; any spaced before its colon, or a profile
    no flat row holds, and the line is parsed again)."""
    value = _parsed(line, None)
    found = flat_cells_and_keys(value) if type(value) is dict else None
    if found is None or found[1] != line.count(b'":') or _SPACED_KEY.search(line):
        value = parse_json(line)
        return value, (flat_cells(value) if type(value) is dict else None)
    return value, found[0]


_SPACED_KEY = re.compile(rb'"\s+:')


def _parsed(text: str | bytes, hook: Any) -> Any:
    try:
        return json.loads(text, object_pairs_hook=hook)
    except json.JSONDecodeError as error:
        raise UnreadableJSON(f"not JSON: {error.msg} (column {error.colno})") from None
    except UnicodeDecodeError:  # a ValueError too: the caller names the encoding
        raise
    except RecursionError:
        raise UnreadableJSON("nested too deeply to be a profile") from None
    except ValueError as error:  # a number past Python's limit of digits
        raise UnreadableJSON(f"not a profile: {str(error).split(';')[0]}") from None


def may_be_too_long(line: bytes) -> bool:
    """Whether a line might hold a text longer than MAX_CELL (cheap: most lines cannot)."""
    if len(line) <= MAX_CELL:
        return False
    return b'\\"' in line or max(map(len, line.split(b'"'))) > MAX_CELL


def too_long(value: Any, path: str = "") -> str | None:
    """The first text longer than MAX_CELL in a nested value, as ``path: N characters``, or None."""
    if isinstance(value, str):
        return f"{path or 'a value'}: {len(value):,} characters (at most {MAX_CELL})" if len(value) > MAX_CELL else None
    if isinstance(value, dict):
        items: Any = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return None
    for key, item in items:
        found = too_long(item, f"{path}[{key}]" if isinstance(key, int) else f"{path}.{key}".lstrip("."))
        if found:
            return found
    return None


def _plain(value: Any) -> bool:
    """A value the flat reader reads as it is: not a word it would turn into a boolean, not blank or
    padded text, not NaN."""
    kind = type(value)
    if kind is str:
        return bool(value) and value == value.strip() and value.lower() not in BOOLEANS
    if kind is float:
        return bool(value == value)
    return kind is int or kind is bool


# Each part's keys and the flat column of each: ``housing`` → {"area_sqm": "housing_area_sqm", …}.
_PART_COLUMNS: dict[str, dict[str, str]] = {
    prefix: {name: f"{column_prefix}_{name}" for name in names}
    for prefix, column_prefix, names in (
        ("hukou", "hukou", HUKOU),
        ("education", "education", EDUCATION),
        ("relatives", "relative", RELATIVE),
        *((section, section, names) for section, names in SECTIONS.items()),
    )
}
_PERSON_SCALARS = frozenset(("name", "age", "born", "sex", "retired", "stable_income"))


def _part(row: dict[str, Any], value: Any, columns: dict[str, str]) -> int:
    """The cells of one part (hukou, education, a period, a relative): how many keys it holds, or 0
    when no flat row holds it exactly."""
    if type(value) is not dict or not value or not value.keys() <= columns.keys():
        return 0
    written = 0
    for key, item in value.items():
        if item is None:
            continue
        if not _plain(item):
            return 0
        row[columns[key]] = item
        written += 1
    return len(value) if written else 0  # a part of nothing known is a part all the same; no row holds it


def _listed(row: dict[str, Any], value: Any, columns: dict[str, str]) -> int:
    """A list of at most one period (relative): the keys it holds, -1 for an empty list (known:
    none at all), 0 when no flat row holds it."""
    if type(value) is not list or len(value) > 1:
        return 0
    first = next(iter(columns.values()))  # the city (the relation): there, and not the word "none"
    if not value:
        row[first] = "none"
        return -1
    keys = _part(row, value[0], columns)
    return keys if keys and not says_none(row.get(first, "none")) else 0


def _family(members: Any) -> tuple[str, int] | None:
    """The ``family`` cell spelling these members, and how many keys they hold."""
    if type(members) is not list:
        return None
    if not members:
        return "none", 0
    texts = []
    keys = 0
    for member in members:
        if type(member) is not dict or not member.keys() <= _MEMBER_KEYS:
            return None
        keys += len(member)
        relation = member.get("relation")
        if type(relation) is not str or not _WORD.fullmatch(relation):
            return None
        words = [relation]
        age, born = member.get("age"), member.get("born")
        if age is not None:
            if not (type(age) is int or (type(age) is str and age.isascii() and age.isdigit())):
                return None
            words.append(str(age))
        if born is not None:
            if type(born) is not str or not _DATE.fullmatch(born):
                return None
            words.append(born)
        for key in ("lives_with_applicant", "married", "has_income", "sex"):
            flag = member.get(key)
            if flag is not None:
                word = _FLAGS.get((key, flag))
                if word is None or (key != "sex" and type(flag) is not bool):
                    return None
                words.append(word)
        texts.append(" ".join(words))
    return "; ".join(texts), keys


def _groups(groups: Any) -> str | None:
    if type(groups) is not list:
        return None
    if not groups:
        return "none"
    if not all(type(g) is str and _WORD.fullmatch(g) for g in groups):
        return None
    return ";".join(groups)


_WORD = re.compile(r"[a-z_]+")


def flat_cells(data: dict[str, Any]) -> dict[str, Any] | None:
    """The flat row holding exactly the profile ``data`` describes, or None when no row does (or
    when the flat reader might read it otherwise: such a profile goes to the explaining engine)."""
    found = flat_cells_and_keys(data)
    return None if found is None else found[0]


def flat_cells_and_keys(data: dict[str, Any]) -> tuple[dict[str, Any], int] | None:
    """flat_cells, and how many keys the profile's objects hold (all of them, nested ones too)."""
    row: dict[str, Any] = {}
    keys = len(data)
    for key, value in data.items():
        if value is None or key == "id":  # the row's id is not a part of the profile
            continue
        if key in _PERSON_SCALARS:
            if not _plain(value):
                return None
            row[key] = value
        elif key == "groups":
            text = _groups(value)
            if text is None:
                return None
            row[key] = text
        elif key == "family":
            spelt = _family(value)
            if spelt is None:
                return None
            row[key], more = spelt
            keys += more
        elif key == "hukou" or key == "education":
            more = _part(row, value, _PART_COLUMNS[key])
            if not more:
                return None
            keys += more
        elif key in _PART_COLUMNS:  # a section, or relatives
            more = _listed(row, value, _PART_COLUMNS[key])
            if not more:
                return None
            keys += max(more, 0)
        else:
            return None  # a key the profile does not know: the engine names it
    return row, keys
