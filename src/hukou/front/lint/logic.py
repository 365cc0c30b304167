"""Reasoning over a channel's conditions without a profile: which people could meet them.

Every comparison in a rule file is with a stated threshold, so each fact's possible values fall
into finitely many intervals between thresholds. A fact's *domain* here holds one representative
value per interval (the threshold itself and its neighbours), which is enough to decide, exactly,
whether a conjunction of comparisons can hold and whether one implies another.

A condition becomes a disjunction of *terms* (disjunctive normal form). A term constrains the
applicant's facts, and the facts of items (a home, a job, a course) that ``some`` asks for; each
item constraint can be met by a different item. Exceptions are folded in: a waived comparison
reads "comparison, or the exception holds". Facts are taken as known: this is the analyst's
question "who could this admit", not the engine's three-valued one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from hukou.errors import TooComplex
from hukou.judging.facts import FACTS
from hukou.rulebook.compiled import AnItem, Compare, Either, Every, NoItem, Pos, Sure, compare, compiled
from hukou.rulebook.schema import Channel

# A term with more alternatives than this is left unanalysed rather than slow the linter down.
MAX_TERMS = 4096

Values = frozenset[Any]
FactKey = tuple[str, str]  # (fact, counted_in)
ItemKind = tuple[str, str, bool]  # (collection, counted_in, current)


@dataclass(frozen=True)
class Item:
    """What one item of a collection must be like; ``instance`` names the ``some`` that asks."""

    kind: ItemKind
    instance: str
    facts: Mapping[FactKey, Values]


@dataclass(frozen=True)
class Term:
    """One way to meet a condition: constraints on the applicant's facts and on some items."""

    facts: Mapping[FactKey, Values] = field(default_factory=dict)
    items: tuple[Item, ...] = ()

    def satisfiable(self) -> bool:
        return all(self.facts.values()) and all(all(item.facts.values()) for item in self.items)

    def meet(self, other: Term) -> Term:
        items = {item.instance: item for item in self.items}
        for item in other.items:
            mine = items.get(item.instance)
            items[item.instance] = (
                item if mine is None else Item(item.kind, item.instance, _meet(mine.facts, item.facts))
            )
        return Term(_meet(self.facts, other.facts), tuple(items.values()))

    def implies(self, other: Term, domains: Domains) -> bool:
        """Whoever meets this term meets ``other`` (checked fact by fact, item by item)."""
        if not _within(self.facts, other.facts, domains):
            return False
        return all(
            any(mine.kind == theirs.kind and _within(mine.facts, theirs.facts, domains) for mine in self.items)
            for theirs in other.items
        )


def _meet(a: Mapping[FactKey, Values], b: Mapping[FactKey, Values]) -> dict[FactKey, Values]:
    out = dict(a)
    for key, values in b.items():
        out[key] = out[key] & values if key in out else values
    return out


def _within(a: Mapping[FactKey, Values], b: Mapping[FactKey, Values], domains: Domains) -> bool:
    return all(a.get(key, domains.of(key[0])) <= values for key, values in b.items())


class Domains:
    """One representative value per interval between the thresholds the rules compare each fact with."""

    def __init__(self, leaves: Iterable[Compare], areas: Iterable[str] = ()) -> None:
        thresholds: dict[str, set[Any]] = {}
        for leaf in leaves:
            value = leaf.threshold
            thresholds.setdefault(leaf.fact, set()).update(value if isinstance(value, list) else [value])
        self._thresholds = thresholds
        self._areas = (*areas, "none", None)
        self._cache: dict[str, Values] = {}

    def of(self, fact: str) -> Values:
        if fact not in self._cache:
            self._cache[fact] = self._domain(fact)
        return self._cache[fact]

    def _domain(self, fact: str) -> Values:
        if ":" in fact:  # one member of a set fact: "groups:talent"
            return frozenset({True, False})
        spec = FACTS[fact]
        stated = self._thresholds.get(fact, set())
        match spec.kind:
            case "bool":
                return frozenset({True, False})
            case "enum" | "ordinal" | "set":
                return frozenset(str(v) for v in spec.values)
            case "area":
                return frozenset(self._areas)
            case "date":
                days = {d + dt.timedelta(days=k) for d in stated for k in (-1, 0, 1)}
                return frozenset(days or {dt.date(2000, 1, 1)})
            case "sqm":
                return frozenset(v for t in stated for v in (t - 0.5, t, t + 0.5) if v >= 0) | {0.0, 10**6}
            case _:  # whole numbers: months, ages, counts
                return frozenset(v for t in stated for v in (t - 1, t, t + 1) if v >= 0) | {0, 10**4}


def leaf_values(leaf: Compare, domains: Domains) -> Values:
    """The representative values of the leaf's fact that meet the comparison."""
    if leaf.spec.kind == "set":
        return frozenset()  # set facts are split into one yes/no fact per member (see _leaf_terms)
    return frozenset(v for v in domains.of(leaf.fact) if v is not None and compare(leaf, v))


