"""The laws every rule file must obey, as functions of a rulebook and a generated profile.

Each law raises ``AssertionError`` with the city and channel that break it. The tests apply them
to the project's own rules (tests/test_laws.py) and to deliberately broken rule files, which a
law must catch. Monotonicity and time laws name their justified exceptions here, beside the law.
Every judgement a law makes is reported to tests/reach.py, which counts the channels each law saw
decided.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from pydantic import ValidationError

from hukou import CityReport, Profile, Rulebook, judge
from hukou.model.periods import months_before, months_between
from hukou.model.places import Place
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import Channel, Leaf, nodes

from . import reach
from .jurisdictions import Spot, channel_key, window_of
from .strategies import AS_OF, GROUPS, LEVELS, PLACES
from .thresholds import ITEM_MONTHS, SECTION_MONTHS, Target, comparisons, covering, moves

Data = dict[str, Any]
Reports = dict[str, CityReport]


def judge_everywhere(
    rulebook: Rulebook,
    data: Data,
    as_of: dt.date = AS_OF,
    places: Mapping[str, Place] = PLACES,
    law: str | None = None,
) -> Reports:
    """The profile judged in every place; with ``law``, reported as that law's judgements."""
    profile = Profile.model_validate(data)
    return {name: judge_for(law, rulebook, profile, place, as_of) for name, place in places.items()}


def judge_for(law: str | None, rulebook: Rulebook, profile: Profile, place: Place, as_of: dt.date) -> CityReport:
    report = judge(profile, rulebook, place, as_of)
    if law is not None:
        reach.saw(law, rulebook, place, report)
    return report


def channel_verdicts(report: CityReport) -> dict[str, str]:
    return {c.id: c.verdict for c in report.channels}


# --- Law 1: monotonicity ---------------------------------------------------------------------

PERIOD_SECTIONS = ("residence", "social_insurance", "employment", "study")


def longer(periods: list[Data] | None, extra: int) -> list[Data] | None:
    """The same periods, each begun ``extra`` months earlier (or counted ``extra`` months longer)."""
    if periods is None:
        return None
    out = []
    for period in periods:
        if "since" in period:
            period = {**period, "since": months_before(period["since"], extra)}
        else:
            period = {**period, "months": min(period["months"] + extra, 1200)}
        out.append(period)
    return out


def more(data: Data, change: str, extra: int, choice: int) -> Data:
    """The profile with one fact made larger: a longer period, a larger home, more education, a group."""
    if change in PERIOD_SECTIONS:
        return {**data, change: longer(data.get(change), extra)}
    if change == "housing":
        homes = data.get("housing")
        if homes is None:
            return data
        larger = [{**h, "area_sqm": h["area_sqm"] + extra} if h.get("area_sqm") is not None else h for h in homes]
        return {**data, "housing": larger}
    if change == "education":
        education = data.get("education")
        if education is None or education.get("level") is None:
            return data
        rank = LEVELS.index(education["level"])
        higher = LEVELS[min(rank + 1 + choice % 3, len(LEVELS) - 1)]
        return {**data, "education": {**education, "level": higher}}
    if change == "groups":
        if data.get("groups") is None:  # unknown groups are not made more by naming one
            return data
        groups = list(data["groups"])
        added = GROUPS[choice % len(GROUPS)]
        named = {g if isinstance(g, str) else g["group"] for g in groups}
        return {**data, "groups": groups if added in named else [*groups, added]}
    raise ValueError(change)


def shorter(periods: list[Data] | None, less: int, as_of: dt.date) -> list[Data] | None:
    """The same periods, each begun ``less`` months later (or counted ``less`` months shorter)."""
    if periods is None:
        return None
    out = []
    for period in periods:
        if "since" in period:
            # Begun n months later (a negative count runs forward), never past its end or the day.
            since = min(months_before(period["since"], -less), period.get("until") or as_of, as_of)
            period = {**period, "since": max(since, period["since"])}
        else:
            period = {**period, "months": max(period["months"] - less, 0)}
        out.append(period)
    return out


