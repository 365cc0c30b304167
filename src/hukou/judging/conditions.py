"""Three-valued evaluation of a channel's condition tree, with an explanation of every leaf.

Truth is ``True``, ``False`` or ``None`` (unknown), combined by Kleene's rules: ``all`` is
false as soon as one part is false, ``any`` true as soon as one part is true, and otherwise
unknown wherever a part is unknown. A fact that cannot be derived is unknown, never false.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from hukou.bilingual import Text
from hukou.judging.facts import FACTS, Held, Value
from hukou.model.periods import is_current
from hukou.model.profile import EducationLevel
from hukou.model.situation import Situation
from hukou.rulebook.schema import All, AnyOf, Condition, Leaf, Not, Some

Truth = bool | None
NodeKind = Literal["leaf", "all", "any", "not", "some"]


@dataclass(frozen=True)
class Waived:
    """A waiver in play for some leaves: its id, title and whether it holds."""

    id: str
    title: Text
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


def compare(spec_kind: str, actual: Any, op: str, threshold: Any) -> Truth:
    """Compare a fact's value with a threshold; unknown stays unknown."""
    if actual is None:
        return None
    if spec_kind == "ordinal" and op in {">=", ">", "<=", "<"}:
        # Order by rank; equality and membership stay by name (中专 is not 技工院校).
        actual = EducationLevel(actual).rank
        threshold = EducationLevel(threshold).rank
    if spec_kind == "set":
        wanted = set(threshold) if isinstance(threshold, list) else {threshold}
        held = actual if isinstance(actual, Held) else Held(frozenset(actual))
        if op == "contains":
            if wanted & held.sure:
                return True
            return None if wanted & held.maybe else False
        raise ValueError(f"set facts take 'contains', not {op!r}")
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
    raise ValueError(f"unknown operator {op!r}")


def threshold_in_fact_units(leaf: Leaf) -> Any:
    """The threshold as the fact measures it: durations are kept in months."""
    if leaf.unit == "year" and isinstance(leaf.value, int | float):
        return leaf.value * 12
    return leaf.value


class Evaluator:
    """Evaluates condition trees for one situation, with the channel's waivers applied."""

    def __init__(self, situation: Situation, waivers: Mapping[str, Waived] | None = None) -> None:
        self.situation = situation
        self.waivers = dict(waivers or {})

    def evaluate(self, condition: Condition, subject: Any = None, prefix: str = "") -> Outcome:
        """Evaluate ``condition``; ``subject`` is the item or family member facts refer to."""
        match condition:
            case Leaf():
                return self._leaf(condition, subject, prefix)
            case All():
                parts = [self.evaluate(c, subject, prefix) for c in condition.all]
                return _group(condition.id or "all", "all", kleene_all(p.truth for p in parts), condition.label, parts)
            case AnyOf():
                parts = [self.evaluate(c, subject, prefix) for c in condition.any]
                return _group(condition.id or "any", "any", kleene_any(p.truth for p in parts), condition.label, parts)
            case Not():
                inner = self.evaluate(condition.not_, subject, prefix)
                return _group(condition.id or "not", "not", kleene_not(inner.truth), condition.label, [inner])
            case Some():
                return self._some(condition, prefix)
        raise TypeError(f"not a condition: {condition!r}")

    def _leaf(self, leaf: Leaf, subject: Any, prefix: str) -> Outcome:
        spec = FACTS[leaf.fact]
        situation = self.situation.counted_in(leaf.counted_in)
        if situation is None:  # the area of the place is unknown
            value, spec_missing = Value(None), FACTS["place.area"].missing
        else:
            value, spec_missing = spec.derive(situation, subject), spec.missing
        truth = compare(spec.kind, value.value, leaf.op, threshold_in_fact_units(leaf))
        actual = value.value
        if isinstance(actual, Held):
            actual = sorted(actual.sure)
        outcome = Outcome(
            id=prefix + leaf.id,
            kind="leaf",
            truth=truth,
            label=leaf.label or default_label(spec.label, leaf),
            fact=leaf.fact,
            actual=actual,
            op=leaf.op,
            threshold=leaf.value,
            unit=leaf.unit,
            detail=value.detail,
            running=value.running,
            missing=spec_missing if value.value is None else value.missing if truth is None else None,
        )
        waiver = self.waivers.get(leaf.id)
        if waiver is not None and truth is not True:
            # A waived condition holds when the waiver does: the leaf counts as leaf ∨ waiver.
            outcome.truth = True if waiver.truth else (None if waiver.truth is None else truth)
            outcome.waived_by = waiver
            if outcome.truth is None and outcome.missing is None:
                # Failed, but an exception might still lift it: what is missing is the exception's fact.
                outcome.missing = waiver.missing
        return outcome

    def _some(self, some: Some, prefix: str) -> Outcome:
        label = some.label or _COLLECTION_LABELS[some.some]
        situation = self.situation.counted_in(some.counted_in)
        if situation is None:
            return Outcome(
                id=prefix + some.id, kind="some", truth=None, label=label, missing=FACTS["place.area"].missing
            )
        items = situation.local(some.some)
        if items is None:
            return Outcome(
                id=prefix + some.id,
                kind="some",
                truth=None,
                label=label,
                missing=COLLECTION_MISSING[some.some],
            )
        if some.current and some.some != "relatives":
            items = [i for i in items if is_current(i, situation.as_of)]
        judged = [(item, self.evaluate(some.where, item, prefix + some.id + ".")) for item in items]
        if not judged:
            return Outcome(id=prefix + some.id, kind="some", truth=False, label=label, actual="none")
        truth = kleene_any(o.truth for _, o in judged)
        # Explain by the item that came closest: one that meets, else one still open, else the first.
        rank = {True: 0, None: 1, False: 2}
        item, best = min(judged, key=lambda pair: rank[pair[1].truth])
        return Outcome(
            id=prefix + some.id,
            kind="some",
            truth=truth,
            label=label,
            item=_describe(item),
            children=[best],
        )


