"""Reading profiles from CSV, JSON Lines, JSON and Parquet files, in chunks of columns.

``open_profiles`` checks the file before anything is judged or written (it exists, is a file of a
kind hukou reads, can be opened, is not damaged at its start, is in an encoding it can read) and
raises one line when it is not. Its chunks stream the rows (memory stays flat in the size of the
input) as columns for the vectorised evaluator; a row that cannot be read — a bad line of JSON, a
row longer than the header, bytes that are not text, a cell of thousands of characters — is set
aside with its error, and a nested profile the flat form cannot hold is set aside with its data:
the explaining engine writes its row. A bad row never stops the others.
"""

from __future__ import annotations

import csv
import itertools
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from hukou.errors import HukouError, InputFileError, UnreadableJSON
from hukou.front.batch.encoding import text_encoding
from hukou.front.batch.nested import MAX_LINE, flat_cells, may_be_too_long, parse_json, parse_line, too_long
from hukou.model.flat_profile import profile_data

FORMATS = {".csv": "csv", ".jsonl": "jsonl", ".json": "json", ".parquet": "parquet"}
CHUNK = 65_536  # rows judged at once: large enough to pay for numpy's setup, small enough to stream

csv.field_size_limit(min(sys.maxsize, 1 << 30))  # a long cell is an error row (MAX_CELL), not a crash


@dataclass(frozen=True)
class Record:
    """One input row: its number (from 1), an id if it has one, and its profile data or error."""

    number: int
    id: str | None
    data: dict[str, Any] | None
    error: str | None = None


@dataclass(frozen=True)
class FlatChunk:
    """Consecutive rows as flat columns. Rows ``aside`` (by offset) are left to the explaining
    engine with their record: the error they carry, or a nested profile no flat row holds."""

    first: int  # the input row number of the chunk's first row
    size: int
    columns: Mapping[str, Sequence[Any]]
    source: str  # the input's name
    where: str  # how an error names a row: "{number}" and "{line}" are filled in
    aside: dict[int, Record] = field(default_factory=dict)
    records: Sequence[Record | Callable[[], Record]] | None = None  # nested input: each row, for the engine

    def row(self, offset: int) -> dict[str, Any]:
        return {name: _python(column[offset]) for name, column in self.columns.items()}

    def record(self, offset: int) -> Record:
        """The row as the explaining engine reads it (and names it in an error)."""
        if offset in self.aside:
            return self.aside[offset]
        if self.records is not None:
            record = self.records[offset]
            return record() if callable(record) else record
        number = self.first + offset
        return _flat(
            number, self.row(offset), self.where.replace("{number}", str(number)).replace("{line}", str(number + 1))
        )


def _python(value: Any) -> Any:
    as_py = getattr(value, "as_py", None)  # an Arrow scalar
    return as_py() if as_py is not None else value


def file_format(path: Path, allowed: Iterable[str] = FORMATS.values()) -> str:
    """The kind of file a path names, by its suffix.

    Raises:
        InputFileError: the suffix names no kind allowed here (with what to do instead).
    """
    allowed = tuple(allowed)
    kind = FORMATS.get(path.suffix.lower())
    if kind is None or kind not in allowed:
        if path.suffix.lower() in (".yaml", ".yml"):
            hint = f"; a single profile is checked with hukou check {path}"
        else:
            hint = ""
        shown = repr(path.suffix) if path.suffix else "a name without a suffix"
        raise InputFileError(f"cannot tell the format from {shown}: use {', '.join(allowed)}{hint}", file=path)
    return kind


