"""The compiled form of the rules: what every evaluator, lint and the renderings read.

A validated rule file's condition trees are YAML-shaped: a union of ``fact`` / ``all`` / ``any`` /
``not`` / ``some`` dicts, with the exceptions that waive a condition kept apart from it, thresholds
in the unit the document writes and ids that say nothing of where a node sits. Here each tree is
walked once, and only here, into typed nodes that carry what the readers need:

- a comparison (:class:`Compare`) knows its fact's kind and scope, its threshold in the fact's
  units (years as months, education levels as ranks where ordered), its label, the exception
  that lifts it (:class:`Lift`), where it stands in the file (``path``), the name of the value a
  backend derives for it (``key``), the id the answer reports (``name``), whether it stands under
  a ``not`` and inside which ``some``;
- the three-valued meaning of the connectives (Kleene's ``all`` / ``any`` / ``not``, a comparison
  with an unknown value unknown, a waived comparison holding where its exception holds) is
  defined once below, and once more as two positive trees — when the conditions surely hold,
  when they surely fail (:func:`sure`) — which the Rete backend, the vectorised evaluator and lint
  read instead of negating by hand.

Compiling is pure and cached on the validated model it reads (:func:`compiled`), so a rulebook is
compiled once per process, not once per profile.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from hukou.bilingual import Text
from hukou.judging.facts import FACTS, FactSpec, Held
from hukou.labels import COLLECTION_LABELS, CONDITION_FORMS, GROUP_LABELS, phrase
from hukou.model.profile import EducationLevel
from hukou.rulebook.schema import (
    All,
    AnyOf,
    Channel,
    Collection,
    Condition,
    CountedIn,
    Leaf,
    Not,
    Operator,
    Registration,
    Some,
    Waiver,
    walk,
)

Truth = bool | None
Path = tuple[str | int, ...]


# --- the nodes ------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Compare:
    """One comparison of a named fact with the threshold a document states."""

    id: str
    name: str  # the id the answer reports: ids of enclosing `some` nodes, dotted
    key: str  # the value a backend derives for it (hukou.backends.surely keys)
    path: Path  # where it stands in the rule file
    fact: str
    spec: FactSpec
    op: Operator
    written: Any  # the threshold as the file writes it
    threshold: Any  # in the fact's units: durations in months
    unit: str | None
    counted_in: CountedIn
    label: Text
    negated: bool  # under an odd number of `not`
    within: Collection | None  # the list of the `some` it stands in, if any
    lift: Lift | None  # the exception that waives it
    source: Leaf

    @property
    def ordered(self) -> bool:
        """Compared by rank (education levels), not by name."""
        return self.spec.kind == "ordinal" and self.op in {">=", ">", "<=", "<"}


@dataclass(frozen=True, eq=False)
class Group:
    """``all`` or ``any`` of its parts."""

    kind: Literal["all", "any"]
    id: str
    name: str
    key: str
    path: Path
    parts: tuple[Node, ...]
    label: Text
    negated: bool
    within: Collection | None
    source: All | AnyOf


@dataclass(frozen=True, eq=False)
class Negation:
    id: str
    name: str
    key: str
    path: Path
    part: Node
    label: Text
    negated: bool
    within: Collection | None
    source: Not


@dataclass(frozen=True, eq=False)
class Exists:
    """At least one item of a profile list (a home, a course of study, a job) meets ``where``."""

    id: str
    name: str
    key: str
    path: Path
    collection: Collection
    where: Node
    current: bool  # items ended on the as-of day do not count
    counted_in: CountedIn
    label: Text
    negated: bool
    within: Collection | None  # always None: lint refuses a `some` in a `some`
    source: Some


Node = Compare | Group | Negation | Exists


@dataclass(frozen=True, eq=False)
class Lift:
    """An exception (豁免): for people meeting ``when``, the comparisons it names do not apply."""

    id: str
    when: Node
    source: Waiver


@dataclass(frozen=True, eq=False)
class CompiledChannel:
    """A channel as the evaluators read it."""

    conditions: Node | None
    lifts: tuple[Lift, ...]
    followers: tuple[Node | None, ...]  # each follower rule's condition, in the file's order
    registration: tuple[Node | None, ...]  # each registration option's condition
    holds: Pos | None  # when the conditions surely hold (None: the channel has none)
    fails: Pos | None  # when they surely fail

    def roots(self) -> Iterator[Node]:
        """The trees the channel's verdict reads: its conditions, then its exceptions'."""
        if self.conditions is not None:
            yield self.conditions
        for lift in self.lifts:
            yield lift.when

    def leaves(self) -> Iterator[Compare]:
        """Every comparison the channel's verdict reads: its conditions' and its exceptions'."""
        for root in self.roots():
            yield from comparisons(root)


