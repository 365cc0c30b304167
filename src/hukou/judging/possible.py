"""Reasoning over what is unknown: the worlds a profile leaves open, and what holds in all of them.

Kleene's logic judges one comparison at a time, so it cannot see that every value an unknown fact
may take gives the same answer: a parent of 70 whose sex is not given is elderly under "男性年满60
周岁、女性年满55周岁" either way; a home of 15 ㎡ fails "人均20㎡以上" even if the applicant moves alone.
Here a channel that Kleene leaves open is judged again in every world the profile allows — each
value of a finite unknown (the applicant's sex, the zone of a district split between zones),
and, for the household moving in, the fewest and the most people who may — and the channel is
met when it is met in every world, not met when in none, and open only where the worlds disagree.

Every world is a profile (and a place) with the unknown filled in, judged by the ordinary
evaluator: the explaining engine and the Rete engine both judge the same worlds, and the vectorised
evaluator hands the rows that need them to the explaining engine.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import cache
from typing import Any, Literal

from hukou.bilingual import Text
from hukou.judging.conditions import Outcome
from hukou.judging.facts import FACTS
from hukou.labels import ENTRY_WORDS, UNKNOWN_AXES, WORLDS_DECIDED, WORLDS_TRIED, listing, phrase
from hukou.model.places import Gazetteer, Place
from hukou.model.profile import Member
from hukou.model.regions import LARGER, Area, area_holding
from hukou.model.situation import Situation
from hukou.rulebook.compiled import Compare, CompiledChannel, Exists, Node, comparisons, compiled, nodes
from hukou.rulebook.schema import Channel

Dimension = Literal["sex", "zone", "household"]
MAX_WORLDS = 64  # beyond this many worlds a channel stays open: sound, only less decisive
_ZONE_FACTS = frozenset({"place.area", "hukou.area", "area"})
SECTIONS = ("residence", "social_insurance", "employment", "housing", "study")


def dimensions(channel: Channel) -> frozenset[Dimension]:
    """The finite unknowns a channel's verdict may turn on: the applicant's sex, the zone of a
    place (where periods count, the hukou's zone, a job's zone), the size of the household."""
    return _dimensions(compiled(channel))


@cache
def _dimensions(form: CompiledChannel) -> frozenset[Dimension]:
    found: set[Dimension] = set()
    for node in (n for root in form.roots() for n in nodes(root)):
        if isinstance(node, Compare | Exists) and node.counted_in == "area":
            found.add("zone")
        if isinstance(node, Compare):
            if node.fact == "applicant.sex":
                found.add("sex")
            elif node.fact in _ZONE_FACTS:
                found.add("zone")
            elif node.fact == "area_per_person":
                found.add("household")
    return frozenset(found)


def monotone_in_household(channel: Channel) -> bool:
    """Whether the channel's truth moves one way as the household grows: area per person compared
    only from below, never under a "not". Then the fewest and the most people are the only sizes
    to try."""
    conditions = compiled(channel).conditions
    return conditions is None or all(
        leaf.fact != "area_per_person" or (leaf.op in {">=", ">"} and not leaf.negated)
        for leaf in comparisons(conditions)
    )


# --- the axes along which a profile is open -------------------------------------------------------


@dataclass(frozen=True)
class _Choice:
    """One value an unknown may take, and how a world takes it."""

    apply: Callable[[Any, dict[str, Any], dict[str, Any]], None]  # (profile, its updates, the situation's)


@dataclass(frozen=True)
class _Axis:
    what: Text  # what is unknown, for "whichever …"
    choices: tuple[_Choice, ...]


def _set_sex(value: str) -> _Choice:
    def apply(_: Any, profile: dict[str, Any], __: dict[str, Any]) -> None:
        profile["sex"] = value

    return _Choice(apply)


def _set_place_zone(zone: str) -> _Choice:
    def apply(_: Any, __: dict[str, Any], situation: dict[str, Any]) -> None:
        situation["zone"] = zone

    return _Choice(apply)


def _set_hukou_zone(hukou: Any, zone: str) -> _Choice:
    def apply(_: Any, profile: dict[str, Any], __: dict[str, Any]) -> None:
        profile["hukou"] = hukou.model_copy(update={"zone": zone})

    return _Choice(apply)


def _set_entry_zone(section: str, index: int, zone: str) -> _Choice:
    def apply(original: Any, profile: dict[str, Any], _: dict[str, Any]) -> None:
        entries = list(profile.get(section, getattr(original, section)))
        entries[index] = entries[index].model_copy(update={"zone": zone})
        profile[section] = entries

    return _Choice(apply)


_SEX = phrase(UNKNOWN_AXES, "sex")


def _axes(situation: Situation, dims: frozenset[Dimension]) -> list[_Axis]:
    profile = situation.profile
    axes: list[_Axis] = []
    if "sex" in dims and profile.sex is None:
        axes.append(_Axis(_SEX, (_set_sex("male"), _set_sex("female"))))
    if "zone" in dims and situation.areas:
        axes.extend(_zone_axes(situation))
    return axes


def _zone_axes(situation: Situation) -> Iterator[_Axis]:
    g, areas = situation.gazetteer, situation.areas
    if situation.place_area is None:
        zones = areas_possible(g, situation.place, areas)
        words = phrase(UNKNOWN_AXES, "place_zone")
        yield _Axis(words, tuple(_set_place_zone(z) for z in zones))
    hukou = situation.profile.hukou
    if hukou is not None and hukou.zone is None and hukou.city:
        zones = zones_of_name(situation, hukou.city)
        if zones:
            words = phrase(UNKNOWN_AXES, "hukou_zone")
            yield _Axis(words, tuple(_set_hukou_zone(hukou, z) for z in zones))
    for section in SECTIONS:
        for index, entry in enumerate(getattr(situation.profile, section) or []):
            if entry.zone is None and (zones := zones_of_name(situation, entry.city)):
                words = phrase(UNKNOWN_AXES, "entry_zone", entry=ENTRY_WORDS[section], city=entry.city)
                yield _Axis(words, tuple(_set_entry_zone(section, index, z) for z in zones))


def zones_of_name(situation: Situation, name: str) -> tuple[str, ...]:
    """The zones a place named in the profile may lie in, where its district alone does not say."""
    g = situation.gazetteer
    inside = [p for p in g.candidates(name) if g.within(p, situation.jurisdiction)]
    if len(inside) != 1 or area_holding(g, inside[0], situation.areas) is not None:
        return ()
    return areas_possible(g, inside[0], situation.areas)


@cache
def areas_possible(gazetteer: Gazetteer, place: Place, areas: tuple[Area, ...]) -> tuple[str, ...]:
    """The areas a place of unknown area may lie in: those it is split between, or — for a place
    holding areas — every area in it; "none" where part of it lies outside every area."""
    held = area_holding(gazetteer, place, areas)
    if held is not None and held is not LARGER:
        return (held,)
    if held is None:  # split between areas
        found = [a.id for a in areas if any(gazetteer.within(place, m) for m in a.partial)]
        return tuple(found) if len(found) > 1 else (*found, "none")
    found = [a.id for a in areas if any(gazetteer.within(m, place) for m in (*a.members, *a.partial))]
    outside = any(
        p != place and gazetteer.within(p, place) and area_holding(gazetteer, p, areas) == "none" for p in gazetteer
    )
    return (*found, "none") if outside else tuple(found)


# --- the worlds and what they agree on -----------------------------------------------------------


@dataclass(frozen=True)
class Worlds:
    """The situations a profile leaves open for one channel, and what each assumes."""

    situations: tuple[Situation, ...]
    axes: tuple[Text, ...]  # what was unknown (sex, a zone)
    households: tuple[int, ...]  # the household sizes tried, when area per person counts


def worlds(channel: Channel, situation: Situation, household: Callable[[Situation], tuple[int, int]]) -> Worlds | None:
    """Every world the profile allows for this channel, each with its household fixed; None when
    nothing finite is open (or too much is: more than MAX_WORLDS)."""
    dims = dimensions(channel)
    if not dims:
        return None
    axes = _axes(situation, dims)
    if len(axes) > 8 or math.prod(len(a.choices) for a in axes) > MAX_WORLDS:
        return None
    out: list[Situation] = []
    sizes: set[int] = set()
    split_household = False
    for combination in itertools.product(*(a.choices for a in axes)):
        profile_updates: dict[str, Any] = {}
        situation_updates: dict[str, Any] = {}
        for choice in combination:
            choice.apply(situation.profile, profile_updates, situation_updates)
        world = situation
        if profile_updates:
            world = replace(world, profile=situation.profile.model_copy(update=profile_updates))
        if situation_updates:
            world = replace(world, **situation_updates)
        fewest, most = household(world)
        if "household" in dims and fewest != most:
            split_household = True
            tried = _sizes(fewest, most, monotone_in_household(channel))
            if not tried:  # open-ended and not monotone: no finite set of sizes stands for them all
                return None
            for size in tried:
                sizes.add(size)
                out.append(world.with_household(size, size))
        else:
            out.append(world.with_household(fewest, most))
        if len(out) > MAX_WORLDS:
            return None
    if not axes and not split_household:
        return None
    return Worlds(tuple(out), tuple(a.what for a in axes), tuple(sorted(sizes)))


def _sizes(fewest: int, most: int, monotone: bool) -> list[int]:
    if monotone:
        return [fewest, most]
    if most - fewest > MAX_WORLDS:
        return []  # open-ended and not monotone: no finite set of sizes decides it
    return list(range(fewest, most + 1))


def member_variants(condition: Node, member: Member) -> list[Member]:
    """A relative of unknown sex as a man and as a woman, where the condition reads the sex."""
    reads = any(leaf.fact == "member.sex" for leaf in comparisons(condition))
    if not reads or member.sex is not None:
        return []
    return [member.model_copy(update={"sex": sex}) for sex in ("male", "female")]


def merged(outcomes: Sequence[Outcome]) -> Outcome:
    """One outcome tree saying what every world agrees on: a node is met (or not) where it is in
    every world, open where they differ. A leaf's value is shown from the world nearest to
    changing the answer (the best case of a failure, the worst of a success)."""
    first = outcomes[0]
    truths = {o.truth for o in outcomes}
    truth = truths.pop() if len(truths) == 1 else None
    same_shape = all(o.id == first.id and len(o.children) == len(first.children) for o in outcomes)
    children = [merged([o.children[i] for o in outcomes]) for i in range(len(first.children))] if same_shape else []
    shown = _shown(outcomes, truth) if not first.children else first
    return replace(
        shown,
        truth=truth,
        children=children if same_shape else list(first.children) if truth is None else [],
        missing=shown.missing if truth is None else None,
    )


def _shown(outcomes: Sequence[Outcome], truth: bool | None) -> Outcome:
    values = {repr(o.actual) for o in outcomes}
    if len(values) == 1:
        return outcomes[0]
    if truth is None:  # the value differs from world to world and so does the answer: it is unknown
        missing = FACTS[outcomes[0].fact].missing if outcomes[0].fact else None
        return replace(outcomes[0], actual=None, detail=None, missing=missing)
    numeric = [o for o in outcomes if isinstance(o.actual, int | float) and isinstance(o.threshold, int | float)]
    if not numeric:
        return outcomes[0]
    return min(numeric, key=lambda o: abs(float(o.actual) - float(o.threshold)))


def whichever(found: Worlds, truth: bool) -> Text:
    """The explanation of a channel the worlds decided: "whichever the applicant's sex", "even
    moving alone"."""
    worlds = [phrase(WORLDS_TRIED, "whichever", unknown=a) for a in found.axes]
    if found.households:
        fewest, most = found.households[0], found.households[-1]
        if truth is False:
            alone = fewest == 1
            worlds.append(
                phrase(WORLDS_TRIED, "even_alone") if alone else phrase(WORLDS_TRIED, "even_surely", people=fewest)
            )
        elif most < 10**6:
            worlds.append(phrase(WORLDS_TRIED, "even_everyone", people=most))
    if found.axes:
        decided = "met_whichever" if truth else "not_met_whichever"
    else:
        decided = "met_even" if truth else "not_met_even"
    return phrase(WORLDS_DECIDED, decided, worlds=listing(worlds))
