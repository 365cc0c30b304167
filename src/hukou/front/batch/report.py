"""What a batch shows a person: progress on a terminal, and the summary an analyst reads."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from hukou.front.batch.run import Totals


@contextmanager
def batch_progress(console: Console, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """On a terminal, a live line: rows done (of how many, when the input says), rows per second,
    time elapsed and, when the total is known, time remaining. Nothing when output is piped."""
    if not console.is_terminal:
        yield _unseen
        return
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.completed:,} rows")]
    if total is not None:
        columns += [TextColumn(f"of {total:,}"), BarColumn(bar_width=10)]
    columns += [_Rate(), TextColumn("elapsed"), TimeElapsedColumn()]
    if total is not None:
        columns.append(_Left())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("judging", total=total)

        def advance(rows: int) -> None:
            progress.advance(task, rows)

        yield advance


class _Rate(ProgressColumn):
    """Rows per second since the start, to two significant figures (12,000 rows/s, not 12,345.678):
    rows come a chunk at a time, too seldom for a moving estimate."""

    def render(self, task: Task) -> Text:
        speed = _speed(task)
        if not speed:
            return Text("… rows/s", no_wrap=True)
        digits = max(0, len(str(int(speed))) - 2)
        return Text(f"{round(speed, -digits):,.0f} rows/s", no_wrap=True)


class _Left(ProgressColumn):
    """The time left at the rate so far (the total known)."""

    def render(self, task: Task) -> Text:
        speed = _speed(task)
        if not speed or task.total is None:
            return Text("left …", no_wrap=True)
        seconds = int((task.total - task.completed) / speed)
        return Text(f"left {seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}", no_wrap=True)


def _speed(task: Task) -> float | None:
    elapsed = task.finished_time if task.finished else task.elapsed
    return task.completed / elapsed if elapsed and task.completed else None


def _unseen(rows: int) -> None:
    """Progress nobody sees (output is not a terminal)."""


def summary_tables(totals: Totals, top: int = 5, out: str | None = None) -> list[Table]:
    """Counts per city × verdict × channel (every admitting channel — a profile admitted by two is
    counted under each — or the nearest for the rest), per city the conditions that most often
    stand in the way, and the first rows that could not be judged, with why."""
    outcomes = Table("city", "verdict", "channel", "profiles", "share", title=totals.line())
    for (city, verdict, channel), count in sorted(totals.outcomes.items()):
        outcomes.add_row(city, verdict, channel, f"{count:,}", f"{count / totals.profiles[city]:.1%}")
    counted: Counter[str] = Counter()
    for (city, _, _), count in totals.outcomes.items():
        counted[city] += count
    several = any(counted[city] > judged for city, judged in totals.profiles.items())
    if several:
        outcomes.caption = "a profile admitted by several channels is counted under each: shares add up to more"
    failing = Table("city", "condition (channel.condition)", "profiles", title="most common failing conditions")
    for city in sorted(totals.profiles):
        common = [(condition, n) for (place, condition), n in totals.failing.most_common() if place == city]
        for condition, count in common[:top]:
            failing.add_row(city, condition, f"{count:,}")
    tables = [outcomes, failing]
    if totals.errors:
        shown = len(totals.first_errors)
        title = f"rows not judged ({shown} of {totals.errors:,})" if shown < totals.errors else "rows not judged"
        errors = Table("row", "why", title=title)
        for number, message in totals.first_errors:
            errors.add_row(str(number), message)
        if out is not None:
            errors.caption = f"every one is an error row in {out}"
        tables.append(errors)
    return tables
