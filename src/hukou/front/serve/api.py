"""The versioned JSON API, ``/v1``: checks, comparisons, the rulebook, its documents and schemas.

Answers are the models ``--format json`` prints, serialised once by pydantic (FastAPI is not
asked to validate them again). Bad input raises :class:`RequestProblem`, which
:mod:`hukou.front.serve.app` turns into a 422 answer in the CLI's words.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel

from hukou.bilingual import Text
from hukou.errors import HukouError, UnknownPlace
from hukou.front.compare import CompareReport, Row, row_of
from hukou.front.serve.contract import (
    ChannelSummary,
    CheckRequest,
    CompareRequest,
    DocumentText,
    ErrorAnswer,
    Health,
    Jurisdictions,
    JurisdictionSummary,
    ParsedProfile,
    ParseRequest,
    Problem,
    QuoteMark,
)
from hukou.front.serve.documents import CitedDocument
from hukou.front.serve.words import ALL_WORDS, Words
from hukou.judging.engine import judge
from hukou.judging.verdict import CheckReport
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import Profile
from hukou.model.profile_file import profile_from_data, profile_from_text
from hukou.rulebook import Rulebook
from hukou.rulebook.schema import rule_file_json_schema
from hukou.validation import validate
from hukou.yamlio import LineIndex

router = APIRouter(prefix="/v1")

M = TypeVar("M", bound=BaseModel)

_BAD: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorAnswer, "description": "Bad input: the field and what is wrong with it."}
}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorAnswer, "description": "No such jurisdiction or document."}
}
_NOWHERE = LineIndex("", {})


class RequestProblem(Exception):
    """Bad input, to be answered with ``status`` and the problem (never a traceback)."""

    def __init__(self, problem: Problem, status: int = 422) -> None:
        super().__init__(problem.message)
        self.problem = problem
        self.status = status


def problem_of(error: HukouError, prefix: str = "") -> Problem:
    """An error of the library as the API reports it: its field is a path in the request body."""
    field = ".".join(p for p in (prefix, error.field or "") if p) or None
    named = error.file or None  # a profile's text sent with its file name (/v1/profiles/parse)
    located = HukouError(error.message, file=named, line=error.line, field=field, suggestion=error.suggestion)
    return Problem(
        message=str(located),
        field=field,
        line=error.line if named else None,
        suggestion=error.suggestion,
        candidates=list(error.candidates) if isinstance(error, UnknownPlace) else [],
    )


def answer(model: BaseModel) -> Response:
    return Response(model.model_dump_json(), media_type="application/json")


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise RequestProblem(Problem(message="the request has no body: send a JSON object"))
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise RequestProblem(Problem(message=f"not UTF-8 text (byte {exc.start})")) from None
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise RequestProblem(Problem(message=f"not well-formed JSON: {exc.msg} ({where})", line=exc.lineno)) from None
    except (RecursionError, ValueError) as exc:
        raise RequestProblem(Problem(message=f"not JSON that can be read: {exc}")) from None


def read(model: type[M], data: Any) -> M:
    """The request envelope, checked as a profile file is (unknown keys refused)."""
    try:
        return validate(model, data, _NOWHERE, HukouError)
    except HukouError as error:
        raise RequestProblem(problem_of(error)) from None


def read_profile(data: Any, day: dt.date, prefix: str, rulebook: Rulebook) -> Profile:
    try:
        # The rulebook checks each zone written in the profile against its district, as the CLI does.
        return profile_from_data(data, _NOWHERE, day, rulebook)
    except HukouError as error:
        raise RequestProblem(problem_of(error, prefix)) from None


def places_of(names: list[str] | None, rulebook: Rulebook) -> list[Place]:
    """The places asked for (every encoded jurisdiction when none is named), by their canonical names."""
    if names is None:
        return [f.place for f in rulebook]
    places = []
    for i, name in enumerate(names):
        try:
            places.append(GAZETTEER.resolve(name))
        except UnknownPlace as error:
            raise RequestProblem(problem_of(error, f"places[{i}]")) from None
    return places


def rulebook_of(request: Request) -> Rulebook:
    rulebook: Rulebook = request.app.state.rulebook
    return rulebook


def _body_doc(model: str) -> dict[str, Any]:
    """The request body as the OpenAPI document shows it (the schema is added by hukou.front.serve.openapi)."""
    schema = {"$ref": f"#/components/schemas/{model}"}
    return {"requestBody": {"required": True, "content": {"application/json": {"schema": schema}}}}


@router.post(
    "/check",
    summary="Judge one profile for one or more places on one day",
    response_model=CheckReport,
    responses=_BAD,
    openapi_extra=_body_doc("CheckRequestDoc"),
)
async def check(request: Request) -> Response:
    """What ``hukou check --format json`` prints: per place, the verdict, every channel, its
    conditions (the person's value against the threshold), the sentence quoted, who may follow,
    where the hukou would be registered and what is missing."""
    rulebook = rulebook_of(request)
    asked = read(CheckRequest, await json_body(request))
    day = asked.as_of or dt.date.today()
    profile = read_profile(asked.profile, day, "profile", rulebook)
    places = places_of(asked.places, rulebook)
    return answer(CheckReport(as_of=day, results=[judge(profile, rulebook, place, day) for place in places]))


@router.post(
    "/compare",
    summary="Judge several profiles for one or more places on one day",
    response_model=CompareReport,
    responses=_BAD,
    openapi_extra=_body_doc("CompareRequestDoc"),
)
async def compare(request: Request) -> Response:
    """What ``hukou compare --format json`` prints: one row per person and place, each with the
    verdict, the admitting (or nearest) channel, what is still needed, and the full result."""
    rulebook = rulebook_of(request)
    asked = read(CompareRequest, await json_body(request))
    day = asked.as_of or dt.date.today()
    people = [read_profile(data, day, f"profiles[{i}]", rulebook) for i, data in enumerate(asked.profiles)]
    places = places_of(asked.places, rulebook)
    rows: list[Row] = []
    for i, person in enumerate(people):
        label = person.name or f"#{i + 1}"
        rows += [row_of(label, judge(person, rulebook, place, day), person.family) for place in places]
    return answer(CompareReport(as_of=day, results=rows))


@router.post(
    "/profiles/parse",
    summary="Read a profile file's text (YAML or JSON) as hukou check reads the file",
    response_model=ParsedProfile,
    responses=_BAD,
)
async def parse_profile(asked: ParseRequest) -> Response:
    """The profile with every value in its canonical form; errors name the line and field."""
    try:
        profile = profile_from_text(asked.text, asked.name)
    except HukouError as error:
        raise RequestProblem(problem_of(error)) from None
    return answer(ParsedProfile(profile=profile.model_dump(mode="json", exclude_none=True)))


@router.get("/jurisdictions", summary="The encoded jurisdictions, their documents and channels")
async def jurisdictions(request: Request) -> Jurisdictions:
    listed: Jurisdictions = request.app.state.jurisdictions
    return listed


def listing(rulebook: Rulebook) -> Jurisdictions:
    """What ``hukou rules list --format json`` prints, with the names and channels spelt out."""
    return Jurisdictions(
        jurisdictions=[
            JurisdictionSummary(
                jurisdiction=f.name,
                name=Text(zh=f.rules.jurisdiction.names.zh, en=f.rules.jurisdiction.names.en),
                code=f.place.code,
                file=f.path.relative_to(rulebook.root).as_posix(),
                documents=f.rules.documents,
                channels=[
                    ChannelSummary(id=c.id, title=c.title, document=c.document, section=c.section, quote=c.quote)
                    for c in f.rules.channels
                ],
            )
            for f in rulebook
        ]
    )


@router.get(
    "/documents/{document_id}",
    summary="A cited document's text, with the sentences the rules quote marked",
    responses=_NOT_FOUND,
)
async def document(request: Request, document_id: str) -> DocumentText:
    documents: dict[str, CitedDocument] = request.app.state.documents()
    found = documents.get(document_id)
    if found is None:
        known = ", ".join(sorted(documents))
        raise RequestProblem(Problem(message=f"no document {document_id!r}; cited: {known}"), 404)
    return DocumentText(
        document=found.document,
        jurisdictions=list(found.jurisdictions),
        text=found.text,
        quotes=[QuoteMark(start=m.start, end=m.end, quote=m.quote, cited_by=list(m.cited_by)) for m in found.marks],
    )


@router.get("/schemas/profile", summary="The profile's JSON Schema (hukou schema profile)")
async def profile_schema() -> dict[str, Any]:
    return Profile.model_json_schema()


@router.get("/schemas/rules", summary="The rule file's JSON Schema (hukou schema rules)")
async def rules_schema() -> dict[str, Any]:
    return rule_file_json_schema()


@router.get("/words", summary="The words a value, unit, relation or verdict is shown with, in Chinese and English")
async def words() -> Words:
    """What the CLI prints for each canonical value, so that a page shows the same; and each
    fact's kind, which decides how a condition reads (a number against a threshold, yes or no)."""
    return ALL_WORDS


@router.get("/health", summary="The server is up, with the rulebook it judges by")
async def health(request: Request) -> Health:
    try:
        release = version("hukou-rules")
    except PackageNotFoundError:  # run from a checkout that was never installed
        release = "unknown"
    return Health(version=release, jurisdictions=len(rulebook_of(request).files), today=dt.date.today())
