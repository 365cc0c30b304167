"""What `hukou rules lint` reports: findings, each with where it is and the people who show it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from hukou.bilingual import Text

Severity = Literal["error", "warning", "note"]
FindingKind = Literal[
    "misquote",  # a quote that does not stand in its document
    "unsatisfiable",  # a channel no one can meet
    "never_fails",  # a condition no one can fail
    "within",  # every person this channel admits, another admits too
    "same_as",  # two channels admit exactly the same people
    "overlap",  # two channels of one document admit someone alike, with different followers or registration
    "national",  # a condition the national frame forbids for a city of this size
    "tier",  # the city's size is not stated, or unknown
    "too_complex",  # a channel too large to analyse
]


class Finding(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str  # how a rule file names it under a channel's `explained`, e.g. "within:j1_residence"
    kind: FindingKind
    severity: Severity
    file: str
    line: int | None = None
    channel: str | None = None
    message: str
    witness: dict[str, Any] | None = None  # the fact values of a person who shows it
    quote: str | None = None  # the sentence it rests on (the national text, for "national")
    document: str | None = None
    explained: Text | None = None  # the rule author's answer, from the rule file

    @property
    def counts(self) -> bool:
        """Whether it makes the report unclean: an error, or a warning no one has answered."""
        return self.severity == "error" or (self.severity == "warning" and self.explained is None)


class LintReport(BaseModel):
    files: list[str]
    method: str  # how the findings were searched for
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def unexplained_warnings(self) -> int:
        return sum(f.severity == "warning" and f.explained is None for f in self.findings)

    @property
    def clean(self) -> bool:
        return not any(f.counts for f in self.findings)
