"""``hukou batch --fast``: a chunk of flat rows judged by the vectorised evaluator, as result columns.

Rows the evaluator vouches for get their whole result row from it (verdict, admitting channels,
nearest channel, its conditions not met, the facts missing); every other row — a bad
cell, a name the gazetteer does not know, a row it is unsure of — goes through the explaining
engine exactly as in ``hukou batch``, so its error row or its full result row is the same.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from hukou.backends.vector.judge import ELIGIBLE, UNDETERMINED, VERDICTS, CityVerdicts, Judged, judge_columns
from hukou.errors import NotVectorised
from hukou.front.batch.files import FlatChunk
from hukou.front.batch.run import RESULT_COLUMNS, Totals, judge_records
from hukou.model.places import Place
from hukou.rulebook.loader import Rulebook


def judge_flat_chunk(
    chunk: FlatChunk,
    rulebook: Rulebook,
    places: list[tuple[str, Place]],
    as_of: dt.date,
    totals: Totals,
) -> dict[str, np.ndarray]:
    """The result rows of a chunk as columns (RESULT_COLUMNS), in input order: one per row and city,
    or one error row."""
    try:
        judged = judge_columns(chunk.columns, chunk.size, rulebook, places, as_of, explain=True)
    except NotVectorised:
        # A rule reads a fact the evaluator cannot derive on columns (a rule file newer than it):
        # the explaining engine judges the chunk, slower and the same.
        judged = _nothing_judged(chunk.size, places)
    fast = judged.fast.copy()
    fast[list(chunk.aside)] = False
    slow = _explained(chunk, np.flatnonzero(~fast), rulebook, places, as_of, totals)
    rows = np.flatnonzero(fast)
    block = _block(judged, rows, chunk.first)  # the fast rows' result rows, row by row then city by city
    for city in judged.cities:
        _count(totals, city, rows)
    totals.inputs += len(rows)
    totals.judged += len(rows)
    if not slow:
        return block
    counts = np.where(fast, len(places), 0)
    for offset, result in slow.items():
        counts[offset] = len(result)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1])).astype(np.int64)
    out = {name: np.full(int(counts.sum()), None, dtype=object) for name in RESULT_COLUMNS}
    at = (starts[rows][:, None] + np.arange(len(places))).reshape(-1)
    for name in RESULT_COLUMNS:
        out[name][at] = block[name]
    for offset, result in slow.items():
        for k, row in enumerate(result):
            for name in RESULT_COLUMNS:
                out[name][starts[offset] + k] = row[name]
    return out


def _nothing_judged(size: int, places: list[tuple[str, Place]]) -> Judged:
    empty = np.zeros((size, 0), dtype=bool)
    undecided = np.full(size, UNDETERMINED, dtype=np.int8)
    cities = [CityVerdicts(name, undecided, empty, ()) for name, _ in places]
    return Judged(np.zeros(size, dtype=bool), np.full(size, None, dtype=object), cities, 0)


def _block(judged: Judged, rows: np.ndarray, first: int) -> dict[str, np.ndarray]:
    cities = len(judged.cities)
    size = len(rows) * cities
    verdicts = np.stack([city.verdict[rows] for city in judged.cities], axis=1).reshape(-1)
    return {
        "row": np.repeat((first + rows).astype(object), cities),
        "id": np.repeat(judged.ids[rows], cities),
        "city": np.tile(np.array([city.city for city in judged.cities], dtype=object), len(rows)),
        "verdict": np.array(VERDICTS, dtype=object)[verdicts],
        "admitted_by": np.stack([city.admitted_by[rows] for city in judged.cities], axis=1).reshape(-1),
        **{name: _said(judged, rows, name) for name in ("nearest", "failing", "unknown")},
        "draft": np.stack([city.draft[rows] for city in judged.cities], axis=1).reshape(-1).astype(object),
        "error": np.full(size, None, dtype=object),
    }


def _said(judged: Judged, rows: np.ndarray, name: str) -> np.ndarray:
    """An explanation column of the fast rows, city by city (empty for a chunk left to the engine)."""
    columns = [getattr(city, name) for city in judged.cities]
    if any(column is None for column in columns):
        return np.full(len(rows) * len(columns), None, dtype=object)
    return np.stack([column[rows] for column in columns], axis=1).reshape(-1)


def _explained(
    chunk: FlatChunk,
    offsets: np.ndarray,
    rulebook: Rulebook,
    places: list[tuple[str, Place]],
    as_of: dt.date,
    totals: Totals,
) -> dict[int, list[dict[str, Any]]]:
    """The rows the evaluator left, through the explaining engine (or as the error they carry)."""
    out: dict[int, list[dict[str, Any]]] = {}
    for offset in offsets.tolist():
        out[offset] = next(judge_records([chunk.record(offset)], rulebook, places, as_of, totals, chunk.source))
    return out


def _count(totals: Totals, city: CityVerdicts, rows: np.ndarray) -> None:
    """As Totals.count: per verdict and channel (every admitting one, else the nearest, else
    "—"), and the nearest channel's conditions not met."""
    if len(rows) == 0:
        return
    totals.profiles[city.city] += len(rows)
    channels = len(city.channels)
    admitted = city.admitted[rows]
    for c, count in enumerate(admitted.sum(axis=0).tolist() if channels else []):
        if count:
            totals.outcomes[(city.city, VERDICTS[ELIGIBLE], city.channels[c])] += count
    open_ = ~admitted.any(axis=1) if channels else np.ones(len(rows), dtype=bool)
    nearest = city.stops.nearest[rows] if city.stops is not None else np.full(len(rows), -1)
    keys = (city.verdict[rows].astype(np.int64) * (channels + 1) + (nearest + 1))[open_]
    distinct, counts = np.unique(keys, return_counts=True)
    for key, count in zip(distinct.tolist(), counts.tolist(), strict=True):
        verdict, channel = divmod(key, channels + 1)
        totals.outcomes[(city.city, VERDICTS[verdict], city.channels[channel - 1] if channel else "—")] += count
    if city.stops is None:
        return
    stops = city.stops
    keys = stops.failing[rows] * (channels + 1) + (stops.nearest[rows] + 1)
    distinct, counts = np.unique(keys[stops.failing[rows] >= 0], return_counts=True)
    for key, count in zip(distinct.tolist(), counts.tolist(), strict=True):
        said, nearest = divmod(key, channels + 1)
        for condition in filter(None, stops.said[said].split(";")):
            totals.failing[(city.city, f"{city.channels[nearest - 1]}.{condition}")] += count
