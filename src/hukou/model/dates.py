"""Days as people write them in China and in ISO form: one reader for profiles, flat files and ``--as-of``.

``2024-03-01``, ``2024-3-1``, ``2024/3/1``, ``2024.3.1``, ``2024年3月1日`` and ``2024年3月1号`` are
the same day. A
text shaped like a date that names no day of the calendar (``2024-02-30``) is "no such day", so
that the message says what is wrong rather than what a date looks like.

The reader takes time linear in its input, whatever it is: surrounding white space is stripped
with ``str.strip`` (the old pattern's ``\\s*日?\\s*$`` backtracked quadratically over a date
followed by many spaces), a text too long to be a date is refused before any pattern sees it, and
the pattern has no two neighbouring repeats that could match the same characters.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from hukou.errors import NotADay

# Year, then month and day separated by one of - / . or written 年 月 (日), spaces allowed around
# the separators. Every repeat is bounded except the spaces, and no two space runs are adjacent.
_DATE = re.compile(
    r"(?P<year>\d{4})\s*(?:-|/|\.|年)\s*(?P<month>\d{1,2})\s*(?:-|/|\.|月)\s*(?P<day>\d{1,2})(?:\s*[日号])?",
    re.ASCII,
)
_LONGEST = 40  # "2024 年 12 月 31 日" with generous spaces is well under this
SHAPES = "2024-03-01, 2024/3/1 or 2024年3月1日"


def parse_day(text: str) -> dt.date:
    """The day a text names.

    Raises:
        NotADay: the text is not written like a date, or names a day the calendar lacks.

    Example:
        >>> parse_day("2024年3月1日"), parse_day("2024/3/1"), parse_day(" 2024-3-1 ")
        (datetime.date(2024, 3, 1), datetime.date(2024, 3, 1), datetime.date(2024, 3, 1))
        >>> parse_day("2024-02-30")
        Traceback (most recent call last):
        ...
        hukou.errors.NotADay: no such day: 2024-02-30 (February 2024 has 29 days)
    """
    stripped = text.strip()
    match = _DATE.fullmatch(stripped) if len(stripped) <= _LONGEST else None
    if match is None:
        shown = stripped if len(stripped) <= _LONGEST else stripped[:_LONGEST] + "…"
        raise NotADay(f"{shown!r} is not a date: write {SHAPES}")
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    return day_of(year, month, day)


def day_of(year: int, month: int, day: int) -> dt.date:
    """The date of a year, month and day, or "no such day" saying why.

    Example:
        >>> day_of(2023, 13, 1)
        Traceback (most recent call last):
        ...
        hukou.errors.NotADay: no such day: 2023-13-01 (a year has 12 months)
    """
    written = f"{year:04d}-{month:02d}-{day:02d}"
    if not 1 <= month <= 12:
        raise NotADay(f"no such day: {written} (a year has 12 months)")
    last = calendar.monthrange(year, month)[1] if year >= 1 else 31
    if year < 1 or not 1 <= day <= last:
        month_name = calendar.month_name[month]
        raise NotADay(f"no such day: {written} ({month_name} {year} has {last} days)")
    return dt.date(year, month, day)


def read_day(value: object) -> object:
    """A profile's date field as pydantic should see it: a text is read here, anything else passes.

    A date that YAML itself read stays as it is; a text is turned into a date, or refused with
    :class:`NotADay`'s message (pydantic reports a ``ValueError`` raised here as the field's error).

    Example:
        >>> read_day("2023年3月1日")
        datetime.date(2023, 3, 1)
    """
    if isinstance(value, str):
        return parse_day(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise NotADay(f"{value!r} is a number, not a date: write {SHAPES}")
    return value
