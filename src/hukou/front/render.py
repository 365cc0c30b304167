"""Rich renderings of verdicts and rulebooks, in Chinese (default) or English.

Each function returns renderables and prints nothing; the CLI decides where they go.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text as RichText

from hukou.front.family import family_gaps, follower_names
from hukou.front.wrap import Wrapped, wrapped
from hukou.judging.facts import FACTS
from hukou.judging.verdict import (
    ChannelReport,
    CheckReport,
    CityReport,
    ConditionReport,
    FollowerReport,
    IndicatorReport,
    PermitReport,
    PointsReport,
)
from hukou.labels import (
    CONDITION_MARKS,
    GROUP_LABELS,
    REGISTRATION_LABELS,
    RULES_HEADINGS,
    STATUS_NOTES,
    VERDICT_LABELS,
    condition_text,
    full_place_name,
    place_label,
    value_text,
    word,
)
from hukou.model.places import GAZETTEER
from hukou.model.profile import Member
from hukou.rulebook.compiled import Compare, Exists, Negation, Node, children, compiled
from hukou.rulebook.compiled import Group as Junction
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.schema import Indicator, Points

_OP_SYMBOLS = {
    ">=": "≥",
    ">": ">",
    "<=": "≤",
    "<": "<",
    "==": "=",
    "!=": "≠",
    "contains": "∋",
    "in": "∈",
    "not_in": "∉",
}
_VERDICT_STYLE = {"eligible": "bold green", "ineligible": "bold red", "undetermined": "bold yellow"}
_MARK_STYLE = {"met": "green", "not_met": "red", "unknown": "yellow", "waived": "cyan"}


def check_report(
    report: CheckReport, lang: str = "zh", name: str | None = None, family: list[Member] | None = None
) -> list[RenderableType]:
    """One panel per city, in the order asked, each titled with the person's name.

    Example:
        >>> from rich.console import Console  # doctest: +SKIP
        >>> Console().print(*check_report(report, "zh", profile.name, profile.family))  # doctest: +SKIP
    """
    return [city_panel(city, report.as_of.isoformat(), lang, name, family or []) for city in report.results]


def city_title(city: CityReport, lang: str) -> str:
    """The place as asked, in the language asked."""
    return place_label(city.city, city.code, lang)


def place_line(city: CityReport, lang: str) -> str:
    """The place's full name, with its parents (and in English its pinyin)."""
    try:
        chain = [p.name for p in reversed(GAZETTEER.chain(GAZETTEER.get(city.code)))]
    except KeyError:
        return city.place
    return full_place_name(chain, lang)


def city_panel(
    city: CityReport, as_of: str, lang: str, name: str | None = None, family: list[Member] | None = None
) -> Panel:
    verdict = VERDICT_LABELS[city.verdict].in_(lang)
    who = f"{name} · " if name else ""
    title = RichText.assemble(
        (f"{who}{city_title(city, lang)} ", "bold"), ("— ", ""), (verdict, _VERDICT_STYLE[city.verdict])
    )
    if city.draft:
        title.append(f" ({word('draft', lang)})", style="yellow")
    members = family or []
    body: list[RichText] = [RichText(f"{place_line(city, lang)} · {word('as_of', lang)} {as_of}", style="dim")]
    body += [RichText(f"⚠ {note.in_(lang)}", style="yellow") for note in city.notes]
    admitted = [c for c in city.channels if c.verdict == "eligible"]
    others = [c for c in city.channels if c.verdict != "eligible"]
    for channel in admitted:
        body.append(RichText(""))
        body += list(_channel_lines(channel, lang, full=True))
    if city.registration:
        places = "; ".join(
            _registration_text(r.label.in_(lang), r.note.in_(lang) if r.note else None) for r in city.registration
        )
        body.append(RichText.assemble((f"{word('registration', lang)}: ", "bold"), places))
    names = follower_names(city.followers, members, lang)
    if city.followers:
        body.append(RichText(f"{word('followers', lang)}:", style="bold"))
        body += [_follower_line(f, who, lang) for f, who in zip(city.followers, names, strict=True)]
    if others:
        body.append(RichText(""))
        heading = word("other_channels" if admitted else "channels", lang)
        body.append(RichText(f"{heading}:", style="bold"))
        for channel in others:
            body += list(_channel_lines(channel, lang, full=False))
    needed = [t.in_(lang) for t in [*city.missing, *family_gaps(city.followers, members)]]
    if needed:
        body.append(RichText.assemble((f"{word('missing', lang)}: ", "bold yellow"), "; ".join(needed)))
    if city.residence_permit is not None:
        body.append(_permit_line(city.residence_permit, lang))
    return Panel(Group(*wrapped(body)), title=title, title_align="left", expand=True)


