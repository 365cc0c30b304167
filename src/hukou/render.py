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

from hukou.conditions import default_label
from hukou.facts import FACTS
from hukou.labels import (
    CONDITION_MARKS,
    REGISTRATION_LABELS,
    RELATION_LABELS,
    STATUS_NOTES,
    VERDICT_LABELS,
    condition_text,
    value_text,
)
from hukou.rulebook.loader import LoadedRules, Rulebook
from hukou.rulebook.schema import All, AnyOf, Condition, Leaf, Not, Some
from hukou.verdict import ChannelReport, CheckReport, CityReport, ConditionReport, FollowerReport

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
_WORDS = {
    "as_of": ("截至", "as of"),
    "registration": ("户口登记", "registered in"),
    "followers": ("随迁亲属", "family"),
    "other_channels": ("其他渠道", "other channels"),
    "channels": ("各渠道", "channels"),
    "missing": ("尚缺", "missing"),
    "waived_by": ("免除", "waived by"),
    "priority": ("优先", "priority"),
    "reading": ("解读", "reading"),
    "reasoning": ("推断", "decided"),
    "unless": ("除非符合例外", "unless an exception applies"),
    "none": ("无", "none"),
    "may": ("可随迁", "may follow"),
    "may_not": ("不可随迁", "may not follow"),
    "maybe": ("尚不确定", "not yet known"),
    "exceptions": ("例外", "exception"),
    "deferred_to": ("待定", "left to"),
}


def word(key: str, lang: str) -> str:
    zh, en = _WORDS[key]
    return zh if lang == "zh" else en


def check_report(report: CheckReport, lang: str = "zh") -> list[RenderableType]:
    """One panel per city.

    Example:
        >>> from rich.console import Console  # doctest: +SKIP
        >>> Console().print(*check_report(report))  # doctest: +SKIP
    """
    return [city_panel(city, report.as_of.isoformat(), lang) for city in report.results]


def city_panel(city: CityReport, as_of: str, lang: str) -> Panel:
    verdict = VERDICT_LABELS[city.verdict].in_(lang)
    title = RichText.assemble((f"{city.city} ", "bold"), ("— ", ""), (verdict, _VERDICT_STYLE[city.verdict]))
    body: list[RenderableType] = [RichText(f"{city.place} · {word('as_of', lang)} {as_of}", style="dim")]
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
    if city.followers:
        body.append(RichText(f"{word('followers', lang)}:", style="bold"))
        body += [_follower_line(f, lang) for f in city.followers]
    if others:
        body.append(RichText(""))
        heading = word("other_channels" if admitted else "channels", lang)
        body.append(RichText(f"{heading}:", style="bold"))
        for channel in others:
            body += list(_channel_lines(channel, lang, full=False))
    if city.missing:
        missing = "; ".join(t.in_(lang) for t in city.missing)
        body.append(RichText.assemble((f"{word('missing', lang)}: ", "bold yellow"), missing))
    return Panel(Group(*body), title=title, title_align="left", expand=True)


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


def _follower_line(follower: FollowerReport, lang: str) -> RichText:
    relation = RELATION_LABELS[follower.relation].in_(lang)
    who = f"{relation} {follower.name}" if follower.name else relation
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
    headers = (
        ("地区", "文件", "日期", "状态", "渠道")
        if lang == "zh"
        else ("jurisdiction", "document", "date", "status", "channels")
    )
    table = Table(show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for loaded in rulebook:
        names = loaded.rules.jurisdiction.names
        for i, document in enumerate(loaded.rules.documents):
            count = sum(1 for c in loaded.rules.channels if c.document == document.id)
            start = document.window.start
            dates = f"{document.issued}" + (f" (生效 {start})" if lang == "zh" and start != document.issued else "")
            if lang != "zh" and start != document.issued:
                dates += f" (in force {start})"
            if document.in_force_until:
                dates += f" – {document.in_force_until}"
            status = (
                STATUS_NOTES[document.status].in_(lang)
                if document.status in STATUS_NOTES
                else ("有效" if lang == "zh" else "in force")
            )
            label = f"{names.zh} {names.en}" if i == 0 else ""
            table.add_row(label, document.number, dates, status, str(count))
    return table


def rules_show(loaded: LoadedRules, lang: str = "zh") -> list[RenderableType]:
    """A jurisdiction's channels, each with its conditions and its quoted sentence."""
    names = loaded.rules.jurisdiction.names
    out: list[RenderableType] = [RichText(f"{names.zh} {names.en} ({loaded.rules.jurisdiction.code})", style="bold")]
    for channel in loaded.rules.channels:
        document = loaded.document(channel.document)
        lines: list[RenderableType] = []
        if channel.conditions is not None:
            lines += list(_condition_tree(channel.conditions, lang, 0))
        else:
            lines.append(RichText("(无条件)" if lang == "zh" else "(no conditions)"))
        for waiver in channel.exceptions:
            lines.append(
                RichText(
                    f"{word('exceptions', lang)}: {waiver.title.in_(lang)} — {', '.join(waiver.waives)}", style="cyan"
                )
            )
        if channel.deferred_to:
            lines.append(RichText(f"{word('deferred_to', lang)}: 《{channel.deferred_to.regulation}》", style="yellow"))
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
        title = RichText(f"{channel.title.in_(lang)} [{channel.id}]")
        out.append(Panel(Group(*lines), title=title, title_align="left"))
    return out


def _condition_tree(condition: Condition, lang: str, depth: int) -> Iterator[RichText]:
    pad = "  " * depth
    match condition:
        case Leaf():
            spec = FACTS[condition.fact]
            label = (condition.label or default_label(spec.label, condition)).in_(lang)
            value = json.dumps(condition.value, ensure_ascii=False, default=str)
            if condition.unit:
                value += f" {condition.unit}"
            where = f", counted_in: {condition.counted_in}" if condition.counted_in != "place" else ""
            source = RichText(f"  ({condition.fact} {condition.op} {value}{where})", style="dim")
            if spec.kind == "bool":
                yield RichText.assemble(f"{pad}• {label}", source)
            else:
                op = _OP_SYMBOLS.get(condition.op, condition.op)
                yield RichText.assemble(
                    f"{pad}• {label} {op} {value_text(condition.value, condition.unit, lang)}", source
                )
        case All():
            yield RichText(f"{pad}{'同时满足' if lang == 'zh' else 'all of'}:")
            for c in condition.all:
                yield from _condition_tree(c, lang, depth + 1)
        case AnyOf():
            yield RichText(f"{pad}{'满足其一' if lang == 'zh' else 'any of'}:")
            for c in condition.any:
                yield from _condition_tree(c, lang, depth + 1)
        case Not():
            yield RichText(f"{pad}{'不满足' if lang == 'zh' else 'not'}:")
            yield from _condition_tree(condition.not_, lang, depth + 1)
        case Some():
            label = condition.label.in_(lang) if condition.label else condition.some
            yield RichText(f"{pad}{label}:")
            yield from _condition_tree(condition.where, lang, depth + 1)
