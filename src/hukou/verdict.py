"""The explained result: per city, per channel, per condition and per family member.

These models are the public output contract (``--format json``): every field a renderer
shows is here, so that a caseworker's table and a script read the same answer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from hukou.bilingual import Text
from hukou.rulebook.schema import RegistrationType

Verdict = Literal["eligible", "ineligible", "undetermined"]
ConditionVerdict = Literal["met", "not_met", "unknown", "waived"]


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


class FollowerReport(Report):
    relation: str
    name: str | None
    may_follow: bool | None
    reason: Text
    channel: str | None = None


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


class CheckReport(Report):
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
