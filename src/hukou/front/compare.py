"""The caseworker's comparison: applicants × places, as a rich matrix, Markdown or JSON.

Each cell says at a glance the verdict and the channel that admits the person or the one closest
to doing so; below the matrix, each cell's details: the channel's id, what is still needed, who
in the family may follow, where the hukou would go, and whether the verdict rests on a draft. A
profile that cannot be read still gets its row, saying why. People come in the order given, places
in the order of ``--city`` (or of ``hukou rules list``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict
from rich.console import RenderableType
from rich.table import Table
from rich.text import Text as RichText

from hukou.front.family import family_gaps, follower_names
from hukou.front.wrap import Wrapped, longest_piece
from hukou.judging.verdict import SCHEMA_VERSION, ChannelReport, CityReport
from hukou.labels import COMPARE_HEADINGS, VERDICT_LABELS, place_label, word
from hukou.model.profile import Member

_MARK = {True: "✓", False: "✗", None: "?"}
_VERDICT_MARK = {"eligible": "✓", "ineligible": "✗", "undetermined": "?", "error": "!"}
_STYLE = {"eligible": "green", "ineligible": "red", "undetermined": "yellow", "error": "bold red"}


class Row(BaseModel):
    """One person against one city (or the error that kept their profile from being read)."""

    model_config = ConfigDict(frozen=True)

    profile: str
    city: str
    verdict: str  # eligible | ineligible | undetermined | error
    channel: str | None = None
    nearest: bool = False  # the channel does not admit yet: it is the nearest miss
    needs: list[dict[str, str]] = []
    followers: list[dict[str, Any]] = []
    registration: list[dict[str, str]] = []
    residence_permit: str | None = None  # holds | eligible (may apply now) | ineligible | undetermined
    error: str | None = None
    draft: bool = False  # the verdict rests on draft documents only (征求意见稿)
    result: CityReport | None = None


class CompareReport(BaseModel):
    """People × places on one day: what ``hukou compare --format json`` prints and ``POST /v1/compare``
    answers; the same top-level shape as :class:`~hukou.judging.verdict.CheckReport`."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    as_of: dt.date
    results: list[Row]


def row_of(profile: str, report: CityReport, family: list[Member] | None = None) -> Row:
    """One person's row for one place; ``family`` (the profile's) tells relatives apart by sex."""
    admitted = [c for c in report.channels if c.verdict == "eligible"]
    channel: ChannelReport | None
    if admitted:
        channel, nearest, needs = admitted[0], False, []
    else:
        channel = next((c for c in report.channels if report.nearest and c.id == report.nearest.channel), None)
        nearest = channel is not None
        needs = [g.text.model_dump() for g in report.nearest.gaps] if report.nearest else []
        if not report.channels:
            needs = [n.model_dump() for n in report.notes]
    needs += [gap.model_dump() for gap in family_gaps(report.followers, family or [])]
    return Row(
        profile=profile,
        city=report.city,
        verdict=report.verdict,
        channel=channel.id if channel else None,
        nearest=nearest,
        needs=needs,
        followers=[
            {"relation": f.relation, "name": f.name, "may_follow": f.may_follow, "who": who}
            for f, who in zip(report.followers, _who(report, family or []), strict=True)
        ],
        registration=[r.label.model_dump() for r in report.registration],
        draft=report.draft,
        residence_permit=_permit(report),
        result=report,
    )


def _permit(report: CityReport) -> str | None:
    """The residence permit, the second outcome: held, may apply now (the first step), may not, or open."""
    found = report.residence_permit
    if found is None:
        return None
    return "holds" if found.holds else found.verdict


def _who(report: CityReport, family: list[Member]) -> list[dict[str, str]]:
    """Each follower's name in both languages, told apart by sex, name or number (父亲 王建国)."""
    zh, en = follower_names(report.followers, family, "zh"), follower_names(report.followers, family, "en")
    return [{"zh": z, "en": e} for z, e in zip(zh, en, strict=True)]


def error_row(profile: str, city: str, message: str) -> Row:
    return Row(profile=profile, city=city, verdict="error", error=message)


def _channel_title(row: Row, lang: str) -> str:
    if not row.channel or row.result is None:
        return ""
    found = next(c for c in row.result.channels if c.id == row.channel)
    return found.title.in_(lang) + (f" ({word('nearest', lang)})" if row.nearest else "")


def _verdict(row: Row, lang: str) -> str:
    verdict = word("error", lang) if row.error is not None else VERDICT_LABELS[row.verdict].in_(lang)
    return verdict + (f" ({word('draft_mark', lang)})" if row.draft else "")


def _family(row: Row, lang: str) -> str:
    return "; ".join(f"{f.get('who', {}).get(lang) or f['relation']} {_MARK[f['may_follow']]}" for f in row.followers)


def _cells(row: Row, lang: str) -> tuple[str, ...]:
    if row.error is not None:
        return (row.profile, place_label(row.city, None, lang), _verdict(row, lang), "", row.error, "", "")
    needs = "; ".join(n[lang] for n in row.needs)
    registration = "; ".join(r[lang] for r in row.registration)
    channel = _channel_title(row, lang)
    place = place_label(row.city, row.result.code if row.result else None, lang)
    return (row.profile, place, _verdict(row, lang), channel, needs, _family(row, lang), registration)


def _columns(rows: list[Row]) -> list[int]:
    """Which columns to show: the city only when there are several, or one person."""
    show = list(range(7))  # the person always: a table read later must say whose it is
    if len({r.city for r in rows}) <= 1 and len({r.profile for r in rows}) > 1:
        show.remove(1)
    return show


