"""The engine: (profile, rulebook, place, as-of) → an explained verdict. Pure: no I/O, no clock."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import NamedTuple

from hukou.bilingual import Text
from hukou.judging import possible
from hukou.judging.condition_reports import condition_reports
from hukou.judging.conditions import Evaluator, Outcome, Truth, kleene_all, kleene_any, unique
from hukou.judging.facts import FACTS
from hukou.judging.nearest import cost, gaps_of, regulation_gap
from hukou.judging.points import judge_points
from hukou.judging.residence_permit import permit
from hukou.judging.verdict import (
    ChannelReport,
    Citation,
    CityReport,
    FollowerReport,
    GapReport,
    NearestMiss,
    RegistrationReport,
    Verdict,
    cite,
    combine,
)
from hukou.labels import (
    CITY_NOTES,
    FOLLOWER_REASONS,
    GAP_WORDS,
    REGISTRATION_LABELS,
    RELATION_LABELS,
    STATUS_NOTES,
    condition_text,
    in_both,
    phrase,
)
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import Member, Profile
from hukou.model.regions import Pool, Region
from hukou.model.situation import Situation
from hukou.rulebook.compiled import compiled
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.schema import Channel


def judge(profile: Profile, rulebook: Rulebook, place: Place, as_of: dt.date, asked: str | None = None) -> CityReport:
    """Judge one profile for one place on one day, by every rule file that governs the place.

    Example:
        >>> from hukou.model.places import GAZETTEER
        >>> from hukou.rulebook import load_rulebook
        >>> judge(Profile(), load_rulebook(), GAZETTEER.resolve("凯里"), dt.date(2024, 9, 1)).verdict
        'undetermined'
    """
    governing = rulebook.governing(place)
    channels: list[ChannelReport] = []
    truths: list[Truth] = []
    member_truths: list[list[Truth]] = []
    not_in_force: list[str] = []
    notes: list[Text] = []
    pool = recognition_pool(governing, as_of)
    if pool is not None:
        notes.append(pool[1])
    for loaded in governing:
        situation = Situation.of(
            profile, as_of, place, loaded.place, GAZETTEER, loaded.areas, pool[0] if pool else None
        )
        for channel in loaded.rules.channels:
            document = loaded.document(channel.document)
            window = channel.effective or document.window
            if not window.contains(as_of):
                not_in_force.append(channel.id)
                continue
            judged = _judge_channel(channel, loaded, situation)
            channels.append(judged.report)
            truths.append(judged.truth)
            member_truths.append(judged.member_truths)
            note = STATUS_NOTES.get(document.status)
            if note is not None:
                note = phrase(CITY_NOTES, "document_status", number=document.number, status=note)
                if note not in notes:
                    notes.append(note)
    if not governing:
        notes.append(phrase(CITY_NOTES, "not_encoded", place=GAZETTEER.full_name(place)))
    elif not channels:
        notes.append(phrase(CITY_NOTES, "none_in_force", day=str(as_of)))
    if _already_here(profile, place, as_of):
        notes.append(phrase(CITY_NOTES, "already_here"))
    verdict = combine([c.verdict for c in channels])
    admitted = [c for c in channels if c.verdict == "eligible"]
    # An undetermined city is undetermined because of its open channels: the nearest miss is among them.
    candidates = [c for c in channels if c.verdict == verdict] if verdict == "undetermined" else channels
    closest = min((c for c in candidates if c.verdict != "eligible"), key=lambda c: c.distance, default=None)
    nearest = (
        NearestMiss(channel=closest.id, title=closest.title, verdict=closest.verdict, gaps=closest.gaps)
        if closest is not None and verdict != "eligible"
        else None
    )
    return CityReport(
        city=asked or place.name,
        place=GAZETTEER.full_name(place),
        code=place.code,
        jurisdiction=[f.name for f in governing],
        verdict=verdict,
        admitted_by=[c.id for c in admitted],
        channels=channels,
        not_in_force=not_in_force,
        followers=_city_followers(profile, channels, member_truths, verdict),
        registration=[r for c in admitted[:1] for r in c.registration],
        missing=[]
        if verdict == "eligible"
        else unique(t for c in channels if c.verdict == "undetermined" for t in c.missing),
        notes=notes,
        nearest=nearest,
        residence_permit=permit(profile, place, as_of),
    )


_UNBOUNDED = 10**6


def _already_here(profile: Profile, place: Place, as_of: dt.date) -> bool:
    """Whether the hukou is surely registered in the place asked already."""
    situation = Situation.of(profile, as_of, place, place, GAZETTEER)
    return FACTS["hukou.in_city"].derive(situation, None).value is True


def recognition_pool(governing: list[LoadedRules], as_of: dt.date) -> tuple[Pool, Text] | None:
    """Cumulative recognition declared by a governing jurisdiction and in force on the day."""
    for loaded in reversed(governing):  # the widest jurisdiction's recognition covers the rest
        for recognition in loaded.rules.recognition:
            if loaded.document(recognition.document).window.contains(as_of):
                names = loaded.rules.jurisdiction.names
                note = phrase(CITY_NOTES, "recognition", title=recognition.title, jurisdiction=names)
                return Pool(frozenset(recognition.sections), Region((loaded.place,))), note
    return None


@dataclass(frozen=True)
class _Judged:
    report: ChannelReport
    truth: Truth
    member_truths: list[Truth]  # per family member: admitted with the applicant here?


def _judge_channel(channel: Channel, loaded: LoadedRules, situation: Situation) -> _Judged:
    applicant = Evaluator(situation)
    family = situation.profile.family or []
    rules = [_follower_rule(channel, member, applicant) for member in family]
    fewest, most = _household(rules, situation.profile)

    outcome = evaluate_channel(channel, situation.with_household(fewest, most))
    reasoning: Text | None = None
    if outcome is not None and outcome.truth is None:
        # Open leaf by leaf: the worlds the profile allows may all agree (hukou.judging.possible).
        found = channel_worlds(channel, situation)
        if found is not None:
            judged = [evaluate_channel(channel, world) for world in found.situations]
            decided = possible.merged([o for o in judged if o is not None])
            if decided.truth is not None:
                outcome, reasoning = decided, possible.whichever(found, decided.truth)
    truth: Truth = outcome.truth if outcome is not None else True
    if channel.deferred_to is not None and truth is not False:
        truth = None
    # A points channel: its conditions are prerequisites; the score decides the rest (hukou.judging.points).
    scored = judge_points(channel, loaded, situation, truth) if channel.points is not None else None
    if scored is not None:
        truth = scored.truth
    verdict: Verdict = "eligible" if truth is True else "ineligible" if truth is False else "undetermined"

    member_truths = [kleene_all([truth, rule.truth]) for rule in rules]
    followers = [
        FollowerReport(
            relation=member.relation.value,
            name=member.name,
            may_follow=may,
            reason=_member_reason(rule.truth, rule.reason, truth),
            channel=channel.id,
            waits_on=list(rule.waits_on) if may is None else [],
        )
        for member, may, rule in zip(family, member_truths, rules, strict=True)
    ]
    document = loaded.document(channel.document)
    leaves = condition_reports(outcome) if outcome is not None else []
    gaps = gaps_of(outcome, situation.as_of) if outcome is not None and truth is not True else []
    if channel.deferred_to is not None and truth is not False:
        gaps.append(regulation_gap(channel.deferred_to.regulation))
    # A channel decided over the values an unknown may take lacks nothing, whatever leaves stay open.
    missing = unique(
        [leaf.missing for leaf in leaves if leaf.verdict == "unknown" and leaf.missing is not None and truth is None]
        + ([regulation_text(channel.deferred_to.regulation)] if channel.deferred_to else [])
        + (scored.missing if scored is not None else [])
    )
    gaps += scored.gaps if scored is not None else []
    report = ChannelReport(
        id=channel.id,
        jurisdiction=loaded.name,
        title=channel.title,
        verdict=verdict,
        document=document.id,
        quote=channel.quote,
        citation=_cite(loaded, channel.document, channel.section, channel.quote),
        conditions=leaves,
        missing=missing,
        deferred_to=channel.deferred_to.regulation if channel.deferred_to else None,
        followers=followers,
        registration=_registration(channel, applicant),
        priority=channel.priority,
        interpretation=channel.interpretation,
        reasoning=reasoning,
        waivers=[_cite(loaded, w.document, None, w.quote) for w in channel.exceptions],
        gaps=[GapReport(condition=g.condition, kind=g.kind, text=g.text) for g in gaps],
        distance=cost(gaps),
        points=scored.report if scored is not None else None,
    )
    return _Judged(report, truth, member_truths)


def evaluate_channel(channel: Channel, situation: Situation) -> Outcome | None:
    """A channel's conditions evaluated in one situation, its exceptions applied (None: it has none)."""
    conditions = compiled(channel).conditions
    return None if conditions is None else Evaluator(situation).evaluate(conditions)


