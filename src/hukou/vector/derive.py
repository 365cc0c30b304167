"""The facts a rule file reads, derived for every row of a batch at once.

For each channel this walks the condition tree exactly as the Rete backend's fact builder does
(hukou.durable_engine), giving every derived value the same key (hukou.surely.key_of), so the
trees of hukou.surely read them. Two ways of deriving, chosen per fact:

- on whole columns, where the fact is arithmetic on one period (months here, going on now): the
  flat form holds at most one period of a kind, so hukou.facts' merging of spans is one span;
- once per distinct combination of the few columns it reads, by hukou.facts' own derivation on a
  profile holding just those columns (where the hukou is, education, the job's zone): exact by
  construction, and cheap, because a million rows hold few distinct hukou places or schools.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from hukou.conditions import Evaluator
from hukou.engine import household
from hukou.facts import FACTS, Area, Pool, Region, Situation
from hukou.places import GAZETTEER, Place
from hukou.profile import Education, EducationLevel, Home, Hukou, Job, Profile
from hukou.rulebook.schema import All, AnyOf, Channel, Condition, Leaf, Not, Some
from hukou.surely import channel_prefix, key_of, scalar
from hukou.vector.frame import Frame


@dataclass(frozen=True)
class Col:
    """A derived value in every row: ``values`` where ``known``; strings as codes into ``vocab``."""

    values: np.ndarray
    known: np.ndarray
    vocab: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Items:
    """The items of a ``some`` list (at most one in a flat row): whether the list is known, whether
    the row has an item in it, and the item's derived values."""

    known: np.ndarray
    has: np.ndarray
    values: dict[str, Col]


@dataclass
class Derived:
    """Every value one rule file's trees read, for every row."""

    values: dict[str, Col] = field(default_factory=dict)
    lists: dict[str, Items] = field(default_factory=dict)


_HUKOU = ("hukou_province", "hukou_city", "hukou_type", "hukou_zone")
_EDUCATION = tuple(
    f"education_{c}" for c in ("level", "moe_recognized", "graduated", "school_city", "professional_title")
)
# Item facts that are a field of the item as it stands: the column is the section's.
_FIELDS = {
    "tenure",
    "area_sqm",
    "own_house_number",
    "commercial",
    "lives_in",
    "level",
    "vocational",
    "kind",
    "contract",
    "strategic_emerging",
    "industrial_park",
    "relation",
    "urban",
    "lives_with_applicant",
}


def _part(model: Any, names: tuple[str, ...], values: tuple[Any, ...]) -> Any:
    given = {n.split("_", 1)[1]: v for n, v in zip(names, values, strict=True) if v is not None}
    return model.model_construct(**given) if given else None