def matrix(rows: list[Row], lang: str = "zh", width: int = 80) -> list[RenderableType]:
    """The comparison as people × places, each cell numbered, and each number's details below.

    Nothing is cut inside a word, a date or an id: every cell and line breaks as
    :mod:`hukou.front.wrap` allows, ids stand in the details, where a line is wide, and when the places
    do not fit side by side in ``width`` columns they are shown a few at a time, each table with
    the people's names.
    """
    people = list(dict.fromkeys(r.profile for r in rows))
    places = list(dict.fromkeys(r.city for r in rows))
    codes = {r.city: r.result.code for r in rows if r.result is not None}
    heading = {place: place_label(place, codes.get(place), lang) for place in places}
    cells: dict[tuple[str, str], Wrapped] = {}
    details: list[list[RenderableType]] = []
    unreadable: dict[str, int] = {}  # a profile that cannot be read: one number, its message once
    for row in rows:
        if row.error is not None and row.profile in unreadable:
            number = unreadable[row.profile]
        else:
            number = len(details) + 1
            details.append(_details(number, row, heading[row.city], lang))
            if row.error is not None:
                unreadable[row.profile] = number
        cells[(row.profile, row.city)] = _cell(number, row, lang)
    names = [Wrapped(RichText(_label(person, rows), style="bold")) for person in people]
    first = max([longest_piece(COMPARE_HEADINGS[lang][0]), *(longest_piece(n.text.plain) for n in names)]) + 3
    tables: list[RenderableType] = []
    needed = [_min_width(place, heading[place], people, cells) for place in places]
    for group in _fitting(places, needed, width - 1 - first):
        table = Table(show_lines=True)
        table.add_column(COMPARE_HEADINGS[lang][0])
        for place in group:
            table.add_column(heading[place])
        for person, name in zip(people, names, strict=True):
            table.add_row(name, *(cells.get((person, place), "") for place in group))
        tables.append(table)
    return [*tables, *(line for lines in details for line in lines)]


def _label(person: str, rows: list[Row]) -> str:
    """A person as the matrix names them: an unreadable profile by its file's name, not its path."""
    unread = any(r.profile == person and r.error is not None for r in rows)
    return Path(person).name if unread else person


def _cell(number: int, row: Row, lang: str) -> Wrapped:
    """A matrix cell: the verdict and its number, the channel, and a mark when it rests on a draft."""
    verdict = word("error", lang) if row.error is not None else VERDICT_LABELS[row.verdict].in_(lang)
    text = RichText.assemble((f"{_VERDICT_MARK[row.verdict]} {verdict}", _STYLE[row.verdict]), f" [{number}]")
    channel = _channel_title(row, lang)
    if channel:
        text.append("\n" + channel)
    if row.draft:
        text.append(f"\n⚠ {word('draft_mark', lang)}", style="yellow")
    return Wrapped(text, indent=0)


def _min_width(place: str, heading: str, people: list[str], cells: dict[tuple[str, str], Wrapped]) -> int:
    """The narrowest a place's column can be without cutting a word, with its border and padding."""
    pieces = [longest_piece(heading)]
    pieces += [longest_piece(cells[(p, place)].text.plain) for p in people if (p, place) in cells]
    return max(pieces) + 3


def _fitting(places: list[str], widths: list[int], room: int) -> list[list[str]]:
    """The places in order, cut into groups whose columns fit side by side in ``room``."""
    groups: list[list[str]] = [[]]
    used = 0
    for place, needed in zip(places, widths, strict=True):
        if groups[-1] and used + needed > room:
            groups.append([])
            used = 0
        groups[-1].append(place)
        used += needed
    return groups


def _details(number: int, row: Row, place: str, lang: str) -> list[RenderableType]:
    head = f"[{number}] {row.profile} · {place}: {_verdict(row, lang)}"
    if row.error is not None:  # said once for the profile, whatever the place
        return [Wrapped(RichText(f"[{number}] {word('error', lang)}: {row.error}"), indent=4)]
    if row.channel:
        head += f" — {_channel_title(row, lang)} [{row.channel}]"
    lines = [head]
    headers = COMPARE_HEADINGS[lang]
    for header, value in ((headers[4], "; ".join(n[lang] for n in row.needs)), (headers[5], _family(row, lang))):
        if value:
            lines.append(f"    {header}: {value}")
    registration = "; ".join(r[lang] for r in row.registration)
    if registration:
        lines.append(f"    {headers[6]}: {registration}")
    if row.residence_permit:
        lines.append(f"    {word('permit', lang)}: {word('permit_' + row.residence_permit, lang)}")
    if row.draft:
        lines.append(f"    ⚠ {word('draft', lang)}")
    return [Wrapped(RichText(line), indent=4) for line in lines]


def markdown(rows: list[Row], as_of: str, lang: str = "zh") -> str:
    """The comparison as a Markdown table for a case file."""
    show = _columns(rows)
    title = f"{word('as_of', lang).capitalize()} {as_of}"
    lines = [title, "", "| " + " | ".join(COMPARE_HEADINGS[lang][i] for i in show) + " |"]
    lines.append("|" + "---|" * len(show))
    for row in rows:
        cells = _cells(row, lang)
        lines.append("| " + " | ".join(cells[i].replace("|", "\\|") for i in show) + " |")
    return "\n".join(lines) + "\n"
