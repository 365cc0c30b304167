"""The flat profile: one row of named columns per person, for CSV and Parquet files.

A spreadsheet cannot nest, so the flat form holds at most one period of each kind (residence,
home, job, social insurance, study), one relative to join, and the family as a short list
(``spouse with; child 5 with; parent 62 apart``). Everything else is as in the nested profile: an empty cell is
unknown, never false. ``groups`` is ``none`` for "in no group" and ``talent@凯里;investor@凯里`` for two,
each with where it was issued;
``residence_city`` (and the other sections' ``_city``) is ``none`` for "no such period at all", and
``relative_relation`` is ``none`` for "no relative to join".
``hukou convert`` turns nested profiles into rows and back; a nested profile with more than one
period of a kind cannot be flattened, and says so.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from hukou.errors import ProfileError
from hukou.model.profile import Credential, Group, Member, Profile

PERSON = ("id", "name", "age", "born", "sex", "retired", "stable_income", "groups", "family")
HUKOU = ("province", "city", "type", "zone")
EDUCATION = ("level", "moe_recognized", "graduated", "school_city", "professional_title")
PERIOD = ("city", "since", "until", "months", "zone")
SECTIONS: dict[str, tuple[str, ...]] = {
    "residence": (*PERIOD, "permit"),
    "housing": (*PERIOD, "tenure", "area_sqm", "own_house_number", "commercial", "lives_in"),
    "employment": (*PERIOD, "kind", "contract", "strategic_emerging", "industrial_park"),
    "social_insurance": (*PERIOD, "pension"),
    "study": (*PERIOD, "level", "vocational"),
}
RELATIVE = ("relation", "city", "urban", "lives_with_applicant")

COLUMNS: tuple[str, ...] = (
    *PERSON,
    *(f"hukou_{c}" for c in HUKOU),
    *(f"education_{c}" for c in EDUCATION),
    *(f"{section}_{c}" for section, columns in SECTIONS.items() for c in columns),
    *(f"relative_{c}" for c in RELATIVE),
)
"""Every column of the flat form, in order."""

MAX_CELL = 500
"""The longest text a cell (or a nested value) may hold, in characters: no field of a profile needs
more, and a longer one could make a row cost seconds (a place name is looked up, with suggestions)."""

BOOLEANS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}


def cell_value(value: Any) -> Any:
    """A cell as the nested profile takes it: blank is unknown; yes/no are booleans."""
    if value is None:
        return None
    if isinstance(value, float) and value != value:  # NaN, as pandas and Arrow write an empty cell
        return None
    if isinstance(value, str):
        text = value.strip()
        if text == "":
            return None
        return BOOLEANS.get(text.lower(), text)
    return value


def says_none(cell: Any) -> bool:
    """Whether a section's city (a relative's relation) says ``none``: no such period at all."""
    return isinstance(cell, str) and cell.lower() == "none"


def profile_data(row: Mapping[str, Any], where: str = "<row>") -> dict[str, Any]:
    """The nested profile a flat row describes (validated later, with the row's number in errors).

    Raises:
        ProfileError: the row has a column the flat form does not know.
    """
    unknown = [k for k in row if k not in COLUMNS]
    if unknown:
        raise ProfileError(f"unknown column {unknown[0]!r}", file=where)
    for name, value in row.items():
        if isinstance(value, str) and len(value) > MAX_CELL:
            raise ProfileError(f"a cell of {len(value):,} characters (at most {MAX_CELL})", file=where, field=name)
    cells = {k: cell_value(v) for k, v in row.items()}
    data: dict[str, Any] = {}
    for key in ("name", "age", "born", "sex", "retired", "stable_income"):
        if cells.get(key) is not None:
            data[key] = cells[key]
    if (groups := cells.get("groups")) is not None:
        data["groups"] = (
            [] if str(groups).strip().lower() == "none" else [_group(g) for g in str(groups).split(";") if g.strip()]
        )
    if (family := cells.get("family")) is not None:
        data["family"] = family_members(str(family))
    parts: tuple[tuple[str, tuple[str, ...]], ...] = (("hukou", HUKOU), ("education", EDUCATION))
    for prefix, names in parts:
        part = {c: cells[f"{prefix}_{c}"] for c in names if cells.get(f"{prefix}_{c}") is not None}
        if part:
            data[prefix] = part
    for section, columns in SECTIONS.items():
        city = cells.get(f"{section}_city")
        if says_none(city):
            data[section] = []  # known: none at all
            continue
        item = {c: cells[f"{section}_{c}"] for c in columns if cells.get(f"{section}_{c}") is not None}
        if item:
            data[section] = [item]
    relative = {c: cells[f"relative_{c}"] for c in RELATIVE if cells.get(f"relative_{c}") is not None}
    if says_none(relative.get("relation")):
        data["relatives"] = []  # known: no relative to join
    elif relative:
        data["relatives"] = [relative]
    return data


# Words a family member may carry after the relation: ``child 17 with unmarried no-income``.
_MEMBER_WORDS: dict[str, tuple[str, Any]] = {
    "with": ("lives_with_applicant", True),
    "apart": ("lives_with_applicant", False),
    "married": ("married", True),
    "unmarried": ("married", False),
    "income": ("has_income", True),
    "no-income": ("has_income", False),
    "male": ("sex", "male"),
    "female": ("sex", "female"),
}


def family_members(text: str) -> list[dict[str, Any]]:
    """``spouse with; child 5 with; parent 62 apart`` (``none`` for no one) as family members:
    a relation, then an age or a birth date, and any of with/apart, married/unmarried,
    income/no-income, male/female."""
    if text.strip().lower() == "none":
        return []
    members = []
    for part in text.split(";"):
        words = part.split()
        if not words:
            continue
        member: dict[str, Any] = {"relation": words[0]}
        for word in words[1:]:
            if word in _MEMBER_WORDS:
                key, value = _MEMBER_WORDS[word]
                member[key] = value
            elif "-" in word[1:]:
                member["born"] = word
            else:
                member["age"] = word
        members.append(member)
    return members


def _member_text(member: Member) -> str:
    words = [member.relation.value]
    if member.age is not None:
        words.append(str(member.age))
    if member.born is not None:
        words.append(member.born.isoformat())
    for word, (key, value) in _MEMBER_WORDS.items():
        if getattr(member, key) == value:
            words.append(word)
    return " ".join(words)


def flat_row(profile: Profile, row_id: str | None = None) -> dict[str, Any]:
    """A profile as one flat row.

    Raises:
        ProfileError: the profile holds more than the flat form can (two periods of a kind,
            details of a family member beyond relation and age, two relatives).
    """
    row: dict[str, Any] = dict.fromkeys(COLUMNS)
    row["id"] = row_id
    for key in ("name", "age", "born", "sex", "retired", "stable_income"):
        row[key] = getattr(profile, key)
    if profile.groups is not None:
        row["groups"] = ";".join(_group_cell(g) for g in profile.groups) or "none"
    if profile.family is not None:
        if any(m.name for m in profile.family):
            raise ProfileError("family members' names do not fit a flat row")
        row["family"] = "; ".join(_member_text(m) for m in profile.family) or "none"
    for prefix, part in (("hukou", profile.hukou), ("education", profile.education)):
        if part is not None:
            for key, value in part.model_dump(exclude_none=True).items():
                row[f"{prefix}_{key}"] = value
    for section in SECTIONS:
        items = getattr(profile, section)
        if items == []:
            row[f"{section}_city"] = "none"
        if items:
            if len(items) > 1:
                raise ProfileError(f"{len(items)} {section} periods do not fit a flat row (one at most)")
            for key, value in items[0].model_dump(exclude_none=True).items():
                row[f"{section}_{key}"] = value
    if profile.relatives == []:
        row["relative_relation"] = "none"
    if profile.relatives:
        if len(profile.relatives) > 1:
            raise ProfileError("more than one relative does not fit a flat row")
        for key, value in profile.relatives[0].model_dump(exclude_none=True).items():
            row[f"relative_{key}"] = value
    return row


def _group(cell: str) -> str | dict[str, str]:
    """One group of a ``groups`` cell: ``talent``, or ``talent@凯里`` with where it was issued."""
    group, _, place = cell.strip().partition("@")
    return {"group": group.strip(), "place": place.strip()} if place.strip() else group.strip()


def _group_cell(entry: Group | Credential) -> str:
    if not isinstance(entry, Credential):
        return entry.value
    if entry.since is not None:
        raise ProfileError("a credential's date (groups[].since) does not fit a flat row")
    return f"{entry.group.value}@{entry.place}" if entry.place else entry.group.value
