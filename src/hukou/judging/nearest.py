"""The nearest miss: for a channel that does not (yet) admit someone, the smallest change of
facts that would — more months, a larger home, a degree, a fact the profile lacks.

The change is read off the evaluated condition tree: every part of an ``all`` must be met, the
cheapest branch of an ``any`` is enough. Supplying a fact the profile lacks costs least (it may
already hold), waiting next (it needs no action; the longer, the dearer), then changing one's
circumstances; a threshold left to a regulation we do not have cannot be met by any change and
ranks last.

Inside a ``some`` the months of an item (a home, a job) run on while the item goes on, but only
the item as it stands: one that must change in another way too (bought where a rented home is
wanted, no house number of its own, a job outside the industry named) is in effect another home
or job, whose months start again, so waiting in it meets nothing and its months are a change.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from hukou.bilingual import Text
from hukou.judging.conditions import Outcome
from hukou.judging.facts import FACTS
from hukou.labels import GAP_WORDS, condition_text, in_both, phrase, value_text
from hukou.model.periods import months_before

WAIT, SUPPLY, CHANGE, REGULATION = 1.0, 0.5, 2.0, 5.0
# A condition on the place itself (its zone, Hangzhou's urban districts) is no change a person
# can make here: a channel failing one ranks behind every other.
ELSEWHERE = 100.0
GapKind = Literal["wait", "supply", "change", "regulation"]


@dataclass(frozen=True)
class Gap:
    """One thing standing between a person and a channel."""

    condition: str
    kind: GapKind
    text: Text
    cost: float


def gaps_of(outcome: Outcome, as_of: dt.date, *, waiting: bool = True) -> list[Gap]:
    """The cheapest set of changes that would make ``outcome`` hold (empty if it holds);
    ``waiting``: whether months still running may be waited for."""
    if outcome.truth is True:
        return []
    match outcome.kind:
        case "all":
            return [g for child in outcome.children for g in gaps_of(child, as_of, waiting=waiting)]
        case "any":
            options = [gaps_of(child, as_of, waiting=waiting) for child in outcome.children]
            return min(options, key=_cost) if options else []
        case "not":
            return [_change(outcome, phrase(GAP_WORDS, "must_not", label=outcome.label))]
        case "some":
            if outcome.children:
                return _item_gaps(outcome.children[0], as_of)
            if outcome.missing is not None:
                return [_supply(outcome)]
            return [_change(outcome, phrase(GAP_WORDS, "needs", label=outcome.label))]
    return [_leaf_gap(outcome, as_of, waiting)]


def item_cost(item: Outcome, as_of: dt.date) -> float:
    """The cost of what one item of a ``some`` lacks (hukou.judging.conditions explains the closest)."""
    return _cost(_item_gaps(item, as_of))


def _item_gaps(item: Outcome, as_of: dt.date) -> list[Gap]:
    """What one item of a ``some`` lacks: its months are waited for only if nothing else about it
    must change (a fact not told may yet hold: that keeps the wait)."""
    gaps = gaps_of(item, as_of)
    if any(g.kind == "change" for g in gaps):
        return gaps_of(item, as_of, waiting=False)
    return gaps


def cost(gaps: list[Gap]) -> float:
    return _cost(gaps)


def _cost(gaps: list[Gap]) -> float:
    return sum(g.cost for g in gaps)


def regulation_gap(regulation: str) -> Gap:
    return Gap("deferred", "regulation", phrase(GAP_WORDS, "awaits", regulation=regulation), REGULATION)


def _supply(outcome: Outcome) -> Gap:
    missing = outcome.missing or outcome.label
    return Gap(outcome.id, "supply", phrase(GAP_WORDS, "tell_us", missing=missing), SUPPLY)


def _change(outcome: Outcome, text: Text) -> Gap:
    return Gap(outcome.id, "change", text, CHANGE)


def _leaf_gap(leaf: Outcome, as_of: dt.date, waiting: bool = True) -> Gap:
    if leaf.truth is None or leaf.actual is None:
        return _supply(leaf)
    spec = FACTS[leaf.fact] if leaf.fact else None
    kind = spec.kind if spec else None
    if spec is not None and spec.of_the_place:
        return Gap(leaf.id, "change", phrase(GAP_WORDS, "elsewhere", label=leaf.label), ELSEWHERE)
    if kind == "months" and leaf.op in {">=", ">"} and isinstance(leaf.actual, int):
        needed = _months_needed(leaf)
        # A run still going on reaches the threshold by itself: say when.
        s = "s" if needed != 1 else ""
        if leaf.running and waiting:
            when = str(months_before(as_of, -needed))
            text = phrase(GAP_WORDS, "months_more_until", label=leaf.label, needed=needed, s=s, when=when)
            return Gap(leaf.id, "wait", text, WAIT + needed / 120)
        return Gap(leaf.id, "change", phrase(GAP_WORDS, "months_more", label=leaf.label, needed=needed, s=s), CHANGE)
    if kind == "sqm" and leaf.op in {">=", ">"} and isinstance(leaf.actual, int | float):
        short = round(float(leaf.threshold) - float(leaf.actual), 2)
        need = in_both(lambda lang: value_text(leaf.threshold, "sqm", lang))
        return _change(leaf, phrase(GAP_WORDS, "sqm_short", label=leaf.label, short=f"{short:g}", need=need))
    condition = in_both(
        lambda lang: condition_text(leaf.label, leaf.actual, leaf.op, leaf.threshold, leaf.unit, kind, False, lang)
    )
    return _change(leaf, phrase(GAP_WORDS, "to_change", condition=condition))


def _months_needed(leaf: Outcome) -> int:
    threshold = leaf.threshold * 12 if leaf.unit == "year" else leaf.threshold
    needed = int(threshold) - int(leaf.actual) + (1 if leaf.op == ">" else 0)
    return max(needed, 1)
