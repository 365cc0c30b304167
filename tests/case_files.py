"""The channel cases of tests/cases/*.yaml, each bound to the rule file whose channel it judges.

A case file is found by what it judges, not by a list: every case names a place and a channel,
and the rule file governing that place with that channel is the one it tests. A rule file no
case judges is a gap the tests name (tests/test_channel_cases.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hukou import GAZETTEER, Rulebook
from hukou.model.places import Place
from hukou.rulebook.loader import LoadedRules

CASE_FOLDER = Path("tests") / "cases"


@dataclass(frozen=True)
class Case:
    """One named profile judged in one place on one day, with the verdict its channel must give."""

    file: Path
    name: str
    city: str
    as_of: dt.date
    channel: str
    verdict: str
    spec: dict[str, Any]  # the whole case as written (profile, followers, points …)
    rules: LoadedRules | None  # the rule file holding the channel; None if none does

    @property
    def place(self) -> Place:
        return GAZETTEER.resolve(self.city)

    @property
    def profile(self) -> dict[str, Any]:
        return dict(self.spec["profile"] or {})

    @property
    def id(self) -> str:
        return f"{self.file.stem}: {self.name}"


def case_files(root: Path) -> list[Path]:
    return sorted((root / CASE_FOLDER).glob("*.yaml"))


def cases(rulebook: Rulebook, root: Path) -> list[Case]:
    """Every case under the root's tests/cases/, bound to its rule file."""
    out = []
    for path in case_files(root):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        for spec in suite["cases"]:
            city, as_of = spec.get("city", suite["city"]), spec.get("as_of", suite["as_of"])
            governing = rulebook.governing(GAZETTEER.resolve(city))
            rules = next((f for f in governing if spec["channel"] in {c.id for c in f.rules.channels}), None)
            out.append(Case(path, spec["name"], city, as_of, spec["channel"], spec["verdict"], spec, rules))
    return out


def untested_files(rulebook: Rulebook, found: list[Case]) -> list[Path]:
    """The rule files no case judges a channel of."""
    tested = {case.rules.path for case in found if case.rules is not None}
    return [loaded.path for loaded in rulebook if loaded.path not in tested]
