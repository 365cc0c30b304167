"""Reading an applicant profile from a YAML or JSON file, checking every place it names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from hukou.errors import ProfileError, UnknownPlace
from hukou.model.places import GAZETTEER, Level, Place
from hukou.model.profile import Credential, Profile
from hukou.model.regions import LARGER, Zoned, area_holding
from hukou.validation import validate
from hukou.yamlio import PROFILE_CHARS, LineIndex, dotted, parse_yaml, read_yaml

_SECTIONS_WITH_PERIODS = ("residence", "housing", "employment", "social_insurance", "study")
_SECTIONS_WITH_PLACES = (*_SECTIONS_WITH_PERIODS, "relatives")


def load_profile(path: Path, as_of: dt.date | None = None, rulebook: Iterable[Zoned] | None = None) -> Profile:
    """Read, validate and check one profile file (and, given the day it is judged on, that
    nothing in it starts after that day; given the rulebook, that no zone written in it
    contradicts the zone of its district).

    Raises:
        InputFileError: the file is missing or not well-formed.
        ProfileError: a field is unknown, of the wrong type, impossible, or names an unknown place.

    Example:
        >>> load_profile(Path("examples/kaili-graduate.yaml")).education.level
        <EducationLevel.associate: 'associate'>
    """
    data, where = read_yaml(path, max_chars=PROFILE_CHARS)
    return profile_from_data(data, where, as_of, rulebook)


def profile_from_text(
    text: str, name: str = "<profile>", as_of: dt.date | None = None, rulebook: Iterable[Zoned] | None = None
) -> Profile:
    """Parse and check a profile given as YAML or JSON text."""
    data, where = parse_yaml(text, name, max_chars=PROFILE_CHARS)
    return profile_from_data(data, where, as_of, rulebook)


def profile_from_data(
    data: Any, where: LineIndex, as_of: dt.date | None = None, rulebook: Iterable[Zoned] | None = None
) -> Profile:
    profile = _valid_profile(data, where)
    found = list(after_the_day(profile, as_of)) if as_of is not None else []
    found += zone_conflicts(profile, rulebook) if rulebook is not None else []
    for path, message in found[:1]:
        raise ProfileError(message, file=where.file, line=where.line_of(path), field=dotted(path))
    return profile


def zone_conflicts(profile: Profile, rulebook: Iterable[Zoned]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Zones written in the profile that its places contradict.

    A zone is written where the district alone does not say (one split between two of
    Chongqing's zones, or a place given only as the municipality). Written for a district that
    lies wholly in another zone, or for a place in no jurisdiction with zones, it is a mistake:
    taken at its word it would count a period in the wrong zone.
    """
    entries: list[tuple[tuple[str | int, ...], str | None, str | None]] = []
    if profile.hukou is not None:
        entries.append((("hukou",), profile.hukou.city or profile.hukou.province, profile.hukou.zone))
    for section in _SECTIONS_WITH_PERIODS:
        for i, entry in enumerate(getattr(profile, section) or []):
            entries.append(((section, i), entry.city, getattr(entry, "zone", None)))
    zoned = [loaded for loaded in rulebook if loaded.areas]
    for at, city, zone in entries:
        if zone is None or city is None:
            continue
        places = GAZETTEER.candidates(city)
        if len(places) != 1:
            continue  # refused already, or a province that holds the zoned places
        place = places[0]
        holding = [f for f in zoned if GAZETTEER.within(place, f.place) or GAZETTEER.within(f.place, place)]
        if not holding:
            names = "、".join(f.name for f in zoned)
            where = GAZETTEER.full_name(place)
            yield (*at, "zone"), f"zone {zone!r} is given for {where}, in no jurisdiction with zones ({names})"
            continue
        for loaded in holding:
            if area_holding(GAZETTEER, place, loaded.areas) is LARGER:
                continue
            # The zones the place may be in: one, or for a split district those it is split between.
            possible = [a for a in loaded.areas if any(GAZETTEER.within(place, m) for m in (*a.members, *a.partial))]
            if zone not in {a.id for a in possible}:
                lies = " or ".join(f"{a.label.zh} ({a.id})" for a in possible) or "no zone"
                yield (*at, "zone"), f"zone {zone!r} contradicts {GAZETTEER.full_name(place)}, which lies in {lies}"