def regulation_text(regulation: str) -> Text:
    """A regulation a channel awaits, named as a missing fact."""
    return phrase(GAP_WORDS, "regulation", regulation=regulation)


def channel_worlds(channel: Channel, situation: Situation) -> possible.Worlds | None:
    """The worlds the profile allows for the channel (hukou.judging.possible), each with the
    household its follower rules let move in."""
    return possible.worlds(channel, situation, lambda world: household(channel, world.profile, Evaluator(world)))


def household(channel: Channel, profile: Profile, applicant: Evaluator) -> tuple[int, int]:
    """The fewest and most people who would move in under the channel: the applicant and the
    relatives its follower rules surely (or possibly) let follow."""
    return _household([_follower_rule(channel, member, applicant) for member in profile.family or []], profile)


def _household(rules: list[_Rule], profile: Profile) -> tuple[int, int]:
    fewest = 1 + sum(1 for rule in rules if rule.truth is True)
    # With the family unknown, so is the number of people moving in.
    most = 1 + sum(1 for rule in rules if rule.truth is not False) if profile.family is not None else _UNBOUNDED
    return fewest, most


class _Rule(NamedTuple):
    """A follower rule judged for one relative: whether it lets them follow, why, and the facts of
    the relative it still waits on (by name: member.age, member.lives_with_applicant)."""

    truth: Truth
    reason: Text
    waits_on: tuple[str, ...] = ()


