"""The errors hukou raises, one family per phase: every exception hukou defines is here.

Every error carries the data a user needs to fix the input (file, line, field path, a
suggestion); ``str(error)`` is the one line the CLI prints.

    HukouError
    ├── InputFileError            a file cannot be read, or is not well-formed YAML/JSON
    ├── OutputFileError           an output cannot be written
    ├── UnreadableJSON            a JSON text (a batch row) that is not a profile's
    │   └── DuplicateKey
    ├── NotADay                   a text or number that is no day of the calendar (also a ValueError)
    ├── RuleFileError             a rule file breaks the rule-file schema
    ├── ProfileError              a profile breaks the profile schema
    ├── UnknownPlace              a place name matching no division, or several
    │   └── UnknownCode           a division code no division has (also a KeyError)
    ├── CacheEntryError           a cached entry is not what this code makes: it is rebuilt
    └── EvaluationError           the rules cannot be judged as asked
        ├── NotVectorised         the vectorised evaluator cannot judge a rule on columns
        ├── ReteUnavailable       durable-rules is not installed
        ├── ReteCannotExpress     a condition the durable-rules compilation cannot express
        ├── TooComplex            a condition too large for lint to put in normal form
        └── EnginesDisagree       two engines judge differently: a bug in one of them

Pydantic validators raise ``ValueError`` (pydantic's contract: it makes that a field's error);
errors private to one module (a parser's own stop signal) stay there.
"""

from __future__ import annotations

from pathlib import Path


class HukouError(Exception):
    """Base of every error hukou raises on purpose."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field
        self.suggestion = suggestion

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = self.file if self.line is None else f"{self.file}:{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        hint = f"; did you mean {self.suggestion!r}?" if self.suggestion else ""
        return f"{where}{field}{self.message}{hint}"


class InputFileError(HukouError):
    """A file could not be read or is not well-formed YAML/JSON."""


class RuleFileError(HukouError):
    """A rule file breaks the rule-file schema."""


class ProfileError(HukouError):
    """An applicant profile breaks the profile schema."""


class UnknownPlace(HukouError):
    """A place name matches no administrative division, or several."""

    def __init__(
        self,
        message: str,
        *,
        name: str,
        candidates: tuple[str, ...] = (),
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message, suggestion=suggestion)
        self.name = name
        self.candidates = candidates


class UnknownCode(UnknownPlace, KeyError):
    """No administrative division has this code (a ``KeyError`` too: the gazetteer is looked up
    by code as a mapping is)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"{code} is not an administrative division code", name=code)

    def __str__(self) -> str:  # KeyError's own would quote the message
        return HukouError.__str__(self)


class OutputFileError(HukouError):
    """The output cannot be written: its folder is missing, it is not writable, the disk is full."""


class UnreadableJSON(HukouError):
    """A JSON text cannot be read as a profile (a batch file's row, or the whole file): not JSON,
    nested too deeply, a number past Python's limit of digits. The batch writes it as an error row."""


class DuplicateKey(UnreadableJSON):
    """A JSON object names one key twice (YAML refuses that too)."""


class NotADay(HukouError, ValueError):
    """A text that is not a date, or a date that is not in the calendar (a ``ValueError`` too:
    a pydantic validator raising it makes it the field's error)."""


class CacheEntryError(HukouError):
    """A cached entry is not what this code makes (tampered with, or made by other code): it is
    rebuilt, and never reaches a user."""


class EvaluationError(HukouError):
    """The rules cannot be judged as asked."""


class NotVectorised(EvaluationError):
    """The vectorised evaluator cannot judge a rule on columns (a fact it cannot derive, a points
    channel): the batch judges those rows with the explaining engine, slower and the same."""


class ReteUnavailable(EvaluationError):
    """durable-rules is not installed (or does not import on this Python)."""


class ReteCannotExpress(EvaluationError):
    """A condition the durable-rules compilation cannot express: too large for one rule with no
    alternatives to split it into, or a ``some`` inside a ``some``."""


class TooComplex(EvaluationError):
    """A condition's normal form grew past lint's limit of terms: lint says it did not look."""


class EnginesDisagree(EvaluationError):
    """The two engines do not judge the same channels: a bug in one of them."""