@dataclass(frozen=True)
class Profiles:
    """An input file of profiles, checked and ready to read."""

    path: Path
    kind: str  # csv, jsonl, json, parquet
    encoding: str  # of a text file
    note: str | None  # what a user should know about how it is read (an encoding other than UTF-8)
    rows: int | None  # how many, when the file says (Parquet)

    def chunks(self, size: int = CHUNK) -> Iterator[FlatChunk]:
        """Every row, as chunks of flat columns (nested profiles flattened where a row holds them).

        Raises:
            InputFileError: the file turns out damaged part-way (a Parquet page, a JSON document).
        """
        if self.kind == "parquet":
            return _parquet_chunks(self.path, size)
        if self.kind == "csv":
            return _csv_chunks(self.path, self.encoding, size)
        return _nested_chunks(self.path, self._nested(), size)

    def records(self) -> Iterator[Record]:
        """Every row as a record (hukou convert): flat rows as the nested data they describe."""
        if self.kind == "jsonl" or self.kind == "json":
            yield from (record() if callable(record) else record for record, _ in self._nested())
            return
        for chunk in self.chunks():
            for offset in range(chunk.size):
                yield chunk.record(offset)

    def _nested(self) -> Iterator[Pair]:
        return _jsonl(self.path, self.encoding) if self.kind == "jsonl" else _json(self.path, self.encoding)


def open_profiles(path: Path) -> Profiles:
    """The input checked before anything is read in earnest or written.

    Raises:
        InputFileError: missing, a folder, a kind hukou does not read, not readable, a damaged
            Parquet file, Parquet without pyarrow.
    """
    if not path.exists():
        raise InputFileError("no such file", file=path)
    if path.is_dir():
        raise InputFileError("is a folder: name a file of profiles (.csv, .parquet, .jsonl, .json)", file=path)
    kind = file_format(path)
    try:
        with path.open("rb") as handle:
            handle.read(1)
    except OSError as error:
        raise InputFileError(f"cannot read: {error.strerror or error}", file=path) from None
    if kind == "parquet":
        parquet = pyarrow_parquet()
        try:
            rows = parquet.ParquetFile(path).metadata.num_rows
        except Exception as error:
            raise InputFileError(f"not a readable Parquet file ({_first_line(error)})", file=path) from None
        return Profiles(path, kind, "", None, rows)
    encoding, note = text_encoding(path)
    return Profiles(path, kind, encoding, note, None)


def _first_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


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


def _too_long(path: Path, number: int) -> str:
    """The error of CSV row ``number`` (on line number + 1) with more cells than the header."""
    return f"{path}:{number + 1}: more cells than columns"


_SURROGATE = re.compile("[\udc80-\udcff]")


def _csv_rows(path: Path, encoding: str, skip: int = 0) -> Iterator[tuple[list[str], dict[str, Any] | str]]:
    """Python's reading of a CSV file: the header, then each row or its error. Bytes that are not
    text in the file's encoding make that row an error, not the file."""
    with path.open(encoding=encoding, errors="surrogateescape", newline="") as handle:
        reader = csv.DictReader(handle)
        names = [n for n in reader.fieldnames or () if n is not None]
        for number, row in enumerate(itertools.islice(reader, skip, None), skip + 1):
            if None in row:  # more cells than the header has columns
                yield names, _too_long(path, number)
            elif any(isinstance(v, str) and _SURROGATE.search(v) for v in row.values()):
                yield names, f"{path}:{number + 1}: not {encoding} text: save the file as UTF-8"
            else:
                yield names, row


def _nested(number: int, value: Any, where: str, long: bool = True) -> Record:
    if not isinstance(value, dict):
        return Record(number, None, None, f"{where}: a profile is a mapping of keys, not {type(value).__name__}")
    row_id = value.pop("id", None)
    record_id = None if row_id is None else str(row_id)
    found = too_long(value) if long else None
    if found is not None:
        return Record(number, record_id, None, f"{where}: {found}")
    return Record(number, record_id, value)


# A nested profile (or how to read it again), and its flat row when one holds it.
Pair = tuple[Record | Callable[[], Record], dict[str, Any] | None]


