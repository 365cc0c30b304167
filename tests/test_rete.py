"""The quirks of durable-rules 2.0.28 that the Rete backend is designed around, pinned one by one.

hukou.backends.durable_engine and hukou.backends.surely compile the rules into durable-rules
rulesets in a shape chosen for what durable-rules does, not for what its documentation says. Each
test here asserts one such behaviour of durable-rules itself, and says which design choice rests
on it: a new durable-rules version that changes the behaviour fails here, with the reason, instead
of silently changing verdicts (or leaving a workaround in place that is no longer needed).

One quirk of the design, that session state must be deleted after each judgement, is pinned
where it matters, through the engine: tests/test_durable_engine.py::
test_two_thousand_judgements_do_not_exhaust_the_sessions (durable-rules 2.0.28 raises MemoryError
on the 1,025th live session).
"""

from __future__ import annotations

import itertools
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

lang = pytest.importorskip(
    "durable.lang", reason="durable-rules is an optional extra: pip install 'hukou-rules[durable]'"
)
m, item = lang.m, lang.item

_NAMES = itertools.count()  # durable-rules keeps every ruleset in one process-wide table, by name
_SESSIONS = itertools.count()


@dataclass
class Rules:
    """A ruleset of its own whose rules record their names when they fire."""

    name: str
    fired: list[str] = field(default_factory=list)

    def fire(self, fact: dict[str, Any]) -> set[str]:
        """The rules that fire for ``fact``, asserted in a fresh session deleted afterwards.

        The fact carries ``hukou: 1``, which the catch-all rule every ruleset here has (as every
        one the engine compiles has) matches, so a fact nothing else matches is not an error.
        """
        session = f"s{next(_SESSIONS)}"
        self.fired.clear()
        try:
            lang.assert_fact(self.name, {**fact, "sid": session, "hukou": 1})
        finally:
            lang.delete_state(self.name, session)
        return set(self.fired) - {"seen"}

    def fires(self, fact: dict[str, Any]) -> bool:
        return bool(self.fire(fact))


def _recorder(rules: Rules, name: str) -> Callable[[Any], None]:
    def fired(_: Any) -> None:
        rules.fired.append(name)

    return fired


def ruleset(catch_all: bool = True, **conditions: Any) -> Rules:
    """A new ruleset with one rule per named condition (and the engine's catch-all rule ``seen``)."""
    rules = Rules(f"test_rete_{next(_NAMES)}")
    if catch_all:
        conditions = {"seen": m.hukou == 1, **conditions}
    with lang.ruleset(rules.name):
        for name, condition in conditions.items():
            lang.when_all(condition)(_recorder(rules, name))
    return rules


def items(*rows: dict[str, Any]) -> dict[str, Any]:
    """A fact holding one list, ``xs``, of the given items (each a dict, its fields in the order written)."""
    return {"xs": list(rows)}


ROWS = [dict(zip("abc", bits, strict=True)) for bits in itertools.product((0, 1), repeat=3)]


def reversed_fields(row: dict[str, Any]) -> dict[str, Any]:
    return dict(reversed(row.items()))


# --- (1) a fact no rule matches -------------------------------------------------------------------


def test_a_fact_no_rule_matches_raises_message_not_handled() -> None:
    # durable_engine._assert catches this exception by its class name and reads it as "nothing
    # fired", and durable_engine._compile gives every ruleset a catch-all rule ("seen") so that
    # it is not raised at all: without both, an applicant who meets no rule would be an error.
    from durable.engine import MessageNotHandledException

    bare = ruleset(catch_all=False, one=m.x == 1)
    # The session is left as it is: deleting the state of a session whose only fact no rule
    # handled crashed the process (a segmentation fault under pytest, not in a bare script),
    # which the catch-all rule also keeps the engine from doing.
    with pytest.raises(MessageNotHandledException) as raised:
        lang.assert_fact(bare.name, {"sid": f"s{next(_SESSIONS)}", "x": 2})
    assert type(raised.value).__name__ == "MessageNotHandledException"  # the name _assert matches
    assert bare.fired == []

    # The same fact, with the catch-all rule the engine adds: no exception, and nothing else fired.
    assert ruleset(one=m.x == 1).fire({"x": 2}) == set()


# --- (2) only rules that fire are reported ----------------------------------------------------------


