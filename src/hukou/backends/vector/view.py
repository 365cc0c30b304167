"""A batch of rows seen from one place under one rule file, as hukou.model.situation.Situation sees a profile:
where periods count, the area of the place, which rows have entries of a section here."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from hukou.backends.vector.frame import Frame
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import Profile
from hukou.model.regions import LARGER, Area, Pool, Region, area_holding, area_region
from hukou.model.situation import Situation
from hukou.rulebook.schema import Channel


@dataclass(frozen=True)
class Col:
    """A derived value in every row: ``values`` where ``known``; strings as codes into ``vocab``."""

    values: np.ndarray
    known: np.ndarray
    vocab: tuple[str, ...] | None = None


@dataclass(frozen=True)
class View:
    """The batch seen from one place under one rule file, as hukou.model.situation.Situation sees a profile."""

    frame: Frame
    place: Place
    jurisdiction: Place
    areas: tuple[Area, ...]
    pool: Pool | None
    region: Region
    channel: Channel | None = None  # whose followers make the household, for area per person
    # The area assumed for the place where a row leaves it unknown: one of the worlds hukou.judging.possible
    # judges a channel in (hukou.backends.vector.worlds).
    zone: str | None = None

    def situation(self, profile: Profile) -> Situation:
        as_of = self.frame.as_of
        # Equivalent mutants (no mutate, to the end marker): the pool only says where periods count,
        # and the profiles the columns are read with hold none (the view counts periods itself: local).
        # pragma: no mutate start
        return Situation(profile, as_of, self.place, self.jurisdiction, GAZETTEER, self.region, self.areas, self.pool)
        # pragma: no mutate end

    # --- where the rows' periods count ----------------------------------------------------------

    def counted_in(self, scope: str) -> list[tuple[np.ndarray, View]]:
        """The views for ``scope``, each with the rows it holds for (hukou.model.situation.Situation.counted_in);
        rows in none of them have an unknown area."""
        size = self.frame.size
        if scope == "jurisdiction":
            return [(np.ones(size, dtype=bool), replace(self, region=Region((self.jurisdiction,))))]
        if scope != "area":
            return [(np.ones(size, dtype=bool), self)]
        area = self.place_area()
        views = []
        for code, name in enumerate(area.vocab or ()):
            rows = area.known & (area.values == code)
            views.append((rows, replace(self, region=area_region(self.areas, name))))
        return views

    def place_area(self) -> Col:
        """The area of the place asked (Situation.place_area): the place's own, or for a place larger
        than the areas (Chongqing as a whole) or split between them, the area of the row's current job."""
        # Equivalent mutants (no mutate, to the end marker): the tag only names this entry among the
        # frame's others, and a miss in the memo works the column out again.
        # pragma: no mutate start
        memo = ("place_area", self.place, self.jurisdiction, self.zone)
        found: Col | None = self.frame.memo.get(memo)
        # pragma: no mutate end
        if found is None:
            found = self.frame.memo[memo] = self._place_area() if self.zone is None else self._assumed(self.zone)
        return found

    def _assumed(self, zone: str) -> Col:
        """The place's area with ``zone`` (this view's) wherever the row leaves it unknown."""
        return filled(replace(self, zone=None).place_area(), zone)

    def _place_area(self) -> Col:
        own = area_holding(GAZETTEER, self.place, self.areas)
        if own is not LARGER and own is not None:
            return constant(own, self.frame.size)
        situation = self.situation(Profile())  # pragma: no mutate  (a job's area reads no fact of the profile)
        inverse, combos = self.frame.distinct(("employment_city", "employment_zone"))
        zones = [situation.work_area(self.place, city, zone) if city else None for city, zone in combos]
        job = strings([z if z != "none" else None for z in zones], inverse)
        current = self.frame.periods("employment").current
        return Col(job.values, job.known & current, job.vocab)

    def local(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows whose entries of ``section`` here are known, and rows with one (Situation.local)."""
        # Equivalent mutants (no mutate, to the end marker): as in place_area.
        # pragma: no mutate start
        memo = ("local", section, self.place, self.region, self.pool)
        found: tuple[np.ndarray, np.ndarray] | None = self.frame.memo.get(memo)
        # pragma: no mutate end
        if found is None:
            found = self.frame.memo[memo] = self._local(section)
        return found

    def _local(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        frame = self.frame
        if section == "relatives":
            present, empty = frame.relatives()
            inverse, combos = frame.distinct(("relative_city",))
            combos = [(city, None) for (city,) in combos]
        else:
            present, empty = frame.state(section)
            inverse, combos = frame.distinct((f"{section}_city", f"{section}_zone"))
        region = self.region
        if self.pool is not None and section in self.pool.sections and region.places == (self.place,):
            region = self.pool.region
        # Equivalent mutants (no mutate): a row whose city is no word has no entry to hold (the city
        # blank: not known; a relative without a city: refused by the profile, an error row).
        held = [region.holds(GAZETTEER, c, z) if isinstance(c, str) else False for c, z in combos]  # pragma: no mutate
        inside = np.array([h is True for h in held], dtype=bool)[inverse]
        unsure = np.array([h is None for h in held], dtype=bool)[inverse]
        return (present & ~unsure) | empty, present & inside


def strings(values: list[Any], inverse: np.ndarray) -> Col:
    vocab = tuple(sorted({v for v in values if v is not None}))
    # Equivalent mutants (no mutate): a list of Python ints is an int64 array anyway (an empty one
    # only in a batch without rows, which reads no code), and the code of a row whose word is unknown
    # is never read, only that it is below 0.
    codes = np.array([vocab.index(v) if v is not None else -1 for v in values], dtype=np.int64)  # pragma: no mutate
    return Col(codes[inverse], (codes >= 0)[inverse], vocab)


def constant(value: str, size: int) -> Col:
    return strings([value], np.zeros(size, dtype=np.int64))


def filled(col: Col, word: str) -> Col:
    """A column of words with ``word`` wherever it is unknown."""
    vocab = tuple(sorted({*(col.vocab or ()), word}))
    # Equivalent mutants (no mutate): a list of Python ints is an int64 array anyway.
    recoded = np.array([vocab.index(v) for v in (*(col.vocab or ()), word)], dtype=np.int64)  # pragma: no mutate
    codes = np.where(col.known, col.values, len(col.vocab or ())).astype(np.int64)
    return Col(recoded[codes], np.ones(len(col.known), dtype=bool), vocab)


def narrowed(col: Col, known: np.ndarray) -> Col:
    return replace(col, known=col.known & known)
