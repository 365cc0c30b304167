"""Converting profiles between the nested form (JSON Lines) and the flat table (CSV, Parquet)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from hukou.batch.files import Record, Writer, file_format, read_records
from hukou.batch.flat import COLUMNS, flat_row
from hukou.batch.run import Totals
from hukou.errors import HukouError
from hukou.profile import Profile
from hukou.profile_file import profile_from_data
from hukou.yamlio import LineIndex


def convert_profiles(source: Path, target: Path, complain: Callable[[str], None]) -> Totals:
    """Every profile of ``source`` written to ``target`` in the form its suffix names (.jsonl
    nested; .csv or .parquet flat). A profile that cannot be read or flattened is passed to
    ``complain`` with its row number and not written; the totals count both.

    Raises:
        InputFileError: a file of unknown kind, or one that cannot be read at all.
    """
    flat = file_format(target, ("csv", "jsonl", "parquet")) != "jsonl"
    totals = Totals()
    writer = Writer(target, COLUMNS)
    try:
        for record in read_records(source):
            totals.inputs += 1
            try:
                profile = _profile(record, source)
                writer.write([flat_row(profile, record.id) if flat else _nested(profile, record)])
                totals.judged += 1
            except HukouError as error:
                totals.errors += 1
                complain(f"error: {error}")
    finally:
        writer.close()
    return totals


def _profile(record: Record, source: Path) -> Profile:
    if record.data is None:
        raise HukouError(record.error or "unreadable")
    return profile_from_data(record.data, LineIndex(f"{source}: row {record.number}", {}))


def _nested(profile: Profile, record: Record) -> dict[str, Any]:
    nested = profile.model_dump(mode="json", exclude_none=True)
    return ({"id": record.id} if record.id else {}) | nested
