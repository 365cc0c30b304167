"""Where things count: named areas of a jurisdiction (zones), regions where periods count, pools.

A rule counts a period, a home or a school only where it lies: in the place asked, in the whole
jurisdiction, in one of its areas (a Chongqing functional zone), or in a pool of places recognised
together (all Zhejiang). A place named in a profile may lie in a region, not lie in it, or either
(a district split by the region's edge, or a larger place): the last is unknown (None).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Protocol

from hukou.bilingual import Text
from hukou.model.places import Gazetteer, Place


@dataclass(frozen=True)
class Area:
    """A named part of a jurisdiction (a Chongqing functional zone, Hangzhou's urban districts)."""

    id: str
    label: Text
    members: tuple[Place, ...]  # wholly inside
    partial: tuple[Place, ...] = ()  # partly inside: whether a place there is in the area is unknown


class Zoned(Protocol):
    """A jurisdiction with its areas, as a rule file gives them (hukou.rulebook.LoadedRules is one):
    what the model needs of the rulebook to check the zones a profile writes."""

    @property
    def name(self) -> str: ...

    @property
    def place(self) -> Place: ...

    @property
    def areas(self) -> tuple[Area, ...]: ...


@dataclass(frozen=True)
class Region:
    """Where periods count: a place, or an area of a jurisdiction."""

    places: tuple[Place, ...]
    area: str | None = None  # an entry may name its zone itself
    partial: tuple[Place, ...] = ()

    def holds(self, gazetteer: Gazetteer, city: str, zone: str | None = None) -> bool | None:
        """Whether a place named in the profile lies in the region; None if it may or may not.

        A name that may mean several places (普陀区 is in 舟山 and in 上海) is never taken to mean
        the one that suits the question: unless every place it may mean gives the same answer,
        the answer is unknown. (Profiles read from a file refuse such names; this guards
        profiles made otherwise.)
        """
        if self.area is not None and zone is not None:
            return zone == self.area
        held = {self.holds_place(gazetteer, p) for p in candidates(gazetteer, city)}
        return held.pop() if len(held) == 1 else (False if not held else None)

    def holds_place(self, gazetteer: Gazetteer, place: Place) -> bool | None:
        """Whether ``place`` lies in the region: None for a district split by the region's edge,
        and for a place larger than the region or a part of it (a residence given as 黔东南 when
        the question is 凯里 may lie in 凯里 or not: the district is asked for)."""
        if any(gazetteer.within(place, r) for r in self.places):
            return True
        if any(gazetteer.within(place, r) for r in self.partial):
            return None
        if any(gazetteer.within(r, place) for r in (*self.places, *self.partial)):
            return None
        return False


@dataclass(frozen=True)
class Pool:
    """Cumulative recognition: these sections count anywhere in ``region`` (e.g. all Zhejiang)."""

    sections: frozenset[str]
    region: Region


LARGER = "larger than the areas"  # a place holding areas (Chongqing as a whole)


def area_region(areas: tuple[Area, ...], area: str) -> Region:
    """Where periods count in an area ("none": outside every area, so nowhere)."""
    if area == "none":
        return Region(())
    found = next(a for a in areas if a.id == area)
    return Region(found.members, found.id, found.partial)


def _area_holding(gazetteer: Gazetteer, place: Place, areas: tuple[Area, ...]) -> str | None:
    """The id of the area holding ``place``, "none" outside them all, None where it may or may
    not be (a district split between areas), LARGER for a place holding them: the same for every
    profile, so worked out once."""
    for area in areas:
        if any(gazetteer.within(place, m) for m in area.members):
            return area.id
    if any(gazetteer.within(place, m) for area in areas for m in area.partial):
        return None
    if any(gazetteer.within(m, place) for area in areas for m in (*area.members, *area.partial)):
        return LARGER
    return "none"


# Cached by wrapping, not decorating: the mutation tester leaves decorated functions unmutated.
area_holding = cache(_area_holding)


@cache
def candidates(gazetteer: Gazetteer, name: str) -> tuple[Place, ...]:
    """The places a name in a profile may mean, looked up once per name."""
    return tuple(gazetteer.candidates(name))
