"""Points-based settlement (积分落户): a channel's score from its indicators, against its line.

A points channel's ``conditions`` are its prerequisites, judged as any channel's. This module
scores the indicators from the same derived facts (:mod:`hukou.judging.facts`), as a range ``[low, high]``
while facts are unknown, and says what the score means on the day:

- surely below a line the documents state → the channel fails (ineligible);
- the line reached, but a yearly quota and a ranking decide who is admitted → open (undetermined),
  never a plain "eligible" that would promise a hukou the document does not promise;
- no line in our sources (published yearly), or no table → open, and the report says why.

Rounding is the documents': "每满1年" counts full years only. Nothing here reads a threshold that
is not in the rule file.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from hukou.bilingual import Text
from hukou.judging.conditions import Evaluator, Truth, kleene_all
from hukou.judging.facts import FACTS, Value
from hukou.judging.nearest import CHANGE, REGULATION, SUPPLY, WAIT, Gap
from hukou.judging.verdict import Citation, IndicatorReport, PointsGain, PointsReport, PointsStatus, cite
from hukou.labels import (
    GAP_WORDS,
    MOVED_OUT,
    POINTS_GAINS,
    POINTS_GAPS,
    POINTS_STATUS,
    WHAT_MOVED,
    in_both,
    phrase,
    value_text,
)
from hukou.model.periods import is_current, months_before, months_between, span_of
from hukou.model.profile import EducationLevel
from hukou.model.regions import area_region
from hukou.model.situation import Situation
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import Channel, Indicator, Line, PerYear, Points

Facts = dict[tuple[str, str], Value]  # (fact, counted_in) → value
INF = math.inf
_HORIZON = 120  # months looked ahead for the day the line is reached


@dataclass
class Earned:
    """An indicator's points as a range, with the fact it was read from."""

    indicator: Indicator
    low: float
    high: float
    fact: str | None = None
    actual: Any = None
    detail: str | None = None
    missing: Text | None = None
    parts: list[Earned] = field(default_factory=list)
    counted: bool = True


@dataclass(frozen=True)
class Judged:
    """What a points channel's score adds to its prerequisites' verdict."""

    truth: Truth
    report: PointsReport
    missing: list[Text]
    gaps: list[Gap]


def judge_points(channel: Channel, loaded: LoadedRules, situation: Situation, prerequisites: Truth) -> Judged:
    """Score a points channel and combine the score with its prerequisites' truth.

    Example:
        >>> from hukou.model.places import GAZETTEER
        >>> from hukou.model.profile import Profile
        >>> from hukou.rulebook import load_rulebook
        >>> from hukou.judging.engine import judge
        >>> report = judge(Profile(), load_rulebook(), GAZETTEER.resolve("北京"), dt.date(2018, 3, 1))
        >>> report.channels[0].points.status
        'no_line'
    """
    points = channel.points
    assert points is not None
    evaluator = Evaluator(situation)
    facts = read_facts(points, situation)
    earned = score(points, facts, evaluator)
    low, high = _total(earned)
    line = line_on(points, situation.as_of)
    status = _status(points, line, low, high)
    truth = _truth(status, points)
    missing = _missing(points, earned, status)
    # Past the line, more points change nothing the documents say (a ranking by time decides).
    wanted = status in {"below_line", "may_reach", "no_line"}
    gains = _gains(points, facts, evaluator, situation.as_of, low) if wanted else []
    reached_on = None
    if line is not None and status in {"below_line", "may_reach"}:
        reached_on = _reached_on(points, facts, evaluator, line.points, situation.as_of)
    report = PointsReport(
        score=low if low == high else None,
        low=_bound(low),
        high=_bound(high),
        line=line.points if line else None,
        line_citation=_cite(loaded, channel, line.document, line.section, line.quote) if line else None,
        status=status,
        status_text=_status_text(status, points, line, low, high),
        admission=_cite(loaded, channel, points.admission.document, points.admission.section, points.admission.quote)
        if points.admission
        else None,
        indicators=[_indicator_report(e, loaded, channel) for e in earned],
        gains=gains,
        line_reached_on=reached_on,
    )
    combined = kleene_all([prerequisites, truth])
    # A failed prerequisite is the change to make first; the score's gaps would only bury it.
    wanted_gaps = combined is not True and (prerequisites is not False or status == "below_line")
    gaps = _gaps(status, line, low, gains, reached_on, points, earned) if wanted_gaps else []
    return Judged(combined, report, missing, gaps)