# --- compiling: the one walk over the rule file's condition union -----------------------------------


# The letters derived names are made of: a channel's, its conditions', an exception's, what stands
# under a `not`, an item's. Any letters would do, so long as names stay distinct (a law in
# tests/test_compiled.py); kept here so that mutation testing does not rename them one by one.
CHANNEL_MARK, CONDITIONS_MARK, EXCEPTION_MARK, NOT_MARK, ITEM_MARK = "c", "x", "w", "n", "i"


def key_of(*parts: str) -> str:
    """The name of a derived value: its place in the condition tree, in letters, digits and ``_``."""
    return "_".join(re.sub(r"[^A-Za-z0-9]", "_", p) for p in parts)


def channel_prefix(channel: Channel) -> str:
    return key_of(CHANNEL_MARK, channel.id)


def threshold_in_fact_units(leaf: Leaf) -> Any:
    """The threshold as the fact measures it: durations are kept in months."""
    if leaf.unit == "year" and isinstance(leaf.value, int | float):
        return leaf.value * 12
    return leaf.value


def _build(raw_root: Condition, prefix: str, root: Path, lifts: dict[str, Lift]) -> Node:
    """The compiled tree, built from the one walk over the file's union (schema.walk): nodes in
    reverse order, so that each node's parts are built before it."""
    parts_of: dict[int, list[Node]] = {}  # by id of the raw parent: its parts built so far, last first
    built: Node | None = None
    for raw, path, above in reversed(list(walk(raw_root, root))):
        key, name, negated, within = _context(prefix, path[len(root) :], above)
        parts = tuple(reversed(parts_of.pop(id(raw), [])))
        built = _node(raw, path, parts, key, name, negated, within, lifts)
        if above:
            parts_of.setdefault(id(above[-1]), []).append(built)
    assert built is not None  # the root comes last
    return built


def _context(prefix: str, steps: Path, above: tuple[Condition, ...]) -> tuple[str, str, bool, Collection | None]:
    """A node's key, the prefix of its reported id, whether it stands under a `not`, and the list
    of the `some` it stands in, from the steps that lead to it."""
    key, name, negated, within = prefix, "", False, None
    parents = iter(above)
    for step in steps:
        if not isinstance(step, str):
            key = key_of(key, str(step))
            continue
        parent = next(parents)
        if step == "not":
            key, negated = key_of(key, NOT_MARK), not negated
        elif step == "where" and isinstance(parent, Some):
            # Inside a `some`, keys start again from the item: a backend derives them per item.
            key, name, within = ITEM_MARK, f"{name}{parent.id}.", parent.some
    return key, name, negated, within


def _node(
    raw: Condition,
    path: Path,
    parts: tuple[Node, ...],
    key: str,
    name: str,
    negated: bool,
    within: Collection | None,
    lifts: dict[str, Lift],
) -> Node:
    if isinstance(raw, Leaf):
        spec = FACTS[raw.fact]
        return Compare(
            id=raw.id,
            name=name + raw.id,
            key=key_of(key, raw.id),
            path=path,
            fact=raw.fact,
            spec=spec,
            op=raw.op,
            written=raw.value,
            threshold=threshold_in_fact_units(raw),
            unit=raw.unit,
            counted_in=raw.counted_in,
            label=raw.label or default_label(spec.label, raw),
            negated=negated,
            within=within,
            lift=lifts.get(raw.id),
            source=raw,
        )
    if isinstance(raw, All | AnyOf):
        kind: Literal["all", "any"] = "all" if isinstance(raw, All) else "any"
        label = raw.label or GROUP_LABELS[kind]
        return Group(kind, raw.id or kind, raw.id or kind, key, path, parts, label, negated, within, raw)
    if isinstance(raw, Not):
        # Unlabelled, a `not` is named by what must not hold ("不得: 户籍在本省"), not by "not".
        label = raw.label or parts[0].label
        return Negation(raw.id or "not", raw.id or "not", key, path, parts[0], label, negated, within, raw)
    label = raw.label or COLLECTION_LABELS[raw.some]
    return Exists(
        raw.id, name + raw.id, key_of(key, raw.id), path, raw.some, parts[0], raw.current, raw.counted_in,
        label, negated, within, raw,
    )  # fmt: skip


