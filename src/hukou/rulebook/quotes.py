"""Checking that every quote in the rulebook stands in the document it cites."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from hukou.rulebook.loader import Rulebook
from hukou.rulebook.schema import leaves
from hukou.text import normalise


@dataclass(frozen=True)
class Quote:
    """One quoted sentence: where it is in the rulebook and which document it cites."""

    rule_file: Path
    where: str  # e.g. "k3_residence_insurance" or "k4_home_purchase.exceptions.key_groups_no_area_limit"
    document_file: Path
    text: str


def quotes(rulebook: Rulebook) -> Iterator[Quote]:
    """Every quote of every rule file: channels, follower clauses, exceptions, leaves."""
    for loaded in rulebook:
        files = {d.id: rulebook.root / d.file for d in loaded.rules.documents}
        for recognition in loaded.rules.recognition:
            yield Quote(loaded.path, f"recognition.{recognition.id}", files[recognition.document], recognition.quote)
        for channel in loaded.rules.channels:
            own = files[channel.document]
            yield Quote(loaded.path, channel.id, own, channel.quote)
            for leaf in leaves(channel.conditions) if channel.conditions else ():
                if leaf.quote:
                    yield Quote(loaded.path, f"{channel.id}.conditions.{leaf.id}", own, leaf.quote)
            if channel.followers.quote:
                yield Quote(loaded.path, f"{channel.id}.followers", own, channel.followers.quote)
            for waiver in channel.exceptions:
                yield Quote(loaded.path, f"{channel.id}.exceptions.{waiver.id}", files[waiver.document], waiver.quote)


@cache
def _normalised_document(path: Path) -> str:
    return normalise(path.read_text(encoding="utf-8"))


def stands_in(quote: Quote) -> bool:
    """Whether the quote, normalised, stands in its document, normalised."""
    return normalise(quote.text) in _normalised_document(quote.document_file)


def misquotes(rulebook: Rulebook) -> list[Quote]:
    """The quotes that do not stand in the documents they cite."""
    return [q for q in quotes(rulebook) if not stands_in(q)]
