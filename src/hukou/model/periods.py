"""Whole calendar months, and the spans a profile's periods cover up to the as-of date."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from hukou.model.profile import Period


def _is_month_end(day: dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def months_between(start: dt.date, end: dt.date) -> int:
    """Whole calendar months from ``start`` to ``end`` (0 if ``end`` is not after it).

    A month is whole when the day of the month comes round again; the last day of a month
    reaches the last day of a shorter one (2023-01-31 → 2023-02-28 is one month).

    Example:
        >>> months_between(dt.date(2023, 3, 1), dt.date(2023, 9, 1))
        6
        >>> months_between(dt.date(2023, 3, 2), dt.date(2023, 9, 1))
        5
    """
    if end <= start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if end.day < start.day and not _is_month_end(end):
        months -= 1
    return max(months, 0)


def months_before(day: dt.date, months: int) -> dt.date:
    """The date ``months`` whole months before ``day`` (clamped to the month's end)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    if year < dt.MINYEAR:  # a period longer than the calendar reaches back: from its first day
        return dt.date.min
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True)
class Span:
    start: dt.date
    end: dt.date  # the as-of date for a period still going on

    @property
    def months(self) -> int:
        return months_between(self.start, self.end)


def span_of(period: Period, as_of: dt.date) -> Span | None:
    """The part of a period up to ``as_of``; None if it starts after it."""
    start = period.since if period.since is not None else months_before(as_of, period.months or 0)
    end = min(period.until or as_of, as_of)
    if start > as_of:
        return None
    return Span(start, end)


def is_current(period: Period, as_of: dt.date) -> bool:
    """Whether the period has begun and not ended by ``as_of``."""
    span = span_of(period, as_of)
    return span is not None and (period.until is None or period.until >= as_of)


def merged(spans: Iterable[Span]) -> list[Span]:
    """Overlapping or touching spans joined into continuous ones, in order."""
    out: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        # Subtracted rather than a day added to the end: an end of 9999-12-31 has no next day.
        if out and span.start - out[-1].end <= dt.timedelta(days=1):
            last = out[-1]
            out[-1] = Span(last.start, max(last.end, span.end))
        else:
            out.append(span)
    return out
