"""Reading profiles from, and writing result rows to, CSV, JSON Lines, JSON and Parquet files.

Readers stream: they yield one record at a time (CSV and JSON Lines line by line, Parquet batch by
batch), so memory stays flat in the size of the input. A record is the row's number and either its
nested profile data or the reason it could not be read — a bad row never stops the others.
"""

from __future__ import annotations

import csv
import itertools
import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from hukou.batch.flat import profile_data
from hukou.errors import HukouError, InputFileError


@dataclass(frozen=True)
class FlatChunk:
    """Consecutive flat rows as columns; ``unreadable`` rows (by offset) carry their error instead."""

    first: int  # the input row number of the chunk's first row
    size: int
    columns: Mapping[str, Sequence[Any]]
    source: str  # the input's name
    where: str  # how an error names a row: "{number}" and "{line}" are filled in
    unreadable: dict[int, str] = field(default_factory=dict)

    def row(self, offset: int) -> dict[str, Any]:
        return {name: _python(column[offset]) for name, column in self.columns.items()}


def _python(value: Any) -> Any:
    as_py = getattr(value, "as_py", None)  # an Arrow scalar
    return as_py() if as_py is not None else value


FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".parquet": "parquet"}


@dataclass(frozen=True)
class Record:
    """One input row: its number (from 1), an id if it has one, and its profile data or error."""

    number: int
    id: str | None
    data: dict[str, Any] | None
    error: str | None = None


def file_format(path: Path, allowed: Iterable[str] = FORMATS.values()) -> str:
    kind = FORMATS.get(path.suffix.lower())
    if kind is None or kind not in allowed:
        raise InputFileError(f"cannot tell the format from {path.suffix!r}; use {', '.join(allowed)}", file=path)
    return kind


def read_records(path: Path) -> Iterator[Record]:
    """Every row of an input file, nested (JSON Lines, JSON) or flat (CSV, Parquet).

    Raises:
        InputFileError: the file is missing, of an unknown kind, or not readable at all.
    """
    kind = file_format(path)
    if not path.is_file():
        raise InputFileError("no such file", file=path)
    if kind == "csv":
        yield from _csv(path)
    elif kind == "jsonl":
        yield from _jsonl(path)
    elif kind == "json":
        yield from _json(path)
    else:
        yield from _parquet(path)


def records_of(rows: list[dict[str, Any]], first: int, flat: bool, source: str = "<batch>") -> list[Record]:
    """Records from rows already in memory (a chunk of a larger input), numbered from ``first``."""
    if flat:
        return [_flat(first + i, row, f"{source}: row {first + i}") for i, row in enumerate(rows)]
    return [_nested(first + i, dict(row), f"{source}: row {first + i}") for i, row in enumerate(rows)]


def _flat(number: int, row: dict[str, Any], where: str) -> Record:
    row_id = row.get("id")
    try:
        return Record(number, None if row_id in (None, "") else str(row_id), profile_data(row, where))
    except HukouError as error:
        return Record(number, None, None, str(error))


def _csv(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), 1):
            if None in row:  # more cells than the header has columns
                yield Record(number, None, None, _too_long(path, number))
                continue
            yield _flat(number, row, f"{path}:{number + 1}")


def _too_long(path: Path, number: int) -> str:
    """The error of CSV row ``number`` (on line number + 1) with more cells than the header."""
    return f"{path}:{number + 1}: more cells than columns"


def _nested(number: int, value: Any, where: str) -> Record:
    if not isinstance(value, dict):
        return Record(number, None, None, f"{where}: a profile is a mapping of keys, not {type(value).__name__}")
    row_id = value.pop("id", None)
    return Record(number, None if row_id is None else str(row_id), value)


def _jsonl(path: Path) -> Iterator[Record]:
    with path.open(encoding="utf-8") as handle:
        number = 0
        for line_number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            number += 1
            try:
                value = json.loads(line)
            except json.JSONDecodeError as exc:
                yield Record(number, None, None, f"{path}:{line_number}: not JSON: {exc.msg}")
                continue
            yield _nested(number, value, f"{path}:{line_number}")


def _json(path: Path) -> Iterator[Record]:
    try:
        values = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise InputFileError(f"not JSON: {exc}", file=path) from None
    if not isinstance(values, list):
        raise InputFileError("a JSON file of profiles holds a list of them", file=path)
    for number, value in enumerate(values, 1):
        yield _nested(number, value, f"{path}[{number - 1}]")


def _parquet(path: Path) -> Iterator[Record]:
    parquet = _pyarrow_parquet()
    number = 0
    for batch in parquet.ParquetFile(path).iter_batches(batch_size=4096):
        for row in batch.to_pylist():
            number += 1
            yield _flat(number, row, f"{path}: row {number}")


def flat_chunks(path: Path, size: int = 65_536) -> Iterator[FlatChunk]:
    """The rows of a flat file (CSV, Parquet) as chunks of columns, for the vectorised evaluator.

    Raises:
        InputFileError: the file is missing, not flat, or not readable at all.
    """
    kind = file_format(path, ("csv", "parquet"))
    if not path.is_file():
        raise InputFileError("no such file", file=path)
    return _parquet_chunks(path, size) if kind == "parquet" else _csv_chunks(path, size)


def _parquet_chunks(path: Path, size: int) -> Iterator[FlatChunk]:
    first = 1
    for batch in _pyarrow_parquet().ParquetFile(path).iter_batches(batch_size=size):
        columns = dict(zip(batch.schema.names, batch.columns, strict=True))
        yield FlatChunk(first, batch.num_rows, columns, str(path), f"{path}: row {{number}}")
        first += batch.num_rows


