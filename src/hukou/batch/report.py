"""What a batch shows a person: progress on a terminal, and the summary an analyst reads."""

from __future__ import annotations

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
    TimeRemainingColumn,
)
from rich.table import Table
from rich.text import Text

from hukou.batch.run import Totals


@contextmanager
def batch_progress(console: Console, total: int | None = None) -> Iterator[Callable[[int], None]]:
    """On a terminal, a live line: rows done (of how many, when the input says), rows per second,
    time elapsed and, when the total is known, time remaining. Nothing when output is piped."""
    if not console.is_terminal:
        yield _unseen
        return
    columns: list[ProgressColumn] = [SpinnerColumn(), TextColumn("{task.completed:,} rows")]
    if total is not None:
        columns += [TextColumn(f"of {total:,}"), BarColumn(bar_width=20)]
    columns += [_Rate(), TextColumn("elapsed"), TimeElapsedColumn()]
    if total is not None:
        columns += [TextColumn("left"), TimeRemainingColumn()]
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task("judging", total=total)

        def advance(rows: int) -> None:
            progress.advance(task, rows)

        yield advance


class _Rate(ProgressColumn):
    """Rows per second to two significant figures (12,000 rows/s, not 12,345.678)."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        if not speed:
            return Text("… rows/s")
        digits = max(0, len(str(int(speed))) - 2)
        return Text(f"{round(speed, -digits):,.0f} rows/s")


def _unseen(rows: int) -> None:
    """Progress nobody sees (output is not a terminal)."""


def summary_tables(totals: Totals, top: int = 5) -> tuple[Table, Table]:
    """Counts per city × verdict × channel (the admitting one, or the nearest for the rest), and
    per city the conditions that most often stand in the way."""
    outcomes = Table("city", "verdict", "channel", "profiles", "share", title=totals.line())
    per_city: dict[str, int] = {}
    for (city, _, _), count in totals.outcomes.items():
        per_city[city] = per_city.get(city, 0) + count
    for (city, verdict, channel), count in sorted(totals.outcomes.items()):
        outcomes.add_row(city, verdict, channel, f"{count:,}", f"{count / per_city[city]:.1%}")
    failing = Table("city", "condition (channel.condition)", "profiles", title="most common failing conditions")
    for city in sorted(per_city):
        common = [(condition, n) for (place, condition), n in totals.failing.most_common() if place == city]
        for condition, count in common[:top]:
            failing.add_row(city, condition, f"{count:,}")
    return outcomes, failing
