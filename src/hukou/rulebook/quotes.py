"""Checking that every quote in the rulebook stands in the document it cites."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from hukou.rulebook.schema import RuleFile, indicators, leaves
from hukou.text import normalise

if TYPE_CHECKING:
    from hukou.rulebook.loader import Rulebook


@dataclass(frozen=True)
class Quote:
    """One quoted sentence: where it is in the rulebook and which document it cites."""

    rule_file: Path
    where: str  # e.g. "k3_residence_insurance" or "k4_home_purchase.exceptions.key_groups_no_area_limit"
    document_file: Path
    text: str
    key: tuple[str | int, ...] = ()  # its key path in the rule file


def quotes_of(rules: RuleFile, rule_file: Path, root: Path) -> Iterator[Quote]:
    """Every quote of one rule file: recognition, channels, follower clauses, exceptions, leaves."""
    files = {d.id: root / d.file for d in rules.documents}
    for i, document in enumerate(rules.documents):
        if document.in_force_quote:
            yield Quote(
                rule_file,
                f"documents.{document.id}.in_force",
                files[document.id],
                document.in_force_quote,
                ("documents", i, "in_force_quote"),
            )
    for i, recognition in enumerate(rules.recognition):
        yield Quote(
            rule_file,
            f"recognition.{recognition.id}",
            files[recognition.document],
            recognition.quote,
            ("recognition", i, "quote"),
        )
    for i, channel in enumerate(rules.channels):
        own = files[channel.document]
        at: tuple[str | int, ...] = ("channels", i)
        yield Quote(rule_file, channel.id, own, channel.quote, (*at, "quote"))
        for leaf in leaves(channel.conditions) if channel.conditions else ():
            if leaf.quote:
                yield Quote(rule_file, f"{channel.id}.conditions.{leaf.id}", own, leaf.quote, (*at, "conditions"))
        if channel.followers.quote:
            yield Quote(rule_file, f"{channel.id}.followers", own, channel.followers.quote, (*at, "followers", "quote"))
        for j, waiver in enumerate(channel.exceptions):
            yield Quote(
                rule_file,
                f"{channel.id}.exceptions.{waiver.id}",
                files[waiver.document],
                waiver.quote,
                (*at, "exceptions", j, "quote"),
            )
        points = channel.points
        if points is not None:
            for indicator in indicators(points):
                source = files[indicator.document] if indicator.document else own
                yield Quote(rule_file, f"{channel.id}.points.{indicator.id}", source, indicator.quote, (*at, "points"))
            for j, line in enumerate(points.line):
                source = files[line.document] if line.document else own
                yield Quote(rule_file, f"{channel.id}.points.line", source, line.quote, (*at, "points", "line", j))
            if points.admission is not None:
                source = files[points.admission.document] if points.admission.document else own
                yield Quote(
                    rule_file, f"{channel.id}.points.admission", source, points.admission.quote, (*at, "points")
                )


def quotes(rulebook: Rulebook) -> Iterator[Quote]:
    """Every quote of every rule file."""
    for loaded in rulebook:
        yield from quotes_of(loaded.rules, loaded.path, rulebook.root)


@cache
def _normalised_document(text: str) -> str:
    # Keyed by the text, not the path: a document edited while the process runs is read anew.
    return normalise(text)


def stands_in(quote: Quote, document: str | None = None) -> bool:
    """Whether the quote, normalised, stands in its document (the text given, else the file's), normalised."""
    text = document if document is not None else quote.document_file.read_text(encoding="utf-8")
    return normalise(quote.text) in _normalised_document(text)


def misquotes(rulebook: Rulebook) -> list[Quote]:
    """The quotes that do not stand in the documents they cite."""
    return [q for q in quotes(rulebook) if not stands_in(q)]
