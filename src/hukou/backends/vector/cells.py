"""The cells of a column batch, each distinct value read once, as the nested profile reads it.

A column of a million rows holds few distinct values (cities, dates, yes/no, ages), so each
distinct value goes through exactly the path a single profile takes — ``flat_profile.cell_value``, then the
pydantic type of its field — and every row takes its value by index. A value that path refuses is
marked bad, and its rows go to the explaining engine, which names the error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Annotated, Any

import numpy as np
from pydantic import BaseModel, TypeAdapter, ValidationError

from hukou.model.flat_profile import MAX_CELL, SECTIONS, cell_value, says_none
from hukou.model.profile import Contribution, Education, Home, Hukou, Job, Profile, Relative, Stay, Study

# The model holding each flat column's field: the flat column ``housing_area_sqm`` is Home.area_sqm.
_MODELS: dict[str, type[BaseModel]] = {
    "hukou": Hukou,
    "education": Education,
    "residence": Stay,
    "housing": Home,
    "employment": Job,
    "social_insurance": Contribution,
    "study": Study,
    "relative": Relative,
}
_PERSON_FIELDS = ("name", "age", "born", "sex", "retired", "stable_income")
# Columns where the word ``none`` says "no such period (relative) at all" (hukou.model.flat_profile).
_NONE_MEANS_EMPTY = {*(f"{section}_city" for section in SECTIONS), "relative_relation"}


@dataclass(frozen=True)
class Cells:
    """One column: each row's index into the distinct values, and those values read."""

    codes: np.ndarray  # int32, one per row
    values: list[Any]  # the distinct values as the profile holds them (None: blank, unknown)
    bad: np.ndarray  # bool per distinct value: the profile refuses it

    @cached_property
    def _known(self) -> np.ndarray:
        return np.array([v is not None for v in self.values], dtype=bool)[self.codes]

    def known(self) -> np.ndarray:
        return self._known

    def says_none(self) -> np.ndarray:
        """Rows holding the word ``none``: "no such period (relative) at all" (hukou.model.flat_profile)."""
        return np.array([says_none(v) for v in self.values], dtype=bool)[self.codes]

    def rows_bad(self) -> np.ndarray:
        return self.bad[self.codes]

    # Equivalent mutants (no mutate) on the lines so marked: the blank is never read (every reader
    # masks a value with known(), and a row with a refused cell is not judged on columns); values and
    # bad are one per distinct value, so zip's strictness is never tested; and the dtype asked is the
    # one numpy gives the converted values anyway (ints, floats with a blank 0) where they are read.
    def mapped(self, convert: Callable[[Any], Any], dtype: Any, blank: Any = 0) -> np.ndarray:  # pragma: no mutate
        """Each row's value converted (blank where unknown or bad), as one array."""
        pairs = zip(self.values, self.bad, strict=True)  # pragma: no mutate
        table = [blank if v is None or b else convert(v) for v, b in pairs]
        return np.asarray(table, dtype=dtype)[self.codes]  # pragma: no mutate

    def equals(self, wanted: Any) -> np.ndarray:
        return np.array([v == wanted for v in self.values], dtype=bool)[self.codes]


def factorize(column: Any) -> tuple[np.ndarray, list[Any]]:
    """Each row's index into the column's distinct values, and those values (None for a blank).

    Arrow columns are dictionary-encoded in C; a plain sequence by one pass over a dict.
    """
    encode = getattr(column, "dictionary_encode", None)
    if encode is not None:
        if hasattr(column, "combine_chunks"):
            column = column.combine_chunks()
        encoded = column.dictionary_encode()
        values = encoded.dictionary.to_pylist()
        # Equivalent mutants (no mutate): whether the int32 indices are copied, or may be read without
        # a copy (they hold no null once filled), changes no code.
        indices = encoded.indices.fill_null(len(values))
        codes = indices.to_numpy(zero_copy_only=False).astype(np.int32, copy=False)  # pragma: no mutate
        return codes, [*values, None]
    seen: dict[tuple[type, Any], int] = {}
    # Keyed by type as well: True == 1 and hash alike, but a profile reads them differently.
    keys = ((type(v), v) for v in column)
    # Equivalent mutant (no mutate): the count only lets numpy allocate once.
    codes = np.fromiter((seen.setdefault(k, len(seen)) for k in keys), np.int32, len(column))  # pragma: no mutate
    return codes, [value for _, value in seen]


def read_column(name: str, column: Sequence[Any]) -> Cells:
    """A flat column read as its field of the profile reads it."""
    codes, raw = factorize(column)
    read = _reader(name)
    if name in _NONE_MEANS_EMPTY:
        read = _or_none_word(read)
    values: list[Any] = []
    bad = np.zeros(len(raw), dtype=bool)
    for i, value in enumerate(raw):
        if isinstance(value, str) and len(value) > MAX_CELL:  # the explaining engine names it
            values.append(None)
            bad[i] = True
            continue
        try:
            values.append(read(cell_value(value)))
        except (ValidationError, ValueError, TypeError):
            values.append(None)
            bad[i] = True
    return Cells(codes, values, bad)


def read_ids(column: Any, size: int) -> np.ndarray:
    """Each row's id as hukou batch writes it: as written, blank for none. Not factorised: ids are
    all distinct, and hashing a million of them costs more than reading them."""
    if column is None:
        return np.full(size, None, dtype=object)  # pragma: no mutate  (filled with None: object anyway)
    # Arrow text: blanks to nulls, in C. Equivalent mutants (no mutate): this is only the faster way to
    # the ids the general way below gives, so a mutant that skips it changes no id.
    if str(getattr(column, "type", "")) == "string":  # pragma: no mutate
        import pyarrow as arrow
        import pyarrow.compute as compute

        blank = compute.equal(column, "")
        ids = compute.if_else(blank, arrow.scalar(None, arrow.string()), column)  # pragma: no mutate  (any null)
        return ids.to_numpy(zero_copy_only=False)  # pragma: no mutate  (None for False: the same)
    values = column.to_pylist() if hasattr(column, "to_pylist") else column
    # Equivalent mutant (no mutate): without dtype=object, ids all given are numpy text, written alike.
    texts = [None if v in (None, "") else str(v) for v in values]
    return np.array(texts, dtype=object)  # pragma: no mutate


def _reader(name: str) -> Callable[[Any], Any]:
    """How one cell of column ``name`` becomes the value of its field (None stays None)."""
    if name in ("groups", "family"):
        return lambda value: value  # read as a whole by hukou.backends.vector.frame
    if name in _PERSON_FIELDS:
        return _field_reader(Profile, name)
    if name.startswith("relative_"):
        return _field_reader(Relative, name.removeprefix("relative_"))
    for prefix in ("hukou", "education", *SECTIONS):
        if name.startswith(prefix + "_"):
            return _field_reader(_MODELS[prefix], name.removeprefix(prefix + "_"))
    raise KeyError(name)  # pragma: no mutate  (never raised: read_column is given the flat columns only)


def _or_none_word(read: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def read_or_none(value: Any) -> Any:
        return value if says_none(value) else read(value)

    return read_or_none


@cache
def _field_reader(model: type[BaseModel], field: str) -> Callable[[Any], Any]:
    info = model.model_fields[field]
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    adapter: TypeAdapter[Any] = TypeAdapter(annotation)

    def read(value: Any) -> Any:
        return None if value is None else adapter.validate_python(value)

    return read