def _registration_text(label: str, note: str | None) -> str:
    return f"{label} ({note})" if note else label


def _channel_lines(channel: ChannelReport, lang: str, *, full: bool) -> Iterator[RichText]:
    mark = {"eligible": "✓", "ineligible": "✗", "undetermined": "?"}[channel.verdict]
    style = _VERDICT_STYLE[channel.verdict]
    yield RichText.assemble(
        (f"{mark} ", style), (channel.title.in_(lang), "bold" if full else ""), (f"  [{channel.id}]", "dim")
    )
    # An admitting channel shows every condition; a refusing one the conditions that refuse; an open
    # one those still failing or open.
    wanted = {"not_met"} if channel.verdict == "ineligible" else {"not_met", "unknown"}
    shown = channel.conditions if full else [c for c in channel.conditions if c.verdict in wanted]
    previous: list[str] = []
    for condition in shown:
        # Head each group (any / not / some) the first time one of its conditions is shown.
        same = 0
        while same < min(len(previous), len(condition.within)) and previous[same] == condition.within[same]:
            same += 1
        for depth in range(same, len(condition.within)):
            yield RichText(f"    {'  ' * depth}{condition.groups[depth].in_(lang)}:", style="dim")
        previous = condition.within
        yield _condition_line(condition, lang)
    if channel.reasoning:
        yield RichText(f"    {word('reasoning', lang)}: {channel.reasoning.in_(lang)}", style="dim")
    if channel.deferred_to:
        yield RichText(f"    {word('deferred_to', lang)}: 《{channel.deferred_to}》", style="yellow")
    if channel.points is not None:
        yield from _points_lines(channel.points, lang)
    citation = channel.citation
    status = STATUS_NOTES.get(citation.status)
    source = f"{citation.number}" + (f" {citation.section}" if citation.section else "") + f", {citation.issued}"
    if status is not None:
        source += f", {status.in_(lang)}"
    if full:
        yield RichText(f"    「{channel.quote}」", style="italic")
        yield RichText(f"    — {source}", style="dim")
        if channel.interpretation:
            yield RichText(f"    {word('reading', lang)}: {channel.interpretation.in_(lang)}", style="dim")
        if channel.priority:
            yield RichText(f"    {word('priority', lang)}: {channel.priority.in_(lang)}", style="dim")


def _condition_line(condition: ConditionReport, lang: str) -> RichText:
    kind = FACTS[condition.fact].kind if condition.fact else None
    if condition.fact is None:  # a `some` over a list with no item, or with the list unknown
        have = value_text(condition.actual if condition.actual != "none" else [], None, lang)
        sentence = f"{condition.label.in_(lang)}: {have}"
    else:
        met = {"met": True, "not_met": False, "unknown": None, "waived": False}[condition.verdict]
        # Open with a value known: the comparison itself fails and an exception not yet known may
        # lift it. Say so, never "29 岁 ≥ 60 岁".
        pending = condition.verdict == "unknown" and condition.actual is not None
        sentence = condition_text(
            condition.label,
            condition.actual,
            condition.op,
            condition.required,
            condition.unit,
            kind,
            False if pending else met,
            lang,
        )
        if pending:
            sentence += f" ({word('unless', lang)})"
    if condition.detail:
        sentence += f" ({condition.detail})"
    if condition.item:
        sentence += f" [{condition.item.in_(lang)}]"
    if condition.waived_by:
        sentence += f" ({word('waived_by', lang)} {condition.waived_by})"
    if condition.verdict == "unknown" and condition.missing:
        sentence += f" — {word('missing', lang)} {condition.missing.in_(lang)}"
    indent = "    " + "  " * len(condition.within)
    return RichText.assemble(
        (indent + CONDITION_MARKS[condition.verdict] + " ", _MARK_STYLE[condition.verdict]), sentence
    )


def _points_lines(points: PointsReport, lang: str) -> Iterator[RichText]:
    """The score, each indicator's points with its fact and sentence, the line and what adds most."""
    style = {"below_line": "red", "line_reached": "green"}.get(points.status, "yellow")
    yield RichText(f"    {points.status_text.in_(lang)}", style=f"bold {style}")
    for indicator in points.indicators:
        yield from _indicator_lines(indicator, lang, 3)
    if points.line is not None and points.line_citation is not None:
        cite = points.line_citation
        yield RichText(
            f"    {word('line', lang)} {points.line:g}: 「{cite.quote}」 — {cite.number} {cite.section or ''}".rstrip(),
            style="dim",
        )
    if points.admission is not None:
        cite = points.admission
        yield RichText(f"    「{cite.quote}」 — {cite.number} {cite.section or ''}".rstrip(), style="dim")
    if points.gains:
        gains = "; ".join(g.text.in_(lang) + (f" ({g.on})" if g.on else "") for g in points.gains)
        yield RichText(f"    {word('gains', lang)}: {gains}")
    if points.line_reached_on is not None:
        yield RichText(f"    {word('reached_on', lang)} {points.line_reached_on}")