def score_truth(channel: Channel, situation: Situation) -> Truth:
    """What the score alone says of a points channel on the day: False when surely below a stated
    line, True when a line is reached that admits by itself, else unknown (for engines that compile
    only the prerequisites and read this as a derived fact)."""
    points = channel.points
    assert points is not None
    facts = read_facts(points, situation)
    low, high = _total(score(points, facts, Evaluator(situation)))
    return _truth(_status(points, line_on(points, situation.as_of), low, high), points)


# --- the facts an indicator reads -----------------------------------------------------------------


def read_facts(points: Points, situation: Situation) -> Facts:
    """Every duration and count the indicators read, derived once."""
    out: Facts = {}
    for indicator in _walk(points.indicators):
        rule = indicator.per_year
        if rule is not None and rule.moved_out_of is not None:
            out[_key(rule)] = _moved_out(rule, situation)
        for name, counted_in in _reads(indicator):
            if (name, counted_in) not in out:
                where = situation.counted_in(counted_in)
                out[name, counted_in] = FACTS[name].derive(where, None) if where is not None else Value(None)
    return out


def _key(rule: PerYear) -> tuple[str, str]:
    """The key of the duration a per-year rule reads: a named fact, or a move out of an area."""
    if rule.fact is not None:
        return rule.fact, rule.counted_in
    return f"moved_out_of.{rule.moved_out_of}.{'+'.join(rule.sections)}.{rule.counted_from}", rule.counted_in


def _label(name: str) -> tuple[Text, Text]:
    """A duration's label and what the profile lacks when it is unknown."""
    spec = FACTS.get(name)
    if spec is not None:
        return spec.label, spec.missing
    area, sections = name.split(".")[1:3]
    moved = WHAT_MOVED["residence" if sections == "residence" else "residence_and_job"]
    return phrase(MOVED_OUT, "label", moved=moved, area=area), phrase(MOVED_OUT, "missing", moved=moved)


def _moved_out(rule: PerYear, situation: Situation) -> Value:
    """Months since the stay (and job) going on left the area, counted from ``counted_from``:
    0 where it lies inside the area or nothing earlier lay inside; unknown where a place may or
    may not lie in it."""
    where = situation.counted_in(rule.counted_in)
    if where is None or rule.moved_out_of is None:
        return Value(None)
    region = area_region(situation.areas, rule.moved_out_of)
    found: list[int] = []
    for section in rule.sections:
        entries = where.local(section)
        if entries is None:
            return Value(None)
        spans = [(e, span) for e in entries if (span := span_of(e, situation.as_of)) is not None]
        current = [(e, span) for e, span in spans if is_current(e, situation.as_of)]
        if not current:
            found.append(0)
            continue
        now, span = max(current, key=lambda pair: pair[1].start)
        inside = region.holds(situation.gazetteer, now.city, getattr(now, "zone", None))
        before = [region.holds(situation.gazetteer, e.city) for e, s in spans if s.start < span.start]
        if inside is None or (True not in before and None in before):
            return Value(None)
        if inside or True not in before:
            found.append(0)
            continue
        start = max(span.start, rule.counted_from) if rule.counted_from else span.start
        found.append(months_between(start, situation.as_of) if start <= situation.as_of else 0)
    return Value(min(found))