def less(data: Data, change: str, fewer: int, choice: int, as_of: dt.date = AS_OF) -> Data:
    """The profile with one fact made smaller: a shorter period, a smaller home, less education,
    one group fewer."""
    if change in PERIOD_SECTIONS:
        return {**data, change: shorter(data.get(change), fewer, as_of)}
    if change == "housing":
        homes = data.get("housing")
        if homes is None:
            return data
        smaller = [
            {**h, "area_sqm": max(h["area_sqm"] - fewer, 0.5)} if h.get("area_sqm") is not None else h for h in homes
        ]
        return {**data, "housing": smaller}
    if change == "education":
        education = data.get("education")
        if education is None or education.get("level") is None:
            return data
        rank = LEVELS.index(education["level"])
        lower = LEVELS[max(rank - 1 - choice % 3, 0)]
        return {**data, "education": {**education, "level": lower}}
    if change == "groups":
        groups = list(data.get("groups") or [])
        if not groups:
            return data
        del groups[choice % len(groups)]
        return {**data, "groups": groups}
    raise ValueError(change)


MONOTONE_CHANGES = (*PERIOD_SECTIONS, "housing", "education", "groups")

# Where a document reads a fact the other way, the channel is named here with the reason; the
# law still holds for the city's verdict wherever another channel carries the person.
# (Jiyuan's 二(四) was one until its 大专生、本科生 were read to take master's and doctoral graduates too.)
# Named by hand, never derived from the rule files: a threshold turned upside down in a rule file
# must break the law (tests/law-breakers/kaili-residence-at-most.yaml), not excuse itself.
FIRST_YEAR = "a new student (新生) is one enrolled under 12 months: a longer course is no longer new"
VOCATIONAL = (
    "vocational graduates (职业院校毕业生) are named beside college graduates whose degree must be "
    "state-recognised: less education may admit a person whose higher degree's recognition is unknown"
)
MONOTONE_EXCEPTIONS: dict[tuple[str, str], str] = {
    ("cq_rural_students", "study"): FIRST_YEAR,
    ("cq135_new_students", "study"): FIRST_YEAR,
    ("jh_key_groups", "education"): VOCATIONAL,
    ("jh_key_groups_literal", "education"): VOCATIONAL,
    ("cq_key_groups", "education"): VOCATIONAL,
    ("cq135_graduates_employed", "education"): VOCATIONAL,
}


def not_raising(rulebook: Rulebook) -> dict[tuple[str, str], str]:
    """The comparisons under which a fact may not raise a channel, found from the rule files: one
    asking for fewer than n months of a section, or naming education levels short of the highest.
    Each must be a named exception above (tests/test_laws.py checks), and each named exception
    must still be one."""
    out = {}
    for loaded in rulebook:
        for channel in loaded.rules.channels:
            for aimed in comparisons(channel):
                leaf = aimed.leaf
                why = f"{loaded.name}/{channel.id}.{leaf.id}: {leaf.fact} {leaf.op} {leaf.value}"
                section = SECTION_MONTHS.get(leaf.fact) or ITEM_MONTHS.get(leaf.fact)
                if section is not None and leaf.op in {"<", "<="}:
                    out[(channel.id, section)] = why
                named = leaf.value if isinstance(leaf.value, list) else [leaf.value]
                if leaf.fact == "education.level" and leaf.op == "in" and LEVELS[-1] not in named:
                    out[(channel.id, "education")] = why
    return out


def law_monotone(
    rulebook: Rulebook,
    data: Data,
    change: str,
    extra: int,
    choice: int,
    places: Mapping[str, Place] = PLACES,
    as_of: dt.date = AS_OF,
) -> None:
    """More of a good thing never turns a channel ineligible that was not; less of it never turns
    a channel eligible that was not."""
    before = judge_everywhere(rulebook, data, as_of, places, law="monotone")
    larger = judge_everywhere(rulebook, more(data, change, extra, choice), as_of, places, law="monotone")
    smaller = judge_everywhere(rulebook, less(data, change, extra, choice, as_of), as_of, places, law="monotone")
    for city, report in before.items():
        was = channel_verdicts(report)
        with_more, with_less = channel_verdicts(larger[city]), channel_verdicts(smaller[city])
        for channel, verdict in was.items():
            if (channel, change) in MONOTONE_EXCEPTIONS:
                continue
            if verdict != "ineligible":
                assert with_more[channel] != "ineligible", f"{city}: {channel} lost by more {change}"
            if verdict != "eligible":
                assert with_less[channel] != "eligible", f"{city}: {channel} won by less {change}"


