"""The model: the applicant (profile, the words it may use, dates), places, regions and periods.

Depends on nothing else of hukou but the shared base modules (errors, bilingual, text, YAML reading,
validation, labels). The names below are its API; the modules' other names are internal.
"""

from hukou.model.dates import parse_day
from hukou.model.places import GAZETTEER, Gazetteer, Place
from hukou.model.profile import EducationLevel, Group, Member, Profile, Relation
from hukou.model.profile_file import load_profile, profile_from_data, profile_from_text
from hukou.model.regions import Area, Pool, Region
from hukou.model.situation import Situation

__all__ = [
    "GAZETTEER",
    "Area",
    "EducationLevel",
    "Gazetteer",
    "Group",
    "Member",
    "Place",
    "Pool",
    "Profile",
    "Region",
    "Relation",
    "Situation",
    "load_profile",
    "parse_day",
    "profile_from_data",
    "profile_from_text",
]
