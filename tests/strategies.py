"""The one strategy for generated profiles, and the places and days the laws are checked on.

Every property test draws profiles from ``profiles()`` (a person anywhere) or ``aims()`` (a person
aimed at one place, one day and the thresholds of the channels there); extend them when a rule
reads a new field. Places, zones, days and thresholds come from the rulebook (tests/jurisdictions.py,
tests/thresholds.py): a new rule file is in every law without an edit here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook
from hukou.model.periods import months_before
from hukou.model.places import Place
from hukou.model.profile import PLACE_BOUND, EducationLevel, Group

from .case_files import cases
from .conftest import ROOT
from .jurisdictions import Spot, channel_key, judging_days, spots, window_of, zones
from .thresholds import ITEM_MONTHS, SECTION_MONTHS, Move, Target, moves
from .thresholds import ZONES as PROFILE_ZONES

AS_OF = dt.date(2024, 9, 1)
# A month's last day, after a month of 31 days: periods begun on the 31st end their months here.
MONTH_END = dt.date(2024, 9, 30)
RULEBOOK: Rulebook = load_rulebook(ROOT)
SPOTS: dict[str, Spot] = spots(RULEBOOK)
CITIES = tuple(SPOTS)
PLACES: dict[str, Place] = {name: spot.place for name, spot in SPOTS.items()}
CASES = cases(RULEBOOK, ROOT)
SECTIONS = (
    "hukou",
    "education",
    "groups",
    "residence",
    "housing",
    "employment",
    "social_insurance",
    "study",
    "family",
    "relatives",
    "age",
    "sex",
    "retired",
)

# Places with no rule file of their province: hukou origins from elsewhere.
OUTSIDE = ["湖南省邵阳市", "四川省成都市"]
dates = st.dates(min_value=dt.date(2012, 1, 1), max_value=AS_OF)
cities = st.sampled_from(CITIES)
maybe_bool = st.none() | st.booleans()
# Month counts at and either side of every threshold the documents state (6 months, 1–5 years).
boundary_months = st.sampled_from([0, 1, 5, 6, 7, 11, 12, 13, 23, 24, 25, 35, 36, 37, 47, 48, 59, 60, 61, 120])
LEVELS = [level.value for level in EducationLevel]
GROUPS = [group.value for group in Group]


class Gaps:
    """How a strategy leaves facts out: ``unknown`` may leave any fact absent; ``complete`` gives all."""

    def __init__(self, complete: bool, near: str | None = None, as_of: dt.date = AS_OF) -> None:
        self.complete = complete
        self.as_of = as_of
        self.dates = st.dates(min_value=min(dt.date(2012, 1, 1), as_of), max_value=as_of)
        # Where periods are spent: anywhere we encode, or mostly in one place (to search one city hard);
        # with every fact given, only in places that say where they are (not a whole province, not
        # a district split between zones, which a relative's hukou cannot name).
        anywhere = st.sampled_from(PRECISE) if complete else cities
        self.cities = anywhere if near is None else st.sampled_from([near, near, near, *OUTSIDE]) | anywhere

    def optional(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        return strategy if self.complete else st.none() | strategy

    def often(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
        """Given four times in five: a fact most people can state (their education)."""
        if self.complete:
            return strategy
        # Given is the first choice, the one a search shrinks to; left out the fifth.
        return st.sampled_from([True, True, True, True, False]).flatmap(lambda given: strategy if given else st.none())

    def maybe_bool(self) -> st.SearchStrategy[bool | None]:
        return self.optional(st.booleans())

    def section(self, strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[list[Any] | None]:
        """Absent (unknown), empty (none) or a few items."""
        return self.optional(st.lists(strategy, max_size=3))

    def credentials(self, groups: list[str]) -> st.SearchStrategy[list[Any]]:
        """Each group a certificate, roster or post counts for only where it was issued carries that
        place (unless the strategy may leave it out); the others are plain names."""

        def one(group: str) -> st.SearchStrategy[Any]:
            if group not in PLACE_BOUND:
                return st.just(group)
            placed = self.cities.map(lambda city: {"group": group, "place": city})
            return placed if self.complete else st.just(group) | placed

        return st.tuples(*(one(g) for g in groups)).map(list)

    def zone(self, city: str) -> st.SearchStrategy[str | None]:
        """A zone written on a place in Chongqing, as its district allows (a split district either of
        its two); none elsewhere: a zone contradicting the district is bad input, not a fact."""
        zones = ZONES.get(city)
        return self.optional(st.sampled_from(zones)) if zones else st.none()


# The places the strategies use that lie in an area a rule file names, with the zones each may
# lie in (a split district either of its two).
ZONES = {name: [z for z in found if z in PROFILE_ZONES] for name, found in zones(RULEBOOK).items()}


@st.composite
def periods(draw: st.DrawFn, gaps: Gaps, **extra: Any) -> dict[str, Any]:
    """A stay, home, job, contribution or course: by dates (ended or not) or by a month count."""
    period: dict[str, Any] = {"city": draw(gaps.cities)}
    kind = draw(st.integers(0, 4))
    if kind == 0:
        period["months"] = draw(boundary_months)
    elif kind == 1:  # begun a threshold's count of months back, or on that month's last day
        since = months_before(gaps.as_of, draw(boundary_months))
        period["since"] = since if draw(st.booleans()) else _month_end(since, gaps.as_of)
    else:
        since = draw(gaps.dates)
        period["since"] = since
        if draw(st.integers(0, 3)) == 0:
            period["until"] = draw(st.dates(min_value=since, max_value=gaps.as_of))
    if (zone := draw(gaps.zone(period["city"]))) is not None:
        period["zone"] = zone
    period.update({key: draw(strategy) for key, strategy in extra.items()})
    return period


def _month_end(day: dt.date, limit: dt.date) -> dt.date:
    following = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return min(following - dt.timedelta(days=1), limit)


PRECISE = [
    name
    for name, spot in SPOTS.items()
    if len(ZONES.get(name, [])) < 2
    and not any(o.place != spot.place and GAZETTEER.within(o.place, spot.place) for o in SPOTS.values())
]

# Where a hukou may be: every place the laws judge in (its province written too) and elsewhere.
HUKOU_PLACES = [
    *({"province": GAZETTEER.chain(p)[-1].name, "city": name} for name, p in PLACES.items()),
    *({"city": name} for name in OUTSIDE),
]


@st.composite
def members(draw: st.DrawFn, gaps: Gaps) -> dict[str, Any]:
    member = {
        "relation": draw(st.sampled_from(["spouse", "child", "parent", "grandparent", "grandchild", "sibling"])),
        "lives_with_applicant": draw(gaps.maybe_bool()),
        "married": draw(gaps.maybe_bool()),
        "has_income": draw(gaps.maybe_bool()),
        "sex": draw(gaps.optional(st.sampled_from(["male", "female"]))),
    }
    if draw(st.booleans()):
        member["age"] = draw(st.sampled_from([0, 5, 15, 16, 17, 18, 19, 30, 59, 60, 61, 70, 90]))
    elif gaps.complete or draw(st.booleans()):
        member["born"] = draw(st.dates(min_value=dt.date(1930, 1, 1), max_value=gaps.as_of))
    return member


@st.composite
def profiles(
    draw: st.DrawFn, complete: bool = False, near: str | None = None, as_of: dt.date = AS_OF
) -> dict[str, Any]:
    """A profile touching every field the rules read; unless ``complete``, any part may be absent.

    With ``near``, most periods are spent in that place; no date is after ``as_of``.
    """
    gaps = Gaps(complete, near, as_of)
    data = draw(_person(gaps, as_of))
    # Near a place the rules govern, a few facts are moved to the thresholds its channels state
    # (not the points schemes' record, which a flat row does not hold).
    if not complete and near in SPOTS and SPOTS[near].rules is not None:
        near_moves = [m for m in spot_moves(SPOTS[near], as_of) if not m.fact.startswith("record.")]
        for move in draw(st.lists(st.sampled_from(near_moves), max_size=2)) if near_moves else []:
            data = move.apply(data)
    return data


@st.composite
def _person(draw: st.DrawFn, gaps: Gaps, as_of: dt.date) -> dict[str, Any]:
    optional, maybe_bool, section = gaps.optional, gaps.maybe_bool, gaps.section
    hukou = dict(draw(st.sampled_from(HUKOU_PLACES)))
    hukou["type"] = draw(optional(st.sampled_from(["rural", "urban"])))
    if (zone := draw(gaps.zone(hukou["city"]))) is not None:
        hukou["zone"] = zone
    education = {
        "level": draw(gaps.often(st.sampled_from(LEVELS))),
        "moe_recognized": draw(st.booleans()),
        "graduated": draw(optional(st.dates(min_value=dt.date(2010, 1, 1), max_value=as_of))),
        "school_city": draw(optional(cities)),
        "professional_title": draw(optional(st.sampled_from(["none", "junior", "intermediate", "senior"]))),
    }
    return {
        "hukou": draw(optional(st.just(hukou))),
        "education": draw(gaps.often(st.just(education))),
        "groups": draw(optional(st.lists(st.sampled_from(GROUPS), max_size=3, unique=True).flatmap(gaps.credentials))),
        "residence": draw(section(periods(gaps, permit=maybe_bool()))),
        "housing": draw(
            section(
                periods(
                    gaps,
                    tenure=st.sampled_from(["owned", "rented", "dormitory"]),
                    area_sqm=optional(st.sampled_from([0.5, 10, 19.9, 20, 40, 59, 60, 61, 80, 120, 200])),
                    own_house_number=maybe_bool(),
                    commercial=maybe_bool(),
                    lives_in=maybe_bool(),
                )
            )
        ),
        "employment": draw(
            section(
                periods(
                    gaps,
                    kind=optional(st.sampled_from(["employee", "self_employed", "investor"])),
                    contract=maybe_bool(),
                    strategic_emerging=maybe_bool(),
                    industrial_park=maybe_bool(),
                )
            )
        ),
        "social_insurance": draw(section(periods(gaps, pension=maybe_bool()))),
        "study": draw(
            section(
                periods(
                    gaps,
                    level=optional(st.sampled_from(["compulsory", "senior_secondary", "higher"])),
                    vocational=maybe_bool(),
                )
            )
        ),
        "family": draw(section(members(gaps))),
        "relatives": draw(
            section(
                st.fixed_dictionaries(
                    {
                        "relation": st.sampled_from(["spouse", "parent", "child"]),
                        "city": gaps.cities,
                        "urban": maybe_bool(),
                        "lives_with_applicant": maybe_bool(),
                    }
                )
            )
        ),
        "age": draw(optional(st.sampled_from([16, 17, 18, 25, 35, 45, 50, 55, 60, 61, 70]))),
        "sex": draw(optional(st.sampled_from(["male", "female"]))),
        "retired": draw(maybe_bool()),
        "stable_income": draw(maybe_bool()),
    }


def complete_profiles() -> st.SearchStrategy[dict[str, Any]]:
    """Profiles that give every fact the rules read."""
    return profiles(complete=True)


def verdicts(
    data: dict[str, Any], as_of: dt.date = AS_OF, places: dict[str, Place] | None = None
) -> dict[str, tuple[str, tuple[tuple[str, str], ...]]]:
    profile = Profile.model_validate(data)
    out = {}
    for name, place in (PLACES if places is None else places).items():
        report = judge(profile, RULEBOOK, place, as_of)
        out[name] = (report.verdict, tuple((c.id, c.verdict) for c in report.channels))
    return out


# --- aimed at one place, one day, and the thresholds of the channels there ---------------------


@dataclass(frozen=True)
class Aim:
    """A profile judged in one place on one day."""

    data: dict[str, Any]
    name: str
    place: Place
    day: dt.date
    label: str = ""  # what it was built from (a case, a threshold), for a failure message
    channel: str = ""  # the channel it is aimed at (jurisdiction/id), if one
    grows: str = ""  # the part of the profile its threshold is in, which law 1 makes more or less of

    @property
    def places(self) -> dict[str, Place]:
        return {self.name: self.place}


def days_at(spot: Spot) -> list[dt.date]:
    """The days a spot is judged on: today's, a month's end, and a day inside every window."""
    governing = RULEBOOK.governing(spot.place)
    days = {AS_OF, MONTH_END}
    for loaded in governing:
        days |= set(judging_days(RULEBOOK.__class__([loaded], ROOT), AS_OF))
    return sorted(days)


def spot_moves(spot: Spot, day: dt.date) -> list[Move]:
    """Every threshold move aimed at a channel in force in the spot on the day."""
    target = Target(spot, day)
    return [
        move
        for loaded in RULEBOOK.governing(spot.place)
        for channel in loaded.rules.channels
        if window_of(loaded, channel).contains(day)
        for move in moves(loaded, channel, target)
    ]


# The part of the profile law 1 grows for a fact a threshold is set on.
GROWS = {
    **SECTION_MONTHS,
    **ITEM_MONTHS,
    "education.level": "education",
    "groups": "groups",
    "area_per_person": "housing",
}

RECORD = st.fixed_dictionaries(
    {key: st.none() | st.booleans() for key in ("criminal", "offence", "family_planning")}
).map(lambda r: {k: v for k, v in r.items() if v is not None})


@st.composite
def aims(draw: st.DrawFn) -> Aim:
    """A person aimed at one place and day: most often a channel case from there moved to one or
    two thresholds of its channel, else a generated profile moved to a few thresholds of the
    channels there."""
    if draw(st.integers(0, 3)) < 3:  # a search leans to 0: to a case
        case = CASES[draw(st.integers(0, len(CASES) - 1))]
        spot = Spot(case.city, case.place, case.rules)
        day, data, label = case.as_of, case.profile, case.id
        own = next((c for c in case.rules.rules.channels if c.id == case.channel), None) if case.rules else None
        near = moves(case.rules, own, Target(spot, day)) if case.rules and own else []
        if not near or draw(st.integers(0, 3)) == 3:
            near = spot_moves(spot, day)
        count = draw(st.integers(0, 2))
    else:
        spot = draw(st.sampled_from([s for s in SPOTS.values() if s.rules is not None]))
        day = draw(st.sampled_from(days_at(spot)))
        data = draw(profiles(near=spot.name, as_of=day))
        data["record"] = draw(st.none() | RECORD)
        label = f"generated near {spot.name}"
        near = spot_moves(spot, day)
        count = draw(st.integers(0, 3))
    for _ in range(count if near else 0):
        move = near[draw(st.integers(0, len(near) - 1))]
        data, label = move.apply(data), f"{label}; {move.label}"
    return Aim(data, spot.name, spot.place, day, label)


def witnesses(rulebook: Rulebook = RULEBOOK, root: Path = ROOT) -> list[Aim]:
    """For every case of every channel, the case, and the first eligible case of each channel
    moved to each of its thresholds in turn: a fixed set of profiles on which each law must
    decide every decidable channel (tests/test_reach.py). Built from the rule files given: a
    threshold a rule file moves, its witnesses move with it."""
    out = []
    seen: set[str] = set()
    for case in cases(rulebook, root):
        key = channel_key(case.rules, case.channel) if case.rules else ""
        out.append(Aim(case.profile, case.city, case.place, case.as_of, case.id, key))
        if case.rules is None or case.verdict != "eligible" or key in seen:
            continue
        seen.add(key)
        channel = next(c for c in case.rules.rules.channels if c.id == case.channel)
        target = Target(Spot(case.city, case.place, case.rules), case.as_of)
        for move in moves(case.rules, channel, target):
            moved = move.apply(case.profile)
            label = f"{case.id}; {move.label}"
            out.append(Aim(moved, case.city, case.place, case.as_of, label, key, GROWS.get(move.fact, "")))
    return out