def compile_condition(raw: Condition, prefix: str = CONDITIONS_MARK, path: Path = ()) -> Node:
    """A condition standing alone (a follower rule, a registration option, a points indicator)."""
    return _build(raw, prefix, path, {})


def compile_channel(channel: Channel) -> CompiledChannel:
    prefix = channel_prefix(channel)
    lifts = tuple(
        Lift(
            w.id,
            compile_condition(w.when, key_of(prefix, EXCEPTION_MARK, w.id), ("exceptions", i, "when")),
            w,
        )
        for i, w in enumerate(channel.exceptions)
    )
    by_leaf = {leaf_id: lift for lift in lifts for leaf_id in lift.source.waives}
    conditions = None
    if channel.conditions is not None:
        conditions = _build(channel.conditions, key_of(prefix, CONDITIONS_MARK), ("conditions",), by_leaf)
    return CompiledChannel(
        conditions=conditions,
        lifts=lifts,
        followers=tuple(
            None if r.when is None else compile_condition(r.when, path=("followers", "allowed", i, "when"))
            for i, r in enumerate(channel.followers.allowed)
        ),
        registration=tuple(_option(r, i) for i, r in enumerate(channel.registration)),
        holds=None if conditions is None else sure(conditions, True),
        fails=None if conditions is None else sure(conditions, False),
    )


def _option(option: Registration, i: int) -> Node | None:
    return None if option.when is None else compile_condition(option.when, path=("registration", i, "when"))


M = TypeVar("M")
R = TypeVar("R")


_generation = 0  # bumped by forget(): a form kept under an older one is made again


def forget() -> None:
    """Make every compiled form again on its next use.

    For mutation testing (tests/conftest.py): mutmut runs against a mutant of the compiler only
    the tests it saw reach the compiler, and a form compiled once per process is made by the
    first test that reads it, not by the others.
    """
    global _generation
    _generation += 1  # pragma: no mutate (test machinery: no verdict depends on it)


def _cached(model: M, make: Callable[[M], R]) -> R:
    # Kept beside the validated (frozen) model it was made from, as functools.cached_property
    # keeps Document.window. The model's id is part of the entry: ``model_copy`` copies the
    # entry with the fields, and a copy made with changed fields must not read its original's.
    made_for = (id(model), _generation)
    found = model.__dict__.get("_compiled")
    if found is None or found[0] != made_for:
        found = (made_for, make(model))
        model.__dict__["_compiled"] = found
    result: R = found[1]
    return result


def compiled(channel: Channel) -> CompiledChannel:
    """The channel compiled, once for the life of its validated model."""
    return _cached(channel, compile_channel)


def compiled_condition(raw: Condition) -> Node:
    """A standalone condition compiled, once for the life of its validated model."""
    return _cached(raw, compile_condition)


# --- reading the compiled form ------------------------------------------------------------------


def nodes(node: Node) -> Iterator[Node]:
    """Every node of a compiled tree, each before the nodes under it, in order."""
    yield node
    match node:
        case Group():
            for part in node.parts:
                yield from nodes(part)
        case Negation():
            yield from nodes(node.part)
        case Exists():
            yield from nodes(node.where)


def comparisons(node: Node) -> Iterator[Compare]:
    return (n for n in nodes(node) if isinstance(n, Compare))


def children(node: Node) -> tuple[Node, ...]:
    match node:
        case Group():
            return node.parts
        case Negation():
            return (node.part,)
        case Exists():
            return (node.where,)
    return ()


# --- what the connectives mean (three-valued) --------------------------------------------------------


def kleene_all(truths: Iterable[Truth]) -> Truth:
    values = list(truths)
    if any(t is False for t in values):
        return False
    return True if all(t is True for t in values) else None


def kleene_any(truths: Iterable[Truth]) -> Truth:
    values = list(truths)
    if any(t is True for t in values):
        return True
    return False if all(t is False for t in values) else None