def _reads(indicator: Indicator) -> Iterable[tuple[str, str]]:
    if indicator.per_year is not None:
        if indicator.per_year.fact is not None:
            yield indicator.per_year.fact, indicator.per_year.counted_in
        if indicator.per_year.at_most_years_of is not None:
            yield indicator.per_year.at_most_years_of, indicator.per_year.counted_in
    if indicator.table is not None:
        yield indicator.table.fact, "place"
    if indicator.per_count is not None:
        yield indicator.per_count.fact, "place"


def _walk(found: list[Indicator]) -> Iterable[Indicator]:
    for indicator in found:
        yield indicator
        yield from _walk(indicator.best_of or [])


# --- scoring ---------------------------------------------------------------------------------------


@dataclass
class _Budget:
    """Years a limiting duration still allows, shared by the indicators it limits (low, high)."""

    low: float
    high: float


def score(points: Points, facts: Facts, evaluator: Evaluator) -> list[Earned]:
    """Each top-level indicator's points, as ranges."""
    budgets: dict[tuple[str, str], _Budget] = {}
    return [_earn(i, facts, evaluator, budgets) for i in points.indicators]


def _earn(indicator: Indicator, facts: Facts, evaluator: Evaluator, budgets: dict[tuple[str, str], _Budget]) -> Earned:
    if indicator.per_year is not None:
        earned = _per_year(indicator, facts, budgets)
    elif indicator.table is not None:
        earned = _table(indicator, facts, evaluator)
    elif indicator.fixed is not None:
        outcome = evaluator.evaluate(indicator.fixed.when)
        p = indicator.fixed.points
        lo, hi = (p, p) if outcome.truth is True else (0.0, 0.0) if outcome.truth is False else (min(0, p), max(0, p))
        lacking = next((leaf.missing for leaf in outcome.leaves() if leaf.truth is None and leaf.missing), None)
        shown = [leaf for leaf in outcome.leaves() if leaf.fact]
        earned = Earned(
            indicator,
            lo,
            hi,
            shown[0].fact if len(shown) == 1 else None,
            shown[0].actual if len(shown) == 1 else None,
            shown[0].detail if len(shown) == 1 else None,
            missing=lacking if outcome.truth is None else None,
        )
    elif indicator.per_count is not None:
        value = facts[indicator.per_count.fact, "place"]
        p = indicator.per_count.points
        if value.value is None:
            lo, hi = (0.0, INF) if p > 0 else (-INF, 0.0)
            earned = Earned(
                indicator, lo, hi, indicator.per_count.fact, missing=FACTS[indicator.per_count.fact].missing
            )
        else:
            earned = Earned(
                indicator, value.value * p + 0.0, value.value * p + 0.0, indicator.per_count.fact, value.value
            )
    elif indicator.up_to is not None:
        truth = evaluator.evaluate(indicator.up_to.when).truth if indicator.up_to.when is not None else None
        hi = 0.0 if truth is False else indicator.up_to.points
        why = indicator.up_to.why or phrase(POINTS_GAPS, "maximum_only")
        earned = Earned(indicator, 0.0, hi, missing=why if hi > 0 else None)
    else:
        parts = [_earn(part, facts, evaluator, budgets) for part in indicator.best_of or []]
        lo, hi = max(p.low for p in parts), max(p.high for p in parts)
        best = max(parts, key=lambda p: (p.low, p.high))
        for part in parts:
            part.counted = part is best
        lacking = next((p.missing for p in parts if p.missing is not None and p.high > lo), None)
        earned = Earned(indicator, lo, hi, parts=parts, missing=lacking)
    if indicator.cap is not None:
        earned.low, earned.high = min(earned.low, indicator.cap), min(earned.high, indicator.cap)
    return earned


