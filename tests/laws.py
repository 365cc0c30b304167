"""The laws every rule file must obey, as functions of a rulebook and a generated profile.

Each law raises ``AssertionError`` with the city and channel that break it. The tests apply them
to the project's own rules (tests/test_laws.py) and to deliberately broken rule files, which a
law must catch. Monotonicity and time laws name their justified exceptions here, beside the law.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable, Mapping
from typing import Any

from hukou import CityReport, Profile, Rulebook, judge
from hukou.model.periods import months_before, months_between
from hukou.model.places import Place
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import Channel

from .strategies import AS_OF, GROUPS, LEVELS, PLACES

Data = dict[str, Any]
Reports = dict[str, CityReport]


def judge_everywhere(
    rulebook: Rulebook, data: Data, as_of: dt.date = AS_OF, places: Mapping[str, Place] = PLACES
) -> Reports:
    profile = Profile.model_validate(data)
    return {name: judge(profile, rulebook, place, as_of) for name, place in places.items()}


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
        return {**data, change: longer(data[change], extra)}
    if change == "housing":
        homes = data["housing"]
        if homes is None:
            return data
        larger = [{**h, "area_sqm": h["area_sqm"] + extra} if h.get("area_sqm") is not None else h for h in homes]
        return {**data, "housing": larger}
    if change == "education":
        education = data["education"]
        if education is None or education["level"] is None:
            return data
        rank = LEVELS.index(education["level"])
        higher = LEVELS[min(rank + 1 + choice % 3, len(LEVELS) - 1)]
        return {**data, "education": {**education, "level": higher}}
    if change == "groups":
        groups = list(data["groups"] or [])
        added = GROUPS[choice % len(GROUPS)]
        named = {g if isinstance(g, str) else g["group"] for g in groups}
        return {**data, "groups": groups if added in named else [*groups, added]}
    raise ValueError(change)


MONOTONE_CHANGES = (*PERIOD_SECTIONS, "housing", "education", "groups")

# Where a document reads a fact the other way, the channel is named here with the reason; the
# law still holds for the city's verdict wherever another channel carries the person.
# (Jiyuan's 二(四) was one until its 大专生、本科生 were read to take master's and doctoral graduates too.)
MONOTONE_EXCEPTIONS: dict[tuple[str, str], str] = {}


def law_monotone(
    rulebook: Rulebook, data: Data, change: str, extra: int, choice: int, places: Mapping[str, Place] = PLACES
) -> None:
    """More of a good thing never turns an eligible channel ineligible."""
    before = judge_everywhere(rulebook, data, places=places)
    after = judge_everywhere(rulebook, more(data, change, extra, choice), places=places)
    for city, report in before.items():
        now = channel_verdicts(after[city])
        for channel, was in channel_verdicts(report).items():
            if was == "eligible" and (channel, change) not in MONOTONE_EXCEPTIONS:
                assert now[channel] != "ineligible", f"{city}: {channel} lost by more {change}"


# --- Law 2: exceptions only widen ------------------------------------------------------------


def with_home_area(data: Data, area: float) -> Data:
    homes = data["housing"]
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


def law_explanations_consistent(rulebook: Rulebook, data: Data) -> None:
    """The verdict of a city is the one its channels and conditions show."""
    for city, report in judge_everywhere(rulebook, data).items():
        for channel in report.channels:
            top = [c for c in channel.conditions if not c.within]
            if channel.verdict == "eligible":
                assert all(c.verdict in {"met", "waived"} for c in top), (city, channel.id)
                assert not channel.deferred_to, (city, channel.id)
            elif channel.verdict == "ineligible":
                assert any(c.verdict == "not_met" for c in channel.conditions), (city, channel.id)
            else:
                assert channel.missing, f"{city}: {channel.id} is undetermined and names nothing missing"
                assert channel.deferred_to or any(c.verdict == "unknown" for c in channel.conditions), (
                    city,
                    channel.id,
                )
        verdicts = {c.verdict for c in report.channels}
        if report.verdict == "eligible":
            assert report.admitted_by and "eligible" in verdicts, city
        elif report.verdict == "ineligible":
            assert verdicts <= {"ineligible"}, city
        else:
            assert "eligible" not in verdicts, city
            assert "undetermined" in verdicts or not report.channels, city
            assert report.missing or not report.channels, f"{city}: undetermined, nothing named missing"


def law_complete_profiles_decide(rulebook: Rulebook, data: Data) -> None:
    """With every fact given, only a threshold left to a missing regulation keeps a channel open."""
    for city, report in judge_everywhere(rulebook, data).items():
        for channel in report.channels:
            if channel.verdict == "undetermined":
                unknown = [c.id for c in channel.conditions if c.verdict == "unknown"]
                assert channel.deferred_to, f"{city}: {channel.id} open with every fact given: {unknown}"


# --- Law 5: followers -------------------------------------------------------------------------


def law_followers_belong(rulebook: Rulebook, data: Data) -> None:
    """Whoever may follow is a member of the family whom an admitting channel lists."""
    profile = Profile.model_validate(data)
    family = profile.family or []
    for city, report in judge_everywhere(rulebook, data).items():
        assert len(report.followers) == len(family), city
        admitting = {c.id: c for c in report.channels if c.verdict == "eligible"}
        for member, follower in zip(family, report.followers, strict=True):
            assert follower.relation == member.relation.value, city
            if follower.may_follow is True:
                assert follower.channel in admitting, (city, follower)
                channel = _channel(rulebook, PLACES[city], follower.channel)
                assert member.relation in {r.relation for r in channel.followers.allowed}, (city, follower)


# --- Law 6: time -----------------------------------------------------------------------------


def law_windows_hold(rulebook: Rulebook, data: Data, day: dt.date) -> None:
    """A channel outside its document's window is not judged, and so never admits."""
    for city, place in PLACES.items():
        report = judge(Profile.model_validate(data), rulebook, place, day)
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


