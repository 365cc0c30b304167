"""Writing result rows (or converted profiles) to a file that appears only when it is complete.

Rows go to a temporary file beside the target (same folder, so the final rename is atomic); the
target takes its name only when every row is written. An existing file is therefore never
emptied by a run that fails, is interrupted or reads a missing input, and two runs writing the
same target leave one whole file (the last to finish), never a mix. Interrupted, the rows written
so far are kept under a name that says so (``results.partial.csv``).
"""

from __future__ import annotations

import csv
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

from hukou.errors import OutputFileError
from hukou.front.batch.files import file_format, pyarrow_parquet


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same path, a link to it, or a hard link)."""
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def partial_name(path: Path) -> Path:
    """Where the rows of an interrupted run are kept: ``results.csv`` → ``results.partial.csv``."""
    return path.with_name(f"{path.stem}.partial{path.suffix}")


class Writer:
    """Writes rows as they come, in the format the file's suffix names, to a temporary file that
    becomes ``path`` on ``commit``.

    Raises:
        InputFileError: the suffix names no output format.
        OutputFileError: the folder is missing or not writable, or ``path`` is one of ``inputs``.
    """

    def __init__(self, path: Path, columns: tuple[str, ...], inputs: Iterable[Path] = (), types: Any = None) -> None:
        self.kind = file_format(path, ("csv", "jsonl", "parquet"))
        for source in inputs:
            if same_file(path, source):
                raise OutputFileError("that is the input itself: name another file for the output", file=path)
        if path.is_dir():
            raise OutputFileError("is a folder: name a file for the output", file=path)
        self.path = path
        self.columns = columns
        self._types = types  # for Parquet, how columns become a typed Arrow table (None: all text)
        self._parquet: Any = None
        self._handle: IO[str] | None = None
        self._csv: Any = None
        folder = path.parent if str(path.parent) else Path()
        if not folder.is_dir():
            raise OutputFileError(f"the folder {str(folder)!r} does not exist", file=path)
        try:
            descriptor, name = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".unfinished")
        except OSError as error:
            raise OutputFileError(f"cannot write here: {error.strerror}", file=path) from None
        self.temporary = Path(name)
        os.close(descriptor)
        _readable_by_others(self.temporary)
        if self.kind == "parquet":
            pyarrow_parquet()  # say now, not after judging, that Parquet needs pyarrow
        else:
            self._guard(self._open_text)

    def _open_text(self) -> None:
        self._handle = self.temporary.open("w", encoding="utf-8", newline="" if self.kind == "csv" else None)
        if self.kind == "csv":
            self._csv = csv.writer(self._handle)
            self._csv.writerow(self.columns)

    def _guard(self, action: Any, *args: Any) -> None:
        """Run a write; a failing disk becomes one line (and the temporary file goes)."""
        try:
            action(*args)
        except OSError as error:
            self.discard()
            raise OutputFileError(f"cannot write: {error.strerror or error}", file=self.path) from None

    def write(self, rows: Iterable[Mapping[str, Any]]) -> None:
        """Rows given as mappings (JSON Lines: each written whole, nested or not)."""
        rows = list(rows)
        if self.kind == "jsonl":
            self._guard(self._write_json, rows)
        else:
            self.write_columns({k: [row.get(k) for row in rows] for k in self.columns})

    def _write_json(self, rows: list[Mapping[str, Any]]) -> None:
        assert self._handle is not None
        self._handle.writelines(json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows)

    def write_columns(self, columns: Mapping[str, Sequence[Any]]) -> None:
        """Rows given as columns, each in the order of ``self.columns``."""
        self._guard(self._write_columns, columns)

    def _write_columns(self, columns: Mapping[str, Sequence[Any]]) -> None:
        values = [columns[k] for k in self.columns]
        if self._csv is not None:
            values = [_csv_cells(v) if k == "draft" else v for k, v in zip(self.columns, values, strict=True)]
            self._csv.writerows(zip(*values, strict=True))
        elif self._handle is not None:
            names = self.columns
            dumps = json.dumps
            self._handle.writelines(
                dumps(dict(zip(names, row, strict=True)), ensure_ascii=False, default=str) + "\n"
                for row in zip(*values, strict=True)
            )
        else:
            import pyarrow as arrow

            if self._types is not None:
                table = self._types(columns, self.columns)
            else:
                table = arrow.table({k: _strings(columns[k]) for k in self.columns})
            if self._parquet is None:
                self._parquet = pyarrow_parquet().ParquetWriter(self.temporary, table.schema)
            self._parquet.write_table(table)

    def _close(self) -> None:
        if self.kind == "parquet":
            if self._parquet is None:  # no rows: still a file, with its columns
                self._write_columns({k: [] for k in self.columns})
            self._parquet.close()
            self._parquet = None
        elif self._handle is not None:
            self._handle.close()
            self._handle = None

    def commit(self) -> None:
        """Every row is written: the file takes its name (replacing any file of that name at once)."""
        self._guard(self._close)
        self._guard(os.replace, self.temporary, self.path)

    def keep_partial(self) -> Path | None:
        """The run stopped: keep the rows written so far under a name that says so, and say which."""
        try:
            self._close()
            kept = partial_name(self.path)
            os.replace(self.temporary, kept)
            return kept
        except OSError:
            self.discard()
            return None

    def discard(self) -> None:
        """The run failed: no file appears, and any file of the target's name is left as it was."""
        for thing in (self._handle, self._parquet):
            try:
                if thing is not None:
                    thing.close()
            except Exception:
                pass
        self._handle = self._parquet = None
        self.temporary.unlink(missing_ok=True)


def _csv_cells(values: Sequence[Any]) -> list[str]:
    """Booleans as the flat layout writes them: true, false (blank for none)."""
    return ["" if v is None else "true" if v else "false" for v in values]


def _readable_by_others(path: Path) -> None:
    """A temporary file is made private (0600); the output gets the mode a new file would."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(path, 0o666 & ~mask)


def result_table(columns: Mapping[str, Sequence[Any]], names: Sequence[str]) -> Any:
    """Result rows as Parquet keeps them, with real types: ``row`` an integer; ``admitted_by``,
    ``failing`` and ``unknown`` lists of strings (empty when there is nothing; null on an error
    row); ``draft`` a boolean; ``city`` and ``verdict`` dictionary-encoded (a handful of values
    over millions of rows)."""
    import pyarrow as arrow
    import pyarrow.compute as compute

    def listed(values: Sequence[Any]) -> Any:
        texts = _strings(values)
        return compute.if_else(
            compute.equal(texts, ""), arrow.scalar([], arrow.list_(arrow.string())), compute.split_pattern(texts, ";")
        )

    def typed(name: str) -> Any:
        values = columns[name]
        if name == "row":
            return arrow.array(values, arrow.int64())
        if name in ("city", "verdict"):
            return _strings(values).dictionary_encode()
        if name in ("admitted_by", "failing", "unknown"):
            return listed(values)
        if name == "draft":
            return arrow.array(values, arrow.bool_())
        return _strings(values)

    return arrow.table({name: typed(name) for name in names})


def _strings(values: Sequence[Any]) -> Any:
    """A column of cells as Arrow strings (numbers become text, as str() writes them)."""
    import pyarrow as arrow

    try:
        return arrow.array(values, type=arrow.string())
    except (arrow.ArrowInvalid, arrow.ArrowTypeError):
        pass
    try:
        return arrow.array(values).cast(arrow.string())
    except (arrow.ArrowInvalid, arrow.ArrowTypeError, arrow.ArrowNotImplementedError):
        return arrow.array([None if v is None else str(v) for v in values], type=arrow.string())