def terms(tree: Pos | None, domains: Domains) -> list[Term]:
    """A "surely holds" or "surely fails" tree of the compiled form (hukou.rulebook.compiled.sure) in
    disjunctive normal form; unsatisfiable terms dropped. No tree: the channel has no conditions.

    Raises:
        TooComplex: the normal form has more than MAX_TERMS terms.
    """
    if tree is None:
        return [Term()]
    return [t for t in _terms(tree, domains, None) if t.satisfiable()]


Scope = tuple[ItemKind, str] | None  # inside a `some`: the kind of item and which `some`


def _terms(tree: Pos, domains: Domains, scope: Scope) -> list[Term]:
    match tree:
        case Sure():
            return _leaf_terms(tree.leaf, domains, not tree.holds, scope)
        case Every():
            return _and_all([_terms(p, domains, scope) for p in tree.parts])
        case Either():
            return _or_all([_terms(p, domains, scope) for p in tree.parts])
        case AnItem():
            exists = tree.exists
            kind: ItemKind = (exists.collection, exists.counted_in, exists.current)
            return _terms(tree.where, domains, (kind, exists.id))
        case NoItem():
            return [Term()]  # "no such item" can always hold: the list may be empty
    raise TypeError(f"not a positive tree: {tree!r}")


def _leaf_terms(leaf: Compare, domains: Domains, negate: bool, scope: Scope) -> list[Term]:
    spec = leaf.spec
    if spec.kind == "set":
        # "contains any of S" is the disjunction of one yes/no fact per member of S.
        wanted = leaf.written if isinstance(leaf.written, list) else [leaf.written]
        members = [_fact_term(f"{leaf.fact}:{w}", leaf.counted_in, frozenset({not negate}), None) for w in wanted]
        return _and_all([[m] for m in members]) if negate else members
    values = leaf_values(leaf, domains)
    if negate:
        values = domains.of(leaf.fact) - values - {None}
    return [_fact_term(leaf.fact, leaf.counted_in, values, scope if spec.scope != "applicant" else None)]


def _fact_term(fact: str, counted_in: str, values: Values, scope: Scope) -> Term:
    if scope is None:
        return Term({(fact, counted_in): values})
    kind, instance = scope
    return Term(items=(Item(kind, instance, {(fact, counted_in): values}),))


def _and(a: list[Term], b: list[Term]) -> list[Term]:
    out = [x.meet(y) for x, y in product(a, b)]
    out = [t for t in out if t.satisfiable()]
    if len(out) > MAX_TERMS:
        raise TooComplex(f"more than {MAX_TERMS} alternatives")
    return out


def _and_all(parts: list[list[Term]]) -> list[Term]:
    result = [Term()]
    for part in parts:
        result = _and(result, part)
    return result


def _or_all(parts: list[list[Term]]) -> list[Term]:
    out = [t for part in parts for t in part]
    if len(out) > MAX_TERMS:
        raise TooComplex(f"more than {MAX_TERMS} alternatives")
    return out


def channel_terms(channel: Channel, domains: Domains, negate: bool = False) -> list[Term]:
    """Who the channel's conditions admit (or refuse), its exceptions folded in."""
    form = compiled(channel)
    if form.conditions is None:
        return [] if negate else [Term()]
    return terms(form.fails if negate else form.holds, domains)


def admits_all_of(wide: list[Term], narrow: list[Term], domains: Domains) -> bool:
    """Every person ``narrow`` admits, ``wide`` admits too (a sufficient check, term by term)."""
    return bool(narrow) and all(any(n.implies(w, domains) for w in wide) for n in narrow)


def overlap(a: list[Term], b: list[Term]) -> Term | None:
    """A term both admit, if any."""
    for x, y in product(a, b):
        both = x.meet(y)
        if both.satisfiable():
            return both
    return None


def witness(term: Term) -> dict[str, Any]:
    """A person meeting the term, as the fact values that show it."""
    shown: dict[str, Any] = {}
    for (fact, counted_in), values in sorted(term.facts.items(), key=lambda kv: kv[0]):
        shown[_fact_name(fact, counted_in)] = _pick(values)
    for n, item in enumerate(term.items, 1):
        collection = item.kind[0]
        for (fact, counted_in), values in sorted(item.facts.items(), key=lambda kv: kv[0]):
            shown[f"{collection}[{n}].{_fact_name(fact, counted_in)}"] = _pick(values)
    return shown


def _fact_name(fact: str, counted_in: str) -> str:
    return fact if counted_in == "place" else f"{fact}@{counted_in}"


def _pick(values: Values) -> Any:
    """The smallest value meeting the constraint, as a person at the threshold would show it."""
    try:
        value = min(values)
    except TypeError:  # None beside values (an area or none)
        value = min(values, key=str)
    return value.isoformat() if isinstance(value, dt.date) else value


def describe(term: Term) -> str:
    """A witness on one line: ``fact=value, …``."""
    return ", ".join(f"{k}={v}" for k, v in witness(term).items()) or "anyone"


def all_terms(channels: Iterable[Channel], domains: Domains) -> Iterator[tuple[Channel, list[Term] | None]]:
    """Each channel with its normal form, or None where it is too complex to analyse."""
    for channel in channels:
        try:
            yield channel, channel_terms(channel, domains)
        except TooComplex:
            yield channel, None