def law_a_document_changes_only_its_channels(rulebook: Rulebook, data: Data, start: int) -> None:
    """The day before a document takes effect and the day it does differ only in its own channels
    (and, where it pools periods across its jurisdiction, in the channels that count them; and in
    channels whose own window ends the day before, as 54号's points channel ends when 135号 begins)."""
    loaded, document_id, day = document_starts(rulebook)[start % len(document_starts(rulebook))]
    before_day = day - dt.timedelta(days=1)
    # Graduating "this year" (应届) is the one fact that turns with the calendar itself.
    if before_day.year != day.year:
        return
    fixed = frozen_in_time(data, day)
    pooled = any(r.document == document_id for r in loaded.rules.recognition)
    for city, place in PLACES.items():
        governing = rulebook.governing(place)
        if loaded not in governing:
            continue
        before = channel_verdicts(judge(Profile.model_validate(fixed), rulebook, place, before_day))
        after = channel_verdicts(judge(Profile.model_validate(fixed), rulebook, place, day))
        own = {c.id for c in loaded.rules.channels if c.document == document_id}
        own |= {
            c.id
            for other in governing
            for c in other.rules.channels
            if c.effective is not None and c.effective.until == before_day
        }
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


def law_order_does_not_matter(rulebook: Rulebook, data: Data, seed: int) -> None:
    """The verdict, the admitting channels and who may follow do not depend on order."""
    other_rules = shuffled_rulebook(rulebook, seed)
    other_data, order = shuffled_profile(data, seed)
    first = judge_everywhere(rulebook, data)
    second = judge_everywhere(other_rules, other_data)
    for city, report in first.items():
        again = second[city]
        assert report.verdict == again.verdict, city
        assert set(report.admitted_by) == set(again.admitted_by), city
        assert channel_verdicts(report) == channel_verdicts(again), city
        follows = [f.may_follow for f in report.followers]
        assert [follows[i] for i in order] == [f.may_follow for f in again.followers], city


LAWS: dict[str, Callable[..., None]] = {
    "monotone": law_monotone,
    "explanations": law_explanations_consistent,
    "followers": law_followers_belong,
    "windows": law_windows_hold,
    "order": law_order_does_not_matter,
}