def _follower_rule(channel: Channel, member: Member, evaluator: Evaluator) -> _Rule:
    """Whether the channel lets this relative follow, setting aside the applicant's own verdict."""
    index = next((i for i, r in enumerate(channel.followers.allowed) if r.relation == member.relation), None)
    if index is None:
        if not channel.followers.allowed:
            # Under a channel whose conditions are left to a regulation, so is who may follow.
            unknown: Truth = None if channel.deferred_to is not None else False
            return _Rule(unknown, channel.followers.note or phrase(FOLLOWER_REASONS, "none_named"))
        # The relation in English as the profile spells it.
        relation = Text.of(zh=RELATION_LABELS[member.relation].zh, en=member.relation.value)
        note = channel.followers.note  # where the document sends them instead (Beijing: relatives joining)
        if note is None:
            return _Rule(False, phrase(FOLLOWER_REASONS, "not_taken", relation=relation))
        return _Rule(False, phrase(FOLLOWER_REASONS, "not_taken_but", relation=relation, note=note))
    rule, when = channel.followers.allowed[index], compiled(channel).followers[index]
    if when is None:
        return _Rule(True, rule.label)
    outcome = evaluator.evaluate(when, member)
    worded = "rule"
    if outcome.truth is None and (variants := possible.member_variants(when, member)):
        # Open while the relative's sex is not given: decided if either sex gives the same answer.
        either = possible.merged([evaluator.evaluate(when, variant) for variant in variants])
        if either.truth is not None:
            outcome, worded = either, "rule_either_sex"
    # Explain by the leaves that decided it: the ones met when it holds, else the failing or open ones.
    deciding = [leaf for leaf in outcome.leaves() if leaf.truth is outcome.truth] or list(outcome.leaves())
    why = in_both(lambda lang: "; ".join(_leaf_sentence(leaf, lang) for leaf in deciding))
    waits_on = tuple(dict.fromkeys(leaf.fact for leaf in deciding if leaf.truth is None and leaf.fact))
    return _Rule(outcome.truth, phrase(FOLLOWER_REASONS, worded, label=rule.label, why=why), waits_on)


