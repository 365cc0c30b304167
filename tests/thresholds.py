"""Profiles aimed at each channel's thresholds, built from the rule files themselves.

For every comparison a channel makes (its conditions, its waivers' ``when``, its follower rules)
this module knows how to set the fact it reads in a profile, and to which values: just below, at
and just above a threshold (a period of n−1, n and n+1 whole months, begun on the day n months
back and on the last day of that month; an age or an area either side), every value of an enum a
rule names (education levels, tenures, groups, with a place-bound credential issued here,
elsewhere or nowhere said), and unknown. A rule file names its thresholds; nothing here does.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, get_args

from hukou import GAZETTEER
from hukou.judging.facts import FACTS
from hukou.model.periods import months_before
from hukou.model.profile import PLACE_BOUND, EducationLevel, Zone
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import All, AnyOf, Channel, Condition, Leaf, Not, Some, Waiver, nodes

from .jurisdictions import Spot

Data = dict[str, Any]
LEVELS = [level.value for level in EducationLevel]
ZONES: tuple[str, ...] = get_args(get_args(Zone)[0])  # the zones a profile may write on a period


@dataclass(frozen=True)
class Target:
    """Where and when a profile is aimed: periods are spent in ``spot`` and end on ``day``."""

    spot: Spot
    day: dt.date

    @property
    def city(self) -> str:
        return self.spot.name

    @property
    def province(self) -> str:
        return GAZETTEER.chain(self.spot.place)[-1].name

    def elsewhere_in_province(self) -> str:
        """A place in the same province but outside the spot's jurisdiction."""
        chain = GAZETTEER.chain(self.spot.place)
        outer = self.spot.rules.place if self.spot.rules else self.spot.place
        for place in GAZETTEER:
            if place.parent_code == chain[-1].code and not GAZETTEER.within(place, outer) and place.level != "county":
                return GAZETTEER.full_name(place)
        return chain[-1].name

    def out_of_province(self) -> str:
        return "四川省成都市" if self.province != "四川省" else "湖南省邵阳市"


@dataclass(frozen=True)
class Move:
    """One change to a profile aimed at one comparison: what it sets, and the change."""

    label: str
    apply: Callable[[Data], Data] = field(compare=False)
    fact: str = ""


@dataclass(frozen=True)
class Aimed:
    """A comparison found in a rule file, with where it sits."""

    leaf: Leaf
    collection: str | None  # the list a `some` walks (housing, employment, study, relatives)
    relation: str | None  # the family member a follower rule is about


def comparisons(channel: Channel) -> Iterator[Aimed]:
    """Every comparison a channel makes: conditions, waivers, follower rules."""
    for condition in (channel.conditions, *(w.when for w in channel.exceptions)):
        if condition is not None:
            yield from _walk(condition, None, None)
    for rule in channel.followers.allowed:
        if rule.when is not None:
            yield from _walk(rule.when, None, rule.relation.value)


def _walk(condition: Condition, collection: str | None, relation: str | None) -> Iterator[Aimed]:
    match condition:
        case Leaf():
            yield Aimed(condition, collection, relation)
        case All():
            for part in condition.all:
                yield from _walk(part, collection, relation)
        case AnyOf():
            for part in condition.any:
                yield from _walk(part, collection, relation)
        case Not():
            yield from _walk(condition.not_, collection, relation)
        case Some():
            yield from _walk(condition.where, condition.some, relation)


# --- setting one fact -------------------------------------------------------------------------


def _threshold_months(leaf: Leaf) -> int:
    value = leaf.value
    assert isinstance(value, int | float), leaf
    return int(value * 12) if leaf.unit == "year" else int(value)


def _around(n: float) -> list[float]:
    return [v for v in (n - 1, n, n + 1) if v >= 0]


