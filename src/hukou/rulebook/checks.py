"""Checks of a rule file beyond its shape: facts exist, operators and values suit them.

The schema says a leaf has a fact, an operator and a value; only the fact registry knows that
``social_insurance.continuous_months`` counts months and cannot be compared with "yes".
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from hukou.judging.facts import FACTS, FactSpec, Scope
from hukou.rulebook.schema import (
    Channel,
    Condition,
    Indicator,
    Leaf,
    Points,
    RuleFile,
    Some,
    leaves,
    walk,
)

PathKey = tuple[str | int, ...]

_OPERATORS: dict[str, set[str]] = {
    "months": {"==", "!=", ">=", ">", "<=", "<"},
    "sqm": {">=", ">", "<=", "<"},
    "area": {"==", "!=", "in", "not_in"},
    "count": {"==", "!=", ">=", ">", "<=", "<"},
    "money": {">=", ">", "<=", "<"},
    "age": {"==", "!=", ">=", ">", "<=", "<"},
    "date": {"==", "!=", ">=", ">", "<=", "<"},
    "bool": {"==", "!="},
    "enum": {"==", "!=", "in", "not_in"},
    "ordinal": {"==", "!=", ">=", ">", "<=", "<", "in", "not_in"},
    "set": {"contains"},
}
_UNITS: dict[str, set[str | None]] = {
    "months": {"month", "year"},
    "sqm": {"sqm"},
    "count": {"person"},
    "money": {"wan_yuan"},
    "age": {"age"},
}


@dataclass(frozen=True)
class Problem:
    path: PathKey
    message: str


def problems(rules: RuleFile) -> Iterator[Problem]:
    """Everything wrong with a schema-valid rule file, each with its key path."""
    documents = {d.id for d in rules.documents}
    areas = (*rules.jurisdiction.areas, "none")
    for i, recognition in enumerate(rules.recognition):
        if recognition.document not in documents:
            yield Problem(("recognition", i, "document"), _unknown_document(recognition.document, documents))
    seen_channels: set[str] = set()
    for i, channel in enumerate(rules.channels):
        at: PathKey = ("channels", i)
        if channel.id in seen_channels:
            yield Problem((*at, "id"), f"channel id {channel.id!r} is used twice")
        seen_channels.add(channel.id)
        if channel.document not in documents:
            yield Problem((*at, "document"), _unknown_document(channel.document, documents))
        yield from _channel_conditions(channel, at, areas)
        if channel.points is not None:
            yield from _points(channel.points, (*at, "points"), documents, areas)
        leaf_ids = {leaf.id for leaf in leaves(channel.conditions)} if channel.conditions else set()
        for j, waiver in enumerate(channel.exceptions):
            wat = (*at, "exceptions", j)
            if waiver.document not in documents:
                yield Problem((*wat, "document"), _unknown_document(waiver.document, documents))
            yield from _tree(waiver.when, (*wat, "when"), "applicant", areas)
            for k, waived in enumerate(waiver.waives):
                if waived not in leaf_ids:
                    yield Problem((*wat, "waives", k), f"no condition {waived!r} in this channel")


def _unknown_document(name: str, documents: set[str]) -> str:
    return f"no document {name!r} in this file's documents ({', '.join(sorted(documents))})"


def _channel_conditions(channel: Channel, at: PathKey, areas: tuple[str, ...]) -> Iterator[Problem]:
    if channel.conditions is not None:
        yield from _tree(channel.conditions, (*at, "conditions"), "applicant", areas)
        ids = [leaf.id for leaf in leaves(channel.conditions)]
        for dup in sorted({x for x in ids if ids.count(x) > 1}):
            yield Problem((*at, "conditions"), f"condition id {dup!r} is used twice in one channel")
    for j, rule in enumerate(channel.followers.allowed):
        if rule.when is not None:
            yield from _tree(rule.when, (*at, "followers", "allowed", j, "when"), "member", areas)
    for j, option in enumerate(channel.registration):
        if option.when is not None:
            yield from _tree(option.when, (*at, "registration", j, "when"), "applicant", areas)


def _points(points: Points, at: PathKey, documents: set[str], areas: tuple[str, ...]) -> Iterator[Problem]:
    """A points scheme's indicators name facts of the right kind; every sentence names a known document."""
    seen: set[str] = set()

    def walk(found: list[Indicator], where: PathKey) -> Iterator[Problem]:
        for k, indicator in enumerate(found):
            iat = (*where, k)
            if indicator.id in seen:
                yield Problem((*iat, "id"), f"indicator id {indicator.id!r} is used twice in one channel")
            seen.add(indicator.id)
            if indicator.document is not None and indicator.document not in documents:
                yield Problem((*iat, "document"), _unknown_document(indicator.document, documents))
            yield from _indicator(indicator, iat, areas)
            if indicator.best_of:
                yield from walk(indicator.best_of, (*iat, "best_of"))

    yield from walk(points.indicators, (*at, "indicators"))
    for k, line in enumerate(points.line):
        if line.document is not None and line.document not in documents:
            yield Problem((*at, "line", k, "document"), _unknown_document(line.document, documents))
    admission = points.admission
    if admission is not None and admission.document is not None and admission.document not in documents:
        yield Problem((*at, "admission", "document"), _unknown_document(admission.document, documents))