def _jsonl(path: Path, encoding: str) -> Iterator[Pair]:
    """Each line a profile; a line that is not one (not JSON, not text, a duplicate key, too long
    or too deep) is an error record, and the next line is read all the same."""
    utf8 = encoding == "utf-8"
    with path.open("rb") as handle:
        number = 0
        for line_number, line in enumerate(handle, 1):
            if line_number == 1 and line.startswith(b"\xef\xbb\xbf"):
                line = line[3:]  # a byte-order mark, as some editors write
            if not line.strip():
                continue
            number += 1
            where = f"{path}:{line_number}"
            if len(line) > MAX_LINE:
                message = f"{where}: a line of {len(line):,} bytes (a profile is at most {MAX_LINE:,})"
                yield Record(number, None, None, message), None
                continue
            try:
                if utf8:
                    value, row = parse_line(line)
                else:
                    value = parse_json(line.decode(encoding))
                    row = flat_cells(value) if type(value) is dict else None
            except UnicodeDecodeError:
                yield Record(number, None, None, f"{where}: not {encoding} text: save the file as UTF-8"), None
                continue
            except UnreadableJSON as error:
                yield Record(number, None, None, f"{where}: {error}"), None
                continue
            record, row = _paired(_nested(number, value, where, may_be_too_long(line)), row)
            if row is not None and utf8:
                # The evaluator judges it from its row; should the engine need it, it is read again
                # from its line, a tenth of the memory of the parsed profile kept for 65,536 rows.
                yield partial(_read_again, line, number, where), row
            else:
                yield record, row


def _read_again(line: bytes, number: int, where: str) -> Record:
    return _nested(number, parse_json(line), where, may_be_too_long(line))


def _paired(record: Record, row: dict[str, Any] | None) -> Pair:
    if row is None or record.data is None or record.id == "":
        return record, None
    row["id"] = record.id
    return record, row


def _json(path: Path, encoding: str) -> Iterator[Pair]:
    try:
        values = parse_json(path.read_bytes().decode(encoding).removeprefix("\ufeff"))
    except UnicodeDecodeError:
        raise InputFileError(f"not {encoding} text: save the file as UTF-8", file=path) from None
    except UnreadableJSON as error:
        raise InputFileError(str(error), file=path) from None
    if not isinstance(values, list):
        raise InputFileError("a JSON file of profiles holds a list of them", file=path)
    for number, value in enumerate(values, 1):
        record = _nested(number, value, f"{path}[{number - 1}]")
        yield _paired(record, flat_cells(record.data) if record.data is not None else None)


def _nested_chunks(path: Path, pairs: Iterator[Pair], size: int) -> Iterator[FlatChunk]:
    first = 1
    while batch := list(itertools.islice(pairs, size)):
        yield nested_chunk(batch, first, str(path))
        first += len(batch)


def nested_chunk(pairs: list[Pair], first: int, source: str) -> FlatChunk:
    """Nested profiles as flat columns: each profile a flat row holds exactly; the others aside."""
    aside = {offset: record for offset, (record, row) in enumerate(pairs) if row is None and isinstance(record, Record)}
    rows = [row or {} for _, row in pairs]
    names = dict.fromkeys(itertools.chain.from_iterable(rows))
    columns = {name: [row.get(name) for row in rows] for name in names}
    records = [record for record, _ in pairs]
    return FlatChunk(first, len(pairs), columns, source, f"{source}: row {{number}}", aside, records)


def chunk_of_rows(rows: list[dict[str, Any]], first: int, flat: bool, source: str = "<batch>") -> FlatChunk:
    """Rows already in memory (a part of a larger input, numbered from ``first``) as a chunk."""
    if not flat:
        records = records_of(rows, first, flat=False, source=source)
        pairs = [_paired(r, flat_cells(r.data) if r.data is not None else None) for r in records]
        return nested_chunk(pairs, first, source)
    names = dict.fromkeys(name for row in rows for name in row)
    columns = {name: [row.get(name) for row in rows] for name in names}
    return FlatChunk(first, len(rows), columns, source, f"{source}: row {{number}}")