def _period_starts(target: Target, threshold: int) -> list[dict[str, Any]]:
    """Ways to be just under, at and just over ``threshold`` whole months in a place on the target
    day: begun that many months back; at the threshold also counted in months, and begun on the
    last day of that month (31 March reaches 30 September)."""
    out: list[dict[str, Any]] = []
    for n in _around(threshold):
        since = months_before(target.day, int(n))
        out.append({"since": since})
        last = since.replace(day=calendar.monthrange(since.year, since.month)[1])
        if n == threshold:
            out.append({"months": int(n)})
            if last != since and last < target.day:
                out.append({"since": last})
    return out


SECTION_MONTHS = {
    "residence.months": "residence",
    "residence.total_months": "residence",
    "residence.permit_months": "residence",
    "social_insurance.total_months": "social_insurance",
    "social_insurance.continuous_months": "social_insurance",
    "employment.total_months": "employment",
    "employment.months": "employment",
    "study.longest_months": "study",
}
ITEM_MONTHS = {"job_months": "employment", "study_months": "study", "months": "housing"}
ITEM_DEFAULTS: dict[str, dict[str, Any]] = {
    "residence": {"permit": True},
    "social_insurance": {"pension": True},
    "employment": {"kind": "employee", "contract": True},
    "study": {"level": "higher"},
    "housing": {"tenure": "owned", "area_sqm": 90, "commercial": True, "own_house_number": True, "lives_in": True},
    "relatives": {"relation": "parent", "urban": True, "lives_with_applicant": True},
}
PERIOD_KEYS = ("since", "until", "months")
REQUIRED = {("housing", "tenure"), ("relatives", "relation")}


def _items(data: Data, section: str, target: Target) -> list[Data]:
    """The section's entries, or one in the target place begun two years back if there are none."""
    items = [dict(i) for i in data.get(section) or []]
    if items:
        return items
    start = {} if section == "relatives" else {"since": months_before(target.day, 24)}
    return [{"city": target.city, **start, **ITEM_DEFAULTS[section]}]


def _one_period(data: Data, section: str, target: Target, when: dict[str, Any]) -> Data:
    """The section as one period in the target place, keeping the first entry's other facts."""
    first = {k: v for k, v in _items(data, section, target)[0].items() if k not in PERIOD_KEYS}
    return {**data, section: [{**first, "city": target.city, **when}]}


def _every_item(data: Data, section: str, target: Target, **values: Any) -> Data:
    """Every entry of a section with ``values`` (None removes a key), one made if there is none."""
    items = []
    for item in _items(data, section, target):
        item = {**item, **values}
        if "since" in values:
            item = {k: v for k, v in item.items() if k not in {"until", "months"}}
        if "months" in values:
            item = {k: v for k, v in item.items() if k not in {"until", "since"}}
        items.append({k: v for k, v in item.items() if v is not None})
    return {**data, section: items}


def _members(data: Data, relation: str | None, **values: Any) -> Data:
    """Every family member of ``relation`` (one added if there is none) with ``values``."""
    family = [dict(m) for m in data.get("family") or []]
    relation = relation or "spouse"
    if not any(m["relation"] == relation for m in family):
        family.append({"relation": relation, "lives_with_applicant": True})
    out = []
    for member in family:
        if member["relation"] == relation:
            member = {k: v for k, v in {**member, **values}.items() if v is not None}
            if "age" in values:
                member.pop("born", None)
        out.append(member)
    return {**data, "family": out}


def _set(data: Data, section: str, **values: Any) -> Data:
    return {**data, section: {**(data.get(section) or {}), **values}}


Setter = Callable[[Data, Any], Data]


