"""Each channel is judged from the first day its document is in force to the last, and not a day
outside them (tests/in_force.yaml)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from hukou import GAZETTEER, Profile, Rulebook, judge

WINDOWS = Path(__file__).resolve().parent / "in_force.yaml"
ONE_DAY = dt.timedelta(days=1)


def windows() -> list[dict[str, Any]]:
    return list(yaml.safe_load(WINDOWS.read_text(encoding="utf-8"))["windows"])


def days_of(window: dict[str, Any]) -> list[tuple[dt.date, bool]]:
    """The days either side of each end of the window, and whether the channel is judged on each."""
    days = [(window["first"] - ONE_DAY, False), (window["first"], True)]
    if "last" in window:
        days += [(window["last"], True), (window["last"] + ONE_DAY, False)]
    return days


def check_window(rulebook: Rulebook, window: dict[str, Any]) -> None:
    """Raise AssertionError where the channel is judged on a day outside its window or not on one inside."""
    place = GAZETTEER.resolve(window["city"])
    for day, in_force in days_of(window):
        report = judge(Profile(), rulebook, place, day)
        judged = any(c.id == window["channel"] for c in report.channels)
        assert judged == in_force, (window["channel"], day, "judged" if judged else "not judged")
        assert (window["channel"] in report.not_in_force) != in_force, (window["channel"], day, report.not_in_force)


# Law: a channel is judged on the first and last day of its window, and on neither day just outside it.
@pytest.mark.parametrize("window", windows(), ids=lambda w: str(w["channel"]))
def test_channel_is_judged_exactly_within_its_window(rulebook: Rulebook, window: dict[str, Any]) -> None:
    check_window(rulebook, window)


def test_every_document_with_a_channel_has_its_window_checked(rulebook: Rulebook) -> None:
    checked = {w["channel"] for w in windows()}
    for loaded in rulebook:
        for document in loaded.rules.documents:
            channels = {c.id for c in loaded.rules.channels if c.document == document.id and c.effective is None}
            if channels:
                assert channels & checked, f"{loaded.path.name}: no window in tests/in_force.yaml for {document.id}"
