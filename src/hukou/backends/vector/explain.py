"""What the explaining engine says of each row, worked out on columns: for a city that does not
admit the row, the nearest channel (hukou.judging.nearest's cost of the cheapest changes), the conditions
of that channel not met, and the facts missing in its undetermined channels (hukou.judging.engine).

Each channel's compiled tree (hukou.rulebook.compiled) is walked as hukou.judging.conditions
evaluates it: every node's three-valued truth as two masks (surely holds, surely fails), an
exception folded into the leaf it waives, a ``some`` judged on the row's one item; and the cost of
its gaps as hukou.judging.nearest counts it — ``all`` adds, ``any`` takes the cheapest, a fact
missing costs SUPPLY, a period that runs on WAIT plus the months still needed over 120, any other
change CHANGE, a condition on the place itself ELSEWHERE, a threshold left to a regulation
REGULATION; and an item of a ``some`` whose cheapest gaps hold a change is costed again with no
waiting (its months start again in another item).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from hukou.backends.surely import TreeCompiler, comparison
from hukou.backends.vector.masks import Masks, distinct_rows, joined
from hukou.backends.vector.view import View
from hukou.bilingual import Text
from hukou.judging.conditions import lacking_text
from hukou.judging.engine import regulation_text
from hukou.judging.facts import FACTS
from hukou.judging.nearest import CHANGE, ELSEWHERE, REGULATION, SUPPLY, WAIT
from hukou.labels import COLLECTION_MISSING, CREDENTIAL_PLACE
from hukou.rulebook.compiled import Compare, Exists, Group, Lift, Negation, Node, compiled, sure
from hukou.rulebook.schema import Channel

Slots = list[tuple[Text, np.ndarray]]  # a text, and the rows it is said of


@dataclass
class Reported:
    """One condition as the engine reports it: where it is not met, and what is missing where unknown."""

    id: str
    not_met: np.ndarray
    missing: Slots


@dataclass
class Explained:
    """One channel explained for every row."""

    id: str
    distance: np.ndarray  # the cost of its cheapest gaps (0 where it admits)
    conditions: list[Reported]
    missing: Slots  # in the engine's order, before removing repeats


@dataclass
class _Truth:
    holds: np.ndarray
    fails: np.ndarray
    cost: np.ndarray  # 0 where it holds
    changed: np.ndarray  # the cheapest gaps hold a change (neither a fact to tell nor a wait)


@dataclass
class _Walk:
    masks: Masks
    view: View
    conditions: list[Reported] = field(default_factory=list)
    waiting: bool = True  # months still running may be waited for (hukou.judging.nearest.gaps_of)

    def __post_init__(self) -> None:
        self.size = self.view.frame.size

    def node(self, node: Node, items: str | None, shown: np.ndarray) -> _Truth:
        """``items``: the key of the list whose item the node reads; ``shown``: the rows where the
        engine reports these conditions."""
        match node:
            case Compare():
                return self.leaf(node, items, shown)
            case Group(kind="all"):
                parts = [self.node(p, items, shown) for p in node.parts]
                holds = joined(np.logical_and, [p.holds for p in parts])
                cost = np.zeros(self.size)
                for part in parts:
                    cost = cost + part.cost
                changed = joined(np.logical_or, [p.changed for p in parts]) & ~holds
                fails = joined(np.logical_or, [p.fails for p in parts])
                return _Truth(holds, fails, cost, changed)  # where every part holds, each costs 0
            case Group():
                parts = [self.node(p, items, shown) for p in node.parts]
                holds = joined(np.logical_or, [p.holds for p in parts])
                cheapest = joined(np.minimum, [p.cost for p in parts])
                # The first cheapest part, as min() takes it in hukou.judging.nearest.
                first = np.argmin(np.stack([p.cost for p in parts]), axis=0)
                changed = np.stack([p.changed for p in parts])[first, np.arange(self.size)] & ~holds
                fails = joined(np.logical_and, [p.fails for p in parts])
                return _Truth(holds, fails, cheapest, changed)  # where a part holds, it costs 0
            case Negation():
                inner = self.node(node.part, items, shown)
                return _Truth(inner.fails, inner.holds, np.where(inner.fails, 0.0, CHANGE), ~inner.fails)
            case Exists():
                return self.some(node, shown)
        raise TypeError(node)

    def some(self, node: Exists, shown: np.ndarray) -> _Truth:
        key = node.key
        found = self.masks.derived.lists[key]
        inner = self.node(node.where, key, shown & found.has)
        # An item that must change in some other way is costed with no waiting (hukou.judging.nearest._item_gaps).
        item_cost = inner.cost
        # (The test only skips work: where no item must change, walking again changes no cost.)
        if (inner.changed & found.has).any():  # pragma: no mutate
            # Its conditions were reported by the first walk: the second is shown no row.
            hidden = np.zeros(self.size, dtype=bool)  # pragma: no mutate
            again = _Walk(self.masks, self.view, waiting=False).node(node.where, key, hidden)
            item_cost = np.where(inner.changed, again.cost, inner.cost)
        holds = found.has & inner.holds
        fails = (found.known & ~found.has) | (found.has & inner.fails)
        # With no item the `some` is itself the condition reported: not met, or unknown for want of
        # the list (or of the place's area, when counted there).
        unknown = shown & ~found.known
        missing: Slots = []
        if unknown.any():
            area_known = self._area_known(node.counted_in)
            missing = [
                (FACTS["place.area"].missing, unknown & ~area_known),
                (COLLECTION_MISSING[node.collection], unknown & area_known),
            ]
        self.conditions.append(Reported(node.name, shown & found.known & ~found.has, missing))
        # (An item that holds costs 0 already.)
        cost = np.where(found.has, item_cost, np.where(found.known, CHANGE, SUPPLY))
        # What must change in a part is read only by an enclosing ``some``, and hukou.rulebook.checks
        # lets no ``some`` stand inside another: none is said of a ``some``.
        changed = np.zeros(self.size, dtype=bool)  # pragma: no mutate
        return _Truth(holds, fails, cost, changed)

    def leaf(self, leaf: Compare, items: str | None, shown: np.ndarray) -> _Truth:
        key = leaf.key
        holds = self.masks.of(comparison(leaf, True), items)
        fails = self.masks.of(comparison(leaf, False), items)
        spec = leaf.spec
        known = self._known(key, leaf.fact, items)
        # Known, yet neither holding nor failing: a credential that may or may not count here.
        partly = known & ~holds & ~fails
        waiver = leaf.lift  # an exception's own conditions are compiled without one
        lifted: Slots = []
        if waiver is not None:
            # hukou.judging.conditions: a leaf not met holds when its exception does, is unknown while the
            # exception is, and then lacks what the exception lacks.
            w_holds, w_fails, w_missing = self.waiver(waiver)
            unsure = fails & ~w_holds & ~w_fails
            holds, fails = holds | w_holds, fails & w_fails
            lifted = [(text, rows & unsure & shown) for text, rows in w_missing]
        unknown = ~holds & ~fails
        missing: Slots = []
        # (The test only skips work: every slot below, the waiver's too, is said of shown unknown rows only.)
        if (shown & unknown).any():  # pragma: no mutate
            area_known = self._area_known(leaf.counted_in)
            missing = [
                (FACTS["place.area"].missing, shown & unknown & ~area_known),
                (spec.missing, shown & unknown & area_known & ~known),
                (CREDENTIAL_PLACE, shown & unknown & area_known & partly),
                *lifted,
            ]
        self.conditions.append(Reported(leaf.name, shown & fails, missing))
        supply = unknown | ~known
        cost, waits = self._gap(leaf, key, items)
        return _Truth(holds, fails, np.where(holds, 0.0, np.where(supply, SUPPLY, cost)), ~holds & ~supply & ~waits)

    def _gap(self, leaf: Compare, key: str, items: str | None) -> tuple[np.ndarray, np.ndarray]:
        """hukou.judging.nearest._leaf_gap's cost where the leaf does not hold and its fact is known,
        and where that gap is a wait."""
        spec = leaf.spec
        change = np.full(self.size, CHANGE)
        waits = np.zeros(self.size, dtype=bool)
        if spec.of_the_place:
            change = np.full(self.size, ELSEWHERE)
        elif spec.kind == "months" and leaf.op in (">=", ">") and self.waiting:
            running = self.masks.column(key + "_running", items)
            if running is not None:
                actual = self.masks.column(key, items)
                assert actual is not None
                threshold = int(leaf.threshold)
                needed = np.maximum(threshold - actual.values.astype(np.int64) + (leaf.op == ">"), 1)
                waits = running.values > 0
                change = np.where(waits, WAIT + needed / 120, CHANGE)
        return change, waits

    def waiver(self, lift: Lift) -> tuple[np.ndarray, np.ndarray, Slots]:
        """Whether the exception holds, fails, and per row what it lacks (hukou.judging.conditions joins
        the missing facts of its unknown conditions into one text)."""
        holds = self.masks.of(TreeCompiler().tree(sure(lift.when, True)))
        fails = self.masks.of(TreeCompiler().tree(sure(lift.when, False)))
        inner = _Walk(self.masks, self.view)
        inner.node(lift.when, None, np.ones(self.size, dtype=bool))
        slots = [slot for reported in inner.conditions for slot in reported.missing]
        inverse, lists = texts_per_row(slots, self.size)
        joined: Slots = []
        for code, texts in enumerate(lists):
            if texts:
                joined.append((lacking_text(texts), inverse == code))
        return holds, fails, joined

    def _known(self, key: str, fact: str, items: str | None) -> np.ndarray:
        spec = FACTS[fact]
        name = key + "_given" if spec.kind == "set" else key
        col = self.masks.column(name, items)
        return col.known if col is not None else np.zeros(self.size, dtype=bool)

    def _area_known(self, counted_in: str) -> np.ndarray:
        if counted_in == "area":
            return self.view.place_area().known
        return np.ones(self.size, dtype=bool)


def explain_channel(channel: Channel, masks: Masks, view: View) -> Explained:
    """A channel's distance, its conditions as reported, and its missing facts, for every row."""
    size = view.frame.size
    walk = _Walk(masks, view)
    distance = np.zeros(size)
    # Read only as a condition (np.where) of a channel left to a regulation with no conditions of its
    # own: any array of zeros (or None) says "fails nowhere" there.
    fails = np.zeros(size, dtype=bool)  # pragma: no mutate
    conditions = compiled(channel).conditions
    if conditions is not None:
        root = walk.node(conditions, None, np.ones(size, dtype=bool))
        distance, fails = root.cost, root.fails
    missing = [slot for reported in walk.conditions for slot in reported.missing]
    if channel.deferred_to is not None:
        distance = np.where(fails, distance, distance + REGULATION)
        regulation = channel.deferred_to.regulation
        missing.append((regulation_text(regulation), np.ones(size, dtype=bool)))
    return Explained(channel.id, distance, walk.conditions, missing)


def texts_per_row(slots: Slots, size: int) -> tuple[np.ndarray, list[list[Text]]]:
    """Each row's index into the distinct lists of texts said of it (in order, each once)."""
    slots = [(text, rows) for text, rows in slots if rows.any()]  # most are said of no row
    if not slots:
        return np.zeros(size, dtype=np.int64), [[]]
    said = np.stack([rows for _, rows in slots], axis=1)
    first, inverse = distinct_rows(said)
    lists = []
    for row in first.tolist():
        texts: list[Text] = []
        # (``said`` has a column for each slot: the lengths are equal, ``strict`` only says so.)
        for (text, _), on in zip(slots, said[row], strict=True):  # pragma: no mutate
            if on and text not in texts:
                texts.append(text)
        lists.append(texts)
    return inverse, lists
