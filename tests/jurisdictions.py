"""The places and days the tests judge in, found from the rulebook: never listed by hand.

A new rule file under rules/ brings its jurisdiction, the areas it names (a member of each, a
district split between two), a division of it outside every area, and a neighbour it does not
govern into every law, the vectorised comparison and the case discovery, with no test edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from hukou import GAZETTEER, Rulebook
from hukou.model.places import Place
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import Channel, Window


@dataclass(frozen=True)
class Spot:
    """A place to judge in, under the rule file that governs it (None: a place no file governs)."""

    name: str  # its full name, which profiles use to point a period at it
    place: Place
    rules: LoadedRules | None


@cache
def _children(code: str) -> tuple[Place, ...]:
    return tuple(p for p in GAZETTEER if p.parent_code == code)


def _neighbour(rulebook: Rulebook, place: Place) -> Place | None:
    """A division beside ``place`` (same parent) that no rule file governs."""
    parent = GAZETTEER.parent(place)
    if parent is None:
        return None
    return next((p for p in _children(parent.code) if not rulebook.governing(p)), None)


def spots(rulebook: Rulebook) -> dict[str, Spot]:
    """Every place worth judging in, by full name: for each rule file its jurisdiction, the first
    member and the first split district of each area it names, one division in no area, and a
    neighbour no file governs."""
    found: dict[str, Spot] = {}

    def add(place: Place | None, loaded: LoadedRules | None) -> None:
        if place is not None:
            name = GAZETTEER.full_name(place)
            found.setdefault(name, Spot(name, place, loaded))

    for loaded in rulebook:
        add(loaded.place, loaded)
        in_areas: set[Place] = set()
        for area in loaded.areas:
            add(area.members[0], loaded)
            add(area.partial[0] if area.partial else None, loaded)
            in_areas |= {*area.members, *area.partial}
        outside = [p for p in _children(loaded.place.code) if p not in in_areas]
        add(outside[0] if outside else None, loaded)
        neighbour = _neighbour(rulebook, loaded.place)
        add(neighbour, None)
    return found


def zones(rulebook: Rulebook) -> dict[str, list[str]]:
    """The functional zones a profile may write on a period in each spot: its area, or either
    area of a split district; none outside every area."""
    out: dict[str, list[str]] = {}
    for spot in spots(rulebook).values():
        if spot.rules is None:
            continue
        for area in spot.rules.areas:
            if any(GAZETTEER.within(spot.place, m) for m in (*area.members, *area.partial)):
                out.setdefault(spot.name, []).append(area.id)
    return out


def window_of(loaded: LoadedRules, channel: Channel) -> Window:
    return channel.effective or loaded.document(channel.document).window


def day_in(window: Window, preferred: dt.date) -> dt.date:
    """``preferred`` if the window holds it, else a day well inside the window (a year after it
    opens, or its middle if shorter)."""
    if window.contains(preferred):
        return preferred
    start = window.start or dt.date(2000, 1, 1)
    end = window.until or dt.date(2100, 1, 1)
    day = min(start + dt.timedelta(days=365), start + (end - start) / 2)
    assert window.contains(day)
    return day


def decidable(rulebook: Rulebook) -> list[tuple[LoadedRules, Channel]]:
    """Every channel whose document states all it asks: a deferred one stays undetermined."""
    return [(loaded, c) for loaded in rulebook for c in loaded.rules.channels if c.deferred_to is None]


def judging_days(rulebook: Rulebook, preferred: dt.date) -> list[dt.date]:
    """``preferred`` and, for every channel not in force on it, a day it is: the points schemes of
    2014–2019 are judged only on days of their own."""
    days = {preferred}
    for loaded, channel in decidable(rulebook):
        days.add(day_in(window_of(loaded, channel), preferred))
    return sorted(days)


def channel_key(loaded: LoadedRules, channel: Channel | str) -> str:
    """How the reach figures name a channel: jurisdiction and id (凯里市/k3_residence_insurance)."""
    return f"{loaded.name}/{channel if isinstance(channel, str) else channel.id}"


def keys(pairs: Iterable[tuple[LoadedRules, Channel]]) -> set[str]:
    return {channel_key(loaded, channel) for loaded, channel in pairs}
