"""Wrong rules made from right ones: every small edit of a rule file's data a rule author could get wrong.

Each mutant is the whole file's data with one edit — a condition dropped, a threshold moved, an
operator flipped, a waiver dropped — and a key naming it (``kaili.yaml k3_residence_insurance:
conditions.all[out_of_province] dropped``) that stays the same while the file does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from copy import deepcopy
from dataclasses import dataclass
from typing import Any

from hukou.model.profile import EducationLevel

Path = tuple[str | int, ...]

# The operator a rule author could have written instead of the right one.
FLIPS = {
    ">=": (">", "<="),
    ">": (">=", "<"),
    "<=": ("<", ">="),
    "<": ("<=", ">"),
    "==": ("!=",),
    "!=": ("==",),
    "in": ("not_in",),
    "not_in": ("in",),
}

# A threshold moved by one in its unit and by a usual step of that unit.
STEPS = {"month": (1, 12), "year": (1,), "age": (1, 5), "sqm": (1, 5), "person": (1,), "wan_yuan": (1,), None: (1,)}

_RANKED = sorted(EducationLevel, key=lambda level: level.rank)


@dataclass(frozen=True)
class Mutant:
    """One edit of one rule file."""

    file: str  # the rule file's name (kaili.yaml)
    channel: str
    where: str  # the edited part, with ids where the file gives them
    what: str  # the edit
    data: dict[str, Any]  # the whole file's data, edited

    @property
    def key(self) -> str:
        return f"{self.file} {self.channel}: {self.where} {self.what}"


def edited(data: dict[str, Any], path: Path, new: Any) -> dict[str, Any]:
    """A copy of ``data`` with the value at ``path`` replaced by ``new`` (or removed, for :data:`GONE`).

    The copy keeps what YAML aliases share shared: an edit of an anchored part (``&indicators``)
    is an edit of the file's one text of it, seen wherever it is used.
    """
    copy = deepcopy(data)
    container, step = at(copy, path[:-1]), path[-1]
    if new is not GONE:
        container[step] = new
    else:
        del container[step]
    return copy


GONE: Any = object()  # as ``new``: remove the key or list item


def at(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


Edit = tuple[Path, Any, str, str]  # (path, new value, where, what)


def mutants(name: str, data: dict[str, Any]) -> Iterator[Mutant]:
    """Every mutant of one rule file's data (``x-`` anchor keys already taken out)."""
    window_keys = _document_window_keys(data)
    # A part shared through a YAML alias is one text in the file: it is edited once, named after
    # the first channel using it.
    seen: set[tuple[int, str | int, str]] = set()
    for i, channel in enumerate(data.get("channels", [])):
        base: Path = ("channels", i)
        for path, new, where, what in _channel_edits(channel, base, window_keys):
            edit = (id(at(data, path[:-1])), path[-1], what)
            if edit not in seen:
                seen.add(edit)
                yield Mutant(name, channel["id"], where, what, edited(data, path, new))
    for j, document in enumerate(data.get("documents", [])):
        for key in window_keys.get(document["id"], ()):
            for path, new, what in _date_moves(("documents", j, key), document[key]):
                yield Mutant(name, "*", f"documents[{document['id']}].{key}", what, edited(data, path, new))


