"""Turning pydantic's validation errors into one line that names file, line and field."""

from __future__ import annotations

import difflib
import enum
import types
import typing
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from hukou.errors import HukouError
from hukou.model.vocabulary import CHINESE_KEYS, YES_NO_ALLOWED, by_values
from hukou.yamlio import LineIndex, dotted

M = TypeVar("M", bound=BaseModel)


def validate(
    model: type[M],
    data: Any,
    where: LineIndex,
    error: type[HukouError],
    *,
    hidden: frozenset[str] = frozenset(),
) -> M:
    """Validate ``data`` as ``model``; raise ``error`` for the first problem found.

    ``hidden`` names parts of pydantic's error locations that are not keys of the file
    (union tags).
    """
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        path = tuple(p for p in first["loc"] if not (isinstance(p, str) and (p in hidden or "[" in p)))
        path = tuple("not" if p == "not_" else p for p in path)
        message = _message(first, model, path)
        more = exc.error_count() - 1
        if more:
            message += f" (and {more} more problem{'s' if more > 1 else ''})"
        suggestion = _nearest_key(model, path) if first["type"] == "extra_forbidden" else None
        raise error(
            message, file=where.file, line=where.line_of(path), field=dotted(path) or None, suggestion=suggestion
        ) from None


def _nearest_key(model: type[BaseModel], path: tuple[str | int, ...]) -> str | None:
    """The allowed key a misspelt one most likely meant (social_insurence → social_insurance)."""
    if not path or not isinstance(path[-1], str):
        return None
    close = difflib.get_close_matches(path[-1], allowed_keys(model, path[:-1]), n=1, cutoff=0.6)
    return close[0] if close else None


def _message(error: Any, model: type[BaseModel], path: tuple[str | int, ...]) -> str:
    kind = error["type"]
    if kind == "extra_forbidden":
        name = f" {path[-1]!r}" if path else ""
        english = CHINESE_KEYS.get(str(path[-1])) if path and model.__module__ == "hukou.model.profile" else None
        if english is not None:
            return f"unknown field{name}: field names are written in English; write {english}"
        if _nearest_key(model, path):
            return f"unknown field{name}"  # the error adds "did you mean …?"
        allowed = allowed_keys(model, path[:-1])
        listing = f"; allowed: {', '.join(allowed)}" if allowed else ""
        return f"unknown field{name}{listing}"
    if kind == "missing":
        return "required field is missing"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind in {"enum", "literal_error"}:
        vocabulary = by_values(_choices_at(model, path))
        if vocabulary is not None:
            return vocabulary.refusal(error["input"])
    if kind == "list_type":
        given = error["input"]
        if isinstance(given, dict):  # one entry where a list of them goes: the "- " was left out
            return "should be a list: start each entry with '- ' (or write [{…}, {…}]), got a single entry"
        return f"should be a list, like [{_short(given).strip(chr(39))}], got {_short(given)}"
    if kind == "bool_parsing":
        return f"{_short(error['input'])} is not a yes or no; allowed: {YES_NO_ALLOWED}"
    if kind in {"int_parsing", "float_parsing"}:  # 3岁, 90平米: the unit is the field's, not the value's
        return f"should be a number in digits, without a unit, got {_short(error['input'])}"
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        keys = allowed_keys(model, path)
        like = f" ({', '.join(keys[:3])}, …)" if len(keys) > 3 else f" ({', '.join(keys)})" if keys else ""
        return f"should be a mapping of keys{like}, got {_short(error['input'])}"
    if "input" in error and kind not in {"value_error", "assertion_error"}:
        return f"{message}, got {_short(error['input'])}"
    return message


def _short(value: Any, limit: int = 60) -> str:
    """A value as the error line shows it: whole if short, else cut with an ellipsis."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def allowed_keys(model: type[BaseModel], path: tuple[str | int, ...]) -> list[str]:
    """The keys a mapping at ``path`` may have, found by walking the model's annotations."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        fields = _models_in(current)
        found = None
        for candidate in fields:
            for name, info in candidate.model_fields.items():
                if part in {name, info.alias}:
                    found = info.annotation
        if found is None:
            return []
        current = found
    keys: list[str] = []
    for candidate in _models_in(current):
        keys += [info.alias or name for name, info in candidate.model_fields.items()]
    return list(dict.fromkeys(keys))


def _choices_at(model: type[BaseModel], path: tuple[str | int, ...]) -> frozenset[str]:
    """The values the field at ``path`` may take (its Literal's or Enum's), read off the model's
    annotations: pydantic words them only in its message. A part naming no field is a union's tag
    (``literal['a','b']``): the choices are those of the union reached."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        found = [
            info.annotation
            for candidate in _models_in(current)
            for name, info in candidate.model_fields.items()
            if part in {name, info.alias}
        ]
        if not found:
            break
        current = found[-1]
    return frozenset(_choices_in(current))


def _choices_in(annotation: Any) -> list[str]:
    """The Literal and Enum values an annotation may hold: through Optional, list, Annotated, unions."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return [str(member.value) for member in annotation]
    if typing.get_origin(annotation) is typing.Literal:
        return [str(value) for value in typing.get_args(annotation)]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return []
    return [value for arg in typing.get_args(annotation) for value in _choices_in(arg)]


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    """The models an annotation may hold: through Optional, list, Annotated and unions."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin is None and not isinstance(annotation, types.UnionType):
        return []
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found += _models_in(arg)
    return found
