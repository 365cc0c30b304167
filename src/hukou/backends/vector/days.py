"""Whole calendar months between days, over arrays of day ordinals (hukou.model.periods, vectorised).

>>> import datetime as dt
>>> o = dt.date.toordinal
>>> months_between(np.array([o(dt.date(2023, 3, 1)), o(dt.date(2023, 1, 31))]),
...                np.array([o(dt.date(2023, 9, 1)), o(dt.date(2023, 2, 28))])).tolist()
[6, 1]
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np

_EPOCH = dt.date(1970, 1, 1).toordinal()  # numpy's day 0, as Python's date.toordinal() counts


_DAY = np.timedelta64(1, "D")
_FIRST, _LAST = dt.date(1850, 1, 1).toordinal(), dt.date(2150, 12, 31).toordinal()


@cache
def _table() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The calendar of every day from 1850 to 2150, made once: reading it is faster than converting."""
    return _convert(np.arange(_FIRST, _LAST + 1, dtype=np.int64))


def _calendar(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Month index (years × 12 + month), days into the month (0 on the first), and whether it is
    the month's last day."""
    # Equivalent mutants among those of the bounds (> for >=, < for <=): the table is the conversion
    # made once, so a day at either end read either way is the same day.
    if len(ordinals) and ordinals.min() >= _FIRST and ordinals.max() <= _LAST:  # pragma: no mutate
        months, day, last = _table()
        at = ordinals - _FIRST
        return months[at], day[at], last[at]
    return _convert(ordinals)


def _convert(ordinals: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    days = (ordinals - _EPOCH).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    # Equivalent mutant (/ for //): a whole number of days divides exactly.
    day = (days - months.astype("datetime64[D]")) // _DAY  # pragma: no mutate
    last = (days + _DAY).astype("datetime64[M]") != months
    # Equivalent mutant: without the dtype the month indices are floats, every one of them exact.
    return months.astype(np.int64), day, last  # pragma: no mutate


def months_between(start: np.ndarray, end: np.ndarray) -> np.ndarray:
    """As hukou.model.periods.months_between: a month is whole when the day of the month comes round
    again, and the last day of a month reaches the last day of a shorter one."""
    start_month, start_day, _ = _calendar(start)
    end_month, end_day, end_last = _calendar(end)
    months = end_month - start_month
    months -= (end_day < start_day) & ~end_last
    return np.maximum(months, 0)  # an end on or before the start is in no later month: 0