def _indicator(indicator: Indicator, at: PathKey, areas: tuple[str, ...]) -> Iterator[Problem]:
    if indicator.per_year is not None and indicator.per_year.fact is not None:
        yield from _fact_of_kind(indicator.per_year.fact, "months", (*at, "per_year", "fact"))
    if indicator.per_year is not None and indicator.per_year.moved_out_of is not None:
        if indicator.per_year.moved_out_of not in areas:
            yield Problem(
                (*at, "per_year", "moved_out_of"),
                f"no area {indicator.per_year.moved_out_of!r} in this file (jurisdiction.areas: {', '.join(areas)})",
            )
        if indicator.per_year.at_most_years_of is not None:
            yield from _fact_of_kind(
                indicator.per_year.at_most_years_of, "months", (*at, "per_year", "at_most_years_of")
            )
    if indicator.per_count is not None:
        yield from _fact_of_kind(indicator.per_count.fact, "count", (*at, "per_count", "fact"))
    if indicator.table is not None:
        table = indicator.table
        spec = FACTS.get(table.fact)
        if spec is None or spec.kind not in {"enum", "ordinal"} or spec.scope != "applicant":
            yield Problem((*at, "table", "fact"), f"a table needs a fact with listed values, not {table.fact!r}")
        else:
            for k, row in enumerate(table.rows):
                if row.value not in spec.values:
                    yield Problem(
                        (*at, "table", "rows", k, "value"),
                        f"{row.value!r} is not a value of {spec.name}; one of {', '.join(spec.values)}",
                    )
    if indicator.fixed is not None:
        yield from _tree(indicator.fixed.when, (*at, "fixed", "when"), "applicant", areas)
    if indicator.table is not None and indicator.table.when is not None:
        yield from _tree(indicator.table.when, (*at, "table", "when"), "applicant", areas)
    if indicator.up_to is not None and indicator.up_to.when is not None:
        yield from _tree(indicator.up_to.when, (*at, "up_to", "when"), "applicant", areas)


def _fact_of_kind(name: str, kind: str, at: PathKey) -> Iterator[Problem]:
    spec = FACTS.get(name)
    if spec is None or spec.scope != "applicant":
        known = sorted(n for n, s in FACTS.items() if s.kind == kind and s.scope == "applicant")
        close = difflib.get_close_matches(name, known, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known: {', '.join(known)}"
        yield Problem(at, f"no fact {name!r}{hint}")
    elif spec.kind != kind:
        yield Problem(at, f"{name} is a {spec.kind} fact; this needs a {kind} fact")


def _tree(condition: Condition, at: PathKey, scope: Scope, areas: tuple[str, ...]) -> Iterator[Problem]:
    for node, path, above in walk(condition, at):
        within = [n.some for n in above if isinstance(n, Some)]
        here: Scope = within[-1] if within else scope
        if isinstance(node, Leaf):
            yield from _leaf(node, path, here, areas)
        elif isinstance(node, Some) and (within or scope != "applicant"):
            yield Problem((*path, "some"), "`some` may not stand inside another `some` or a follower rule")


def _leaf(leaf: Leaf, at: PathKey, scope: Scope, areas: tuple[str, ...]) -> Iterator[Problem]:
    spec = FACTS.get(leaf.fact)
    visible = _visible_facts(scope)
    if leaf.fact.startswith("land_rights"):
        yield Problem((*at, "fact"), "land rights are never a condition: every document forbids it")
        return
    if spec is None or spec.name not in visible:
        where = "here" if spec is not None else "at all"
        close = difflib.get_close_matches(leaf.fact, sorted(visible), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else f"; known here: {', '.join(sorted(visible))}"
        yield Problem((*at, "fact"), f"no fact {leaf.fact!r} {where}{hint}")
        return
    if leaf.op not in _OPERATORS[spec.kind]:
        allowed = ", ".join(sorted(_OPERATORS[spec.kind]))
        yield Problem((*at, "op"), f"{leaf.op!r} does not apply to {spec.name} ({spec.kind}); use {allowed}")
        return
    units = _UNITS.get(spec.kind, {None})
    if leaf.unit not in units:
        wanted = " or ".join(repr(u) for u in units if u) or "none"
        yield Problem((*at, "unit"), f"{spec.name} is measured in {wanted}, not {leaf.unit!r}")
    message = _value_problem(spec, leaf, areas)
    if message:
        yield Problem((*at, "value"), message)


def _visible_facts(scope: Scope) -> set[str]:
    """Facts a leaf may name: applicant facts anywhere, item facts in their `some`,
    member facts in follower rules."""
    return {name for name, spec in FACTS.items() if spec.scope in {"applicant", scope}}


def _value_problem(spec: FactSpec, leaf: Leaf, areas: tuple[str, ...]) -> str | None:
    values = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    if leaf.op in {"in", "not_in"} and not isinstance(leaf.value, list):
        return f"{leaf.op!r} needs a list of values"
    if leaf.op not in {"in", "not_in", "contains"} and isinstance(leaf.value, list):
        return f"{leaf.op!r} compares with one value, not a list"
    for value in values:
        if not _fits(spec, value, areas):
            choices = areas if spec.kind == "area" else spec.values
            allowed = f"; one of {', '.join(choices)}" if choices else ""
            return f"{value!r} is not a value of {spec.name} ({spec.kind}){allowed}"
    return None


def _fits(spec: FactSpec, value: Any, areas: tuple[str, ...]) -> bool:
    match spec.kind:
        case "area":
            return value in areas
        case "months" | "sqm" | "count" | "money" | "age":
            return isinstance(value, int | float) and not isinstance(value, bool) and value >= 0
        case "date":
            return isinstance(value, dt.date)
        case "bool":
            return isinstance(value, bool)
        case _:
            return isinstance(value, str) and value in spec.values