def test_a_rule_whose_condition_is_false_reports_nothing() -> None:
    # durable-rules calls back the rules that fire and says nothing of the others: a rule whose
    # condition is false looks exactly like one whose fact is unknown. Hence the design compiles
    # two positive rules per channel (durable_engine._compile: "holds" and "fails", from
    # surely.TreeCompiler), and a channel for which neither fires is undetermined.
    one_rule = ruleset(holds=m.months >= 6)
    assert one_rule.fire({"months": 9}) == {"holds"}
    assert one_rule.fire({"months": 3}) == set()  # false ...
    assert one_rule.fire({}) == one_rule.fire({"months": 3})  # ... reads as unknown

    two_rules = ruleset(holds=m.months >= 6, fails=m.months < 6)
    assert two_rules.fire({"months": 9}) == {"holds"}
    assert two_rules.fire({"months": 3}) == {"fails"}
    assert two_rules.fire({}) == set()  # undetermined


# --- (3) an "or" inside anyItem -----------------------------------------------------------------------


def test_an_or_inside_any_item_is_decided_by_the_items_last_field() -> None:
    # Inside anyItem, durable-rules decides an "or" of comparisons on different fields of the item
    # by the comparison on whichever of those fields the item lists last: the other alternatives
    # are ignored, alone or nested in an "and". Hence surely.TreeCompiler.tree (case AnItem)
    # gives each alternative of an item condition an anyItem of its own (the condition in
    # disjunctive normal form, surely.conjunctions), and no anyItem holds an "or".
    nested = ruleset(hit=m.xs.anyItem((item.a == 1) & ((item.b == 1) | (item.c == 1))))
    misread = [row for row in ROWS if nested.fires(items(row)) != bool(row["a"] and (row["b"] or row["c"]))]
    assert misread == [{"a": 1, "b": 1, "c": 0}]  # the "or" read as c == 1: c is the last field
    # The same values with the fields written in another order: now b is last, and it fires.
    assert nested.fires(items({"a": 1, "c": 0, "b": 1}))

    alone = ruleset(hit=m.xs.anyItem((item.b == 1) | (item.c == 1)))
    assert not alone.fires(items({"b": 1, "c": 0}))
    assert alone.fires(items({"c": 0, "b": 1}))
    # An "or" over one field is read right: the quirk is the field, not the "or".
    same_field = ruleset(hit=m.xs.anyItem((item.b == 1) | (item.b == 2)))
    assert same_field.fires(items({"b": 1, "c": 0})) and same_field.fires(items({"b": 2, "c": 0}))


def test_one_any_item_per_alternative_reads_right() -> None:
    # The form surely.TreeCompiler.tree compiles "some item has a, and b or c" to: one anyItem
    # per alternative, joined by an "or" outside them. It must agree with the condition on every
    # item whatever the order of the item's fields, and an "and" inside one anyItem must hold
    # within one item (not a on one item and b on another).
    split = ruleset(hit=m.xs.anyItem((item.a == 1) & (item.b == 1)) | m.xs.anyItem((item.a == 1) & (item.c == 1)))
    for row in ROWS:
        want = bool(row["a"] and (row["b"] or row["c"]))
        assert split.fires(items(row)) == want, row
        assert split.fires(items(reversed_fields(row))) == want, reversed_fields(row)
    assert split.fires(items({"a": 1, "b": 0, "c": 0}, {"a": 1, "b": 1, "c": 0}))  # the second item
    assert not split.fires(items({"a": 1, "b": 0, "c": 0}, {"a": 0, "b": 1, "c": 1}))  # a and b apart


# --- (4) allItems ---------------------------------------------------------------------------------------


def test_all_items_misreads_an_or_and_never_holds_for_an_empty_list() -> None:
    # allItems decides an "or" inside it as anyItem does, by the item's last-written field (it is
    # not read as "and": {p: 0, q: 1} passes), and over an empty list it never fires, although
    # "every item" then holds. Hence the design never uses allItems: "every item surely fails"
    # (surely.TreeCompiler.tree, case NoItem) is read off each item asserted as a fact of its
    # own (durable_engine._item_rules), and ``<key>_none`` counts the items that failed, which
    # for no item at all is true.
    every = ruleset(hit=m.xs.allItems((item.p == 1) | (item.q == 1)))
    readings = [every.fires(items(row)) for row in ({"p": 1, "q": 0}, {"p": 0, "q": 1}, {"q": 0, "p": 1})]
    assert readings == [False, True, True]  # an "or" would be [True] * 3, an "and" [False] * 3

    assert not ruleset(hit=m.xs.allItems(item.p == 1)).fires(items())