def _parquet_chunks(path: Path, size: int) -> Iterator[FlatChunk]:
    first = 1
    batches = pyarrow_parquet().ParquetFile(path).iter_batches(batch_size=size)
    while True:
        try:
            batch = next(batches)
        except StopIteration:
            return
        except Exception as error:
            raise InputFileError(f"damaged from row {first} on ({_first_line(error)})", file=path) from None
        columns = dict(zip(batch.schema.names, batch.columns, strict=True))
        yield FlatChunk(first, batch.num_rows, columns, str(path), f"{path}: row {{number}}")
        first += batch.num_rows


def _csv_chunks(path: Path, encoding: str, size: int) -> Iterator[FlatChunk]:
    """Chunks of a CSV file: read by Arrow's reader while every row has as many cells as the header
    and every cell is text, and from the first row that is not on, by Python's, which makes such a
    row an error row."""
    emitted = 0
    try:
        for chunk in _arrow_csv_chunks(path, encoding, size):
            emitted += chunk.size
            yield chunk
        return
    except _ArrowCannot:
        pass
    rows = _csv_rows(path, encoding, skip=emitted)
    first = emitted + 1
    while part := list(itertools.islice(rows, size)):
        names = part[0][0]
        aside = {i: Record(first + i, None, None, r) for i, (_, r) in enumerate(part) if isinstance(r, str)}
        columns = {n: [None if isinstance(r, str) else r.get(n) for _, r in part] for n in names}
        yield FlatChunk(first, len(part), columns, str(path), f"{path}:{{line}}", aside)
        first += len(part)


class _ArrowCannot(Exception):
    """A CSV row Arrow's reader cannot take (another number of cells, bytes that are not text, a
    cell larger than its block): Python's reader takes over from the chunk it is in."""


def _arrow_csv_chunks(path: Path, encoding: str, size: int) -> Iterator[FlatChunk]:
    try:
        import pyarrow as arrow
        import pyarrow.csv as arrow_csv
    except ImportError:
        raise _ArrowCannot from None  # without Arrow, Python's reader reads it all
    with path.open(encoding=encoding, errors="replace", newline="") as handle:
        header = next(csv.reader(handle), [])
    if not header:
        return
    odd: list[int] = []

    def note(row: Any) -> str:
        odd.append(row.number)
        return "skip"

    try:
        reader = arrow_csv.open_csv(
            path,
            read_options=arrow_csv.ReadOptions(use_threads=False, block_size=1 << 22, encoding=encoding),
            parse_options=arrow_csv.ParseOptions(newlines_in_values=True, invalid_row_handler=note),
            convert_options=arrow_csv.ConvertOptions(
                column_types=dict.fromkeys(header, arrow.string()), strings_can_be_null=False
            ),
        )
    except (arrow.ArrowInvalid, arrow.ArrowNotImplementedError, UnicodeDecodeError):
        raise _ArrowCannot from None
    first = 1
    while True:
        try:
            batch = reader.read_next_batch()
        except StopIteration:
            break
        except (arrow.ArrowInvalid, arrow.ArrowNotImplementedError, UnicodeDecodeError):
            raise _ArrowCannot from None
        if odd:
            raise _ArrowCannot
        for start in range(0, batch.num_rows, size):
            part = batch.slice(start, size)
            columns = dict(zip(part.schema.names, part.columns, strict=True))
            yield FlatChunk(first, part.num_rows, columns, str(path), f"{path}:{{line}}")
            first += part.num_rows
    if odd:
        raise _ArrowCannot


def pyarrow_parquet() -> Any:
    """pyarrow's Parquet module, or the line that says how to install it.

    Raises:
        InputFileError: pyarrow is not installed.
    """
    try:
        import pyarrow.parquet as parquet
    except ImportError:
        raise InputFileError("Parquet needs pyarrow: pip install 'hukou-rules[batch]'") from None
    return parquet
