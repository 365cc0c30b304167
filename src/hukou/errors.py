"""The errors hukou raises, one family per phase.

Every error carries the data a user needs to fix the input (file, line, field path, a
suggestion); ``str(error)`` is the one line the CLI prints.
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