def _csv_chunks(path: Path, size: int) -> Iterator[FlatChunk]:
    """Chunks of a CSV file: read by Arrow's reader while every row has as many cells as the header,
    and from the first row that has not on, by Python's, which makes such a row an error row."""
    emitted = 0
    try:
        for chunk in _arrow_csv_chunks(path, size):
            emitted += chunk.size
            yield chunk
        return
    except _RowOfAnotherLength:
        pass
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        first = emitted + 1
        for _ in itertools.islice(reader, emitted):
            pass
        while rows := list(itertools.islice(reader, size)):
            # A row with more cells than the header has columns is an error row, as hukou batch gives it.
            unreadable = {i: _too_long(path, first + i) for i, r in enumerate(rows) if None in r}
            names = [n for n in reader.fieldnames or () if n is not None]
            columns = {n: [None if i in unreadable else r.get(n) for i, r in enumerate(rows)] for n in names}
            yield FlatChunk(first, len(rows), columns, str(path), f"{path}:{{line}}", unreadable)
            first += len(rows)


class _RowOfAnotherLength(Exception):
    """A CSV row with more or fewer cells than the header: Python's reader takes over."""


def _arrow_csv_chunks(path: Path, size: int) -> Iterator[FlatChunk]:
    try:
        import pyarrow as arrow
        import pyarrow.csv as arrow_csv
    except ImportError:
        raise _RowOfAnotherLength from None  # without Arrow, Python's reader reads it all
    with path.open(encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    if not header:
        return
    odd: list[int] = []

    def note(row: Any) -> str:
        odd.append(row.number)
        return "skip"

    reader = arrow_csv.open_csv(
        path,
        read_options=arrow_csv.ReadOptions(use_threads=False, block_size=1 << 22),
        parse_options=arrow_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=note),
        convert_options=arrow_csv.ConvertOptions(
            column_types=dict.fromkeys(header, arrow.string()), strings_can_be_null=False
        ),
    )
    first = 1
    for batch in reader:  # blocks of the file; each cut into chunks
        if odd:
            raise _RowOfAnotherLength
        for start in range(0, batch.num_rows, size):
            part = batch.slice(start, size)
            columns = dict(zip(part.schema.names, part.columns, strict=True))
            yield FlatChunk(first, part.num_rows, columns, str(path), f"{path}:{{line}}")
            first += part.num_rows
    if odd:
        raise _RowOfAnotherLength


def _strings(values: Sequence[Any]) -> Any:
    """A column of result cells as Arrow strings (row numbers become text, as write() writes them)."""
    import pyarrow as arrow

    try:
        return arrow.array(values, type=arrow.string())
    except (arrow.ArrowInvalid, arrow.ArrowTypeError):
        pass
    try:  # numbers (the row column): Arrow writes them as str() does
        return arrow.array(values).cast(arrow.string())
    except (arrow.ArrowInvalid, arrow.ArrowTypeError, arrow.ArrowNotImplementedError):
        return arrow.array([None if v is None else str(v) for v in values], type=arrow.string())


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputFileError("Parquet needs pyarrow: pip install 'hukou-rules[batch]'") from None
    return parquet


class Writer:
    """Writes result rows as they come, in the format the file's suffix names."""

    def __init__(self, path: Path, columns: tuple[str, ...]) -> None:
        self.kind = file_format(path, ("csv", "jsonl", "parquet"))
        self.path = path
        self.columns = columns
        self._pending: list[dict[str, Any]] = []
        self._parquet: Any = None
        self._handle: IO[str] | None = None
        self._csv: Any = None
        if self.kind == "csv":
            self._handle = path.open("w", encoding="utf-8", newline="")
            self._csv = csv.DictWriter(self._handle, fieldnames=columns)
            self._csv.writeheader()
        elif self.kind == "jsonl":
            self._handle = path.open("w", encoding="utf-8")

    def write(self, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            if self._csv is not None:
                self._csv.writerow(row)
            elif self._handle is not None:
                self._handle.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
            else:
                self._pending.append(row)
        if len(self._pending) >= 8192:
            self._flush_parquet()

    def write_columns(self, columns: Mapping[str, Sequence[Any]]) -> None:
        """Result rows given as columns (hukou batch --fast)."""
        if self._csv is not None:
            self._csv.writer.writerows(zip(*(columns[k] for k in self.columns), strict=True))
        elif self._handle is not None:
            rows = zip(*(columns[k] for k in self.columns), strict=True)
            self.write(dict(zip(self.columns, values, strict=True)) for values in rows)
        else:
            self._flush_parquet()
            import pyarrow as arrow

            table = arrow.table({k: _strings(columns[k]) for k in self.columns})
            if self._parquet is None:
                self._parquet = _pyarrow_parquet().ParquetWriter(self.path, table.schema)
            self._parquet.write_table(table)

    def _flush_parquet(self) -> None:
        if not self._pending:
            return
        import pyarrow as arrow

        parquet = _pyarrow_parquet()
        table = arrow.Table.from_pylist(
            [{k: (None if r.get(k) is None else str(r[k])) for k in self.columns} for r in self._pending],
            schema=arrow.schema([(k, arrow.string()) for k in self.columns]),
        )
        if self._parquet is None:
            self._parquet = parquet.ParquetWriter(self.path, table.schema)
        self._parquet.write_table(table)
        self._pending = []

    def close(self) -> None:
        if self.kind == "parquet":
            self._flush_parquet()
            if self._parquet is None:  # no rows: still a file, with its columns
                self._pending = []
                parquet = _pyarrow_parquet()
                import pyarrow as arrow

                schema = arrow.schema([(k, arrow.string()) for k in self.columns])
                parquet.write_table(arrow.Table.from_pylist([], schema=schema), self.path)
            else:
                self._parquet.close()
        elif self._handle is not None:
            self._handle.close()