def _indicator_lines(indicator: IndicatorReport, lang: str, depth: int) -> Iterator[RichText]:
    pad = "  " * depth
    if indicator.points is not None:
        earned = f"{indicator.points + 0.0:g}"  # + 0.0: no "-0" for a deduction of nothing
        mark, style = ("✓", "green") if indicator.points > 0 else ("✗", "red") if indicator.points < 0 else ("·", "dim")
    else:
        low = "?" if indicator.low is None else f"{indicator.low:g}"
        high = "?" if indicator.high is None else f"{indicator.high:g}"
        earned, mark, style = f"{low}–{high}", "?", "yellow"
    sentence = f"{indicator.title.in_(lang)}: {earned}{word('points_unit', lang)}"
    if indicator.fact is not None and indicator.actual is not None:
        fact_unit = "month" if FACTS[indicator.fact].kind == "months" else None
        shown = f"{FACTS[indicator.fact].label.in_(lang)} {value_text(indicator.actual, fact_unit, lang)}"
        sentence += f" ({shown}: {indicator.detail})" if indicator.detail else f" ({shown})"
    if not indicator.counted:
        sentence += f" — {word('not_counted', lang)}"
    if indicator.missing is not None:
        sentence += f" — {word('missing', lang)} {indicator.missing.in_(lang)}"
    yield RichText.assemble((f"{pad}{mark} ", style), sentence)
    cite = indicator.citation
    yield RichText(f"{pad}  「{cite.quote}」 — {cite.number} {cite.section or ''}".rstrip(), style="dim italic")
    for part in indicator.parts:
        yield from _indicator_lines(part, lang, depth + 1)


def _permit_line(permit: PermitReport, lang: str) -> RichText:
    mark, style = (
        ("✓", "green")
        if permit.holds or permit.verdict == "eligible"
        else ("✗", "red")
        if permit.verdict == "ineligible"
        else ("?", "yellow")
    )
    cites = [permit.citation, *permit.local]
    source = "; ".join(f"{c.number} {c.section or ''}".rstrip() for c in cites)
    why = ""
    if permit.verdict == "ineligible" and not permit.holds:
        failed = [c.label.in_(lang) for c in permit.conditions if c.verdict == "not_met"]
        why = f" ({', '.join(failed)})" if failed else ""
    elif permit.verdict == "undetermined" and permit.missing:
        why = f" — {word('missing', lang)} " + "; ".join(m.in_(lang) for m in permit.missing)
    return RichText.assemble(
        (f"{word('permit', lang)}: ", "bold"),
        (f"{mark} ", style),
        permit.status.in_(lang) + why,
        (f" — {source}", "dim"),
    )


def _follower_line(follower: FollowerReport, who: str, lang: str) -> RichText:
    if follower.may_follow is True:
        mark, style, verdict = "✓", "green", word("may", lang)
    elif follower.may_follow is False:
        mark, style, verdict = "✗", "red", word("may_not", lang)
    else:
        mark, style, verdict = "?", "yellow", word("maybe", lang)
    channel = f" [{follower.channel}]" if follower.channel else ""
    return RichText.assemble(
        ("  " + mark + " ", style), (f"{who}: {verdict}", ""), (f" — {follower.reason.in_(lang)}{channel}", "dim")
    )


def rules_table(rulebook: Rulebook, lang: str = "zh") -> Table:
    """Every jurisdiction with its documents, dates and status."""
    table = Table(show_lines=False)
    for header in RULES_HEADINGS["zh" if lang == "zh" else "en"]:
        table.add_column(header, overflow="fold")
    for loaded in rulebook:
        names = loaded.rules.jurisdiction.names
        for i, document in enumerate(loaded.rules.documents):
            count = sum(1 for c in loaded.rules.channels if c.document == document.id)
            start = document.window.start
            dates = f"{document.issued}"
            if start != document.issued:
                dates += f" ({word('in_force_from', lang)} {start})"
            if document.in_force_until:
                dates += f" – {document.in_force_until}"
            status = (
                STATUS_NOTES[document.status].in_(lang) if document.status in STATUS_NOTES else word("in_force", lang)
            )
            label = f"{names.zh} {names.en}" if i == 0 else ""
            table.add_row(*(Wrapped(cell, indent=0) for cell in (label, document.number, dates, status, str(count))))
    return table


