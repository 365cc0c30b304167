"""The HTTP API's requests and the answers that are not already the CLI's reports.

Checks and comparisons answer with :class:`~hukou.judging.verdict.CheckReport` and
:class:`~hukou.front.compare.CompareReport`, the very models ``--format json`` prints; this module
holds what only the API needs: the request envelopes, the error answer and the rulebook's
listings.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from hukou.bilingual import Text
from hukou.judging.verdict import SCHEMA_VERSION
from hukou.model.profile import Day, Profile
from hukou.rulebook.schema import Document

MAX_PLACES = 60  # a request's work is bounded: every encoded jurisdiction and then some
MAX_PROFILES = 20  # applicants side by side on one page

PlaceNames = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=100)]] | None,
    Field(
        max_length=MAX_PLACES,
        description="Cities, counties or districts, in Chinese or pinyin; omitted: every encoded jurisdiction.",
        examples=[["凯里", "济源"]],
    ),
]
AsOf = Annotated[
    Day | None,
    Field(description="The day judged (YYYY-MM-DD, or 2024年9月1日); omitted: today.", examples=["2024-09-01"]),
]


class Envelope(BaseModel):
    """A request body: unknown keys are refused, as in a profile file."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class CheckRequest(Envelope):
    """One person for one or more places on one day (``hukou check``)."""

    profile: dict[str, Any] = Field(description="The applicant, as the profile schema (/v1/schemas/profile) says.")
    places: PlaceNames = None
    as_of: AsOf = None


class CompareRequest(Envelope):
    """Several people for one or more places on one day (``hukou compare``)."""

    profiles: Annotated[list[dict[str, Any]], Field(min_length=1, max_length=MAX_PROFILES)] = Field(
        description="The applicants, each as the profile schema says; a row's label is its name, else #1, #2…"
    )
    places: PlaceNames = None
    as_of: AsOf = None


class ParseRequest(Envelope):
    """A profile file's text, to be read as ``hukou check`` reads the file."""

    text: Annotated[str, Field(max_length=256 * 1024, description="YAML or JSON, as in a profile file.")]
    name: Annotated[str, Field(min_length=1, max_length=200, description="The file's name, for messages.")] = "profile"


# The same envelopes with the profile typed, so that the OpenAPI document describes it field by
# field. The API reads a body with the envelopes above and a profile with the profile reader,
# for the CLI's words in every error.
class CheckRequestDoc(CheckRequest):
    profile: Profile  # type: ignore[assignment]


class CompareRequestDoc(CompareRequest):
    profiles: Annotated[list[Profile], Field(min_length=1, max_length=MAX_PROFILES)]  # type: ignore[assignment]


class Answer(BaseModel):
    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION


class Problem(BaseModel):
    """What is wrong with a request, in the words the CLI uses."""

    message: str = Field(description="One line: field, what is wrong, and a suggestion when there is one.")
    field: str | None = Field(default=None, description="The path in the request body, e.g. profile.family[1].age.")
    line: int | None = Field(default=None, description="The line of a profile's text (/v1/profiles/parse).")
    suggestion: str | None = None
    candidates: list[str] = Field(default=[], description="What an ambiguous place name may mean.")


class ErrorAnswer(Answer):
    error: Problem


class ParsedProfile(Answer):
    profile: dict[str, Any] = Field(description="The profile with its values in their canonical form.")


class ChannelSummary(BaseModel):
    id: str
    title: Text
    document: str
    section: str | None
    quote: str


class JurisdictionSummary(BaseModel):
    jurisdiction: str
    name: Text
    code: str
    file: str
    documents: list[Document]
    channels: list[ChannelSummary]


class Jurisdictions(Answer):
    jurisdictions: list[JurisdictionSummary]


class QuoteMark(BaseModel):
    """Where a quoted sentence stands in a document's text (character offsets, end exclusive)."""

    start: int
    end: int
    quote: str
    cited_by: list[str] = Field(description="jurisdiction/channel (or channel.exceptions.id) that quote it")


class DocumentText(Answer):
    document: Document
    jurisdictions: list[str]
    text: str
    quotes: list[QuoteMark]


class Health(Answer):
    status: Literal["ok"] = "ok"
    version: str
    jurisdictions: int
    today: dt.date
