"""Channels compiled into two positive trees: when their conditions surely hold, when they surely fail.

Three-valued (Kleene) logic becomes two ordinary boolean trees over named derived values: ``all``
holds when every part holds and fails when one fails, ``any`` the other way round, ``not`` swaps
them, and a comparison decides only when its value is known (an unknown value matches no
comparison, in either tree). A channel for which neither tree matches is undetermined. Exceptions
compile as "condition, or the exception holds". Both the Rete backend (hukou.backends.durable_engine) and
the vectorised batch evaluator (hukou.backends.vector) read these trees; each derives the named values
(keys) the same way, by walking the condition tree with the same prefixes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from hukou.judging.conditions import threshold_in_fact_units
from hukou.judging.facts import FACTS
from hukou.model.profile import EducationLevel
from hukou.rulebook.schema import All, AnyOf, Channel, Condition, Leaf, Not, Some, Waiver


def key_of(*parts: str) -> str:
    """The name of a derived value: its place in the condition tree, in letters, digits and ``_``."""
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p) for p in parts)


def channel_prefix(channel: Channel) -> str:
    return key_of("c", channel.id)


def scalar(value: Any) -> Any:
    """A value as the trees compare it: dates as day numbers, enums as their names."""
    if isinstance(value, dt.date):
        return value.toordinal()
    if isinstance(value, EducationLevel):
        return value.value
    return value


NEGATED = {"==": "!=", "!=": "==", ">=": "<", ">": "<=", "<=": ">", "<": ">="}


@dataclass(frozen=True)
class Cmp:
    key: str
    op: str
    value: Any
    on_item: bool = False  # a field of a list item, not of the fact


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class AnyItem:
    key: str
    where: Node


Node = Cmp | And | Or | AnyItem


def all_of(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else And(tuple(parts))


def either(parts: list[Node]) -> Node:
    return parts[0] if len(parts) == 1 else Or(tuple(parts))


@dataclass
class TreeCompiler:
    """Turns a channel's condition tree into its "surely holds" and "surely fails" trees."""

    waivers: dict[str, Waiver]
    waiver_prefix: str
    item_rules: list[tuple[str, Node]] = field(default_factory=list)  # (list key, "this item fails")

    def holds(self, node: Condition, prefix: str) -> Node:
        return self._compile(node, prefix, True, False)

    def fails(self, node: Condition, prefix: str) -> Node:
        return self._compile(node, prefix, False, False)

    def _compile(self, node: Condition, prefix: str, want: bool, on_item: bool) -> Node:
        match node:
            case Leaf():
                own = self._leaf(node, key_of(prefix, node.id), want, on_item)
                waiver = self.waivers.get(node.id)
                if waiver is None:
                    return own
                lifted = self._compile(waiver.when, key_of(self.waiver_prefix, waiver.id), want, on_item)
                return Or((own, lifted)) if want else And((own, lifted))
            case All():
                parts = [self._compile(p, key_of(prefix, str(i)), want, on_item) for i, p in enumerate(node.all)]
                return all_of(parts) if want else either(parts)
            case AnyOf():
                parts = [self._compile(p, key_of(prefix, str(i)), want, on_item) for i, p in enumerate(node.any)]
                return either(parts) if want else all_of(parts)
            case Not():
                return self._compile(node.not_, key_of(prefix, "n"), not want, on_item)
            case Some():
                key = key_of(prefix, node.id)
                inner = self._compile(node.where, "i", want, True)
                if want:
                    # durable-rules reads an "or" nested in an "and" inside anyItem wrongly, so each
                    # alternative of the item condition gets an anyItem of its own.
                    return either([AnyItem(key, all_of(list(c))) for c in conjunctions(inner)])
                # "Every item surely fails" is read off each item as a fact of its own (durable-rules'
                # allItems reads an "or" inside it as "and", tests/test_rete.py): the item rules say
                # which items surely fail, and ``<key>_none`` whether all of them did.
                self.item_rules.append((key, as_item_fact(inner)))
                return Cmp(key + "_none", "==", True)
        raise TypeError(f"not a condition: {node!r}")

    def _leaf(self, leaf: Leaf, key: str, want: bool, on_item: bool) -> Node:
        # An unknown fact is left out of the asserted fact, and durable-rules matches no comparison
        # on an absent field: neither the "holds" nor the "fails" comparison fires.
        spec = FACTS[leaf.fact]
        threshold = threshold_in_fact_units(leaf)
        values = threshold if isinstance(threshold, list) else [threshold]
        if spec.kind == "set":
            members: list[Node] = [Cmp(key_of(key, str(v)), "==", want, on_item) for v in values]
            return either(members) if want else all_of(members)
        op = leaf.op
        if spec.kind == "ordinal" and op in {">=", ">", "<=", "<"}:
            key, values = key + "_rank", [EducationLevel(v).rank for v in values]
        values = [scalar(v) for v in values]
        if op in {"in", "not_in"}:
            if (op == "in") == want:
                return either([Cmp(key, "==", v, on_item) for v in values])
            return all_of([Cmp(key, "!=", v, on_item) for v in values])
        return Cmp(key, op if want else NEGATED[op], values[0], on_item)


def conjunctions(node: Node) -> list[tuple[Node, ...]]:
    """The tree in disjunctive normal form: alternatives, each a conjunction of comparisons."""
    match node:
        case Cmp() | AnyItem():
            return [(node,)]
        case Or():
            return [c for part in node.parts for c in conjunctions(part)]
        case And():
            result: list[tuple[Node, ...]] = [()]
            for part in node.parts:
                result = [mine + theirs for mine in result for theirs in conjunctions(part)]
            return result
    raise TypeError(node)


def as_item_fact(node: Node) -> Node:
    """The same tree reading the item as a fact of its own (``m``), not as a list item."""
    match node:
        case Cmp():
            return Cmp(node.key, node.op, node.value, False)
        case And():
            return And(tuple(as_item_fact(p) for p in node.parts))
        case Or():
            return Or(tuple(as_item_fact(p) for p in node.parts))
    raise ValueError("a `some` inside a `some`")