def rules_show(loaded: LoadedRules, lang: str = "zh") -> list[RenderableType]:
    """A jurisdiction's channels, each with its conditions and its quoted sentence."""
    names = loaded.rules.jurisdiction.names
    out: list[RenderableType] = [RichText(f"{names.zh} {names.en} ({loaded.rules.jurisdiction.code})", style="bold")]
    for channel in loaded.rules.channels:
        document = loaded.document(channel.document)
        # The id heads the panel (a title too long for the terminal would be cut); the title is
        # the first line, where it wraps whole.
        lines: list[RichText] = [RichText(channel.title.in_(lang), style="bold")]
        conditions = compiled(channel).conditions
        if conditions is not None:
            lines += list(_condition_tree(conditions, lang, 0))
        else:
            lines.append(RichText(f"({word('no_conditions', lang)})"))
        for waiver in channel.exceptions:
            lines.append(
                RichText(
                    f"{word('exceptions', lang)}: {waiver.title.in_(lang)} — {', '.join(waiver.waives)}", style="cyan"
                )
            )
        if channel.deferred_to:
            lines.append(RichText(f"{word('deferred_to', lang)}: 《{channel.deferred_to.regulation}》", style="yellow"))
        if channel.points is not None:
            lines += list(_points_scheme(channel.points, lang))
        allowed = ", ".join(r.label.in_(lang) for r in channel.followers.allowed) or word("none", lang)
        lines.append(RichText(f"{word('followers', lang)}: {allowed}"))
        registration = "; ".join(REGISTRATION_LABELS[r.type].in_(lang) for r in channel.registration)
        lines.append(RichText(f"{word('registration', lang)}: {registration}"))
        lines.append(RichText(f"「{channel.quote}」", style="italic"))
        status = STATUS_NOTES.get(document.status)
        lines.append(
            RichText(
                f"— {document.number} {channel.section or ''}, {document.issued}"
                + (f", {status.in_(lang)}" if status else ""),
                style="dim",
            )
        )
        title = RichText(f"[{channel.id}]")
        out.append(Panel(Group(*wrapped(lines)), title=title, title_align="left"))
    return out


def _points_scheme(points: Points, lang: str) -> Iterator[RichText]:
    """A points scheme as a rule author reads it: each indicator with its rule, the line."""
    yield RichText(f"{word('points', lang)}:", style="bold")

    def walk(found: list[Indicator], depth: int) -> Iterator[RichText]:
        for indicator in found:
            rule = indicator.model_dump(
                include={"per_year", "table", "fixed", "per_count", "up_to", "cap"}, exclude_none=True, mode="json"
            )
            rule.pop("best_of", None)
            shown = json.dumps(rule, ensure_ascii=False) if indicator.best_of is None else "best_of"
            yield RichText.assemble(
                f"{'  ' * depth}• {indicator.title.in_(lang)}", (f"  ({indicator.id}: {shown})", "dim")
            )
            yield from walk(indicator.best_of or [], depth + 1)

    yield from walk(points.indicators, 1)
    if points.no_table is not None:
        yield RichText(f"  {points.no_table.in_(lang)}", style="yellow")
    for line in points.line:
        window = f" ({line.effective.start}–{line.effective.until})" if line.effective else ""
        yield RichText(f"  {word('line', lang)}: {line.points:g}{window}")
    if points.no_line is not None:
        yield RichText(f"  {word('line', lang)}: {points.no_line.in_(lang)}", style="yellow")
    if points.admission is not None:
        yield RichText(f"  {points.admission.ranking.in_(lang)}", style="dim")


def _condition_tree(condition: Node, lang: str, depth: int) -> Iterator[RichText]:
    pad = "  " * depth
    match condition:
        case Compare():
            value = json.dumps(condition.written, ensure_ascii=False, default=str)
            if condition.unit:
                value += f" {condition.unit}"
            where = f", counted_in: {condition.counted_in}" if condition.counted_in != "place" else ""
            source = RichText(f"  ({condition.fact} {condition.op} {value}{where})", style="dim")
            label = condition.label.in_(lang)
            if condition.spec.kind == "bool":
                yield RichText.assemble(f"{pad}• {label}", source)
            else:
                op = _OP_SYMBOLS.get(condition.op, condition.op)
                yield RichText.assemble(
                    f"{pad}• {label} {op} {value_text(condition.written, condition.unit, lang)}", source
                )
        case Junction() | Negation():
            kind = condition.kind if isinstance(condition, Junction) else "not"
            yield RichText(f"{pad}{GROUP_LABELS[kind].in_(lang)}:")
            for part in children(condition):
                yield from _condition_tree(part, lang, depth + 1)
        case Exists():
            given = condition.source.label
            yield RichText(f"{pad}{given.in_(lang) if given else condition.collection}:")
            yield from _condition_tree(condition.where, lang, depth + 1)