def _setter(aimed: Aimed, target: Target) -> tuple[Setter, list[Any]] | None:
    """How to set the fact a comparison reads, and the values to try; None for a fact this
    module does not know how to set (named in the reach report)."""
    leaf, fact = aimed.leaf, aimed.leaf.fact
    named = leaf.value if isinstance(leaf.value, list) else [leaf.value]
    spec = FACTS.get(fact)
    enum = list(spec.values) if spec and spec.values else []
    if fact in SECTION_MONTHS:
        section = SECTION_MONTHS[fact]
        extra = {"permit": True} if fact == "residence.permit_months" else {}

        def months(data: Data, when: Any) -> Data:
            if when is None:
                return {**data, section: None}
            return _one_period(data, section, target, {**extra, **when})

        return months, [*_period_starts(target, _threshold_months(leaf)), None]
    if fact in ITEM_MONTHS:
        section = ITEM_MONTHS[fact]
        starts = _period_starts(target, _threshold_months(leaf))
        return (lambda data, when: _every_item(data, section, target, **when)), starts
    if fact == "since" and isinstance(leaf.value, dt.date):
        days = [leaf.value + dt.timedelta(days=d) for d in (-1, 0, 1)]
        return (lambda data, day: _every_item(data, "housing", target, since=day)), [d for d in days if d <= target.day]
    if fact == "applicant.age":

        def age(data: Data, years: Any) -> Data:
            return {k: v for k, v in {**data, "age": years}.items() if k != "born"}

        return age, [*_around(float(leaf.value)), None]  # type: ignore[arg-type]
    if fact.startswith("member."):
        key = fact.removeprefix("member.")
        if key == "age":
            values: list[Any] = [int(v) for v in _around(float(leaf.value))]  # type: ignore[arg-type]
        elif key == "sex":
            values = ["male", "female"]
        else:
            values = [True, False]
        return (lambda data, v: _members(data, aimed.relation, **{key: v})), [*values, None]
    if fact == "applicant.sex":
        return (lambda data, v: {**data, "sex": v}), ["male", "female", None]
    if fact == "applicant.retired":
        return (lambda data, v: {**data, "retired": v}), [True, False, None]
    if fact == "income.stable":
        return (lambda data, v: {**data, "stable_income": v, "employment": data.get("employment") or []}), [
            True,
            False,
            None,
        ]
    if fact.startswith("record."):
        key = fact.removeprefix("record.")
        return (lambda data, v: _set(data, "record", **{key: v})), [True, False, None]
    if fact == "education.level":
        ranks = [LEVELS.index(v) for v in named if v in LEVELS]
        near = {r + d for r in ranks for d in (-1, 0, 1)} & set(range(len(LEVELS)))
        levels = [LEVELS[r] for r in sorted(near)]
        return (lambda data, v: _set(data, "education", level=v, moe_recognized=True)), [*levels, None]
    if fact in {"education.moe_recognized", "education.professional_title"}:
        key = fact.removeprefix("education.")
        tried = [True, False] if key == "moe_recognized" else ["none", "junior", "intermediate", "senior"]
        return (lambda data, v: _set(data, "education", **{key: v})), [*tried, None]
    if fact == "education.fresh_graduate":
        this_year = dt.date(target.day.year, 1, 1)
        last_year = dt.date(target.day.year - 1, 12, 31)
        return (lambda data, v: _set(data, "education", graduated=v)), [this_year, last_year, None]
    if fact == "education.school_here":
        return (lambda data, v: _set(data, "education", school_city=v)), [
            target.city,
            target.out_of_province(),
            None,
        ]
    if fact == "groups":
        return _groups(target), [g for g in named for g in _group_forms(str(g), target)] + [None]
    if fact in {"hukou.in_city", "hukou.in_province"}:
        places = [target.city, target.elsewhere_in_province(), target.out_of_province(), None]
        return (lambda data, city: _hukou_in(data, city)), places
    if fact == "hukou.type":
        return (lambda data, v: _set(data, "hukou", type=v)), ["rural", "urban", None]
    if fact == "hukou.area":
        # A hukou in the first member of each area, and outside them all.
        areas = target.spot.rules.areas if target.spot.rules else ()
        homes = [GAZETTEER.full_name(a.members[0]) for a in areas if a.members] + [target.out_of_province()]
        return (lambda data, city: _hukou_in(data, city)), homes
    if fact == "place.area":
        # Where the place alone does not say, the zone written on the job there says.
        zones = _zones_open(target)
        return (lambda data, z: _every_item(data, "employment", target, zone=z, until=None)), [*zones, None]
    if fact == "in_hukou_place":
        places = [target.city, target.elsewhere_in_province()]
        return (lambda data, city: _hukou_in(_every_item(data, "housing", target, city=target.city), city)), places
    if fact in {"employment.current", "social_insurance.now", "social_insurance.pension_now", "residence.permit_now"}:
        return _now(fact, target), [True, False, None]
    if fact == "home.owned":

        def owned(data: Data, tenure: Any) -> Data:
            if tenure is None:
                return {**data, "housing": None}
            return _every_item(data, "housing", target, tenure=tenure)

        return owned, ["owned", "rented", None]
    if aimed.collection is not None and spec is not None:
        section = aimed.collection
        if spec.kind == "bool":
            tried = [True, False, None]
        elif spec.kind == "enum":
            tried = [*enum, None] if enum else [*named, None]
        elif spec.kind == "sqm" and isinstance(leaf.value, int | float):
            return _area(aimed, target), _around(float(leaf.value))
        else:
            return None
        if (section, fact) in REQUIRED:  # a home has a tenure, a relative a relation: never unknown
            tried = [v for v in tried if v is not None]
        return (lambda data, v: _every_item(data, section, target, **{fact: v})), tried
    return None


