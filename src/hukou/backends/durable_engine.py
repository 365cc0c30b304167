"""A second, independent engine: the rule files compiled into durable-rules rulesets (a Rete network).

The two engines share how facts are derived from a profile (hukou.judging.facts) and nothing of how rules
are decided: here every channel becomes rules of durable-rules, and a profile is judged by
asserting one fact holding every derived value the channel reads. Three-valued logic is compiled
into two positive rules per channel, one firing when its conditions surely hold and one when they
surely fail (Kleene: ``all`` holds when every part holds and fails when one fails, ``any`` the other
way round, ``not`` swaps them, a comparison decides only when its fact is known); a channel for
which neither fires is undetermined. Exceptions are compiled as "condition, or the exception
holds"; a third rule per channel fires when the day lies in its window.

durable-rules 2.0.28 is an optional extra (``pip install 'hukou-rules[durable]'``): unmaintained
since 2020, built from C sources, not importable on Python 3.13. Designed around its quirks, each
pinned by the test of tests/test_rete.py named in brackets: a fact no rule matches raises
``MessageNotHandledException`` (caught: nothing fired; and a catch-all rule makes every fact match)
[test_a_fact_no_rule_matches_raises_message_not_handled]; only rules that fire are reported, hence
the two positive rules per channel [test_a_rule_whose_condition_is_false_reports_nothing]; an "or"
inside ``anyItem`` or ``allItems`` is misread, hence one ``anyItem`` per alternative and the item
rules (hukou.backends.surely) [test_an_or_inside_any_item_is_decided_by_the_items_last_field,
test_all_items_misreads_an_or_and_never_holds_for_an_empty_list]; a "field is absent" test
(``-m.x``) never returns [test_the_absence_test_fires_without_end], so an unknown fact is left out
of the asserted fact, where no comparison matches it [test_no_comparison_matches_an_absent_field];
and session state is deleted after each judgement, or the engine runs out after 1,024 live
sessions (tests/test_durable_engine.py::test_two_thousand_judgements_do_not_exhaust_the_sessions).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from hukou.backends.surely import And, AnyItem, Cmp, Node, Or, TreeCompiler, all_of, channel_prefix, key_of, scalar
from hukou.errors import ReteCannotExpress, ReteUnavailable
from hukou.judging.conditions import Evaluator
from hukou.judging.engine import channel_worlds, household, recognition_pool
from hukou.judging.facts import FACTS, Held
from hukou.judging.points import score_truth
from hukou.judging.verdict import Verdict, combine
from hukou.model.periods import is_current
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import EducationLevel, Profile
from hukou.model.situation import Situation
from hukou.rulebook.compiled import Compare, Exists, children
from hukou.rulebook.compiled import Node as CompiledNode
from hukou.rulebook.compiled import compiled as compiled_channel
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.schema import Channel

Expression = Any  # a durable-rules expression object


class ReteCityVerdict(BaseModel):
    """What the Rete network decided for one place: the verdicts, nothing of the explanation."""

    city: str
    place: str
    verdict: Verdict
    admitted_by: list[str]
    channels: dict[str, Verdict]
    not_in_force: list[str]


def _durable() -> Any:
    try:
        import durable.lang as lang
    except ImportError as exc:  # absent, or no wheel for this Python
        raise ReteUnavailable(
            f"durable-rules is not installed ({exc}): pip install 'hukou-rules[durable]' (Python 3.11 or 3.12)"
        ) from None
    return lang


# --- the fact asserted for one rule file ------------------------------------------------------


def _encode(fact: str, value: Any, key: str, out: dict[str, Any]) -> None:
    """Store a derived value under ``key`` (per member, for a set); an unknown one is left out."""
    if value is None:
        return
    kind = FACTS[fact].kind
    if kind == "set":
        held = value if isinstance(value, Held) else Held(frozenset(value))
        for member in FACTS[fact].values:
            if str(member) not in held.maybe:  # one that may or may not count is left out: unknown
                out[key_of(key, str(member))] = str(member) in held.sure
        return
    if kind == "ordinal":
        out[key + "_rank"] = EducationLevel(value).rank
    out[key] = scalar(value)


@dataclass
class _Facts:
    """Builds the asserted fact: every value the compiled rules of one rule file read."""

    situation: Situation
    # Values every item row repeats: the channel's exceptions, which a condition on an item may
    # lean on, and durable-rules cannot reach the fact from inside a list item.
    item_extras: dict[str, Any] = field(default_factory=dict)
    items: list[dict[str, Any]] = field(default_factory=list)  # each item, as a fact of its own
    lists: dict[str, int] = field(default_factory=dict)  # how many items each known list has

    def leaf(self, leaf: Compare, situation: Situation, subject: Any, out: dict[str, Any]) -> None:
        scoped = situation.counted_in(leaf.counted_in)
        value = None if scoped is None else leaf.spec.derive(scoped, subject).value
        _encode(leaf.fact, value, leaf.key, out)

    def condition(self, node: CompiledNode, situation: Situation, subject: Any, out: dict[str, Any]) -> None:
        """Every value the compiled tree reads, under its key; a `some` as its list of items."""
        if isinstance(node, Compare):
            self.leaf(node, situation, subject, out)
        elif isinstance(node, Exists):
            self.items_of(node, situation, out)
        else:
            for part in children(node):
                self.condition(part, situation, subject, out)

    def items_of(self, node: Exists, situation: Situation, out: dict[str, Any]) -> None:
        scoped = situation.counted_in(node.counted_in)
        items = scoped.local(node.collection) if scoped is not None else None
        if items is None:
            return
        if node.current and node.collection != "relatives":
            items = [i for i in items if is_current(i, situation.as_of)]
        out[node.key + "_n"] = len(items)
        rows = []
        for item in items:
            row: dict[str, Any] = dict(self.item_extras)
            self.condition(node.where, situation, item, row)
            rows.append(row)
            self.items.append({"list": node.key, "idx": len(rows) - 1, **row})
        out[node.key] = rows
        self.lists[node.key] = len(rows)


# --- compiling conditions into durable-rules expressions --------------------------------------
#
# Conditions compile first into the trees of hukou.backends.surely (Cmp, And, Or, AnyItem) and then
# into durable-rules expressions. durable-rules accepts at most 32 expressions in one rule, so a
# tree too large for one rule is split into several rules with the same outcome (an "or" becomes
# one rule per part; an "and" over an "or" is distributed first).

MAX_RULE_SIZE = 24  # comparisons and connectives in one rule, below durable-rules' limit of 32


def size(node: Node) -> int:
    match node:
        case Cmp():
            return 1
        case And() | Or():
            return len(node.parts) - 1 + sum(size(p) for p in node.parts)
        case AnyItem():
            return 1 + size(node.where)
    raise TypeError(node)


def split(node: Node, limit: int = MAX_RULE_SIZE) -> list[Node]:
    """Parts whose disjunction is ``node``, each small enough for one rule."""
    if size(node) <= limit:
        return [node]
    parts = alternatives(node)
    if parts is None:
        raise ReteCannotExpress(f"a condition too large for one durable-rules rule (size {size(node)})")
    return [piece for part in parts for piece in split(part, limit)]


def alternatives(node: Node) -> tuple[Node, ...] | None:
    """Two or more nodes whose disjunction is ``node``, or None where it has no "or" to split on."""
    match node:
        case Or():
            return node.parts
        case AnyItem():
            inner = alternatives(node.where)
            return None if inner is None else tuple(AnyItem(node.key, w) for w in inner)
        case And():
            for i, part in enumerate(node.parts):
                inner = alternatives(part)
                if inner is not None:
                    rest = node.parts[:i] + node.parts[i + 1 :]
                    return tuple(all_of([*rest, alt]) for alt in inner)
    return None


def _durable_expression(lang: Any, node: Node) -> Expression:
    match node:
        case Cmp():
            return _compare(getattr(lang.item if node.on_item else lang.m, node.key), node.op, node.value)
        case And():
            return _reduce([_durable_expression(lang, p) for p in node.parts], lambda a, b: a & b)
        case Or():
            return _reduce([_durable_expression(lang, p) for p in node.parts], lambda a, b: a | b)
        case AnyItem():
            return getattr(lang.m, node.key).anyItem(_durable_expression(lang, node.where))
    raise TypeError(node)


def _compare(ref: Any, op: str, value: Any) -> Expression:
    match op:
        case "==":
            return ref == value
        case "!=":
            return ref != value
        case ">=":
            return ref >= value
        case ">":
            return ref > value
        case "<=":
            return ref <= value
        case "<":
            return ref < value
    raise AssertionError(f"the compiled form admits no operator {op!r} here")


def _reduce(parts: list[Expression], join: Callable[[Expression, Expression], Expression]) -> Expression:
    result = parts[0]
    for part in parts[1:]:
        result = join(result, part)
    return result


# --- rulesets ---------------------------------------------------------------------------------

_NAMES = itertools.count()


@dataclass
class _Ruleset:
    """One rule file compiled; ``fired`` collects (channel, outcome) while a fact is asserted."""

    name: str
    loaded: LoadedRules
    fired: list[tuple[str, str]] = field(default_factory=list)
    failed_items: set[tuple[str, int]] = field(default_factory=set)


_COMPILED: dict[int, _Ruleset] = {}


def _compile(loaded: LoadedRules) -> _Ruleset:
    lang = _durable()
    compiled = _Ruleset(f"hukou_{loaded.place.code}_{next(_NAMES)}", loaded)
    with lang.ruleset(compiled.name):
        # Every asserted fact matches this rule: a fact that matches none makes durable-rules raise
        # MessageNotHandledException, and in a large ruleset it can crash the process instead.
        _rules(lang, compiled, "", "seen", Cmp("hukou", "==", 1))
        for channel in loaded.rules.channels:
            window = channel.effective or loaded.document(channel.document).window
            in_window: list[Node] = [Cmp("as_of", ">=", window.start.toordinal() if window.start else 0)]
            if window.until is not None:
                in_window.append(Cmp("as_of", "<=", window.until.toordinal()))
            _rules(lang, compiled, channel.id, "in_force", all_of(in_window))
            form = compiled_channel(channel)
            if form.holds is None or form.fails is None:
                if channel.deferred_to is None:
                    _rules(lang, compiled, channel.id, "holds", all_of(in_window))
                continue
            compiler = TreeCompiler()
            holds, fails = compiler.tree(form.holds), compiler.tree(form.fails)
            if channel.points is not None:
                # The score is a derived fact (hukou.judging.points, as the household is): 1 a line that admits
                # by itself is reached, 0 surely below a stated line, -1 open. The Rete combines it.
                score = key_of(channel_prefix(channel), "points")
                holds, fails = And((holds, Cmp(score, "==", 1))), Or((fails, Cmp(score, "==", 0)))
            # A points channel whose admission a quota and a ranking decide never holds: no rule for it.
            never_holds = channel.points is not None and channel.points.admission is not None
            if channel.deferred_to is None and not never_holds:
                _rules(lang, compiled, channel.id, "holds", And((*in_window, holds)))
            _rules(lang, compiled, channel.id, "fails", And((*in_window, fails)))
            for key, fails in compiler.item_rules:
                _item_rules(lang, compiled, key, fails)
    return compiled


def _item_rules(lang: Any, compiled: _Ruleset, key: str, fails: Node) -> None:
    """Rules over item facts of the list at ``key``: each records the items that surely fail."""
    for n, part in enumerate(split(And((Cmp("list", "==", key), fails)))):

        def failed(c: Any) -> None:
            compiled.failed_items.add((key, c.m.idx))

        failed.__name__ = key_of(key, "fails", str(n))
        lang.when_all(_durable_expression(lang, part))(failed)


def _rules(lang: Any, compiled: _Ruleset, channel: str, outcome: str, node: Node) -> None:
    """One rule per part of the split tree, each recording the same outcome when it fires."""
    for n, part in enumerate(split(node)):

        def fired(_: Any) -> None:
            compiled.fired.append((channel, outcome))

        fired.__name__ = key_of(channel, outcome, str(n))
        lang.when_all(_durable_expression(lang, part))(fired)


def _ruleset(loaded: LoadedRules) -> _Ruleset:
    compiled = _COMPILED.get(id(loaded))
    if compiled is None or compiled.loaded is not loaded:
        compiled = _COMPILED[id(loaded)] = _compile(loaded)
    return compiled


_SESSIONS = itertools.count()


def _fact_for(loaded: LoadedRules, situation: Situation, world: bool = False) -> tuple[dict[str, Any], _Facts]:
    """The fact asserted for a rule file (the day and every value its channels read), and the
    builder holding the items of its lists. In a ``world`` of hukou.judging.possible the household is the
    world's own."""
    facts = _Facts(situation)
    out: dict[str, Any] = {"as_of": situation.as_of.toordinal()}
    applicant = Evaluator(situation)
    profile = situation.profile
    for channel in loaded.rules.channels:
        prefix = channel_prefix(channel)
        form = compiled_channel(channel)
        facts.item_extras = {}
        for lift in form.lifts:
            facts.condition(lift.when, situation, None, facts.item_extras)
        out.update(facts.item_extras)
        if form.conditions is None:
            continue
        # The household moving in (for area per person) is a derived fact: who may follow by the
        # channel's follower rules, counted as the explaining engine counts it.
        fewest, most = situation.household if world else household(channel, profile, applicant)
        facts.condition(form.conditions, situation.with_household(fewest, most), None, out)
        if channel.points is not None:
            truth = score_truth(channel, situation)
            out[key_of(prefix, "points")] = -1 if truth is None else int(truth)
    return out, facts


