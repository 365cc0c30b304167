"""A profile seen from one place, under one jurisdiction's rules, on one day.

The facts a rule reads (hukou.judging.facts) are derived from a situation: it says which entries
of the profile lie where periods count, which area the place asked lies in, and where the hukou is.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from typing import Any

from hukou.model.periods import is_current
from hukou.model.places import Gazetteer, Place
from hukou.model.profile import Period, Profile
from hukou.model.regions import LARGER, Area, Pool, Region, area_holding, area_region, candidates


@dataclass(frozen=True)
class Situation:
    """A profile seen from one place, under one jurisdiction's rules, on one day."""

    profile: Profile
    as_of: dt.date
    place: Place  # the place asked about
    jurisdiction: Place  # the place the rule file governs
    gazetteer: Gazetteer
    region: Region  # where periods count for the condition being judged
    areas: tuple[Area, ...] = ()
    pool: Pool | None = None
    # People to be registered in a home under the channel being judged: applicant plus
    # followers, as (fewest, most) while some followers are undecided.
    household: tuple[int, int] = (1, 1)
    # The area assumed for the place asked where the place alone does not say (one of the worlds
    # hukou.judging.possible judges a channel in).
    zone: str | None = None

    @classmethod
    def of(
        cls,
        profile: Profile,
        as_of: dt.date,
        place: Place,
        jurisdiction: Place,
        gazetteer: Gazetteer,
        areas: tuple[Area, ...] = (),
        pool: Pool | None = None,
    ) -> Situation:
        return cls(profile, as_of, place, jurisdiction, gazetteer, Region((place,)), areas, pool)

    def with_household(self, fewest: int, most: int) -> Situation:
        return replace(self, household=(fewest, most))

    def counted_in(self, scope: str) -> Situation | None:
        """The same situation with periods counted in the jurisdiction or the place's area.

        None when the place's area is unknown.
        """
        if scope == "jurisdiction":
            return self._in_jurisdiction
        if scope == "area":
            return self._in_area
        return self

    # Each made once per situation: every condition counted so asks again.
    @cached_property
    def _in_jurisdiction(self) -> Situation:
        return replace(self, region=Region((self.jurisdiction,)))

    @cached_property
    def _in_area(self) -> Situation | None:
        area = self.place_area
        return None if area is None else replace(self, region=area_region(self.areas, area))

    @cached_property
    def place_area(self) -> str | None:
        """The area of the place asked (see :meth:`area_of`), worked out once per situation:
        every zone condition of every channel asks for it."""
        return self._find_place_area()

    # The cached properties' work is done in plain methods: the mutation tester leaves decorated
    # functions unmutated.
    def _find_place_area(self) -> str | None:
        if self.zone is not None:
            return self.zone
        return self.area_of(self.place, fallback_to_work=True)

    @cached_property
    def hukou_place(self) -> Place | None:
        """The place of the profile's hukou, as far as its city and province say (None if unknown).

        The province given may settle which place the city's name means; the place asked never does.
        """
        return self._find_hukou_place()

    def _find_hukou_place(self) -> Place | None:
        hukou = self.profile.hukou
        if hukou is None:
            return None
        g = self.gazetteer
        provinces = [p for p in candidates(g, hukou.province) if p.level == "province"] if hukou.province else []
        if hukou.city:
            places = [p for p in candidates(g, hukou.city) if not provinces or any(g.within(p, q) for q in provinces)]
            if len(places) == 1:
                return places[0]
        return provinces[0] if len(provinces) == 1 else None

    def in_region(self, name: str) -> bool | None:
        return self.region.holds(self.gazetteer, name)

    def local(self, section: str) -> list[Any] | None:
        """The entries of a profile section (``"employment"``) in the region; None if unknown.

        Under cumulative recognition a pooled section counts in the whole pool region.
        """
        entries: Sequence[Period] | None = getattr(self.profile, section)
        if entries is None:
            return None
        region = self.region
        if self.pool is not None and section in self.pool.sections and region.places == (self.place,):
            region = self.pool.region
        held = [(e, region.holds(self.gazetteer, e.city, getattr(e, "zone", None))) for e in entries]
        if any(h is None for _, h in held):
            return None
        return [e for e, h in held if h]

    def area_of(self, place: Place, *, fallback_to_work: bool = False) -> str | None:
        """The id of the area holding ``place``; "none" outside every area; None if unknown.

        A place larger than the areas (Chongqing as a whole) takes the area of the applicant's
        current job there, if that is one area: these channels settle people where they work.
        A district split between areas takes the zone written on the current job there.
        """
        found = area_holding(self.gazetteer, place, self.areas)
        if found is not LARGER and found is not None:
            return found
        if not fallback_to_work:
            return None
        jobs = [j for j in self.profile.employment or [] if is_current(j, self.as_of)]
        zones = {self.work_area(place, j.city, j.zone) for j in jobs}
        zones.discard("none")
        return zones.pop() if len(zones) == 1 and None not in zones else None

    def work_area(self, place: Place, city: str, zone: str | None) -> str | None:
        """The area a current job (``city``, ``zone``) gives the place asked when the place alone
        does not say: for a place larger than the areas, the job's zone or its district's; for a
        district split between areas, the zone written on a job in that district ("none" for a job
        elsewhere, None when unknown)."""
        if area_holding(self.gazetteer, place, self.areas) is LARGER:
            return zone or self.area_of_name(city)
        held = Region((place,)).holds(self.gazetteer, city)
        if held is False:
            return "none"
        return zone if held else None

    def area_of_name(self, name: str) -> str | None:
        """The area of a place named in the profile, as :meth:`area_of` (None if unknown).

        A name that may mean several places has an area only if they all have the same one.
        """
        areas = {
            self.area_of(p) if self.gazetteer.within(p, self.jurisdiction) else "none"
            for p in candidates(self.gazetteer, name)
        }
        return areas.pop() if len(areas) == 1 else ("none" if not areas else None)