def _zones_open(target: Target) -> list[str]:
    """The zones a job in the target place may be written in: any, where the place holds areas
    (Chongqing as a whole); either, in a district split between two; none where the district says."""
    areas = target.spot.rules.areas if target.spot.rules else ()
    place = target.spot.place
    holding = [a.id for a in areas if any(GAZETTEER.within(place, m) for m in a.members)]
    split = [a.id for a in areas if any(GAZETTEER.within(place, m) for m in a.partial)]
    larger = [a.id for a in areas if any(GAZETTEER.within(m, place) for m in (*a.members, *a.partial))]
    found = [] if holding else split or larger
    return [z for z in found if z in ZONES]


def _hukou_in(data: Data, city: str | None) -> Data:
    """The hukou moved to ``city`` (None: unknown), its type kept."""
    if city is None:
        return {**data, "hukou": None}
    kept = {k: v for k, v in (data.get("hukou") or {}).items() if k == "type"}
    return {**data, "hukou": {**kept, "city": city}}


def _group_forms(group: str, target: Target) -> list[Any]:
    """A group as the profile may hold it: a credential issued here, elsewhere or where not said."""
    if group not in PLACE_BOUND:
        return [group]
    return [{"group": group, "place": target.city}, {"group": group, "place": target.out_of_province()}, group]


def _groups(target: Target) -> Setter:
    def add(data: Data, group: Any) -> Data:
        if group is None:
            return {**data, "groups": None}
        name = group if isinstance(group, str) else group["group"]
        kept = [g for g in data.get("groups") or [] if (g if isinstance(g, str) else g["group"]) != name]
        return {**data, "groups": [*kept, group]}

    return add


def _now(fact: str, target: Target) -> Setter:
    section = {
        "employment.current": "employment",
        "social_insurance.now": "social_insurance",
        "social_insurance.pension_now": "social_insurance",
        "residence.permit_now": "residence",
    }[fact]
    flag = {"social_insurance.pension_now": "pension", "residence.permit_now": "permit"}.get(fact)

    def now(data: Data, value: Any) -> Data:
        if value is None:
            return {**data, section: None} if flag is None else _every_item(data, section, target, **{flag: None})
        if flag is not None:
            return _every_item(data, section, target, **{flag: value})
        if value:
            return _every_item(data, section, target, until=None)
        ended = target.day - dt.timedelta(days=40)
        start = months_before(ended, 12)
        return _every_item(data, section, target, since=start, until=ended)

    return now


def _area(aimed: Aimed, target: Target) -> Setter:
    """Floor area so that each person's share is the value (the household counted from the family)."""

    def area(data: Data, per_person: Any) -> Data:
        people = 1 + len(data.get("family") or [])
        return _every_item(data, "housing", target, area_sqm=round(per_person * people, 2))

    return area