@dataclass(frozen=True)
class View:
    """The batch seen from one place under one rule file, as hukou.facts.Situation sees a profile."""

    frame: Frame
    place: Place
    jurisdiction: Place
    areas: tuple[Area, ...]
    pool: Pool | None
    region: Region
    channel: Channel | None = None  # whose followers make the household, for area per person

    def situation(self, profile: Profile) -> Situation:
        as_of = self.frame.as_of
        return Situation(profile, as_of, self.place, self.jurisdiction, GAZETTEER, self.region, self.areas, self.pool)

    # --- where the rows' periods count ----------------------------------------------------------

    def counted_in(self, scope: str) -> list[tuple[np.ndarray, View]]:
        """The views for ``scope``, each with the rows it holds for (hukou.facts.Situation.counted_in);
        rows in none of them have an unknown area."""
        size = self.frame.size
        if scope == "jurisdiction":
            return [(np.ones(size, dtype=bool), replace(self, region=Region((self.jurisdiction,))))]
        if scope != "area":
            return [(np.ones(size, dtype=bool), self)]
        area = self.place_area()
        views = []
        for code, name in enumerate(area.vocab or ()):
            rows = area.known & (area.values == code)
            if name == "none":
                views.append((rows, replace(self, region=Region(()))))
            else:
                found = next(a for a in self.areas if a.id == name)
                views.append((rows, replace(self, region=Region(found.members, found.id, found.partial))))
        return views

    def place_area(self) -> Col:
        """The area of the place asked (Situation.place_area): the place's own, or for a place larger
        than the areas (Chongqing as a whole), the area of the row's current job."""
        memo = ("place_area", self.place, self.jurisdiction)
        found: Col | None = self.frame.memo.get(memo)
        if found is None:
            found = self.frame.memo[memo] = self._place_area()
        return found

    def _place_area(self) -> Col:
        size = self.frame.size
        situation = self.situation(Profile())
        own = situation.area_of(self.place)
        partial = any(GAZETTEER.within(self.place, m) for a in self.areas for m in a.partial)
        if own is not None or partial:
            return _constant(own, size)
        inverse, combos = self.frame.distinct(("employment_city", "employment_zone"))
        zones = [zone or (situation.area_of_name(city) if city else None) for city, zone in combos]
        job = _strings([z if z != "none" else None for z in zones], inverse)
        current = self.frame.periods("employment").current
        return Col(job.values, job.known & current, job.vocab)

    def local(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        """Rows whose entries of ``section`` here are known, and rows with one (Situation.local)."""
        memo = ("local", section, self.place, self.region, self.pool)
        found: tuple[np.ndarray, np.ndarray] | None = self.frame.memo.get(memo)
        if found is None:
            found = self.frame.memo[memo] = self._local(section)
        return found

    def _local(self, section: str) -> tuple[np.ndarray, np.ndarray]:
        frame = self.frame
        if section == "relatives":
            present, empty = frame.relatives()
            inverse, combos = frame.distinct(("relative_city",))
            combos = [(city, None) for (city,) in combos]
        else:
            present, empty = frame.state(section)
            inverse, combos = frame.distinct((f"{section}_city", f"{section}_zone"))
        region = self.region
        if self.pool is not None and section in self.pool.sections and region.places == (self.place,):
            region = self.pool.region
        held = [region.holds(GAZETTEER, c, z) if isinstance(c, str) else False for c, z in combos]
        inside = np.array([h is True for h in held], dtype=bool)[inverse]
        unsure = np.array([h is None for h in held], dtype=bool)[inverse]
        return (present & ~unsure) | empty, present & inside


# --- facts of the applicant ----------------------------------------------------------------------


def _continuous(view: View, section: str, also: np.ndarray | None = None) -> Col:
    known, has = view.local(section)
    periods = view.frame.periods(section)
    counted = has & periods.current if also is None else has & periods.current & also
    return Col(np.where(counted, periods.months, 0), known)


def _total(view: View, section: str) -> Col:
    known, has = view.local(section)
    periods = view.frame.periods(section)
    return Col(np.where(has & periods.started, periods.months, 0), known)


def _now(view: View, section: str) -> Col:
    known, has = view.local(section)
    return Col(has & view.frame.periods(section).current, known)


def _permit(view: View) -> Col:
    _, has = view.local("residence")
    permit = view.frame.cells["residence_permit"]
    held = permit.equals(True)
    return _narrowed(_continuous(view, "residence", held), ~(has & ~permit.known()))


def _pension(view: View) -> Col:
    known, has = view.local("social_insurance")
    current = has & view.frame.periods("social_insurance").current
    pension = view.frame.cells["social_insurance_pension"]
    paying = current & pension.equals(True)
    return Col(paying, known & (paying | ~(current & ~pension.known())))


def _owns(view: View) -> Col:
    known, has = view.local("housing")
    owned = view.frame.cells["housing_tenure"].equals("owned")
    return Col(has & owned & view.frame.periods("housing").current, known)


def _income(view: View) -> Col:
    # Any job going on anywhere is a stable income; without one, the profile's stable_income.
    working = view.frame.periods("employment").current
    present, empty = view.frame.state("employment")
    stable = view.frame.cells["stable_income"]
    has_other = stable.equals(True)
    return Col(working | has_other, working | has_other | (stable.known() & (present | empty)))


_ON_COLUMNS: dict[str, Callable[[View], Col]] = {
    "residence.months": lambda v: _continuous(v, "residence"),
    "residence.permit_months": _permit,
    "social_insurance.continuous_months": lambda v: _continuous(v, "social_insurance"),
    "social_insurance.total_months": lambda v: _total(v, "social_insurance"),
    "social_insurance.pension_now": _pension,
    "social_insurance.now": lambda v: _now(v, "social_insurance"),
    "employment.current": lambda v: _now(v, "employment"),
    "employment.months": lambda v: _continuous(v, "employment"),
    "employment.total_months": lambda v: _total(v, "employment"),
    "study.longest_months": lambda v: _total(v, "study"),
    "home.owned": _owns,
    "income.stable": _income,
}

# Facts read off a few columns, derived once per distinct combination by hukou.facts itself.
_PROFILES: dict[str, tuple[tuple[str, ...], Callable[[tuple[Any, ...]], Profile]]] = {
    **{
        name: (_HUKOU, lambda c: Profile.model_construct(hukou=_part(Hukou, _HUKOU, c)))
        for name in ("hukou.in_province", "hukou.in_city", "hukou.area", "hukou.type")
    },
    **{
        name: (_EDUCATION, lambda c: Profile.model_construct(education=_part(Education, _EDUCATION, c)))
        for name in (
            "education.level",
            "education.moe_recognized",
            "education.professional_title",
            "education.fresh_graduate",
            "education.school_here",
        )
    },
    "applicant.age": (("age", "born"), lambda c: Profile.model_construct(age=c[0], born=c[1])),
    "applicant.sex": (("sex",), lambda c: Profile.model_construct(sex=c[0])),
    "applicant.retired": (("retired",), lambda c: Profile.model_construct(retired=c[0])),
}


def _applicant_fact(view: View, name: str, key: str, out: dict[str, Col]) -> None:
    if name in _ON_COLUMNS:
        out[key] = _ON_COLUMNS[name](view)
    elif name == "place.area":
        out[key] = view.place_area()
    elif name == "groups":
        codes, groups = view.frame.groups()
        _encode(name, list(groups), codes, key, out)
    elif name in _PROFILES:
        columns, profile_of = _PROFILES[name]
        inverse, combos = view.frame.distinct(columns)
        derive = FACTS[name].derive
        _encode(name, [derive(view.situation(profile_of(c)), None).value for c in combos], inverse, key, out)
    else:
        raise NotImplementedError(f"the vectorised evaluator cannot derive {name!r}")


# --- facts of one item (a home, a job, a course of study, a relative) ---------------------------


def _item_fact(view: View, name: str, section: str, key: str, out: dict[str, Col]) -> None:
    frame = view.frame
    prefix = "relative" if section == "relatives" else section
    if name in _FIELDS:
        cells = frame.cells[f"{prefix}_{name}"]
        _encode(name, cells.values, cells.codes, key, out)
    elif name in ("months", "job_months"):
        periods = frame.periods(section)
        out[key] = Col(np.where(periods.started, periods.months, 0), np.ones(frame.size, dtype=bool))
    elif name == "since":
        periods = frame.periods(section)
        out[key] = Col(periods.start, frame.known(f"{section}_since") | periods.started)
    elif name == "area_per_person":
        out[key] = _area_per_person(view)
    elif name == "in_hukou_place":
        columns = (*_HUKOU, "housing_city")
        inverse, combos = frame.distinct(columns)
        derive = FACTS[name].derive
        values = [
            derive(view.situation(Profile.model_construct(hukou=_part(Hukou, _HUKOU, c[:4]))), _home(c[4])).value
            if isinstance(c[4], str)
            else None
            for c in combos
        ]
        _encode(name, values, inverse, key, out)
    elif name == "area":
        inverse, combos = frame.distinct(("employment_city", "employment_zone"))
        derive = FACTS[name].derive
        situation = view.situation(Profile())
        _encode(
            name, [derive(situation, Job.model_construct(city=c, zone=z)).value for c, z in combos], inverse, key, out
        )
    else:
        raise NotImplementedError(f"the vectorised evaluator cannot derive {name!r} of an item")


def _home(city: str) -> Home:
    return Home.model_construct(city=city)  # type: ignore[call-arg]  # only its city is read


def _area_per_person(view: View) -> Col:
    """Floor area over the people moving in: the applicant and the relatives the channel's
    follower rules let follow, counted by hukou.engine.household for each distinct family."""
    frame = view.frame
    assert view.channel is not None
    if not _members_only(view.channel):
        raise NotImplementedError(f"{view.channel.id}: a household counted from more than the family")
    codes, families = frame.family()
    evaluator = Evaluator(view.situation(Profile()))
    sizes = [household(view.channel, Profile.model_construct(family=f), evaluator) for f in families]
    fewest = np.array([s[0] for s in sizes], dtype=np.int64)[codes]
    most = np.array([s[1] for s in sizes], dtype=np.int64)[codes]
    area = frame.cells["housing_area_sqm"]
    sqm = area.mapped(float, np.float64)
    known = area.known() & (fewest == most)
    return Col(np.round(sqm / np.where(known, most, 1), 2), known)


def _members_only(channel: Channel) -> bool:
    """Whether the channel's follower rules read only facts of the family member (so the household
    is a function of the family cell alone)."""
    return all(rule.when is None or _reads_only_members(rule.when) for rule in channel.followers.allowed)


def _reads_only_members(node: Condition) -> bool:
    match node:
        case Leaf():
            return FACTS[node.fact].scope == "member"
        case All():
            return all(_reads_only_members(p) for p in node.all)
        case AnyOf():
            return all(_reads_only_members(p) for p in node.any)
        case Not():
            return _reads_only_members(node.not_)
    return False


# --- encoding Python values as columns -------------------------------------------------------------


def _encode(name: str, values: list[Any], inverse: np.ndarray, key: str, out: dict[str, Col]) -> None:
    """Store the values of the distinct rows under ``key`` as hukou.durable_engine stores a value
    (a set as one yes/no per member, an ordinal with its rank)."""
    spec = FACTS[name]
    known = np.array([v is not None for v in values], dtype=bool)[inverse]
    if spec.kind == "set":
        for member in spec.values:
            held = [v is not None and str(member) in {str(x) for x in v} for v in values]
            out[key_of(key, str(member))] = Col(np.array(held, dtype=bool)[inverse], known)
        return
    if spec.kind == "ordinal":
        ranks = [EducationLevel(v).rank if v is not None else 0 for v in values]
        out[key + "_rank"] = Col(np.array(ranks, dtype=np.int64)[inverse], known)
    plain = [scalar(v) for v in values]
    if any(isinstance(v, str) for v in plain):
        out[key] = _strings(plain, inverse)
    elif any(isinstance(v, bool) for v in plain):
        out[key] = Col(np.array([bool(v) for v in plain], dtype=bool)[inverse], known)
    else:
        out[key] = Col(np.array([0 if v is None else v for v in plain], dtype=np.float64)[inverse], known)


def _strings(values: list[Any], inverse: np.ndarray) -> Col:
    vocab = tuple(sorted({v for v in values if v is not None}))
    codes = np.array([vocab.index(v) if v is not None else -1 for v in values], dtype=np.int64)
    return Col(codes[inverse], (codes >= 0)[inverse], vocab)


def _constant(value: str | None, size: int) -> Col:
    if value is None:
        return Col(np.zeros(size, dtype=np.int64), np.zeros(size, dtype=bool), ())
    return Col(np.zeros(size, dtype=np.int64), np.ones(size, dtype=bool), (value,))


def _narrowed(col: Col, known: np.ndarray) -> Col:
    return Col(col.values, col.known & known, col.vocab)


# --- walking a channel's conditions, as hukou.durable_engine._Facts does --------------------------


def derive(view: View, channels: list[Channel]) -> Derived:
    """Every value the trees of these channels read, keyed as hukou.surely keys them."""
    derived = Derived()
    for channel in channels:
        prefix = channel_prefix(channel)
        for waiver in channel.exceptions:
            _condition(derived, waiver.when, key_of(prefix, "w", waiver.id), view, None, derived.values)
        if channel.conditions is not None:
            _condition(
                derived, channel.conditions, key_of(prefix, "x"), replace(view, channel=channel), None, derived.values
            )
    return derived


def _condition(
    derived: Derived, node: Condition, prefix: str, view: View, item: str | None, out: dict[str, Col]
) -> None:
    match node:
        case Leaf():
            _leaf(node, key_of(prefix, node.id), view, item, out)
        case All():
            for i, part in enumerate(node.all):
                _condition(derived, part, key_of(prefix, str(i)), view, item, out)
        case AnyOf():
            for i, part in enumerate(node.any):
                _condition(derived, part, key_of(prefix, str(i)), view, item, out)
        case Not():
            _condition(derived, node.not_, key_of(prefix, "n"), view, item, out)
        case Some():
            size = view.frame.size
            known, has = np.zeros(size, dtype=bool), np.zeros(size, dtype=bool)
            for rows, scoped in view.counted_in(node.counted_in):
                in_scope, with_item = scoped.local(node.some)
                known |= rows & in_scope
                has |= rows & with_item
            if node.current and node.some != "relatives":
                has &= view.frame.periods(node.some).current
            values: dict[str, Col] = {}
            _condition(derived, node.where, "i", view, node.some, values)
            derived.lists[key_of(prefix, node.id)] = Items(known, has, values)


def _fact(view: View, name: str, scope: str, item: str | None) -> dict[str, Col]:
    """A fact's columns under the key ``v`` (``v_rank``, ``v_<member>``), derived once per batch
    for each place, rule file and region: many channels read the same fact."""
    household = view.channel.id if name == "area_per_person" and view.channel else None
    memo = ("fact", name, item, view.place, view.jurisdiction, view.region, view.pool, household)
    found: dict[str, Col] | None = view.frame.memo.get(memo)
    if found is None:
        found = view.frame.memo[memo] = {}
        if scope == "applicant":
            _applicant_fact(view, name, "v", found)
        else:
            assert item is not None, f"{name} outside its list"
            _item_fact(view, name, item, "v", found)
    return found


def _leaf(leaf: Leaf, key: str, view: View, item: str | None, out: dict[str, Col]) -> None:
    scope = FACTS[leaf.fact].scope
    parts: list[tuple[np.ndarray, dict[str, Col]]] = []
    for rows, scoped in view.counted_in(leaf.counted_in):
        found = {key + name[1:]: col for name, col in _fact(scoped, leaf.fact, scope, item).items()}
        parts.append((rows, found))
    if len(parts) == 1 and parts[0][0].all():
        out.update(parts[0][1])
        return
    # Counted in the place's area: each row takes the value of its own area's view.
    size = view.frame.size
    for name in parts[0][1] if parts else [key]:
        values = np.zeros(size, dtype=np.float64)
        known = np.zeros(size, dtype=bool)
        for rows, found in parts:
            col = found[name]
            if col.vocab is not None:
                raise NotImplementedError(f"{leaf.fact} counted in an area")
            values = np.where(rows, col.values, values)
            known |= rows & col.known
        out[name] = Col(values, known)
