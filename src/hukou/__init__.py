"""hukou: household-registration settlement rules as code.

The names below are the library's API: judge a profile against the rulebook for a place on a day,
and read the explained verdict (its models are the JSON ``hukou check --format json`` writes). Each
layer package (hukou.model, hukou.rulebook, hukou.judging, hukou.backends, hukou.front) names its
own in ``__all__``; the modules' other names are internal.

Example:
    >>> import datetime as dt
    >>> from hukou import GAZETTEER, judge, load_profile, load_rulebook
    >>> profile = load_profile(Path("examples/kaili-graduate.yaml"))  # doctest: +SKIP
    >>> judge(profile, load_rulebook(), GAZETTEER.resolve("凯里"), dt.date(2024, 9, 1)).verdict  # doctest: +SKIP
    'eligible'
"""

from hukou.errors import (
    DuplicateKey,
    EnginesDisagree,
    EvaluationError,
    HukouError,
    InputFileError,
    NotADay,
    NotVectorised,
    OutputFileError,
    ProfileError,
    ReteCannotExpress,
    ReteUnavailable,
    RuleFileError,
    UnknownCode,
    UnknownPlace,
    UnreadableJSON,
)
from hukou.judging import (
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
    judge,
)
from hukou.model import (
    GAZETTEER,
    Gazetteer,
    Place,
    Profile,
    load_profile,
    parse_day,
    profile_from_data,
    profile_from_text,
)
from hukou.rulebook import Rulebook, load_rulebook

__all__ = [
    "GAZETTEER",
    "ChannelReport",
    "CheckReport",
    "Citation",
    "CityReport",
    "ConditionReport",
    "DuplicateKey",
    "EnginesDisagree",
    "EvaluationError",
    "FollowerReport",
    "GapReport",
    "Gazetteer",
    "HukouError",
    "InputFileError",
    "NearestMiss",
    "NotADay",
    "NotVectorised",
    "OutputFileError",
    "PermitReport",
    "Place",
    "PointsReport",
    "Profile",
    "ProfileError",
    "RegistrationReport",
    "ReteCannotExpress",
    "ReteUnavailable",
    "RuleFileError",
    "Rulebook",
    "UnknownCode",
    "UnknownPlace",
    "UnreadableJSON",
    "Verdict",
    "judge",
    "load_profile",
    "load_rulebook",
    "parse_day",
    "profile_from_data",
    "profile_from_text",
]