def walks(channel: Channel) -> Iterator[Some]:
    """Every ``some`` of a channel's conditions and waivers: a list of homes, jobs, courses or
    relatives, one of which must hold."""
    for condition in (channel.conditions, *(w.when for w in channel.exceptions)):
        if condition is not None:
            yield from (n for n in nodes(condition) if isinstance(n, Some))


def _item_moves(loaded: LoadedRules, channel: Channel, walk: Some, target: Target) -> list[Move]:
    """Each item of the list ended before the day (for a list of periods), moved out of the
    province, none at all, or the list unknown."""
    section = walk.some
    ended, start = target.day - dt.timedelta(days=40), months_before(target.day - dt.timedelta(days=40), 12)
    changes: dict[str, Callable[[Data], Data]] = {
        "elsewhere": lambda data: _every_item(data, section, target, city=target.out_of_province()),
        "none": lambda data: {**data, section: []},
        "unknown": lambda data: {**data, section: None},
    }
    if section != "relatives":
        changes["ended"] = lambda data: _every_item(data, section, target, since=start, until=ended)
    label = f"{loaded.name}/{channel.id}.{walk.id}: {section}"
    return [Move(f"{label} {name}", change, section) for name, change in changes.items()]


def moves(loaded: LoadedRules, channel: Channel, target: Target) -> list[Move]:
    """Every change aimed at one of the channel's comparisons, and at each list it walks."""
    out = [move for walk in walks(channel) for move in _item_moves(loaded, channel, walk, target)]
    for aimed in comparisons(channel):
        found = _setter(aimed, target)
        if found is None:
            continue
        setter, values = found
        for value in values:
            label = f"{loaded.name}/{channel.id}.{aimed.leaf.id}: {aimed.leaf.fact}={value}"
            out.append(Move(label, _bound(setter, value), aimed.leaf.fact))
    return out


# Facts whose move takes the fact's own value (a group, a level, a yes or no), so that a rule's
# named value can be set as it stands; the others take a place or a date standing for it.
BY_VALUE = {
    "applicant.retired",
    "applicant.sex",
    "income.stable",
    "education.level",
    "education.moe_recognized",
    "education.professional_title",
    "hukou.type",
    "groups",
    "employment.current",
    "social_insurance.now",
    "social_insurance.pension_now",
    "residence.permit_now",
}


def _here(section: str, target: Target) -> Setter:
    ongoing = {} if section == "relatives" else {"until": None}
    return lambda data, _: _every_item(data, section, target, city=target.city, **ongoing)


def covering(loaded: LoadedRules, waiver: Waiver, target: Target) -> Callable[[Data], Data] | None:
    """The change that makes a waiver's ``when`` hold, set from the values it names itself (the
    first of a list; a place-bound credential issued here); None where that cannot be said so
    (a ``not``, a threshold, a fact set by a place or a date)."""
    if any(isinstance(n, Not) for n in nodes(waiver.when)):
        return None
    steps: list[tuple[Setter, Any]] = []
    for aimed in _walk(waiver.when, None, None):
        leaf = aimed.leaf
        spec = FACTS.get(leaf.fact)
        in_list = aimed.collection is not None and spec is not None and spec.kind in {"bool", "enum"}
        if leaf.op not in {"==", "in", "contains"} or not (leaf.fact in BY_VALUE or in_list):
            return None
        found = _setter(aimed, target)
        if found is None:
            return None
        value = leaf.value[0] if isinstance(leaf.value, list) else leaf.value
        steps.append((found[0], _group_forms(str(value), target)[0] if leaf.fact == "groups" else value))
        if aimed.collection is not None:  # the item is here (and, for a period, goes on)
            steps.append((_here(aimed.collection, target), None))

    def cover(data: Data) -> Data:
        for setter, value in steps:
            data = setter(data, value)
        return data

    return cover


def _bound(setter: Setter, value: Any) -> Callable[[Data], Data]:
    return lambda data: setter(data, value)


def unset_facts(loaded: LoadedRules, channel: Channel, target: Target) -> list[str]:
    """The facts of a channel's comparisons that no move sets (reported beside the reach)."""
    return sorted({a.leaf.fact for a in comparisons(channel) if _setter(a, target) is None})
