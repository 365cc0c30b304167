"""The compiled form (hukou.rulebook.compiled): what every evaluator reads, checked on every rule file."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, Rulebook, judge
from hukou.rulebook.compiled import (
    AnItem,
    Compare,
    CompiledChannel,
    Either,
    Every,
    Exists,
    Group,
    Negation,
    Node,
    NoItem,
    Pos,
    Sure,
    children,
    comparisons,
    compile_channel,
    compiled,
    key_of,
    nodes,
)
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import Channel, leaves

from .strategies import RULEBOOK

Truth = bool | None
CHANNELS = [(loaded, channel) for loaded in RULEBOOK for channel in loaded.rules.channels]
# Ids in ASCII (the place code): mutmut reruns tests by id, and cannot ask for one in Chinese.
WITH_CONDITIONS = [(f"{loaded.place.code}:{c.id}", c) for loaded, c in CHANNELS if c.conditions is not None]


def _channel(conditions: dict[str, Any], channel_id: str = "t", **more: Any) -> Channel:
    """A made-up channel reading ``conditions`` (and any other fields given)."""
    return Channel.model_validate(
        {
            "id": channel_id,
            "title": {"zh": "测", "en": "t"},
            "document": "d",
            "quote": "q",
            "registration": [{"type": "not_stated"}],
            "conditions": conditions,
            **more,
        }
    )


RENTED = {"id": "rented", "fact": "tenure", "op": "==", "value": "rented"}
MINOR = {"id": "minor", "fact": "applicant.age", "op": "<", "value": 18, "unit": "age"}
VETERAN = {"id": "veteran", "fact": "groups", "op": "contains", "value": ["military_transfer"]}
# No rule file writes a `not` yet: a channel with every kind of node, a `not` inside a `some` too.
EVERY_KIND = _channel(
    {
        "any": [
            {"not": {"id": "old", "fact": "applicant.age", "op": ">=", "value": 60, "unit": "age"}},
            {"not": {"all": [MINOR, VETERAN]}},
            {"id": "home", "some": "housing", "where": {"all": [{"not": RENTED}]}},
            {"id": "young", "fact": "applicant.age", "op": "<", "value": 30, "unit": "age"},
        ]
    },
    "every_kind",
    exceptions=[
        {"id": f"waive_{leaf}", "title": {"zh": "测", "en": "t"}, "document": "d", "quote": "q",
         "when": VETERAN, "waives": [leaf]}
        for leaf in ("old", "young")
    ],
)  # fmt: skip
WITH_CONDITIONS.append(("every_kind", EVERY_KIND))


# --- a test oracle: Kleene's logic read straight off the compiled tree ------------------------------

# A world for the oracle: a truth for each comparison, and for each `some` whether its list is
# unknown ("?"), empty, or holds one item (whose comparisons take the world's truths).
World = tuple[dict[int, Truth], dict[int, str]]


def kleene(node: Node, world: World, lifted: bool = True) -> Truth:
    truths, lists = world
    match node:
        case Compare():
            own = truths[id(node)]
            if lifted and node.lift is not None and own is not True:
                exception = kleene(node.lift.when, world)
                return True if exception is True else None if exception is None or own is None else False
            return own
        case Group():
            parts = [kleene(p, world) for p in node.parts]
            decided, other = (False, True) if node.kind == "all" else (True, False)
            return decided if decided in parts else other if all(p is other for p in parts) else None
        case Negation():
            inner = kleene(node.part, world)
            return None if inner is None else not inner
        case Exists():
            state = lists[id(node)]
            return None if state == "?" else False if state == "empty" else kleene(node.where, world)
    raise TypeError(node)


def positive(tree: Pos, world: World) -> bool:
    truths, lists = world
    match tree:
        case Sure():
            return truths[id(tree.leaf)] is tree.holds
        case Every():
            return all(positive(p, world) for p in tree.parts)
        case Either():
            return any(positive(p, world) for p in tree.parts)
        case AnItem():
            return lists[id(tree.exists)] == "one" and positive(tree.where, world)
        case NoItem():
            state = lists[id(tree.exists)]
            return state == "empty" or (state == "one" and positive(tree.where, world))
    raise TypeError(tree)


def worlds(form: CompiledChannel) -> st.SearchStrategy[World]:
    leaves_ = list(form.leaves())
    somes = [n for root in form.roots() for n in nodes(root) if isinstance(n, Exists)]
    return st.tuples(
        st.fixed_dictionaries({id(leaf): st.sampled_from([True, False, None]) for leaf in leaves_}),
        st.fixed_dictionaries({id(s): st.sampled_from(["?", "empty", "one"]) for s in somes}),
    )


# Law: the two positive trees mean what Kleene's logic means. In every assignment of true, false
# or unknown to a channel's comparisons (and of unknown, empty or one item to its lists), the
# "surely holds" tree is true exactly when the conditions are true, the "surely fails" tree exactly
# when they are false; neither, when they are unknown. (The Rete backend, the vectorised evaluator
# and lint read those trees; the explaining engine reads Kleene's logic.)
@pytest.mark.parametrize(("name", "channel"), WITH_CONDITIONS, ids=[n for n, _ in WITH_CONDITIONS])
def test_the_positive_trees_mean_what_kleene_means(name: str, channel: Channel) -> None:
    form = compile_channel(channel)  # not the cached form: this law is about compiling
    assert form.conditions is not None and form.holds is not None and form.fails is not None

    @given(worlds(form))
    def check(world: World) -> None:
        truth = kleene(form.conditions, world)  # type: ignore[arg-type]
        assert positive(form.holds, world) is (truth is True), (name, truth)  # type: ignore[arg-type]
        assert positive(form.fails, world) is (truth is False), (name, truth)  # type: ignore[arg-type]

    check()


# Law: the compiled form keeps every comparison of the file, with the threshold the document states
# in the fact's units (a year is twelve months), and no two comparisons a backend derives share a
# name (each derived value is read by one comparison).
@pytest.mark.parametrize(("name", "channel"), WITH_CONDITIONS, ids=[n for n, _ in WITH_CONDITIONS])
def test_every_comparison_is_compiled_once_under_its_own_name(name: str, channel: Channel) -> None:
    form = compile_channel(channel)
    assert form.conditions is not None
    raw = list(leaves(channel.conditions))
    built = list(comparisons(form.conditions))
    assert [leaf.id for leaf in built] == [leaf.id for leaf in raw]
    for leaf in built:
        factor = 12 if leaf.unit == "year" else 1
        expected = leaf.written * factor if isinstance(leaf.written, int | float) else leaf.written
        assert leaf.threshold == expected, (name, leaf.id)
    keys = [leaf.key for leaf in form.leaves()]
    assert len(keys) == len(set(keys)), name


def test_a_comparison_under_a_not_knows_it() -> None:
    raw = _channel(
        {
            "all": [
                {"id": "a", "fact": "applicant.age", "op": ">=", "value": 18, "unit": "age"},
                {"not": {"id": "b", "fact": "applicant.age", "op": ">=", "value": 60, "unit": "age"}},
            ]
        }
    )
    polarity = {leaf.id: leaf.negated for leaf in compiled(raw).leaves()}
    assert polarity == {"a": False, "b": True}


KAILI = GAZETTEER.resolve("凯里")
SIX_MONTHS_HERE = Profile.model_validate(
    {
        "hukou": {"province": "四川"},
        "residence": [{"city": "凯里", "since": "2024-03-01"}],
        "social_insurance": [{"city": "凯里", "since": "2024-03-01"}],
    }
)


# A copy of a channel with a moved threshold is judged by its own threshold, not by the compiled
# form of the channel it was copied from (rule-file mutants are made this way): six months of
# residence meet Kaili's K3 as written ("凡在我市居住半年以上"), not when it asks for thirty.
def test_a_changed_copy_is_compiled_and_judged_anew() -> None:
    kaili = next(loaded for loaded in RULEBOOK if loaded.place == KAILI)
    channel = next(c for c in kaili.rules.channels if c.id == "k3_residence_insurance")
    before = compiled(channel)
    assert compiled(channel) is before  # once per validated model
    moved = _with_threshold(channel, "residence", 30)
    assert "_compiled" in moved.__dict__  # copied with the fields: it must not be read
    assert {leaf.id: leaf.threshold for leaf in compiled(moved).leaves()}["residence"] == 30
    assert _k3_verdict(RULEBOOK) == "eligible"
    channels = [moved if c.id == channel.id else c for c in kaili.rules.channels]
    rules = kaili.rules.model_copy(update={"channels": channels})
    files = [LoadedRules(rules, f.path, f.place, f.areas) if f is kaili else f for f in RULEBOOK]
    assert _k3_verdict(Rulebook(files, RULEBOOK.root)) == "ineligible"


def _k3_verdict(rulebook: Rulebook) -> str:
    report = judge(SIX_MONTHS_HERE, rulebook, KAILI, dt.date(2024, 9, 1))
    return next(c.verdict for c in report.channels if c.id == "k3_residence_insurance")


def _with_threshold(channel: Channel, leaf_id: str, value: Any) -> Channel:
    data = channel.model_dump(by_alias=True, exclude_none=True)

    def move(node: Any) -> None:
        if isinstance(node, dict):
            if node.get("id") == leaf_id and "fact" in node:
                node["value"] = value
            for child in node.values():
                move(child)
        elif isinstance(node, list):
            for child in node:
                move(child)

    move(data["conditions"])
    # model_copy keeps the original's other attributes, its compiled form among them.
    return channel.model_copy(update={"conditions": Channel.model_validate(data).conditions})


# --- where each node stands, and what it knows of the nodes above it -----------------------------

# Compiled in each test, not here: mutmut imports the tests before it switches a mutant on.
NAMED = {
    f"{loaded.place.code}:{channel.id}": channel for loaded, channel in [*CHANNELS, (next(iter(RULEBOOK)), EVERY_KIND)]
}


def _roots(channel: Channel) -> list[Node]:
    """Every compiled tree of a channel: its conditions, exceptions, follower rules, registration options."""
    form = compile_channel(channel)
    found = [form.conditions, *(lift.when for lift in form.lifts), *form.followers, *form.registration]
    return [root for root in found if root is not None]


def _at(data: Any, path: tuple[str | int, ...]) -> Any:
    for step in path:
        data = data[step]
    return data


def _above(root: Node) -> list[tuple[Node, tuple[Node, ...]]]:
    """Every node of a compiled tree with the nodes above it, read off the tree itself."""
    found: list[tuple[Node, tuple[Node, ...]]] = []

    def visit(node: Node, above: tuple[Node, ...]) -> None:
        found.append((node, above))
        for part in node.parts if isinstance(node, Group) else ():
            visit(part, (*above, node))
        if isinstance(node, Negation):
            visit(node.part, (*above, node))
        if isinstance(node, Exists):
            visit(node.where, (*above, node))

    visit(root, ())
    return found


# Law: every compiled node says where it stands in its rule file (lint and `rules show` point the
# rule author there): following its path through the channel as the file writes it reaches the
# very condition it was compiled from — for the conditions, each exception's, each follower rule's
# and each registration option's.
@pytest.mark.parametrize("name", sorted(NAMED))
def test_every_node_stands_where_its_path_says(name: str) -> None:
    channel = NAMED[name]
    for root in _roots(channel):
        written = channel.model_dump(by_alias=True)
        for node, _ in _above(root):
            assert _at(written, node.path) == node.source.model_dump(by_alias=True), (name, node.path)


# Law: a node knows what stands above it. It is negated under an odd number of `not`s; inside a
# `some` it knows the list it is about, and the id an answer reports for a comparison or a list
# names the `some` it stands in ("living.rented", as `hukou check --json` prints it); outside any
# `some` it is its own id.
@pytest.mark.parametrize("name", sorted(NAMED))
def test_a_node_knows_the_nots_and_the_list_above_it(name: str) -> None:
    for root in _roots(NAMED[name]):
        for node, above in _above(root):
            assert node.negated == (sum(isinstance(a, Negation) for a in above) % 2 == 1), (name, node.path)
            lists = [a for a in above if isinstance(a, Exists)]
            assert node.within == (lists[-1].collection if lists else None), (name, node.path)
            if isinstance(node, Compare | Exists):
                assert node.name == ".".join([*(a.id for a in lists), node.id]), (name, node.path)


# Law: the values a backend derives are named so that one name is one value. The Rete backend
# asserts one fact per rule file, so outside any `some` every node of every channel of a file (its
# exceptions' too) has a name of its own; inside a `some` the names are the item's, distinct within
# it; every name is an identifier (durable-rules and the column layout use them as field names).
@pytest.mark.parametrize("code", [*sorted({loaded.place.code for loaded, _ in CHANNELS}), "every_kind"])
def test_each_derived_value_has_a_name_of_its_own(code: str) -> None:
    outside: list[str] = []
    # A file of two channels with every kind of node and the same exceptions.
    file = [c for loaded, c in CHANNELS if loaded.place.code == code] or [
        EVERY_KIND,
        EVERY_KIND.model_copy(update={"id": "every_kind_again"}),
    ]
    for channel in file:
        for root in compile_channel(channel).roots():
            for node, above in _above(root):
                assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", node.key), (channel.id, node.key)
                if not any(isinstance(a, Exists) for a in above):
                    outside.append(node.key)
                if isinstance(node, Exists):
                    inside = [n.key for n in nodes(node.where)]
                    assert len(inside) == len(set(inside)), (channel.id, inside)
    assert len(outside) == len(set(outside)), (code, sorted(k for k in outside if outside.count(k) > 1))


# A listed value a derived name is made of may hold characters a field name cannot: they become _.
def test_a_derived_name_is_an_identifier_whatever_the_value() -> None:
    assert key_of("c_k1", "x", "labour-model 2") == "c_k1_x_labour_model_2"


# Law: nodes() walks a tree in the file's order, each node before its parts, and children() are
# a node's parts (the readers that build a value per node walk them).
@pytest.mark.parametrize("name", sorted(NAMED))
def test_nodes_and_children_walk_the_tree_as_it_stands(name: str) -> None:
    for root in _roots(NAMED[name]):
        walked = _above(root)
        assert list(nodes(root)) == [n for n, _ in walked], name
        for node, above in walked:
            below = [n for n, a in walked if a == (*above, node)]
            assert list(children(node)) == below, (name, node.path)


# What a rule author who writes no label sees in `hukou check`: a yes/no condition reads as its
# fact ("a criminal record"), and as its negation where the rule asks for "no", written either way;
# an all/any as "all of"/"any of"; a `not` as what must not hold; a `some` as the list it is about.
@pytest.mark.parametrize(
    ("op", "value", "shown"),
    [("==", True, "a criminal record"), ("!=", False, "a criminal record"),
     ("==", False, "not a criminal record"), ("!=", True, "not a criminal record")],
)  # fmt: skip
def test_an_unlabelled_condition_is_named_by_what_it_asks(op: str, value: bool, shown: str) -> None:
    leaf = {"id": "clean", "fact": "record.criminal", "op": op, "value": value}
    home = {"id": "age", "fact": "applicant.age", "op": ">=", "value": 18, "unit": "age"}
    raw = _channel({"any": [{"all": [leaf]}, {"not": home}, {"id": "home", "some": "housing", "where": home}]})
    labels = {(type(n).__name__, n.id): n.label for n in nodes(compiled(raw).conditions)}  # type: ignore[arg-type]
    assert labels[("Compare", "clean")].en == shown
    assert labels[("Group", "any")].en == "any of" and labels[("Group", "all")].en == "all of"
    assert labels[("Negation", "not")] == labels[("Compare", "age")]
    assert labels[("Exists", "home")].en == "a home here"
