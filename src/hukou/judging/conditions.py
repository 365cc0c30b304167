"""Three-valued evaluation of a channel's condition tree, with an explanation of every leaf.

Truth is ``True``, ``False`` or ``None`` (unknown), combined by Kleene's rules: ``all`` is
false as soon as one part is false, ``any`` true as soon as one part is true, and otherwise
unknown wherever a part is unknown. A fact that cannot be derived is unknown, never false.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

from hukou.bilingual import Text
from hukou.judging.facts import FACTS, Held, Value
from hukou.labels import COLLECTION_MISSING, item_text, listing
from hukou.model.periods import is_current
from hukou.model.situation import Situation
from hukou.rulebook.compiled import (
    Compare,
    Exists,
    Group,
    Lift,
    Negation,
    Node,
    Truth,
    combine,
    compare,
    compiled_condition,
    kleene_all,
    kleene_any,
    kleene_not,
    lifted,
)
from hukou.rulebook.schema import Condition

__all__ = ["Evaluator", "Outcome", "Truth", "Waived", "kleene_all", "kleene_any"]

NodeKind = Literal["leaf", "all", "any", "not", "some"]


@dataclass(frozen=True)
class Waived:
    """A waiver in play for some leaves: its id and whether it holds."""

    id: str
    truth: Truth
    missing: Text | None = None  # what the waiver's own unknown conditions lack


@dataclass
class Outcome:
    """How one node of a condition tree came out, and why."""

    id: str
    kind: NodeKind
    truth: Truth
    label: Text
    fact: str | None = None
    actual: Any = None
    op: str | None = None
    threshold: Any = None
    unit: str | None = None
    detail: str | None = None
    running: bool = False  # the fact's months still grow on their own (hukou.judging.facts.Value.running)
    missing: Text | None = None
    waived_by: Waived | None = None
    item: Text | None = None  # for `some`: the item judged
    children: list[Outcome] = field(default_factory=list)

    def leaves(self) -> Iterable[Outcome]:
        """The leaves under this node, in order (a `some` with no items counts as a leaf)."""
        if not self.children:
            yield self
        for child in self.children:
            yield from child.leaves()


class Evaluator:
    """Evaluates compiled condition trees (hukou.rulebook.compiled) for one situation.

    A comparison an exception waives is judged as comparison ∨ exception, the exception judged
    once per evaluator for the applicant (hukou.rulebook.compiled.lifted).
    """

    def __init__(self, situation: Situation) -> None:
        self.situation = situation
        self._waived: dict[str, Waived] = {}

    def evaluate(self, condition: Node | Condition, subject: Any = None) -> Outcome:
        """Evaluate ``condition``; ``subject`` is the item or family member facts refer to."""
        node = condition if isinstance(condition, _COMPILED) else compiled_condition(condition)
        match node:
            case Compare():
                return self._leaf(node, subject)
            case Group():
                parts = [self.evaluate(c, subject) for c in node.parts]
                return _group(node, combine(node, (p.truth for p in parts)), parts)
            case Negation():
                inner = self.evaluate(node.part, subject)
                return _group(node, kleene_not(inner.truth), [inner])
            case Exists():
                return self._some(node)
        raise TypeError(f"not a condition: {condition!r}")  # pragma: no mutate (unreachable)

    def _leaf(self, leaf: Compare, subject: Any) -> Outcome:
        spec = leaf.spec
        situation = self.situation.counted_in(leaf.counted_in)
        if situation is None:  # the area of the place is unknown
            value, spec_missing = Value(None), FACTS["place.area"].missing
        else:
            value, spec_missing = spec.derive(situation, subject), spec.missing
        truth = compare(leaf, value.value)
        actual = value.value
        if isinstance(actual, Held):
            actual = sorted(actual.sure)
        outcome = Outcome(
            id=leaf.name,
            # No reader asks for "leaf": nearest and the reports know a leaf by its not being a group.
            kind="leaf",  # pragma: no mutate
            truth=truth,
            label=leaf.label,
            fact=leaf.fact,
            actual=actual,
            op=leaf.op,
            threshold=leaf.written,
            unit=leaf.unit,
            detail=value.detail,
            running=value.running,
            missing=spec_missing if value.value is None else value.missing if truth is None else None,
        )
        if leaf.lift is not None and truth is not True:
            waiver = self._waiver(leaf.lift)
            outcome.truth = lifted(truth, waiver.truth)
            outcome.waived_by = waiver
            if outcome.truth is None and outcome.missing is None:
                # Failed, but an exception might still lift it: what is missing is the exception's fact.
                outcome.missing = waiver.missing
        return outcome

    def _waiver(self, lift: Lift) -> Waived:
        # A cache: without it an exception is judged again for each comparison it waives, alike.
        found = self._waived.get(lift.id)  # pragma: no mutate
        if found is None:
            holds = self.evaluate(lift.when)
            open_ = [leaf.missing for leaf in holds.leaves() if leaf.truth is None]
            # Read only while the exception is undetermined, and then each unknown leaf names what
            # it lacks (every fact has a text for it): the two tests below only narrow the types.
            lacking = unique(text for text in open_ if text is not None)  # pragma: no mutate
            needs = lacking_text(lacking) if lacking else None  # pragma: no mutate
            found = self._waived[lift.id] = Waived(lift.id, holds.truth, needs)
        return found

    def _some(self, some: Exists) -> Outcome:
        situation = self.situation.counted_in(some.counted_in)
        if situation is None:
            return _open(some, FACTS["place.area"].missing)
        items = situation.local(some.collection)
        if items is None:
            return _open(some, COLLECTION_MISSING[some.collection])
        if some.current and some.collection != "relatives":
            items = [i for i in items if is_current(i, situation.as_of)]
        judged = [(item, self.evaluate(some.where, item)) for item in items]
        if not judged:
            return Outcome(id=some.name, kind="some", truth=False, label=some.label, actual="none")
        truth = kleene_any(o.truth for _, o in judged)
        # Explain by the item that came closest: one that meets, else one still open, else the one
        # the nearest miss finds closest (a home held long enough to wait for, before one that must
        # change), the first of equals.
        rank = {True: 0, None: 1, False: 2}  # pragma: no mutate (only the order of the ranks is read)
        item, best = min(judged, key=lambda pair: (rank[pair[1].truth], self._distance(pair[1])))
        return Outcome(
            id=some.name,
            kind="some",
            truth=truth,
            label=some.label,
            item=item_text(item),
            children=[best],
        )

    def _distance(self, item: Outcome) -> float:
        if item.truth is not False:
            return 0.0  # pragma: no mutate (the same for every item of its rank: any number would do)
        from hukou.judging.nearest import item_cost  # nearest reads Outcome: imported when first needed

        return item_cost(item, self.situation.as_of)


def _open(some: Exists, missing: Text) -> Outcome:
    """A `some` that cannot be judged (its list, or where it counts, unknown): supply ``missing``."""
    return Outcome(
        id=some.name,
        # With no item judged, the nearest miss and the reports read it as they read a leaf: alike.
        kind="some",  # pragma: no mutate
        truth=None,
        label=some.label,
        missing=missing,
    )


def lacking_text(lacking: list[Text]) -> Text:
    """What an exception lacks, its conditions' missing facts in one text."""
    return listing(lacking)


def unique(texts: Iterable[Text]) -> list[Text]:
    seen: list[Text] = []
    for text in texts:
        if text not in seen:
            seen.append(text)
    return seen


def _group(node: Group | Negation, truth: Truth, parts: list[Outcome]) -> Outcome:
    kind: NodeKind = node.kind if isinstance(node, Group) else "not"
    return Outcome(id=node.name, kind=kind, truth=truth, label=node.label, children=parts)


_COMPILED = (Compare, Group, Negation, Exists)