def after_the_day(profile: Profile, as_of: dt.date) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Dates that cannot be true on the day judged: a period begun, a degree completed or a person
    born after it. Each is an error, not an unknown: the profile describes a later day than the
    one asked, and judging it as of then would count what has not happened.

    (An ``until`` after the day is a planned end, and allowed.)
    """
    later = f"is after the as-of date {as_of}"
    if profile.born is not None and profile.born > as_of:
        yield ("born",), f"born {profile.born} {later}"
    for i, member in enumerate(profile.family or []):
        if member.born is not None and member.born > as_of:
            yield ("family", i, "born"), f"born {member.born} {later}"
    education = profile.education
    if education is not None and education.graduated is not None and education.graduated > as_of:
        yield (
            ("education", "graduated"),
            f"graduated {education.graduated} {later}: give the level completed by then, or a later --as-of",
        )
    for section in _SECTIONS_WITH_PERIODS:
        for i, period in enumerate(getattr(profile, section) or []):
            if period.since is not None and period.since > as_of:
                yield (section, i, "since"), f"since {period.since} {later}: leave the period out, or a later --as-of"


def _valid_profile(data: Any, where: LineIndex) -> Profile:
    if data is None:
        raise ProfileError("the file is empty (a profile of which nothing is known is written {})", file=where.file)
    profile = validate(Profile, data, where, ProfileError)
    province = profile.hukou.province if profile.hukou is not None else None
    for path, name, level in _place_names(profile):
        exc = unknown_place(name, level, province=province if path == ("hukou", "city") else None)
        if exc is not None:
            lower = _not_a_province(name) if level == "province" else None
            raise ProfileError(
                lower or exc.message,
                file=where.file,
                line=where.line_of(path),
                field=dotted(path),
                suggestion=None if lower else exc.suggestion,
            ) from None
    _check_hukou_city_in_province(profile, where)
    return profile


def unknown_place(name: str, level: Level | None, *, province: str | None = None) -> UnknownPlace | None:
    """Why a place named in a profile is refused, or None if it is kept.

    A name must mean one place, as ``--city`` must: one that may mean several (普陀区 is in 舟山
    and in 上海, Taizhou is 台州 or 泰州) is refused with the list of them, since taking the one
    the question is about would decide the verdict by guessing. The hukou's province, when
    given, may settle which place its city means. A name that means none is refused with a
    suggestion.
    """
    try:
        GAZETTEER.resolve(name, level=level)
    except UnknownPlace as exc:
        if province and exc.candidates:
            provinces = [p for p in GAZETTEER.candidates(province) if p.level == "province"]
            inside = [p for p in GAZETTEER.candidates(name) if any(GAZETTEER.within(p, q) for q in provinces)]
            if len([p for p in inside if level is None or p.level == level]) == 1:
                return None
        return exc
    return None


def _not_a_province(name: str) -> str | None:
    """What to write instead, when a city, county or district is given as the hukou province."""
    lower = [p for p in GAZETTEER.candidates(name) if p.level != "province"]
    if not lower:
        return None
    place = lower[0]
    province = GAZETTEER.chain(place)[-1]
    kind = "a city" if place.name.endswith("市") else "a county or district"
    return (
        f"{name} is {kind} ({GAZETTEER.full_name(place)}), not a province: "
        f"write province: {province.short}, city: {name}"
    )


def province_without(province: str | None, city: str | None) -> Place | None:
    """The hukou province, when a hukou city is given that does not lie in it (else None)."""
    if not city or not province:
        return None
    provinces = [p for p in GAZETTEER.candidates(province) if p.level == "province"]
    cities = GAZETTEER.candidates(city)
    if provinces and not any(GAZETTEER.within(c, p) for c in cities for p in provinces):
        return provinces[0]
    return None


def _check_hukou_city_in_province(profile: Profile, where: LineIndex) -> None:
    """A hukou city must lie in the hukou province, when both are given."""
    hukou = profile.hukou
    outside = province_without(hukou.province, hukou.city) if hukou is not None else None
    if hukou is not None and outside is not None:
        path = ("hukou", "city")
        found = [GAZETTEER.full_name(p) for p in GAZETTEER.candidates(hukou.city or "")]
        where_it_is = f" (it is {', '.join(found)})" if found else ""
        raise ProfileError(
            f"{hukou.city!r} is not in {outside.name}{where_it_is}",
            file=where.file,
            line=where.line_of(path),
            field=dotted(path),
        )


def _place_names(profile: Profile) -> Iterator[tuple[tuple[str | int, ...], str, Level | None]]:
    if profile.hukou is not None:
        if profile.hukou.province:
            yield ("hukou", "province"), profile.hukou.province, "province"
        if profile.hukou.city:
            yield ("hukou", "city"), profile.hukou.city, None
    if profile.education is not None and profile.education.school_city:
        yield ("education", "school_city"), profile.education.school_city, None
    for section in _SECTIONS_WITH_PLACES:
        for i, entry in enumerate(getattr(profile, section) or []):
            yield (section, i, "city"), entry.city, None
    for i, group in enumerate(profile.groups or []):
        if isinstance(group, Credential) and group.place:
            yield ("groups", i, "place"), group.place, None