def _member_reason(rule_truth: Truth, rule_reason: Text, truth: Truth) -> Text:
    """Why a relative may or may not follow under one channel: their own rule, or the applicant's verdict."""
    if rule_truth is False or truth is True:
        return rule_reason
    if truth is False:
        return phrase(FOLLOWER_REASONS, "applicant_not_admitted", reason=rule_reason)
    return phrase(FOLLOWER_REASONS, "applicant_open", reason=rule_reason)


def _leaf_sentence(leaf: Outcome, lang: str) -> str:
    kind = FACTS[leaf.fact].kind if leaf.fact else None
    return condition_text(leaf.label, leaf.actual, leaf.op, leaf.threshold, leaf.unit, kind, leaf.truth, lang)


def _city_followers(
    profile: Profile, channels: list[ChannelReport], member_truths: list[list[Truth]], verdict: Verdict
) -> list[FollowerReport]:
    """Per family member, the best any channel in force offers: may follow, maybe, or not."""
    out = []
    for i, member in enumerate(profile.family or []):
        per_channel = [truths[i] for truths in member_truths]
        best = kleene_any(per_channel) if per_channel else None
        index = next((k for k, t in enumerate(per_channel) if t is best), None)
        if index is None:
            reason = phrase(FOLLOWER_REASONS, "no_channel")
            out.append(FollowerReport(relation=member.relation.value, name=member.name, may_follow=None, reason=reason))
            continue
        if best is False:
            # Explain by a channel that admits the applicant, or may: there the relative's own
            # condition is what fails. Failing that, the applicant is the reason.
            index = next((k for k, c in enumerate(channels) if c.verdict == "eligible"), None)
            if index is None:
                index = next(
                    (k for k, c in enumerate(channels) if c.verdict == "undetermined" and per_channel[k] is False), None
                )
            if index is None:
                reason = phrase(FOLLOWER_REASONS, "applicant_nowhere")
                out.append(
                    FollowerReport(relation=member.relation.value, name=member.name, may_follow=False, reason=reason)
                )
                continue
        if best is None and verdict == "eligible":
            # Admitted, but not by a channel that takes this relative: only a channel still open might.
            admitting = "、".join(c.id for c in channels if c.verdict == "eligible")
            opening = channels[index]
            reason = phrase(FOLLOWER_REASONS, "admitted_elsewhere", admitting=admitting, opening=opening.id)
            out.append(
                FollowerReport(
                    relation=member.relation.value, name=member.name, may_follow=None, reason=reason, channel=opening.id
                )
            )
            continue
        out.append(channels[index].followers[i])
    return out


def _registration(channel: Channel, evaluator: Evaluator) -> list[RegistrationReport]:
    """The first option whose condition holds; options whose condition is unknown stay listed."""
    out = []
    for option, when in zip(channel.registration, compiled(channel).registration, strict=True):
        truth = evaluator.evaluate(when).truth if when is not None else True
        if truth is False:
            continue
        out.append(
            RegistrationReport(
                type=option.type, label=REGISTRATION_LABELS[option.type], note=option.note, certain=truth is True
            )
        )
        if truth is True:
            break
    return out


def _cite(loaded: LoadedRules, doc_id: str, section: str | None, quote: str) -> Citation:
    """The citation of a sentence, made once per rule file and sentence (a Citation never changes)."""
    key = (id(loaded), doc_id, section, quote)
    found = _CITED.get(key)
    if found is None or found[0] is not loaded:
        found = _CITED[key] = (loaded, _citation(loaded, doc_id, section, quote))
    return found[1]


_CITED: dict[tuple[int, str, str | None, str], tuple[LoadedRules, Citation]] = {}


def _citation(loaded: LoadedRules, doc_id: str, section: str | None, quote: str) -> Citation:
    return cite(loaded.document(doc_id), section, quote)
