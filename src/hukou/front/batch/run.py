"""Judging many profiles: one result row per input row and city, or one error row per bad row.

The explaining engine judges each profile; a result row keeps what an analyst counts — the verdict,
the admitting channels, the conditions that fail in the nearest channel, the facts missing — and
the totals say that nothing was lost: inputs = judged + errors.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from hukou.errors import HukouError
from hukou.front.batch.files import FlatChunk, Record, chunk_of_rows
from hukou.judging.engine import judge
from hukou.judging.verdict import CityReport
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile_file import profile_from_data
from hukou.rulebook.loader import Rulebook, load_rulebook
from hukou.yamlio import LineIndex

RESULT_COLUMNS = ("row", "id", "city", "verdict", "admitted_by", "nearest", "failing", "unknown", "draft", "error")
VERDICT_COLUMNS = ("row", "id", "city", "verdict", "admitted_by", "draft", "error")  # --verdicts-only


def rests_on_draft(report: CityReport) -> bool:
    """Whether a verdict rests on a draft document (征求意见稿, not yet in force as written): an
    admitting channel's, or for a city that does not admit, any channel's it was judged by."""
    deciding = [c for c in report.channels if c.id in report.admitted_by] if report.admitted_by else report.channels
    return any(c.citation.status == "draft" for c in deciding)


def result_row(record: Record, city: str, report: CityReport) -> dict[str, Any]:
    nearest = next((c for c in report.channels if report.nearest and c.id == report.nearest.channel), None)
    failing = [c.id for c in nearest.conditions if c.verdict == "not_met"] if nearest else []
    return {
        "row": record.number,
        "id": record.id,
        "city": city,
        "verdict": report.verdict,
        "admitted_by": ";".join(report.admitted_by),
        "nearest": report.nearest.channel if report.nearest else None,
        "failing": ";".join(failing),
        "unknown": ";".join(t.en for t in report.missing),
        "draft": rests_on_draft(report),
        "error": None,
    }


def error_row(record: Record, message: str) -> dict[str, Any]:
    return dict.fromkeys(RESULT_COLUMNS) | {"row": record.number, "id": record.id, "verdict": "error", "error": message}


FIRST_ERRORS = 10  # error rows a summary lists (all of them are in the output)


@dataclass
class Totals:
    """What a batch did: every input row is judged or an error, and per city what came out."""

    inputs: int = 0
    judged: int = 0
    errors: int = 0
    # city, verdict, channel: every admitting channel (a profile admitted by two counts under both),
    # or for a profile not admitted its nearest channel ("—" for none)
    outcomes: Counter[tuple[str, str, str]] = field(default_factory=Counter)
    failing: Counter[tuple[str, str]] = field(default_factory=Counter)  # city, channel.condition
    profiles: Counter[str] = field(default_factory=Counter)  # city: profiles judged there
    first_errors: list[tuple[int, str]] = field(default_factory=list)  # row, message: the first few

    def count(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            if row["verdict"] == "error":
                continue
            city = row["city"]
            self.profiles[city] += 1
            for channel in row["admitted_by"].split(";") if row["admitted_by"] else [row["nearest"] or "—"]:
                self.outcomes[(city, row["verdict"], channel)] += 1
            for condition in filter(None, row["failing"].split(";")):
                self.failing[(city, f"{row['nearest']}.{condition}")] += 1

    def error(self, number: int, message: str) -> None:
        """A row that could not be judged (the first few are kept for the summary)."""
        self.errors += 1
        if len(self.first_errors) < FIRST_ERRORS:
            self.first_errors.append((number, message))

    def add(self, other: Totals) -> None:
        """Another part's totals added to these (a chunk once its rows are written)."""
        self.inputs += other.inputs
        self.judged += other.judged
        self.errors += other.errors
        self.outcomes.update(other.outcomes)
        self.failing.update(other.failing)
        self.profiles.update(other.profiles)
        self.first_errors.extend(other.first_errors[: FIRST_ERRORS - len(self.first_errors)])

    @property
    def balanced(self) -> bool:
        return self.inputs == self.judged + self.errors

    def line(self, done: str = "judged") -> str:
        return f"{self.inputs} inputs = {self.judged} {done} + {self.errors} errors"


def judge_records(
    records: Iterable[Record],
    rulebook: Rulebook,
    places: list[tuple[str, Place]],
    as_of: dt.date,
    totals: Totals,
    source: str = "<input>",
) -> Iterator[list[dict[str, Any]]]:
    """For each record, its rows: one per city, or one error row naming the row."""
    for record in records:
        totals.inputs += 1
        if record.data is None:
            totals.error(record.number, record.error or "unreadable")
            yield [error_row(record, record.error or "unreadable")]
            continue
        try:
            where = LineIndex(f"{source}: row {record.number}", {})
            profile = profile_from_data(record.data, where, as_of)
        except HukouError as error:
            totals.error(record.number, str(error))
            yield [error_row(record, str(error))]
            continue
        totals.judged += 1
        rows = [result_row(record, name, judge(profile, rulebook, place, as_of, asked=name)) for name, place in places]
        totals.count(rows)
        yield rows


ChunkJudge = Callable[[FlatChunk, Rulebook, list[tuple[str, Place]], dt.date, Totals], Mapping[str, Any]]


def chunk_judge() -> ChunkJudge:
    """How a chunk is judged: by the vectorised evaluator, which hands the rows it cannot vouch for
    to the explaining engine; without numpy (the batch extra), by the explaining engine alone."""
    try:
        from hukou.front.batch.fast import judge_flat_chunk
    except ImportError:
        return explain_chunk
    return judge_flat_chunk


def explain_chunk(
    chunk: FlatChunk, rulebook: Rulebook, places: list[tuple[str, Place]], as_of: dt.date, totals: Totals
) -> dict[str, list[Any]]:
    """Every row of a chunk through the explaining engine, as result columns."""
    records = (chunk.record(offset) for offset in range(chunk.size))
    rows = [row for rows in judge_records(records, rulebook, places, as_of, totals, chunk.source) for row in rows]
    return {name: [row[name] for row in rows] for name in RESULT_COLUMNS}


@dataclass(frozen=True)
class Chunk:
    """A batch of input rows and what to judge them on: everything a worker needs, nothing else."""

    first: int  # the input row number of rows[0]
    rows: list[dict[str, Any]]
    cities: list[str]
    as_of: dt.date
    flat: bool = True  # flat rows (CSV, Parquet) or nested profiles (JSON)
    source: str = "<input>"  # the input's name, for error rows
    fast: bool = True  # kept for callers of an earlier release: every chunk is judged the one way


@cache
def _rulebook() -> Rulebook:
    return load_rulebook()


def judge_chunk(chunk: Chunk) -> list[dict[str, Any]]:
    """The result rows of one chunk, as hukou batch writes them: a pure function of its input, so
    that a distributed engine (Dask, Spark, a process pool) can run it unchanged on each part of a
    large input. Each worker loads the rulebook once."""
    rulebook = _rulebook()
    places = [(name, GAZETTEER.resolve(name)) for name in chunk.cities] or [(f.name, f.place) for f in rulebook]
    part = chunk_of_rows(chunk.rows, chunk.first, chunk.flat, chunk.source)
    columns = chunk_judge()(part, rulebook, places, chunk.as_of, Totals())
    return [
        dict(zip(RESULT_COLUMNS, values, strict=True))
        for values in zip(*(columns[k] for k in RESULT_COLUMNS), strict=True)
    ]
