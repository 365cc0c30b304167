"""The values a rule file's trees read, derived for every row of a batch at once.

For each channel this reads the compiled form (hukou.rulebook.compiled) as the Rete backend's fact
builder does (hukou.backends.durable_engine), each derived value under its comparison's ``key``, so
the trees of hukou.backends.surely read them; each fact comes from hukou.backends.vector.columns, once per batch for
each place, rule file and region.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from hukou.backends.vector.columns import applicant_fact, item_fact
from hukou.backends.vector.view import Col, View
from hukou.errors import NotVectorised
from hukou.rulebook.compiled import Compare, Exists, Node, children, compiled
from hukou.rulebook.schema import Channel


@dataclass(frozen=True)
class Items:
    """The items of a ``some`` list (at most one in a flat row): whether the list is known, whether
    the row has an item in it, and the item's derived values."""

    known: np.ndarray
    has: np.ndarray
    values: dict[str, Col]


@dataclass
class Derived:
    """Every value one rule file's trees read, for every row."""

    values: dict[str, Col] = field(default_factory=dict)
    lists: dict[str, Items] = field(default_factory=dict)
    # Each fact's keys, of the row or (for a fact of an item) of a list's item (hukou.backends.vector.worlds).
    keys: dict[str, list[str]] = field(default_factory=dict)


# --- walking a channel's conditions, as hukou.backends.durable_engine._Facts does --------------------------


def derive(view: View, channels: list[Channel]) -> Derived:
    """Every value the trees of these channels read, under the keys the compiled form gives them."""
    derived = Derived()
    for channel in channels:
        form = compiled(channel)
        for lift in form.lifts:
            _condition(derived, lift.when, view, None, derived.values)
        if form.conditions is not None:
            _condition(derived, form.conditions, replace(view, channel=channel), None, derived.values)
    return derived


def _condition(derived: Derived, node: Node, view: View, item: str | None, out: dict[str, Col]) -> None:
    match node:
        case Compare():
            _leaf(node, view, item, out)
            derived.keys.setdefault(node.fact, []).append(node.key)
        case Exists():
            size = view.frame.size
            known, has = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
            for rows, scoped in view.counted_in(node.counted_in):
                in_scope, with_item = scoped.local(node.collection)
                known |= rows & in_scope
                has |= rows & with_item
            if node.current and node.collection != "relatives":
                has &= view.frame.periods(node.collection).current
            values: dict[str, Col] = {}
            _condition(derived, node.where, view, node.collection, values)
            derived.lists[node.key] = Items(known, has, values)
        case _:
            for part in children(node):
                _condition(derived, part, view, item, out)


def _fact(view: View, name: str, scope: str, item: str | None) -> dict[str, Col]:
    """A fact's columns by what follows the comparison's key in their names (``""``, ``_rank``,
    ``_<member>``), derived once per batch for each place, rule file and region: many channels read
    the same fact."""
    # Of the facts, only the floor area per person turns on the channel: its followers make the household.
    channel = view.channel.id if view.channel else None
    household = channel if name == "area_per_person" else None
    # Equivalent mutants (no mutate, to the end marker): the tag only names this entry among the
    # frame's others, and a miss in the memo works the columns out again.
    # pragma: no mutate start
    memo = ("fact", name, item, view.place, view.jurisdiction, view.region, view.pool, household, view.zone)
    found: dict[str, Col] | None = view.frame.memo.get(memo)
    # pragma: no mutate end
    if found is None:
        found = view.frame.memo[memo] = {}
        if scope == "applicant":
            applicant_fact(view, name, "", found)
        else:
            assert item is not None, f"{name} outside its list"
            item_fact(view, name, item, "", found)
    return found


def _leaf(leaf: Compare, view: View, item: str | None, out: dict[str, Col]) -> None:
    key, scope = leaf.key, leaf.spec.scope
    parts: list[tuple[np.ndarray, dict[str, Col]]] = []
    for rows, scoped in view.counted_in(leaf.counted_in):
        found = {key + name: col for name, col in _fact(scoped, leaf.fact, scope, item).items()}
        parts.append((rows, found))
    if len(parts) == 1 and parts[0][0].all():
        out.update(parts[0][1])
        return
    # Counted in the place's area: each row takes the value of its own area's view.
    size = view.frame.size
    for name in parts[0][1] if parts else [key]:
        # Equivalent mutants (no mutate): numpy's zeros are float64 without a dtype too.
        values = np.zeros(size, dtype=np.float64)  # pragma: no mutate
        known = np.zeros(size, dtype=bool)
        for rows, found in parts:
            col = found[name]
            if col.vocab is not None:
                raise NotVectorised(f"{leaf.fact} counted in an area")
            values = np.where(rows, col.values, values)
            known |= rows & col.known
        out[name] = Col(values, known)