def _document_window_keys(data: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """The date keys that bound each document's window: the start (entry into force, else
    publication, else issue — the others then change nothing) and the expiry."""
    keys = {}
    for document in data.get("documents", []):
        start = next(k for k in ("in_force_from", "published", "issued") if document.get(k) is not None)
        keys[document["id"]] = (start, *(("in_force_until",) if document.get("in_force_until") else ()))
    return keys


def _channel_edits(channel: dict[str, Any], base: Path, window_keys: dict[str, tuple[str, ...]]) -> Iterator[Edit]:
    if "conditions" in channel:
        yield from _condition_edits(channel["conditions"], (*base, "conditions"), "conditions", top=True)
    for j, waiver in enumerate(channel.get("exceptions", [])):
        wpath, wname = (*base, "exceptions", j), f"exceptions[{waiver['id']}]"
        yield (wpath, GONE, wname, "dropped")
        yield from _condition_edits(waiver["when"], (*wpath, "when"), f"{wname}.when", top=False)
        if len(waiver["waives"]) > 1:
            for k, waived in enumerate(waiver["waives"]):
                yield ((*wpath, "waives", k), GONE, f"{wname}.waives[{waived}]", "dropped")
    for key in ("from", "until"):
        if (channel.get("effective") or {}).get(key) is not None:
            for path, new, what in _date_moves((*base, "effective", key), channel["effective"][key]):
                yield (path, new, f"effective.{key}", what)
    if channel.get("points"):
        yield from _points_edits(channel["points"], (*base, "points"))


def _condition_edits(node: dict[str, Any], path: Path, where: str, *, top: bool) -> Iterator[Edit]:
    """Drop each part of an all/any, each ``not``, the whole tree; move each threshold; flip each operator."""
    if top:
        yield (path, GONE, where, "dropped (no condition left)")
    for key in ("all", "any"):
        if key in node:
            parts = node[key]
            for k, part in enumerate(parts):
                part_where = f"{where}.{key}[{_name(part, k)}]"
                if len(parts) > 1:
                    yield ((*path, key, k), GONE, part_where, "dropped")
                yield from _condition_edits(part, (*path, key, k), part_where, top=False)
    if "not" in node:
        yield (path, node["not"], where, "not dropped")
        yield from _condition_edits(node["not"], (*path, "not"), f"{where}.not", top=False)
    if "some" in node:
        yield from _condition_edits(node["where"], (*path, "where"), f"{where}.where", top=False)
    if "fact" in node:
        for op in FLIPS.get(node["op"], ()):
            yield ((*path, "op"), op, where, f"{node['op']} -> {op}")
        yield from _value_edits(node, path, where)


def _name(part: dict[str, Any], index: int) -> str:
    return str(part.get("id") or index)


def _value_edits(leaf: dict[str, Any], path: Path, where: str) -> Iterator[Edit]:
    value, unit = leaf["value"], leaf.get("unit")
    vpath = (*path, "value")
    if isinstance(value, bool):
        return  # == true / != true: the operator flips cover it
    if isinstance(value, int | float):
        for step in STEPS.get(unit, (1,)):
            for moved in (value - step, value + step):
                if moved >= 0:
                    yield (vpath, moved, where, f"{value} -> {moved} {unit or ''}".rstrip())
        if unit == "year":  # a month either side, in months
            for months in (value * 12 - 1, value * 12 + 1):
                yield (path, {**leaf, "value": months, "unit": "month"}, where, f"{value} years -> {months} months")
    elif isinstance(value, dt.date):
        for p, new, what in _date_moves(vpath, value):
            yield (p, new, where, what)
    elif isinstance(value, str) and value in EducationLevel.__members__:
        for level in _neighbours(EducationLevel(value)):
            yield (vpath, level.value, where, f"{value} -> {level.value}")
    elif isinstance(value, list) and len(value) > 1:
        for k, item in enumerate(value):
            yield (vpath, [v for i, v in enumerate(value) if i != k], where, f"{item} taken out of the list")


def _neighbours(level: EducationLevel) -> list[EducationLevel]:
    """The first level of the rank just below and of the rank just above."""
    below = [x for x in _RANKED if x.rank == level.rank - 1][:1]
    above = [x for x in _RANKED if x.rank == level.rank + 1][:1]
    return below + above


def _date_moves(path: Path, day: dt.date) -> Iterator[tuple[Path, dt.date, str]]:
    for days in (-1, 1):
        moved = day + dt.timedelta(days=days)
        yield (path, moved, f"{day} -> {moved}")


def _points_edits(points: dict[str, Any], path: Path) -> Iterator[Edit]:
    for k, line in enumerate(points.get("line", [])):
        lpath = (*path, "line", k)
        yield from _number_moves((*lpath, "points"), line["points"], f"points.line[{k}].points")
        for key in ("from", "until"):
            if (line.get("effective") or {}).get(key) is not None:
                for p, new, what in _date_moves((*lpath, "effective", key), line["effective"][key]):
                    yield (p, new, f"points.line[{k}].effective.{key}", what)
    for k, indicator in enumerate(points.get("indicators", [])):
        yield from _indicator_edits(indicator, (*path, "indicators", k), f"points.indicators[{indicator['id']}]")


def _indicator_edits(indicator: dict[str, Any], path: Path, where: str) -> Iterator[Edit]:
    if indicator.get("cap") is not None:
        yield from _number_moves((*path, "cap"), indicator["cap"], f"{where}.cap")
    for kind in ("fixed", "table", "up_to"):
        spec = indicator.get(kind)
        if spec and spec.get("when"):
            yield from _condition_edits(spec["when"], (*path, kind, "when"), f"{where}.{kind}.when", top=False)
    if indicator.get("per_year"):
        spec = indicator["per_year"]
        yield from _number_moves((*path, "per_year", "points"), spec["points"], f"{where}.per_year.points")
        if spec.get("counted_from"):
            for p, new, what in _date_moves((*path, "per_year", "counted_from"), spec["counted_from"]):
                yield (p, new, f"{where}.per_year.counted_from", what)
    for kind in ("fixed", "per_count", "up_to"):
        if indicator.get(kind):
            yield from _number_moves((*path, kind, "points"), indicator[kind]["points"], f"{where}.{kind}.points")
    if indicator.get("table"):
        rows = indicator["table"]["rows"]
        for k, row in enumerate(rows):
            rwhere = f"{where}.table.rows[{row['value']}]"
            yield from _number_moves((*path, "table", "rows", k, "points"), row["points"], f"{rwhere}.points")
            if len(rows) > 1:
                yield ((*path, "table", "rows", k), GONE, rwhere, "dropped")
    for k, part in enumerate(indicator.get("best_of") or []):
        yield ((*path, "best_of", k), GONE, f"{where}.best_of[{part['id']}]", "dropped")
        yield from _indicator_edits(part, (*path, "best_of", k), f"{where}.best_of[{part['id']}]")


def _number_moves(path: Path, value: float, where: str) -> Iterator[Edit]:
    for moved in (value - 1, value + 1):
        yield (path, moved, where, f"{value} -> {moved}")
