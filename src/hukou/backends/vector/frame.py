"""A batch of flat rows read into columns: which rows the vectorised path may judge, and the
periods of each section as arrays of day numbers.

The vectorised path judges a row only when it is sure the row is a valid profile; every check a
single profile goes through (hukou.model.profile, hukou.model.profile_file) is made here on whole columns,
erring on the side of caution: a row it is unsure of goes to the explaining engine, which judges
it or names its error. Sending a good row there costs time, never a wrong answer.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any

import numpy as np
from pydantic import TypeAdapter, ValidationError

from hukou.backends.vector.cells import Cells, read_column, read_ids
from hukou.backends.vector.days import months_between
from hukou.model.flat_profile import COLUMNS, RELATIVE, SECTIONS, family_members
from hukou.model.periods import months_before
from hukou.model.places import Level
from hukou.model.profile import Group, Member, Profile
from hukou.model.profile_file import after_the_day, province_without, unknown_place

_MEMBERS: TypeAdapter[list[Member]] = TypeAdapter(list[Member])
_GROUPS: TypeAdapter[list[Group]] = TypeAdapter(list[Group])
_NO_AREA_LIMIT = 100_000  # hukou.model.profile.Home: larger is not the floor area of a home


@dataclass(frozen=True)
class Periods:
    """The one period of a section in each row, up to the as-of date (hukou.model.periods.span_of)."""

    started: np.ndarray  # it began by the as-of date (it has a span)
    months: np.ndarray  # whole months of its span (0 without one)
    current: np.ndarray  # it is going on at the as-of date
    start: np.ndarray  # its first day, as an ordinal


@dataclass
class Frame:
    """The rows of one batch, read once for every city they are judged for."""

    size: int
    as_of: dt.date
    cells: dict[str, Cells]  # every column but the id
    ids: np.ndarray  # each row's id, as hukou batch writes it
    fast: np.ndarray = field(init=False)  # rows the vectorised path judges; the rest go to the explaining engine
    _distinct: dict[tuple[str, ...], tuple[np.ndarray, list[tuple[Any, ...]]]] = field(default_factory=dict)
    _periods: dict[str, Periods] = field(default_factory=dict)
    memo: dict[Any, Any] = field(default_factory=dict)  # derived columns, by what they depend on

    @classmethod
    def read(cls, columns: Mapping[str, Sequence[Any]], size: int, as_of: dt.date) -> Frame:
        blank = Cells(np.zeros(size, dtype=np.int32), [None], np.zeros(1, dtype=bool))
        cells = {
            name: read_column(name, columns[name]) if name in columns else blank for name in COLUMNS if name != "id"
        }
        frame = cls(size, as_of, cells, read_ids(columns.get("id"), size))
        frame.fast = frame._valid() if set(columns) <= set(COLUMNS) else np.zeros(size, dtype=bool)
        return frame

    # --- reading -------------------------------------------------------------------------------

    def known(self, name: str) -> np.ndarray:
        return self.cells[name].known()

    def ordinals(self, name: str) -> np.ndarray:
        # Equivalent mutant: without the dtype numpy makes day numbers int64 all the same.
        return self.cells[name].mapped(dt.date.toordinal, np.int64)  # pragma: no mutate

    def state(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows with a period of this kind, and rows known to have none (``none``)."""
        # Equivalent mutants: the key is only a name in this frame's memo, and a miss works it out again.
        found = self.memo.get(("state", section))  # pragma: no mutate
        if found is None:
            found = self.memo[("state", section)] = self._state(section)  # pragma: no mutate
        return found

    def _state(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        city = self.cells[f"{section}_city"]
        empty = city.says_none()
        return city.known() & ~empty, empty

    def relatives(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows with a relative to join, and rows known to have none."""
        empty = self.cells["relative_relation"].says_none()
        has = np.zeros(self.size, dtype=bool)
        for name in RELATIVE:
            has |= self.known(f"relative_{name}")
        return has & ~empty, empty

    def distinct(self, names: tuple[str, ...]) -> tuple[np.ndarray, list[tuple[Any, ...]]]:
        """Each row's index into the distinct combinations of these columns, and the combinations."""
        # Equivalent mutants: a miss works the combinations out again; a larger space only changes
        # how _distinct_keys counts them, never what it finds.
        found = self._distinct.get(names)  # pragma: no mutate
        if found is None:
            key = np.zeros(self.size, dtype=np.int64)
            space = 1  # pragma: no mutate
            for name in names:
                key = key * len(self.cells[name].values) + self.cells[name].codes
                space *= len(self.cells[name].values)
            keys, inverse = _distinct_keys(key, space)
            combos = []
            for k in keys.tolist():
                values = []
                for name in reversed(names):
                    k, code = divmod(k, len(self.cells[name].values))
                    values.append(self.cells[name].values[code])
                combos.append(tuple(reversed(values)))
            found = self._distinct[names] = (inverse, combos)
        return found

    def family(self) -> tuple[np.ndarray, list[list[Member] | None]]:
        """Each row's index into the distinct family cells, and those families (None: unknown)."""
        return self.cells["family"].codes, [members for members, _ in self._families]

    def groups(self) -> tuple[np.ndarray, list[tuple[tuple[Group, str | None], ...] | None]]:
        """Each row's index into the distinct groups cells, and each cell's groups with where each
        was issued (None: unknown)."""
        return self.cells["groups"].codes, [groups for groups, _ in self._groups]

    # Each distinct cell read once, for judging and for checking alike.
    @cached_property
    def _families(self) -> list[tuple[list[Member] | None, bool]]:
        return [_members(v, self.as_of) for v in self.cells["family"].values]

    @cached_property
    def _groups(self) -> list[tuple[tuple[tuple[Group, str | None], ...] | None, bool]]:
        return [_groups(v) for v in self.cells["groups"].values]

    def periods(self, section: str) -> Periods:
        """The section's period in each row, measured as hukou.model.periods measures it."""
        # Equivalent mutants: a miss measures the periods again.
        found = self._periods.get(section)  # pragma: no mutate
        if found is None:
            found = self._periods[section] = self._measure(section)
        return found

    def _measure(self, section: str) -> Periods:
        as_of = self.as_of.toordinal()
        present, _ = self.state(section)
        since, since_known = self.ordinals(f"{section}_since"), self.known(f"{section}_since")
        until, until_known = self.ordinals(f"{section}_until"), self.known(f"{section}_until")

        # A period given in months ends at the as-of date: its start is that many months before.
        def back(months: int) -> int:
            return months_before(self.as_of, months).toordinal()

        # Equivalent mutants: numpy makes the day numbers int64 without the dtype, and the blank (a
        # row without months) is never read: such a row has its since, or no period at all.
        back_from = self.cells[f"{section}_months"].mapped(back, np.int64, as_of)  # pragma: no mutate
        start = np.where(since_known, since, back_from)
        end = np.minimum(np.where(until_known, until, as_of), as_of)
        started = present & (start <= as_of)
        # Equivalent mutants: what stands where no period started is never read (each reader takes
        # the months only where started, or current, which implies it).
        length = np.where(started, months_between(start, end), 0)  # pragma: no mutate
        current = started & (~until_known | (until >= as_of))
        return Periods(started, length, current, start)

    # --- which rows are surely valid profiles -------------------------------------------------

    def _valid(self) -> np.ndarray:
        bad = np.zeros(self.size, dtype=bool)
        for cells in self.cells.values():
            bad |= cells.rows_bad()
        as_of = self.as_of.toordinal()
        bad |= self.known("age") & self.known("born")
        bad |= self.known("born") & (self.ordinals("born") > as_of)
        bad |= self.known("education_graduated") & (self.ordinals("education_graduated") > as_of)
        checked: tuple[tuple[str, Level | None], ...] = (
            ("hukou_province", "province"),
            ("education_school_city", None),
        )
        for name, level in checked:
            bad |= _unknown_places(self.cells[name], level)
        bad |= self._hukou_city_refused()
        bad |= self._hukou_city_outside_province()
        for section, columns in SECTIONS.items():
            present, empty = self.state(section)
            given = np.zeros(self.size, dtype=bool)
            for column in columns:
                given |= self.known(f"{section}_{column}")
            bad |= given & ~present & ~empty  # details without a city
            city = self.cells[f"{section}_city"]
            bad |= present & _unknown_places(city, None)
            since, months, until = (self.known(f"{section}_{c}") for c in ("since", "months", "until"))
            bad |= present & ((since == months) | (until & ~since))
            starts, ends = self.ordinals(f"{section}_since"), self.ordinals(f"{section}_until")
            bad |= present & since & ((starts > as_of) | (until & (ends < starts)))
            if section == "housing":
                area = self.cells["housing_area_sqm"].mapped(float, np.float64)
                bad |= present & (~self.known("housing_tenure") | (area > _NO_AREA_LIMIT))
        has, _ = self.relatives()
        bad |= has & ~(self.known("relative_relation") & self.known("relative_city"))
        bad |= has & _unknown_places(self.cells["relative_city"], None)
        for name, read in (("family", self._families), ("groups", self._groups)):
            refused = np.array([refused for _, refused in read], dtype=bool)
            bad |= refused[self.cells[name].codes]
        return ~bad

    def _hukou_city_refused(self) -> np.ndarray:
        """Rows whose hukou city is unknown, or may mean several places its province does not settle."""
        inverse, combos = self.distinct(("hukou_province", "hukou_city"))
        refused = [isinstance(c, str) and _refused(c, None, p if isinstance(p, str) else None) for p, c in combos]
        return np.array(refused, dtype=bool)[inverse]

    def _hukou_city_outside_province(self) -> np.ndarray:
        inverse, combos = self.distinct(("hukou_province", "hukou_city"))
        outside = np.array([_outside(province, city) for province, city in combos], dtype=bool)
        return outside[inverse]


def _distinct_keys(key: np.ndarray, space: int) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys in order, and each row's index among them: by marking the keys present
    when there are few possible ones (linear time), else by sorting."""
    # Equivalent mutants: the bound only chooses between two ways of finding the same keys.
    if space > 4 * len(key) + 1_000_000:  # pragma: no mutate
        keys, inverse = np.unique(key, return_inverse=True)
        return keys, inverse
    present = np.zeros(space, dtype=bool)
    present[key] = True
    keys = np.flatnonzero(present)
    rank = np.cumsum(present) - 1
    return keys, rank[key]


def _unknown_places(cells: Cells, level: Level | None) -> np.ndarray:
    """Rows naming a place the gazetteer does not know (hukou.model.profile_file refuses them)."""
    refused = np.array([isinstance(v, str) and _refused(v, level) for v in cells.values], dtype=bool)
    return refused[cells.codes]


@cache
def _refused(name: str, level: Level | None, province: str | None = None) -> bool:
    return unknown_place(name, level, province=province) is not None


def _outside(province: Any, city: Any) -> bool:
    return province_without(province, city) is not None


def _members(cell: Any, as_of: dt.date) -> tuple[list[Member] | None, bool]:
    """The family a cell describes, and whether a profile would refuse it (as hukou.model.profile_file
    does: a member invalid, or born after the day judged)."""
    if cell is None:
        return None, False
    try:
        members = _MEMBERS.validate_python(family_members(str(cell)))
    except (ValidationError, ValueError, TypeError):
        return None, True
    return members, any(True for _ in after_the_day(Profile.model_construct(family=members), as_of))


def _groups(cell: Any) -> tuple[tuple[tuple[Group, str | None], ...] | None, bool]:
    """A groups cell's groups, each with where it was issued (``talent@凯里``), and whether a profile
    would refuse the cell (a group or a place no one knows)."""
    if cell is None:
        return None, False
    text = str(cell)
    if text.strip().lower() == "none":
        return (), False
    entries = [g.strip().partition("@") for g in text.split(";") if g.strip()]
    try:
        groups = _GROUPS.validate_python([group.strip() for group, _, _ in entries])
    except (ValidationError, ValueError, TypeError):
        return None, True
    places = [place.strip() or None for _, _, place in entries]
    refused = any(place is not None and _refused(place, None) for place in places)
    # Equivalent mutants (strict=False, or none): groups and places come from the same entries.
    return tuple(zip(groups, places, strict=True)), refused  # pragma: no mutate