# --- Law 2: a waiver lifts its conditions ------------------------------------------------------


def waived_facts(channel: Channel, waived: list[str]) -> set[str]:
    """The facts only the waived conditions read (a fact another condition reads may still
    change the verdict)."""
    assert channel.conditions is not None
    ids = set(waived)
    inside: set[int] = set()
    for node in nodes(channel.conditions):
        if getattr(node, "id", None) in ids:
            inside |= {id(n) for n in nodes(node)}
    read = {a.leaf.fact for a in comparisons(channel)}
    by_waived = {n.fact for n in nodes(channel.conditions) if isinstance(n, Leaf) and id(n) in inside}
    by_others = {n.fact for n in nodes(channel.conditions) if isinstance(n, Leaf) and id(n) not in inside} | {
        r.leaf.fact for r in comparisons(channel) if r.relation is not None
    }
    return (by_waived - by_others) & read


def law_waivers_lift_their_conditions(
    rulebook: Rulebook, data: Data, name: str, place: Place, as_of: dt.date = AS_OF
) -> None:
    """For a person a channel's waiver covers (its ``when`` made to hold from the values the rule
    file names), none of the conditions it waives fails, and the channel's verdict does not depend
    on the facts only those conditions read: moved to either side of their thresholds, it stays."""
    for loaded in rulebook.governing(place):
        for channel in loaded.rules.channels:
            for waiver in channel.exceptions:
                target = Target(Spot(name, place, loaded), as_of)
                cover = covering(loaded, waiver, target)
                covered = cover(data) if cover is not None else data
                report = judge(Profile.model_validate(covered), rulebook, place, as_of)
                judged = next((c for c in report.channels if c.id == channel.id), None)
                if judged is None:
                    continue
                if cover is not None:
                    failing = [c.id for c in judged.conditions if c.id in waiver.waives and c.verdict == "not_met"]
                    assert not failing, f"{name}: {channel.id} fails {failing} though {waiver.id} waives them"
                if not any(c.verdict == "waived" for c in judged.conditions):
                    continue
                reach.saw_channel("waivers", channel_key(loaded, channel), judged.verdict)
                facts = waived_facts(channel, waiver.waives)
                for move in moves(loaded, channel, target):
                    if move.fact not in facts:
                        continue
                    moved = judge(Profile.model_validate(move.apply(covered)), rulebook, place, as_of)
                    again = next(c for c in moved.channels if c.id == channel.id)
                    if any(c.verdict == "waived" for c in again.conditions):
                        assert again.verdict == judged.verdict, (
                            f"{name}: {channel.id} changes with {move.label} though {waiver.id} waives it"
                        )


def with_home_area(data: Data, area: float) -> Data:
    homes = data.get("housing")
    if not homes:
        return data
    return {**data, "housing": [{**home, "area_sqm": area} for home in homes]}


def law_exception_lifts_a_condition(rulebook: Rulebook, data: Data, place: Place, channel: str) -> None:
    """For a person an exception covers, the channel's verdict does not depend on the size of
    their home: a flat of 10 m² and one of 500 m² are judged alike."""
    small = judge(Profile.model_validate(with_home_area(data, 10)), rulebook, place, AS_OF)
    large = judge(Profile.model_validate(with_home_area(data, 500)), rulebook, place, AS_OF)
    assert channel_verdicts(small)[channel] == channel_verdicts(large)[channel], (
        f"{channel}: a covered person is refused for the area of the home alone"
    )


def _channel(rulebook: Rulebook, place: Place, channel_id: str) -> Channel:
    return next(c for f in rulebook.governing(place) for c in f.rules.channels if c.id == channel_id)


# --- Law 4: explanations are consistent ------------------------------------------------------


