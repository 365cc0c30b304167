"""hukou: household-registration settlement rules as code.

Example:
    >>> import datetime as dt
    >>> from hukou import GAZETTEER, judge, load_profile, load_rulebook
    >>> profile = load_profile(Path("examples/kaili-graduate.yaml"))  # doctest: +SKIP
    >>> judge(profile, load_rulebook(), GAZETTEER.resolve("凯里"), dt.date(2024, 9, 1)).verdict  # doctest: +SKIP
    'eligible'
"""

from hukou.errors import HukouError, InputFileError, ProfileError, RuleFileError, UnknownPlace
from hukou.judging.engine import judge
from hukou.judging.verdict import CheckReport, CityReport
from hukou.model.places import GAZETTEER
from hukou.model.profile import Profile
from hukou.model.profile_file import load_profile, profile_from_text
from hukou.rulebook import Rulebook, load_rulebook

__all__ = [
    "GAZETTEER",
    "CheckReport",
    "CityReport",
    "HukouError",
    "InputFileError",
    "Profile",
    "ProfileError",
    "RuleFileError",
    "Rulebook",
    "UnknownPlace",
    "judge",
    "load_profile",
    "load_rulebook",
    "profile_from_text",
]