def kleene_not(truth: Truth) -> Truth:
    return None if truth is None else not truth


def combine(node: Group, truths: Iterable[Truth]) -> Truth:
    return kleene_all(truths) if node.kind == "all" else kleene_any(truths)


def lifted(own: Truth, exception: Truth) -> Truth:
    """A waived comparison counts as comparison ∨ exception."""
    return kleene_any((own, exception))


def compare(leaf: Compare, actual: Any) -> Truth:
    """The comparison with a fact's value; unknown stays unknown."""
    return compare_values(leaf.spec.kind, actual, leaf.op, leaf.threshold)


def compare_values(kind: str, actual: Any, op: str, threshold: Any) -> Truth:
    if actual is None:
        return None
    if kind == "ordinal" and op in {">=", ">", "<=", "<"}:
        # Order by rank; equality and membership stay by name (中专 is not 技工院校).
        actual = EducationLevel(actual).rank
        threshold = EducationLevel(threshold).rank
    if kind == "set":
        wanted = set(threshold) if isinstance(threshold, list) else {threshold}
        held = actual if isinstance(actual, Held) else Held(frozenset(actual))
        if wanted & held.sure:
            return True
        return None if wanted & held.maybe else False
    match op:
        case "==":
            return bool(actual == threshold)
        case "!=":
            return bool(actual != threshold)
        case ">=":
            return bool(actual >= threshold)
        case ">":
            return bool(actual > threshold)
        case "<=":
            return bool(actual <= threshold)
        case "<":
            return bool(actual < threshold)
        case "in":
            return actual in threshold
        case "not_in":
            return actual not in threshold
    raise AssertionError(f"the schema admits no operator {op!r}")  # pragma: no mutate (unreachable)


# --- the same meaning as two positive trees ---------------------------------------------------------
#
# A node surely holds, or surely fails, in two-valued logic over known values only: an unknown
# value satisfies no comparison of either tree, so a channel neither tree admits is undetermined.
# Evaluating both trees gives the Kleene value of the node (a law in tests/test_compiled.py).


@dataclass(frozen=True, eq=False)
class Sure:
    """The comparison is known and holds (``holds``) or known and fails (not ``holds``)."""

    leaf: Compare
    holds: bool


@dataclass(frozen=True, eq=False)
class Every:
    parts: tuple[Pos, ...]


@dataclass(frozen=True, eq=False)
class Either:
    parts: tuple[Pos, ...]


@dataclass(frozen=True, eq=False)
class AnItem:
    """Some item of the list surely meets ``where``."""

    exists: Exists
    where: Pos


@dataclass(frozen=True, eq=False)
class NoItem:
    """The list is known and every item of it surely fails: ``where`` is the item's "fails" tree."""

    exists: Exists
    where: Pos


Pos = Sure | Every | Either | AnItem | NoItem


def sure(node: Node, holds: bool) -> Pos:
    """When ``node`` surely holds (``holds``) or surely fails (not ``holds``)."""
    match node:
        case Compare():
            own = Sure(node, holds)
            if node.lift is None:
                return own
            exception = sure(node.lift.when, holds)
            # holds: comparison ∨ exception; fails: neither
            return Either((own, exception)) if holds else Every((own, exception))
        case Group():
            parts = tuple(sure(p, holds) for p in node.parts)
            conjunctive = (node.kind == "all") == holds
            return _one(parts, Every if conjunctive else Either)
        case Negation():
            return sure(node.part, not holds)
        case Exists():
            return AnItem(node, sure(node.where, True)) if holds else NoItem(node, sure(node.where, False))
    raise TypeError(f"not a compiled node: {node!r}")


def _one(parts: tuple[Pos, ...], kind: type[Every] | type[Either]) -> Pos:
    # A group of one part means that part: unwrapped only to keep the trees small.
    return parts[0] if len(parts) == 1 else kind(parts)  # pragma: no mutate


# --- words -----------------------------------------------------------------------------------------


def default_label(label: Text, leaf: Leaf) -> Text:
    """A yes/no fact's own label, negated when the leaf asks for "no"."""
    if (leaf.op == "==" and leaf.value is False) or (leaf.op == "!=" and leaf.value is True):
        return phrase(CONDITION_FORMS, "negated", label=label)
    return label