def law_explanations_consistent(
    rulebook: Rulebook, data: Data, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """The verdict of a city is the one its channels and conditions show."""
    for city, report in judge_everywhere(rulebook, data, as_of, places, law="explanations").items():
        for channel in report.channels:
            top = [c for c in channel.conditions if not c.within]
            if channel.verdict == "eligible":
                assert all(c.verdict in {"met", "waived"} for c in top), (city, channel.id)
                assert not channel.deferred_to, (city, channel.id)
            elif channel.verdict == "ineligible":
                # A points channel also refuses a score surely below every line it may have.
                below = channel.points is not None and channel.points.status == "below_line"
                assert below or any(c.verdict == "not_met" for c in channel.conditions), (city, channel.id)
            else:
                assert channel.missing, f"{city}: {channel.id} is undetermined and names nothing missing"
                # A points channel whose prerequisites are met stays open: a quota and a ranking
                # decide, not the rules we have.
                assert (
                    channel.deferred_to
                    or channel.points is not None
                    or any(c.verdict == "unknown" for c in channel.conditions)
                ), (city, channel.id)
        verdicts = {c.verdict for c in report.channels}
        if report.verdict == "eligible":
            assert report.admitted_by and "eligible" in verdicts, city
        elif report.verdict == "ineligible":
            assert verdicts <= {"ineligible"}, city
        else:
            assert "eligible" not in verdicts, city
            assert "undetermined" in verdicts or not report.channels, city
            assert report.missing or not report.channels, f"{city}: undetermined, nothing named missing"


def law_complete_profiles_decide(
    rulebook: Rulebook, data: Data, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """With every fact given, only a threshold left to a missing regulation keeps a channel open."""
    for city, report in judge_everywhere(rulebook, data, as_of, places, law="complete_decide").items():
        for channel in report.channels:
            if channel.verdict == "undetermined":
                unknown = [c.id for c in channel.conditions if c.verdict == "unknown"]
                assert channel.deferred_to, f"{city}: {channel.id} open with every fact given: {unknown}"


# --- Law 5: followers -------------------------------------------------------------------------


def law_followers_belong(
    rulebook: Rulebook, data: Data, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """Whoever may follow is a member of the family whom an admitting channel lists."""
    profile = Profile.model_validate(data)
    family = profile.family or []
    for city, report in judge_everywhere(rulebook, data, as_of, places, law="followers").items():
        assert len(report.followers) == len(family), city
        admitting = {c.id: c for c in report.channels if c.verdict == "eligible"}
        for member, follower in zip(family, report.followers, strict=True):
            assert follower.relation == member.relation.value, city
            if follower.may_follow is True:
                assert follower.channel in admitting, (city, follower)
                channel = _channel(rulebook, places[city], follower.channel)
                assert member.relation in {r.relation for r in channel.followers.allowed}, (city, follower)


# --- Law 6: time -----------------------------------------------------------------------------


def law_windows_hold(rulebook: Rulebook, data: Data, day: dt.date, places: Mapping[str, Place] = PLACES) -> None:
    """A channel outside its document's window is not judged, and so never admits."""
    for city, place in places.items():
        report = judge_for("windows", rulebook, Profile.model_validate(data), place, day)
        for loaded in rulebook.governing(place):
            for channel in loaded.rules.channels:
                window = channel.effective or loaded.document(channel.document).window
                judged = channel.id in {c.id for c in report.channels}
                assert judged == window.contains(day), (city, channel.id, day)
                assert (channel.id in report.not_in_force) == (not window.contains(day)), (city, channel.id)


def frozen_in_time(data: Data, day: dt.date) -> Data:
    """The profile with every dated period turned into its month count on ``day``, so that moving
    the as-of date by one day changes nothing about the person."""
    out = dict(data)
    for section in (*PERIOD_SECTIONS, "housing"):
        if data.get(section) is None:
            continue
        fixed = []
        for period in data[section]:
            if "since" in period:
                until = period.get("until")
                end = until if until is not None and until < day else day
                months = months_between(period["since"], end) if period["since"] <= end else 0
                period = {k: v for k, v in period.items() if k not in {"since", "until"}} | {"months": months}
            fixed.append(period)
        out[section] = fixed
    return out


def document_starts(rulebook: Rulebook) -> list[tuple[LoadedRules, str, dt.date]]:
    """Every day a document (or a channel's own window) takes effect."""
    starts = []
    for loaded in rulebook:
        for document in loaded.rules.documents:
            if document.window.start is not None:
                starts.append((loaded, document.id, document.window.start))
    return starts


def law_a_document_changes_only_its_channels(
    rulebook: Rulebook, data: Data, start: int, places: Mapping[str, Place] = PLACES
) -> None:
    """The day before a document takes effect and the day it does differ only in its own channels
    (and, where it pools periods across its jurisdiction, in the channels that count them; and in
    channels whose window, or their document's, ends the day before, as 54号's points channel ends
    when 135号 begins and Guangzhou's 2014 scheme when its 2016 one does)."""
    starts = [s for s in document_starts(rulebook) if any(s[0] in rulebook.governing(p) for p in places.values())]
    if not starts:
        return
    loaded, document_id, day = starts[start % len(starts)]
    before_day = day - dt.timedelta(days=1)
    # Graduating "this year" (应届) is the one fact that turns with the calendar itself.
    if before_day.year != day.year:
        return
    fixed = frozen_in_time(data, day)
    pooled = any(r.document == document_id for r in loaded.rules.recognition)
    for city, place in places.items():
        governing = rulebook.governing(place)
        if loaded not in governing:
            continue
        profile = Profile.model_validate(fixed)
        before = channel_verdicts(judge_for("document_starts", rulebook, profile, place, before_day))
        after = channel_verdicts(judge_for("document_starts", rulebook, profile, place, day))
        own = {c.id for c in loaded.rules.channels if c.document == document_id}
        own |= {c.id for other in governing for c in other.rules.channels if window_of(other, c).until == before_day}
        for channel in before.keys() | after.keys():
            if before.get(channel) != after.get(channel):
                assert channel in own or pooled, f"{city}: {channel} changed on {day}, when {document_id} began"


# --- Law 7: order ----------------------------------------------------------------------------


def shuffled_rulebook(rulebook: Rulebook, seed: int) -> Rulebook:
    """The same rules with each file's channels (and the files) in another order."""
    rng = random.Random(seed)
    files = []
    for loaded in rulebook:
        channels = list(loaded.rules.channels)
        rng.shuffle(channels)
        rules = loaded.rules.model_copy(update={"channels": channels})
        files.append(LoadedRules(rules, loaded.path, loaded.place, loaded.areas))
    rng.shuffle(files)
    return Rulebook(files, rulebook.root)


def shuffled_profile(data: Data, seed: int) -> tuple[Data, list[int]]:
    """The same profile with every list in another order; the family's new order is returned."""
    rng = random.Random(seed)
    out = dict(data)
    order: list[int] = list(range(len(data.get("family") or [])))
    for key in ("groups", "residence", "housing", "employment", "social_insurance", "study", "relatives"):
        if data.get(key):
            items = list(data[key])
            rng.shuffle(items)
            out[key] = items
    if data.get("family"):
        rng.shuffle(order)
        out["family"] = [data["family"][i] for i in order]
    return out, order


def law_order_does_not_matter(
    rulebook: Rulebook, data: Data, seed: int, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """The verdict, the admitting channels and who may follow do not depend on order."""
    other_rules = shuffled_rulebook(rulebook, seed)
    other_data, order = shuffled_profile(data, seed)
    first = judge_everywhere(rulebook, data, as_of, places, law="order")
    second = judge_everywhere(other_rules, other_data, as_of, places)
    for city, report in first.items():
        again = second[city]
        assert report.verdict == again.verdict, city
        assert set(report.admitted_by) == set(again.admitted_by), city
        assert channel_verdicts(report) == channel_verdicts(again), city
        follows = [f.may_follow for f in report.followers]
        assert [follows[i] for i in order] == [f.may_follow for f in again.followers], city


# --- Law 9: forgetting ------------------------------------------------------------------------

# Fields whose absence says something, not nothing: a period without ``until`` goes on.
SAYS_SOMETHING = {"until"}


def fields(data: Any, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """The path of every fact the profile states: each key of each section, item and member
    (a list of names, such as groups, counts as one fact)."""
    if isinstance(data, dict):
        for key, value in data.items():
            if value is None or key in SAYS_SOMETHING:
                continue
            if isinstance(value, dict | list) and value and not _names(value):
                yield from fields(value, (*path, key))
            else:
                yield (*path, key)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            if isinstance(item, dict):
                yield from fields(item, (*path, i))


def _names(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def forgotten(data: Data, path: tuple[str | int, ...]) -> Data | None:
    """The profile without the fact at ``path``; None if the profile cannot go without it (a
    period's place, a home's tenure, a dated period's start)."""

    def drop(node: Any, rest: tuple[str | int, ...]) -> Any:
        head, tail = rest[0], rest[1:]
        if isinstance(node, list):
            return [drop(item, tail) if i == head else item for i, item in enumerate(node)]
        if not tail:
            return {k: v for k, v in node.items() if k != head}
        return {**node, head: drop(node[head], tail)}

    out = drop(data, path)
    try:
        Profile.model_validate(out)
    except ValidationError:
        return None
    return out


def law_forgetting_a_field_never_flips(
    rulebook: Rulebook, data: Data, pick: int, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """Forgetting one fact of the profile (one field: a level, a home's area, a member's age)
    never turns eligible into ineligible or back, nor decides an open answer, for a channel or a
    city: it may only leave the answer open."""
    # Only the facts the profile can go without (not a period's place or a dated period's start);
    # a whole section, where none of its fields can go alone.
    every = [*fields(data), *((key,) for key, value in data.items() if isinstance(value, list))]
    paths = [(path, without) for path in every if (without := forgotten(data, path)) is not None]
    if not paths:
        return
    path, without = paths[pick % len(paths)]
    known = judge_everywhere(rulebook, data, as_of, places, law="forgetting")
    unknown = judge_everywhere(rulebook, without, as_of, places)
    for city, report in known.items():
        assert unknown[city].verdict in {report.verdict, "undetermined"}, (city, path)
        now = channel_verdicts(unknown[city])
        for channel, was in channel_verdicts(report).items():
            assert now[channel] in {was, "undetermined"}, f"{city}: {channel} {was} → {now[channel]} forgetting {path}"


def law_forgetting_a_section_never_flips(
    rulebook: Rulebook, data: Data, section: str, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """Forgetting a whole section of the profile (its hukou, its jobs) never changes a decided
    verdict into another: the answer stays or becomes undetermined."""
    known = judge_everywhere(rulebook, data, as_of, places, law="forgetting_a_section")
    unknown = judge_everywhere(rulebook, {**data, section: None}, as_of, places)
    for city, report in known.items():
        assert unknown[city].verdict in {report.verdict, "undetermined"}, (city, section)
        now = channel_verdicts(unknown[city])
        for channel, was in channel_verdicts(report).items():
            assert now[channel] in {was, "undetermined"}, f"{city}: {channel} {was} → {now[channel]} without {section}"


# --- Law 3 and the plain laws of tests/test_properties.py ----------------------------------------


LAND_RIGHTS = ("contract_land", "homestead", "collective_income")


def law_land_rights_change_nothing(
    rulebook: Rulebook, data: Data, pick: int, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """Rural land rights (承包地, 宅基地, 集体收益) never change any channel's verdict."""
    rights = {key: [True, False, None][(pick >> (2 * i)) % 3] for i, key in enumerate(LAND_RIGHTS)}
    without = judge_everywhere(rulebook, data, as_of, places, law="land_rights")
    with_rights = judge_everywhere(rulebook, {**data, "land_rights": rights}, as_of, places)
    for city, report in without.items():
        assert channel_verdicts(with_rights[city]) == channel_verdicts(report), (city, rights)
        assert with_rights[city].verdict == report.verdict, (city, rights)


def law_followers_only_follow_an_admitted_applicant(
    rulebook: Rulebook, data: Data, places: Mapping[str, Place] = PLACES, as_of: dt.date = AS_OF
) -> None:
    """No one may follow into a city that does not admit the applicant, and the city's verdict
    is eligible exactly when one of its channels is."""
    family = Profile.model_validate(data).family or []
    for city, report in judge_everywhere(rulebook, data, as_of, places, law="followers_admitted").items():
        assert (report.verdict == "eligible") == any(c.verdict == "eligible" for c in report.channels), city
        if report.verdict != "eligible":
            assert all(f.may_follow is not True for f in report.followers), city
        assert len(report.followers) == len(family), city


LAWS: dict[str, Callable[..., None]] = {
    "monotone": law_monotone,
    "waivers": law_waivers_lift_their_conditions,
    "forgetting": law_forgetting_a_field_never_flips,
    "forgetting_a_section": law_forgetting_a_section_never_flips,
    "land_rights": law_land_rights_change_nothing,
    "followers_admitted": law_followers_only_follow_an_admitted_applicant,
    "explanations": law_explanations_consistent,
    "followers": law_followers_belong,
    "windows": law_windows_hold,
    "order": law_order_does_not_matter,
}
