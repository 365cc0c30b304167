"""The explained result: per city, per channel, per condition and per family member.

These models are the public output contract (``--format json``): every field a renderer
shows is here, so that a caseworker's table and a script read the same answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, computed_field

from hukou.bilingual import Text
from hukou.rulebook.schema import Document, RegistrationType

Verdict = Literal["eligible", "ineligible", "undetermined"]
ConditionVerdict = Literal["met", "not_met", "unknown", "waived"]

SCHEMA_VERSION = "1"
"""The version of the JSON contract (``--format json`` and the HTTP API's ``/v1``). A field added
keeps it; a field removed, renamed or given another meaning makes the next version."""


class Report(BaseModel):
    model_config = ConfigDict(frozen=True)


class ConditionReport(Report):
    """One leaf condition: the person's value against the policy's threshold."""

    id: str
    label: Text
    verdict: ConditionVerdict
    fact: str | None
    actual: Any
    op: str | None
    required: Any
    unit: str | None
    detail: str | None = None
    missing: Text | None = None
    waived_by: str | None = None
    item: Text | None = None  # the home, course or job this was judged on
    within: list[str] = []  # the ids of the groups (any/not/some) the leaf stands in
    groups: list[Text] = []  # and their labels ("满足其一", "在凯里购买的房产")


class Citation(Report):
    document: str
    number: str
    title: str
    issued: dt.date
    status: str
    section: str | None
    quote: str
    file: str


def cite(document: Document, section: str | None, quote: str) -> Citation:
    """A quoted sentence of a document, with what names the document."""
    return Citation(
        document=document.id,
        number=document.number,
        title=document.title,
        issued=document.issued,
        status=document.status,
        section=section,
        quote=quote,
        file=document.file,
    )


class FollowerReport(Report):
    relation: str
    name: str | None
    may_follow: bool | None
    reason: Text
    channel: str | None = None
    # While open: the relative's facts the channel's rule still waits on (member.age, …).
    waits_on: list[str] = []


class RegistrationReport(Report):
    type: RegistrationType
    label: Text
    note: Text | None = None
    certain: bool = True  # false while the condition choosing it is unknown


class GapReport(Report):
    """One change that would bring a person closer to a channel."""

    condition: str
    kind: Literal["wait", "supply", "change", "regulation"]
    text: Text


class NearestMiss(Report):
    """The channel closest to admitting someone, and the smallest change of facts that would."""

    channel: str
    title: Text
    verdict: Verdict
    gaps: list[GapReport]


PointsStatus = Literal["below_line", "may_reach", "line_reached", "no_line", "no_table"]


class IndicatorReport(Report):
    """One points indicator: what it earned, from which fact, against which sentence.

    ``low`` and ``high`` bound the points while facts are unknown (None: no bound, e.g. deductions
    not known); ``points`` is set when they meet.
    """

    id: str
    title: Text
    kind: str  # per_year | table | fixed | per_count | up_to | best_of
    points: float | None
    low: float | None
    high: float | None
    fact: str | None = None
    actual: Any = None
    detail: str | None = None
    missing: Text | None = None
    cap: float | None = None
    counted: bool = True  # false for a part of a "highest only" group that is not the highest
    citation: Citation
    parts: list[IndicatorReport] = []


class PointsGain(Report):
    """One change that adds points, and how many."""

    indicator: str
    points: float
    text: Text
    on: dt.date | None = None  # the day it comes if things go on


class PointsReport(Report):
    """A points channel's score (积分) with its breakdown, the line, and what decides after it."""

    score: float | None  # when every indicator is known
    low: float | None
    high: float | None
    line: float | None
    line_citation: Citation | None = None
    status: PointsStatus
    status_text: Text
    admission: Citation | None = None  # the sentence saying a yearly quota and ranking decide
    indicators: list[IndicatorReport]
    gains: list[PointsGain] = []
    line_reached_on: dt.date | None = None  # if things go on


class PermitReport(Report):
    """The residence permit (居住证) as a second outcome: may the person apply for one now?

    ``verdict`` eligible: may apply now — the first step to the public services and, where a city
    settles by points, a prerequisite. ``holds``: the profile says one is held here now.
    """

    verdict: Verdict
    holds: bool | None
    status: Text
    citation: Citation
    local: list[Citation] = []  # the city's own measures where they add to the national rule
    conditions: list[ConditionReport]
    missing: list[Text] = []


class ChannelReport(Report):
    id: str
    jurisdiction: str
    title: Text
    verdict: Verdict
    document: str
    quote: str
    citation: Citation
    conditions: list[ConditionReport]
    missing: list[Text]
    deferred_to: str | None = None
    followers: list[FollowerReport]
    registration: list[RegistrationReport]
    priority: Text | None = None
    interpretation: Text | None = None
    # How a channel open fact by fact was decided over the values the unknown facts may take
    # ("met whichever the applicant's sex", "not met even moving alone").
    reasoning: Text | None = None
    waivers: list[Citation] = []
    gaps: list[GapReport] = []  # the smallest change that would make this channel admit
    distance: float = 0.0  # how far that change is: waiting < telling < changing < a missing regulation
    points: PointsReport | None = None  # a points channel's score; its conditions are the prerequisites


class CityReport(Report):
    city: str
    place: str  # full administrative name
    code: str
    jurisdiction: list[str]  # the encoded jurisdictions that apply, innermost first
    verdict: Verdict
    admitted_by: list[str]
    channels: list[ChannelReport]
    not_in_force: list[str]  # channels of the jurisdiction not in force on the as-of date
    followers: list[FollowerReport]
    registration: list[RegistrationReport]
    missing: list[Text]
    notes: list[Text]
    nearest: NearestMiss | None = None  # for a city that does not (yet) admit the person
    residence_permit: PermitReport | None = None  # the second outcome: may apply for a 居住证 now?

    @computed_field  # type: ignore[prop-decorator]
    @property
    def draft(self) -> bool:
        """Whether the verdict rests on draft documents only (征求意见稿, not adopted): every admitting
        channel, or for a city that does not admit, every channel judged, is from a draft."""
        deciding = (
            [c for c in self.channels if c.verdict == "eligible"] if self.verdict == "eligible" else self.channels
        )
        return bool(deciding) and all(c.citation.status == "draft" for c in deciding)


class CheckReport(Report):
    """One person judged for one or more places on one day: what ``hukou check --format json``
    prints and ``POST /v1/check`` answers."""

    schema_version: str = SCHEMA_VERSION
    as_of: dt.date
    results: list[CityReport]


def combine(verdicts: list[Verdict]) -> Verdict:
    """A city's verdict from its channels': any eligible, else any undetermined, else ineligible.

    With no channel in force the answer is undetermined, never a silent "ineligible".
    """
    if "eligible" in verdicts:
        return "eligible"
    if "undetermined" in verdicts or not verdicts:
        return "undetermined"
    return "ineligible"
