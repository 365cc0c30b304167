"""Nested profiles (JSON Lines, JSON) as flat rows, for the vectorised evaluator.

A nested profile becomes a flat row only when the flat reader (hukou.batch.flat.profile_data) reads
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

from hukou.batch.flat import _BOOLEANS, EDUCATION, HUKOU, MAX_CELL, RELATIVE, SECTIONS, says_none

MAX_LINE = 1 << 16
"""The longest line of JSON Lines, in bytes (a profile with a hundred periods takes a tenth of it)."""

_SCALARS = (str, int, float, bool)
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


class DuplicateKey(ValueError):
    """A JSON object names one key twice (YAML refuses that too)."""


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
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON: {error.msg} (column {error.colno})") from None
    except DuplicateKey:
        raise
    except RecursionError:
        raise ValueError("nested too deeply to be a profile") from None
    except ValueError as error:  # a number past Python's limit of digits
        raise ValueError(f"not a profile: {str(error).split(';')[0]}") from None


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
    if isinstance(value, str):
        return bool(value) and value == value.strip() and value.lower() not in _BOOLEANS
    if isinstance(value, float):
        return value == value
    return isinstance(value, _SCALARS)


def _part(row: dict[str, Any], prefix: str, value: Any, names: tuple[str, ...]) -> bool:
    if not isinstance(value, dict) or not value or not value.keys() <= set(names):
        return False
    written = 0
    for key, item in value.items():
        if item is None:
            continue
        if not _plain(item):
            return False
        row[f"{prefix}_{key}"] = item
        written += 1
    return written > 0  # a part of nothing known is a part all the same; no row holds it


def _listed(row: dict[str, Any], prefix: str, value: Any, names: tuple[str, ...], empty: str) -> bool:
    if not isinstance(value, list) or len(value) > 1:
        return False
    if not value:
        row[empty] = "none"
        return True
    # The first column (a city, a relation) must be there, and not the word that says "none at all".
    return _part(row, prefix, value[0], names) and not says_none(row.get(f"{prefix}_{names[0]}", "none"))


def _family(members: Any) -> str | None:
    if not isinstance(members, list):
        return None
    if not members:
        return "none"
    texts = []
    for member in members:
        if not isinstance(member, dict) or not member.keys() <= _MEMBER_KEYS:
            return None
        relation = member.get("relation")
        if not isinstance(relation, str) or not re.fullmatch(r"[a-z_]+", relation):
            return None
        words = [relation]
        age, born = member.get("age"), member.get("born")
        if age is not None:
            if type(age) is not int:
                return None
            words.append(str(age))
        if born is not None:
            if not isinstance(born, str) or not _DATE.fullmatch(born):
                return None
            words.append(born)
        for key in ("lives_with_applicant", "married", "has_income", "sex"):
            if member.get(key) is not None:
                word = _FLAGS.get((key, member[key]))
                if word is None or (key != "sex" and type(member[key]) is not bool):
                    return None
                words.append(word)
        texts.append(" ".join(words))
    return "; ".join(texts)


def _groups(groups: Any) -> str | None:
    if not isinstance(groups, list):
        return None
    if not groups:
        return "none"
    if not all(isinstance(g, str) and re.fullmatch(r"[a-z_]+", g) for g in groups):
        return None
    return ";".join(groups)


def flat_cells(data: dict[str, Any]) -> dict[str, Any] | None:
    """The flat row holding exactly the profile ``data`` describes, or None when no row does (or
    when the flat reader might read it otherwise: such a profile goes to the explaining engine)."""
    row: dict[str, Any] = {}
    for key, value in data.items():
        if value is None:
            continue
        if key in ("name", "age", "born", "sex", "retired", "stable_income"):
            if not _plain(value):
                return None
            row[key] = value
        elif key == "groups" or key == "family":
            text = _groups(value) if key == "groups" else _family(value)
            if text is None:
                return None
            row[key] = text
        elif key == "hukou" or key == "education":
            if not _part(row, key, value, HUKOU if key == "hukou" else EDUCATION):
                return None
        elif key in SECTIONS:
            if not _listed(row, key, value, SECTIONS[key], f"{key}_city"):
                return None
        elif key == "relatives":
            if not _listed(row, "relative", value, RELATIVE, "relative_relation"):
                return None
        else:
            return None  # a key the profile does not know: the engine names it
    return row
