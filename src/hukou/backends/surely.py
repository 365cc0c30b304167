"""The compiled form's "surely holds" and "surely fails" trees, as comparisons of named derived values.

hukou.rulebook.compiled defines what a channel's conditions mean as two positive trees (a
comparison decides only when its value is known; exceptions lift the comparisons they waive);
here those trees become comparisons of the values a backend derives under each comparison's
``key``. Both the Rete backend (hukou.backends.durable_engine) and the vectorised evaluator
(hukou.backends.vector) read them; a channel for which neither tree matches is undetermined.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from hukou.errors import ReteCannotExpress
from hukou.model.profile import EducationLevel
from hukou.rulebook.compiled import AnItem, Compare, Either, Every, NoItem, Pos, Sure, channel_prefix, key_of

__all__ = ["And", "AnyItem", "Cmp", "Node", "Or", "TreeCompiler", "channel_prefix", "comparison", "key_of", "scalar"]


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
    """Turns the compiled form's "surely holds" / "surely fails" trees (hukou.rulebook.compiled.sure)
    into trees of comparisons of named derived values."""

    item_rules: list[tuple[str, Node]] = field(default_factory=list)  # (list key, "this item fails")

    def tree(self, pos: Pos, on_item: bool = False) -> Node:
        match pos:
            case Sure():
                return comparison(pos.leaf, pos.holds, on_item)
            case Every():
                return all_of([self.tree(p, on_item) for p in pos.parts])
            case Either():
                return either([self.tree(p, on_item) for p in pos.parts])
            case AnItem():
                inner = self.tree(pos.where, True)
                # durable-rules decides an "or" inside anyItem by the item's last-written field
                # alone (nested in an "and" or not), so each alternative of the item condition gets
                # an anyItem of its own (tests/test_rete.py::
                # test_an_or_inside_any_item_is_decided_by_the_items_last_field).
                return either([AnyItem(pos.exists.key, all_of(list(c))) for c in conjunctions(inner)])
            case NoItem():
                # "Every item surely fails" is read off each item as a fact of its own (durable-rules'
                # allItems misreads an "or" inside it as anyItem does, and never holds for an empty
                # list: tests/test_rete.py::test_all_items_misreads_an_or_and_never_holds_for_an_empty_list):
                # the item rules say which items surely fail, and ``<key>_none`` whether all of them did.
                self.item_rules.append((pos.exists.key, as_item_fact(self.tree(pos.where, True))))
                return Cmp(pos.exists.key + "_none", "==", True)
        raise TypeError(f"not a positive tree: {pos!r}")


def comparison(leaf: Compare, want: bool, on_item: bool = False) -> Node:
    """The comparison surely holding (``want``) or surely failing, on the leaf's derived value.

    An unknown fact is left out of the asserted fact, and durable-rules matches no comparison on
    an absent field: neither the "holds" nor the "fails" comparison fires
    (tests/test_rete.py::test_no_comparison_matches_an_absent_field).
    """
    key, threshold = leaf.key, leaf.threshold
    values = threshold if isinstance(threshold, list) else [threshold]
    if leaf.spec.kind == "set":
        members: list[Node] = [Cmp(key_of(key, str(v)), "==", want, on_item) for v in values]
        return either(members) if want else all_of(members)
    op = leaf.op
    if leaf.ordered:
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
    raise ReteCannotExpress("a `some` inside a `some`")
