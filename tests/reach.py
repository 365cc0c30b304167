"""How far the laws reach: for each law, the channels it saw decided (eligible, ineligible).

A law that never sees a channel decided checks nothing about it. Every law reports the reports it
judges here (tests/laws.py); the session's figure is printed at the end of a pytest run
(tests/conftest.py) and written as JSON to the file ``HUKOU_REACH`` names; tests/test_reach.py
fails if a law misses a decidable channel on the fixed witnesses.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hukou import CityReport, Rulebook
from hukou.model.places import Place

from .jurisdictions import channel_key, decidable, keys

DECIDED = ("eligible", "ineligible")


class Reach:
    """The verdicts each law saw, by channel (jurisdiction/id)."""

    def __init__(self) -> None:
        self.seen: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))

    def saw(self, law: str, rulebook: Rulebook, place: Place, report: CityReport) -> None:
        governing = rulebook.governing(place)
        owner = {c.id: loaded for loaded in governing for c in loaded.rules.channels}
        for channel in report.channels:
            if channel.verdict in DECIDED and channel.id in owner:
                self.seen[law][channel_key(owner[channel.id], channel.id)].add(channel.verdict)

    def saw_channel(self, law: str, key: str, verdict: str) -> None:
        if verdict in DECIDED:
            self.seen[law][key].add(verdict)

    def decided(self, law: str) -> set[str]:
        return set(self.seen[law])

    def with_verdict(self, law: str, verdict: str) -> set[str]:
        return {k for k, verdicts in self.seen[law].items() if verdict in verdicts}

    def table(self, rulebook: Rulebook) -> list[str]:
        """One line per law: channels decided / decidable, and seen eligible and ineligible."""
        every = keys(decidable(rulebook))
        lines = []
        for law in sorted(self.seen):
            decided = self.decided(law) & every
            eligible = self.with_verdict(law, "eligible") & every
            ineligible = self.with_verdict(law, "ineligible") & every
            lines.append(
                f"{law:<28} decided {len(decided):>3}/{len(every)}"
                f"   eligible {len(eligible):>3}   ineligible {len(ineligible):>3}"
            )
        return lines

    def write(self, path: Path, rulebook: Rulebook) -> None:
        every = sorted(keys(decidable(rulebook)))
        data = {
            "decidable": every,
            "laws": {law: {k: sorted(v) for k, v in sorted(seen.items())} for law, seen in sorted(self.seen.items())},
        }
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


SESSION = Reach()
_LISTENING: list[Reach] = [SESSION]


def saw(law: str, rulebook: Rulebook, place: Place, report: CityReport) -> None:
    """Report one judgement a law made (to the session's figure, and to any recording)."""
    for reach in _LISTENING:
        reach.saw(law, rulebook, place, report)


def saw_channel(law: str, key: str, verdict: str) -> None:
    """Report one channel a law checked, decided (where the law looks at one channel only)."""
    for reach in _LISTENING:
        reach.saw_channel(law, key, verdict)


@contextmanager
def recording(*, alone: bool = False) -> Iterator[Reach]:
    """A figure of its own for what the laws judge inside the block; the session's still counts
    it unless ``alone`` (a rulebook other than the project's: broken on purpose, or with a city
    added)."""
    reach = Reach()
    kept = list(_LISTENING)
    if alone:
        _LISTENING.clear()
    _LISTENING.append(reach)
    try:
        yield reach
    finally:
        _LISTENING[:] = kept


__all__ = ["DECIDED", "SESSION", "Reach", "channel_key", "recording", "saw", "saw_channel"]