def default_label(label: Text, leaf: Leaf) -> Text:
    """A yes/no fact's own label, negated when the leaf asks for "no"."""
    if (leaf.op == "==" and leaf.value is False) or (leaf.op == "!=" and leaf.value is True):
        return Text.of(zh=f"非{label.zh}", en=f"not {label.en}")
    return label


def _group(node_id: str, kind: NodeKind, truth: Truth, label: Text | None, parts: list[Outcome]) -> Outcome:
    return Outcome(id=node_id, kind=kind, truth=truth, label=label or _GROUP_LABELS[kind], children=parts)


def _describe(item: Any) -> Text:
    """A one-line picture of a profile item, for the explanation, in each language."""
    zh, en = [str(getattr(item, "city", ""))], [str(getattr(item, "city", ""))]
    for name in ("relation", "tenure", "kind", "level"):
        value = getattr(item, name, None)
        if value is not None:
            zh.append(_ITEM_WORDS.get(str(value), str(value)))
            en.append(str(value).replace("_", " "))
    area = getattr(item, "area_sqm", None)
    if area is not None:
        zh.append(f"{area:g}㎡")
        en.append(f"{area:g}㎡")
    since = getattr(item, "since", None)
    if isinstance(since, dt.date):
        zh.append(f"自{since}起")
        en.append(f"since {since}")
    return Text.of(zh=" ".join(b for b in zh if b), en=" ".join(b for b in en if b))


_ITEM_WORDS = {
    "owned": "自有",
    "rented": "租赁",
    "dormitory": "宿舍",
    "employee": "受雇",
    "self_employed": "个体经营",
    "investor": "投资",
    "compulsory": "义务教育",
    "senior_secondary": "高中阶段",
    "higher": "高等教育",
    "spouse": "配偶",
    "parent": "父母",
    "child": "子女",
}


_GROUP_LABELS: dict[NodeKind, Text] = {
    "all": Text(zh="同时满足", en="all of"),
    "any": Text(zh="满足其一", en="any of"),
    "not": Text(zh="不满足", en="not"),
    "leaf": Text(zh="条件", en="condition"),
    "some": Text(zh="其中一项", en="one of"),
}
_COLLECTION_LABELS = {
    "housing": Text(zh="本地住房", en="a home here"),
    "study": Text(zh="本地就学", en="study here"),
    "employment": Text(zh="本地就业", en="a job here"),
    "relatives": Text(zh="本地投靠对象", en="a relative here to join"),
}
COLLECTION_MISSING = {
    "housing": Text(zh="住房情况 (housing)", en="housing (housing)"),
    "study": Text(zh="就学记录 (study)", en="schooling (study)"),
    "employment": Text(zh="就业记录 (employment)", en="jobs (employment)"),
    "relatives": Text(zh="本地亲属 (relatives)", en="relatives with a hukou here (relatives)"),
}