def _assert(lang: Any, ruleset: str, fact: dict[str, Any]) -> None:
    """Assert a fact; one that no rule matches is not an error here, just nothing fired
    (tests/test_rete.py::test_a_fact_no_rule_matches_raises_message_not_handled)."""
    from durable.engine import MessageNotHandledException  # the optional extra, imported with ``lang``

    with contextlib.suppress(MessageNotHandledException):
        lang.assert_fact(ruleset, fact)


def _fire(lang: Any, compiled: _Ruleset, situation: Situation, world: bool = False) -> set[tuple[str, str]]:
    """The (channel, outcome) pairs whose rules fire for one situation."""
    fact, built = _fact_for(compiled.loaded, situation, world)
    session = f"s{next(_SESSIONS)}"
    compiled.fired.clear()
    compiled.failed_items.clear()
    try:
        # First the items of every list, each its own fact; then the fact reading how many failed.
        for item in built.items:
            _assert(lang, compiled.name, {**item, "sid": session, "hukou": 1})
        for key, count in built.lists.items():
            fact[key + "_none"] = sum(1 for k, _ in compiled.failed_items if k == key) == count
        _assert(lang, compiled.name, {**fact, "sid": session, "hukou": 1})
    finally:
        lang.delete_state(compiled.name, session)
    return set(compiled.fired)