def _per_year(indicator: Indicator, facts: Facts, budgets: dict[tuple[str, str], _Budget]) -> Earned:
    rule = indicator.per_year
    assert rule is not None
    value = facts[_key(rule)]
    step = 12 * rule.every
    steps_lo, steps_hi = (0.0, INF) if value.value is None else (float(value.value // step),) * 2
    missing = _label(_key(rule)[0])[1] if value.value is None else None
    if rule.at_most_years_of is not None:
        key = (rule.at_most_years_of, rule.counted_in)
        budget = budgets.get(key)
        if budget is None:
            limit = facts[key]
            budget = budgets[key] = (
                _Budget(0.0, INF) if limit.value is None else _Budget(*(float(limit.value // step),) * 2)
            )
            if limit.value is None and missing is None:
                missing = FACTS[rule.at_most_years_of].missing
        counted_lo, counted_hi = min(steps_lo, budget.low), min(steps_hi, budget.high)
        budget.low, budget.high = max(0.0, budget.low - counted_hi), budget.high - counted_lo
        steps_lo, steps_hi = counted_lo, counted_hi
    lo, hi = sorted((steps_lo * rule.points, steps_hi * rule.points if steps_hi < INF else INF * rule.points))
    return Earned(indicator, lo, hi, rule.fact, value.value if rule.fact else None, value.detail, missing)


def _table(indicator: Indicator, facts: Facts, evaluator: Evaluator) -> Earned:
    table = indicator.table
    assert table is not None
    value = facts[table.fact, "place"]
    spec = FACTS[table.fact]
    holds = evaluator.evaluate(table.when).truth if table.when is not None else True
    if holds is False:
        return Earned(indicator, 0.0, 0.0, table.fact, value.value)
    if value.value is None:
        all_points = [r.points for r in table.rows] + [0.0]
        return Earned(indicator, min(all_points), max(all_points), table.fact, missing=spec.missing)
    earned = row_points(table.fact, table.rows, value.value)
    if holds is None and table.when is not None and earned != 0:  # the row is known, not whether it counts
        lacking = next((leaf.missing for leaf in evaluator.evaluate(table.when).leaves() if leaf.missing), None)
        return Earned(indicator, min(0.0, earned), max(0.0, earned), table.fact, value.value, missing=lacking)
    return Earned(indicator, earned, earned, table.fact, value.value)


def row_points(fact: str, rows: Iterable[Any], value: Any) -> float:
    """The row a value earns: for an ordered fact the highest listed value it reaches, else its own."""
    rows = list(rows)
    if FACTS[fact].kind == "ordinal":
        rank = EducationLevel(value).rank
        reached = [r for r in rows if EducationLevel(r.value).rank <= rank]
        return max((r.points for r in reached), default=0.0)
    return next((float(r.points) for r in rows if r.value == value), 0.0)


def _total(earned: list[Earned]) -> tuple[float, float]:
    low = sum(e.low for e in earned)
    high = sum(e.high for e in earned)
    return (low if not math.isnan(low) else -INF), (high if not math.isnan(high) else INF)


# --- the line and what it means ----------------------------------------------------------------


def line_on(points: Points, day: dt.date) -> Line | None:
    """The line in force on the day, if the documents state one."""
    return next((line for line in points.line if line.effective is None or line.effective.contains(day)), None)


def _status(points: Points, line: Line | None, low: float, high: float) -> PointsStatus:
    if not points.indicators:
        return "no_table"
    if line is None:
        return "no_line"
    if high < line.points:
        return "below_line"
    if low >= line.points:
        return "line_reached"
    return "may_reach"


def _truth(status: PointsStatus, points: Points) -> Truth:
    if status == "below_line":
        return False
    if status == "line_reached" and points.admission is None:
        return True  # the document admits whoever reaches the line
    return None


def _status_text(status: PointsStatus, points: Points, line: Line | None, low: float, high: float) -> Text:
    score = _range_text(low, high)
    match status:
        case "no_table":
            why = points.no_table
            assert why is not None
            return phrase(POINTS_STATUS, "no_table", why=why)
        case "no_line":
            why = points.no_line
            assert why is not None
            return phrase(POINTS_STATUS, "no_line", score=score, why=why)
    assert line is not None
    target = f"{line.points:g}"
    if status == "below_line":
        return phrase(POINTS_STATUS, "below_line", score=score, line=target)
    if status == "may_reach":
        return phrase(POINTS_STATUS, "may_reach", score=score, line=target)
    if points.admission is None:
        return phrase(POINTS_STATUS, "line_reached", score=score, line=target)
    return phrase(POINTS_STATUS, "line_reached_ranked", score=score, line=target, ranking=points.admission.ranking)


def _range_text(low: float, high: float) -> str:
    if low == high:
        return f"{low:g}"
    lo = "?" if low == -INF else f"{low:g}"
    hi = "?" if high == INF else f"{high:g}"
    return f"{lo}–{hi}"


def _missing(points: Points, earned: list[Earned], status: PointsStatus) -> list[Text]:
    out: list[Text] = []

    def add(text: Text | None) -> None:
        if text is not None and text not in out:
            out.append(text)

    if status in {"may_reach", "no_line"}:
        for e in earned:
            add(e.missing if e.low != e.high else None)
    if status == "no_line":
        add(points.no_line)
    if status == "no_table":
        add(points.no_table)
    if status in {"line_reached", "may_reach", "no_line", "no_table"} and points.admission is not None:
        add(phrase(POINTS_GAPS, "quota"))
    return out


def _bound(value: float) -> float | None:
    return None if math.isinf(value) else value


# --- what would add points ---------------------------------------------------------------------


def _gains(points: Points, facts: Facts, evaluator: Evaluator, as_of: dt.date, low: float) -> list[PointsGain]:
    """The changes that add most: another full year of a duration, the next row of a table, a
    fixed award not yet earned, one more counted record."""
    found: list[PointsGain] = []
    durations = {_key(i.per_year): i for i in _walk(points.indicators) if i.per_year is not None}
    for key, indicator in durations.items():
        value = facts[key].value
        if not value:  # unknown, or not going on: no year to wait for
            continue
        step = 12 * (indicator.per_year.every if indicator.per_year else 1)
        needed = step - value % step
        gain = _rescored(points, {**facts, key: Value(value + needed)}, evaluator) - low
        if gain > 0:
            # A move out of an area is named by its indicator, a fact by its own label.
            label = _label(key[0])[0] if indicator.per_year and indicator.per_year.fact else indicator.title
            on = months_before(as_of, -needed)
            found.append(
                PointsGain(
                    indicator=indicator.id,
                    points=gain,
                    text=phrase(POINTS_GAINS, "another_year", label=label, needed=needed, gain=f"{gain:g}"),
                    on=on,
                )
            )
    for indicator in _walk(points.indicators):
        if indicator.table is not None:
            key = (indicator.table.fact, "place")
            value = facts[key].value
            if value is None:
                continue
            better = [
                r for r in indicator.table.rows if row_points(indicator.table.fact, indicator.table.rows, r.value) > 0
            ]
            for row in sorted(better, key=lambda r: r.points):
                gain = _rescored(points, {**facts, key: Value(row.value)}, evaluator) - low
                if gain > 0:
                    found.append(
                        PointsGain(
                            indicator=indicator.id,
                            points=gain,
                            text=phrase(
                                POINTS_GAINS,
                                "table_row",
                                label=FACTS[key[0]].label,
                                value=in_both(partial(value_text, row.value, None)),
                                gain=f"{gain:g}",
                            ),
                        )
                    )
                    break
        elif indicator.per_count is not None and indicator.per_count.points > 0:
            key = (indicator.per_count.fact, "place")
            value = facts[key].value
            if value is None:
                continue
            gain = _rescored(points, {**facts, key: Value(value + 1)}, evaluator) - low
            if gain > 0:
                spec = FACTS[key[0]]
                found.append(
                    PointsGain(
                        indicator=indicator.id,
                        points=gain,
                        text=phrase(POINTS_GAINS, "one_more", label=spec.label, gain=f"{gain:g}"),
                    )
                )
    found.sort(key=lambda g: -g.points)
    return found[:5]


def _rescored(points: Points, facts: Facts, evaluator: Evaluator) -> float:
    return _total(score(points, facts, evaluator))[0]


def _reached_on(points: Points, facts: Facts, evaluator: Evaluator, line: float, as_of: dt.date) -> dt.date | None:
    """The first day the surest score reaches the line if every duration going on goes on."""
    running: set[tuple[str, str]] = {
        _key(i.per_year) for i in _walk(points.indicators) if i.per_year is not None and facts[_key(i.per_year)].value
    }
    limits: set[tuple[str, str]] = {
        (i.per_year.at_most_years_of, i.per_year.counted_in)
        for i in _walk(points.indicators)
        if i.per_year is not None and i.per_year.at_most_years_of is not None
    }
    running |= {k for k in limits if facts[k].value}
    if not running:
        return None
    for months in range(1, _HORIZON + 1):
        later: Facts = {**facts, **{k: Value(facts[k].value + months) for k in running}}
        if _rescored(points, later, evaluator) >= line:
            return months_before(as_of, -months)
    return None


def _gaps(
    status: PointsStatus,
    line: Line | None,
    low: float,
    gains: list[PointsGain],
    reached_on: dt.date | None,
    points: Points,
    earned: list[Earned],
) -> list[Gap]:
    """What stands between the score and a hukou: points short of the line (and what adds most),
    facts to tell, or what no one can change — a line or table we lack, a quota and a ranking."""
    if status == "below_line" and line is not None:
        short = f"{line.points - low:g}"
        if reached_on:
            text = phrase(POINTS_GAPS, "short_until", short=short, when=str(reached_on))
        else:
            text = phrase(POINTS_GAPS, "short", short=short)
        if gains:
            best = in_both(lambda lang: "; ".join(g.text.in_(lang) for g in gains[:3]))
            text = phrase(POINTS_GAPS, "short_adds_most", short=text, gains=best)
        return [Gap("points", "wait" if reached_on else "change", text, WAIT if reached_on else CHANGE)]
    out: list[Gap] = []
    if status in {"may_reach", "no_line"}:
        for e in earned:
            if e.low == e.high or e.missing is None:
                continue
            if e.indicator.up_to is not None:  # nothing the person can tell us settles it
                out.append(Gap(e.indicator.id, "regulation", e.missing, REGULATION))
            else:
                text = phrase(GAP_WORDS, "tell_us", missing=e.missing)
                out.append(Gap(e.indicator.id, "supply", text, SUPPLY))
    for why in (points.no_line if status == "no_line" else None, points.no_table if status == "no_table" else None):
        if why is not None:
            out.append(Gap("points", "regulation", why, REGULATION))
    if points.admission is not None:
        ranking = points.admission.ranking
        out.append(
            Gap(
                "points",
                "regulation",
                phrase(POINTS_GAPS, "ranking", ranking=ranking),
                REGULATION,
            )
        )
    return out


def _indicator_report(earned: Earned, loaded: LoadedRules, channel: Channel) -> IndicatorReport:
    indicator = earned.indicator
    return IndicatorReport(
        id=indicator.id,
        title=indicator.title,
        kind=indicator.kind,
        points=earned.low if earned.low == earned.high else None,
        low=_bound(earned.low),
        high=_bound(earned.high),
        fact=earned.fact,
        actual=sorted(earned.actual) if isinstance(earned.actual, frozenset) else earned.actual,
        detail=earned.detail,
        missing=earned.missing if earned.low != earned.high else None,
        cap=indicator.cap,
        counted=earned.counted,
        citation=_cite(loaded, channel, indicator.document, indicator.section, indicator.quote),
        parts=[_indicator_report(p, loaded, channel) for p in earned.parts],
    )


def _cite(loaded: LoadedRules, channel: Channel, document: str | None, section: str | None, quote: str) -> Citation:
    return cite(loaded.document(document or channel.document), section, quote)
