"""Judging: the facts a rule reads, their evaluation, the nearest miss and the explained verdict.

Reads the model and the rulebook; the front ends and the second and third evaluators read it.
The names below are its API (the verdict's models are the JSON ``hukou check --format json``
writes); the modules' other names are internal.
"""

from hukou.judging.engine import judge
from hukou.judging.facts import FACTS, FactSpec, Held, Value
from hukou.judging.verdict import (
    ChannelReport,
    CheckReport,
    Citation,
    CityReport,
    ConditionReport,
    FollowerReport,
    GapReport,
    NearestMiss,
    PermitReport,
    PointsReport,
    RegistrationReport,
    Verdict,
)

__all__ = [
    "FACTS",
    "ChannelReport",
    "CheckReport",
    "Citation",
    "CityReport",
    "ConditionReport",
    "FactSpec",
    "FollowerReport",
    "GapReport",
    "Held",
    "NearestMiss",
    "PermitReport",
    "PointsReport",
    "RegistrationReport",
    "Value",
    "Verdict",
    "judge",
]