def _verdict(channel: str, fired: set[tuple[str, str]]) -> Verdict:
    if (channel, "holds") in fired:
        return "eligible"
    if (channel, "fails") in fired:
        return "ineligible"
    return "undetermined"


def _in_every_world(lang: Any, compiled: _Ruleset, channel: Channel, situation: Situation) -> Verdict:
    """A channel open fact by fact, judged again by the network in every world the profile allows
    (hukou.judging.possible): decided where every world agrees."""
    found = channel_worlds(channel, situation)
    if found is None:
        return "undetermined"
    verdicts = {_verdict(channel.id, _fire(lang, compiled, world, world=True)) for world in found.situations}
    return verdicts.pop() if len(verdicts) == 1 else "undetermined"


def judge_rete(
    profile: Profile, rulebook: Rulebook, place: Place, as_of: dt.date, asked: str | None = None
) -> ReteCityVerdict:
    """Judge one profile for one place on one day by the Rete network of every governing rule file."""
    lang = _durable()
    governing = rulebook.governing(place)
    pool = recognition_pool(governing, as_of)
    channels: dict[str, Verdict] = {}
    not_in_force: list[str] = []
    for loaded in governing:
        compiled = _ruleset(loaded)
        situation = Situation.of(
            profile, as_of, place, loaded.place, GAZETTEER, loaded.areas, pool[0] if pool else None
        )
        fired = _fire(lang, compiled, situation)
        for channel in loaded.rules.channels:
            if (channel.id, "in_force") not in fired:
                not_in_force.append(channel.id)
                continue
            verdict = _verdict(channel.id, fired)
            if verdict == "undetermined":
                verdict = _in_every_world(lang, compiled, channel, situation)
            channels[channel.id] = verdict
    verdict = combine(list(channels.values()))
    return ReteCityVerdict(
        city=asked or place.name,
        place=GAZETTEER.full_name(place),
        verdict=verdict,
        admitted_by=[c for c, v in channels.items() if v == "eligible"],
        channels=channels,
        not_in_force=not_in_force,
    )
