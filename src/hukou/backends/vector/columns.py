"""Each fact a rule reads, as columns over a batch: on whole columns where it is arithmetic on one
period (the flat form holds at most one period of a kind, so hukou.judging.facts' merging of spans is one
span), else once per distinct combination of the few columns it reads, by hukou.judging.facts' own
derivation on a profile holding just those columns — exact by construction, and cheap, because a
million rows hold few distinct hukou places, schools or job districts.

Values are stored as hukou.backends.durable_engine stores them (a set as one yes/no per member, an ordinal
with its rank), under the key given.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

import numpy as np

from hukou.backends.surely import key_of, scalar
from hukou.backends.vector.view import Col, View, narrowed, strings
from hukou.errors import NotVectorised
from hukou.judging.conditions import Evaluator
from hukou.judging.engine import household
from hukou.judging.facts import FACTS, Held
from hukou.model.profile import Credential, Education, EducationLevel, Home, Hukou, Job, Profile
from hukou.rulebook.compiled import Compare, children, compiled, nodes
from hukou.rulebook.schema import Channel

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
    return narrowed(_continuous(view, "residence", held), ~(has & ~permit.known()))


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


def _running(section: str, also: str | None = None) -> Callable[[View], np.ndarray]:
    """Rows whose period here runs on at the as-of date: waiting is enough for them (hukou.judging.nearest)."""

    def running(view: View) -> np.ndarray:
        _, has = view.local(section)
        on = has & view.frame.periods(section).current
        return on & view.frame.cells[also].equals(True) if also else on

    return running


# For the months facts, whether the counted run goes on (hukou.judging.facts gives it as the detail).
_RUNNING: dict[str, Callable[[View], np.ndarray]] = {
    "residence.months": _running("residence"),
    "residence.total_months": _running("residence"),
    "residence.permit_months": _running("residence", "residence_permit"),
    "social_insurance.continuous_months": _running("social_insurance"),
    "social_insurance.total_months": _running("social_insurance"),
    "employment.months": _running("employment"),
    "employment.total_months": _running("employment"),
    "study.longest_months": _running("study"),
}

_ON_COLUMNS: dict[str, Callable[[View], Col]] = {
    "residence.months": lambda v: _continuous(v, "residence"),
    "residence.total_months": lambda v: _total(v, "residence"),
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

# Facts read off a few columns, derived once per distinct combination by hukou.judging.facts itself.
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


def applicant_fact(view: View, name: str, key: str, out: dict[str, Col]) -> None:
    if name in _ON_COLUMNS:
        out[key] = _ON_COLUMNS[name](view)
        if name in _RUNNING:
            running = _RUNNING[name](view)
            out[key + "_running"] = Col(running, np.ones(len(running), dtype=bool))
    elif name == "place.area":
        out[key] = view.place_area()
    elif name == "groups":
        _groups(view, key, out)
    elif name in _PROFILES:
        columns, profile_of = _PROFILES[name]
        inverse, combos = view.frame.distinct(columns)
        derive = FACTS[name].derive
        _encode(name, [derive(view.situation(profile_of(c)), None).value for c in combos], inverse, key, out)
    else:
        raise NotVectorised(f"the vectorised evaluator cannot derive {name!r}")


# --- facts of one item (a home, a job, a course of study, a relative) ---------------------------


def item_fact(view: View, name: str, section: str, key: str, out: dict[str, Col]) -> None:
    frame = view.frame
    prefix = "relative" if section == "relatives" else section
    if name in _FIELDS:
        cells = frame.cells[f"{prefix}_{name}"]
        _encode(name, cells.values, cells.codes, key, out)
    elif name in ("months", "job_months", "study_months"):
        periods = frame.periods(section)
        out[key] = Col(np.where(periods.started, periods.months, 0), np.ones(frame.size, dtype=bool))
        # The item goes on at the as-of date: its months run on (hukou.judging.facts._period_months).
        out[key + "_running"] = Col(periods.current, np.ones(frame.size, dtype=bool))
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
        raise NotVectorised(f"the vectorised evaluator cannot derive {name!r} of an item")


def _groups(view: View, key: str, out: dict[str, Col]) -> None:
    """The groups a row surely has here, one yes/no per group, unknown where a credential may or may
    not count here (hukou.judging.facts.Held: its place of issue not given, or in a larger place); and under
    ``<key>_given`` whether the row's groups are known at all (what a missing fact then lacks)."""
    codes, cells = view.frame.groups()
    situation = view.situation(Profile())
    held: list[Held | None] = []
    for entries in cells:
        if entries is None:
            held.append(None)
            continue
        listed = [Credential.model_construct(group=g, place=p) if p else g for g, p in entries]
        found = FACTS["groups"].derive(replace(situation, profile=Profile.model_construct(groups=listed)), None).value
        held.append(found)
    given = np.array([h is not None for h in held], dtype=bool)
    for member in FACTS["groups"].values:
        has = np.array([h is not None and str(member) in h.sure for h in held], dtype=bool)
        sure = np.array([h is not None and str(member) not in h.maybe for h in held], dtype=bool)
        out[key_of(key, str(member))] = Col(has[codes], sure[codes])
    out[key + "_given"] = Col(given[codes], given[codes])


def _home(city: str) -> Home:
    return Home.model_construct(city=city)  # type: ignore[call-arg]  # only its city is read


def _area_per_person(view: View) -> Col:
    """Floor area over the people moving in: the applicant and the relatives the channel's
    follower rules let follow, counted by hukou.judging.engine.household for each distinct family."""
    fewest, most = households(view)
    return area_shared(view, fewest, most)


def households(view: View) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the fewest and the most people who would move in under the view's channel."""
    frame = view.frame
    assert view.channel is not None
    if not _members_only(view.channel):
        raise NotVectorised(f"{view.channel.id}: a household counted from more than the family")
    codes, families = frame.family()
    evaluator = Evaluator(view.situation(Profile()))
    sizes = [household(view.channel, Profile.model_construct(family=f), evaluator) for f in families]
    fewest = np.array([s[0] for s in sizes], dtype=np.int64)[codes]
    most = np.array([s[1] for s in sizes], dtype=np.int64)[codes]
    return fewest, most


def area_shared(view: View, fewest: np.ndarray, most: np.ndarray) -> Col:
    """The home's floor area per person, known where the household is one size (fewest == most)."""
    area = view.frame.cells["housing_area_sqm"]
    sqm = area.mapped(float, np.float64)
    known = area.known() & (fewest == most)
    return Col(np.round(sqm / np.where(known, most, 1), 2), known)


def _members_only(channel: Channel) -> bool:
    """Whether the channel's follower rules read only facts of the family member (so the household
    is a function of the family cell alone)."""
    return all(
        rule is None or all(isinstance(n, Compare) and n.spec.scope == "member" for n in nodes(rule) if not children(n))
        for rule in compiled(channel).followers
    )


# --- encoding Python values as columns -------------------------------------------------------------


def _encode(name: str, values: list[Any], inverse: np.ndarray, key: str, out: dict[str, Col]) -> None:
    """Store the values of the distinct rows under ``key`` as hukou.backends.durable_engine stores a value
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
        out[key] = strings(plain, inverse)
    elif any(isinstance(v, bool) for v in plain):
        out[key] = Col(np.array([bool(v) for v in plain], dtype=bool)[inverse], known)
    else:
        out[key] = Col(np.array([0 if v is None else v for v in plain], dtype=np.float64)[inverse], known)
