"""The caseworker's comparison: one row per (person, city), as a rich table, Markdown or JSON.

A row says at a glance: the verdict, the channel that admits the person or the one closest to
doing so, what is still needed, who in the family may follow, and where the hukou would go.
A profile that cannot be read still gets its row, saying why.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict
from rich.table import Table
from rich.text import Text as RichText

from hukou.labels import RELATION_LABELS, VERDICT_LABELS
from hukou.verdict import SCHEMA_VERSION, ChannelReport, CityReport

_MARK = {True: "✓", False: "✗", None: "?"}
_STYLE = {"eligible": "green", "ineligible": "red", "undetermined": "yellow", "error": "bold red"}
_HEADERS = {
    "zh": ("申请人", "城市", "结论", "渠道", "尚需", "随迁", "户口登记"),
    "en": ("person", "city", "verdict", "channel", "still needed", "family", "registered in"),
}


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
    error: str | None = None
    result: CityReport | None = None


class CompareReport(BaseModel):
    """People × places on one day: what ``hukou compare --format json`` prints and ``POST /v1/compare``
    answers; the same top-level shape as :class:`~hukou.verdict.CheckReport`."""

    model_config = ConfigDict(frozen=True)

    schema_version: str = SCHEMA_VERSION
    as_of: dt.date
    results: list[Row]


def row_of(profile: str, report: CityReport) -> Row:
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
    return Row(
        profile=profile,
        city=report.city,
        verdict=report.verdict,
        channel=channel.id if channel else None,
        nearest=nearest,
        needs=needs,
        followers=[{"relation": f.relation, "name": f.name, "may_follow": f.may_follow} for f in report.followers],
        registration=[r.label.model_dump() for r in report.registration],
        result=report,
    )


def error_row(profile: str, city: str, message: str) -> Row:
    return Row(profile=profile, city=city, verdict="error", error=message)


def _cells(row: Row, lang: str) -> tuple[str, ...]:
    if row.error is not None:
        return (row.profile, row.city, "错误" if lang == "zh" else "error", "", row.error, "", "")
    verdict = VERDICT_LABELS[row.verdict].in_(lang)
    channel = ""
    if row.channel and row.result is not None:
        found = next(c for c in row.result.channels if c.id == row.channel)
        channel = found.title.in_(lang) + (" (最接近)" if lang == "zh" and row.nearest else "")
        channel += " (nearest)" if lang != "zh" and row.nearest else ""
    needs = "; ".join(n[lang] for n in row.needs)
    family = " ".join(f"{RELATION_LABELS[f['relation']].in_(lang)}{_MARK[f['may_follow']]}" for f in row.followers)
    registration = "; ".join(r[lang] for r in row.registration)
    return (row.profile, row.city, verdict, channel, needs, family, registration)


def _columns(rows: list[Row]) -> list[int]:
    """Which columns to show: the person only when there are several, the city only when there are."""
    show = list(range(7))
    if len({r.profile for r in rows}) <= 1:
        show.remove(0)
    if len({r.city for r in rows}) <= 1 and len({r.profile for r in rows}) > 1:
        show.remove(1)
    return show


def table(rows: list[Row], lang: str = "zh") -> Table:
    """The comparison as a rich table."""
    show = _columns(rows)
    out = Table(show_lines=True)
    for i in show:
        out.add_column(_HEADERS[lang][i], overflow="fold")
    for row in rows:
        cells = _cells(row, lang)
        rendered: list[RichText | str] = [cells[i] for i in show]
        verdict_at = show.index(2)
        rendered[verdict_at] = RichText(cells[2], style=_STYLE[row.verdict])
        out.add_row(*rendered)
    return out


def markdown(rows: list[Row], as_of: str, lang: str = "zh") -> str:
    """The comparison as a Markdown table for a case file."""
    show = _columns(rows)
    title = f"截至 {as_of}" if lang == "zh" else f"As of {as_of}"
    lines = [title, "", "| " + " | ".join(_HEADERS[lang][i] for i in show) + " |"]
    lines.append("|" + "---|" * len(show))
    for row in rows:
        cells = _cells(row, lang)
        lines.append("| " + " | ".join(cells[i].replace("|", "\\|") for i in show) + " |")
    return "\n".join(lines) + "\n"