def test_an_or_on_a_fact_of_its_own_reads_right() -> None:
    # What the design uses instead of "or" inside a list: each item asserted as a fact of its own
    # (durable_engine._Facts.items_of, _item_rules over surely.as_item_fact) and, on the main
    # fact, an "or" of anyItems. On a fact of its own an "or", also nested in an "and", is read
    # right whatever the order of the fact's fields.
    nested = ruleset(hit=(m.a == 1) & ((m.b == 1) | (m.c == 1)))
    for row in ROWS:
        want = bool(row["a"] and (row["b"] or row["c"]))
        assert nested.fires(row) == want, row
        assert nested.fires(reversed_fields(row)) == want, reversed_fields(row)


# --- (5) a comparison on an absent field ----------------------------------------------------------------

OPERATORS: dict[str, Callable[[Any, Any], Any]] = {
    "==": lambda ref, v: ref == v,
    "!=": lambda ref, v: ref != v,
    ">=": lambda ref, v: ref >= v,
    ">": lambda ref, v: ref > v,
    "<=": lambda ref, v: ref <= v,
    "<": lambda ref, v: ref < v,
}


def test_no_comparison_matches_an_absent_field() -> None:
    # durable_engine._encode leaves an unknown value out of the asserted fact (and out of an
    # item), and surely.comparison compiles "surely holds" and "surely fails" as plain
    # comparisons: an unknown fact is undetermined only because neither x == v nor x != v (nor
    # any ordering) matches a field the fact does not have.
    rules = ruleset(
        **{f"m {op}": compare(m.x, 3) for op, compare in OPERATORS.items()},
        **{f"item {op}": m.xs.anyItem(compare(item.x, 3)) for op, compare in OPERATORS.items()},
    )
    assert rules.fire({"y": 3, "xs": [{"y": 3}]}) == set()
    # With the field present, the same rules fire as the comparisons say.
    assert rules.fire({"x": 3, "xs": [{"x": 3}]}) == {f"{on} {op}" for on in ("m", "item") for op in ("==", ">=", "<=")}
    assert rules.fire({"x": 4, "xs": [{"x": 4}]}) == {f"{on} {op}" for on in ("m", "item") for op in ("!=", ">=", ">")}


# --- (6) the "field is absent" test -----------------------------------------------------------------

_ABSENCE_TEST = textwrap.dedent(
    """
    import os
    import durable.lang as lang

    matched = []  # the fields of each message the rule matched

    with lang.ruleset("absent_x"):
        @lang.when_all(-lang.m.x)
        def absent(c):
            matched.append(sorted(key for key, _ in c.m.items()))
            if len(matched) == 1000:
                print(matched[0], flush=True)
                os._exit(3)

    lang.assert_fact("absent_x", {"sid": "s", "y": 1})
    print("returned", flush=True)
    """
)


def test_the_absence_test_fires_without_end() -> None:
    # A rule on ``-m.x`` ("x is absent") matches the session's own state, which its firing
    # rewrites, so it fires again and again and assert_fact never returns. Hence the design
    # cannot ask "is this fact unknown?": durable_engine._encode leaves an unknown fact out
    # and no comparison matches it (test_no_comparison_matches_an_absent_field). Run in a child
    # process, which stops itself after 1,000 firings (a few milliseconds), so the suite never hangs.
    try:
        child = subprocess.run([sys.executable, "-c", _ABSENCE_TEST], capture_output=True, text=True, timeout=3)
    except subprocess.TimeoutExpired:
        pytest.fail("assert_fact neither returned nor fired 1,000 times in 3 s: the quirk has changed")
    assert "returned" not in child.stdout, "assert_fact returned: an absence test could express 'unknown' now"
    assert child.returncode == 3, child.stderr
    # What it matched: not the asserted fact (it has no "y"), the session state ("$s").
    assert child.stdout.strip() == "['$s', 'id', 'sid']"
