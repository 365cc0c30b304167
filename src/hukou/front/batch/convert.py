"""Converting profiles between the nested form (JSON Lines) and the flat table (CSV, Parquet)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

from hukou.errors import HukouError
from hukou.front.batch.files import Profiles, Record
from hukou.front.batch.run import Totals
from hukou.front.batch.stopping import unheld
from hukou.front.batch.writer import Writer
from hukou.model.flat_profile import flat_row
from hukou.model.profile import Profile
from hukou.model.profile_file import profile_from_data
from hukou.yamlio import LineIndex

_BLOCK = 4096  # profiles written at once


def convert_profiles(
    profiles: Profiles,
    writer: Writer,
    complain: Callable[[str], None],
    totals: Totals,
    advance: Callable[[int], None] = lambda rows: None,
    held: Callable[[], AbstractContextManager[Any]] = unheld,
) -> None:
    """Every profile of ``profiles`` written by ``writer`` in the form its file names (.jsonl
    nested; .csv or .parquet flat). A profile that cannot be read or flattened is passed to
    ``complain`` with its row number (and id) and not written; ``totals`` count both, as the rows
    are written (so that they are true when the run is stopped).

    Raises:
        InputFileError: the input turns out damaged part-way.
        OutputFileError: the output cannot be written.
    """
    flat = writer.kind != "jsonl"
    block: list[dict[str, Any]] = []
    part = Totals()
    for record in profiles.records():
        part.inputs += 1
        try:
            profile = _profile(record, str(profiles.path))
            block.append(_flat(profile, record, str(profiles.path)) if flat else _nested(profile, record))
            part.judged += 1
        except HukouError as error:
            part.errors += 1
            complain(f"error: {error}")
        if part.inputs == _BLOCK:
            with held():
                _write(writer, block, part, totals, advance)
            block, part = [], Totals()
    with held():
        _write(writer, block, part, totals, advance)


def _write(
    writer: Writer, block: list[dict[str, Any]], part: Totals, totals: Totals, advance: Callable[[int], None]
) -> None:
    writer.write(block)
    totals.add(part)
    advance(part.inputs)


def _profile(record: Record, source: str) -> Profile:
    if record.data is None:
        raise HukouError(record.error or "unreadable")
    return profile_from_data(record.data, LineIndex(f"{source}: row {record.number}", {}))


def _flat(profile: Profile, record: Record, source: str) -> dict[str, Any]:
    try:
        return flat_row(profile, record.id)
    except HukouError as error:
        named = f" (id {record.id})" if record.id else ""
        raise HukouError(f"{source}: row {record.number}{named}: {error}") from None


def _nested(profile: Profile, record: Record) -> dict[str, Any]:
    nested = profile.model_dump(mode="json", exclude_none=True)
    return ({"id": record.id} if record.id else {}) | nested
