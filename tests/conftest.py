"""Shared fixtures: the project's rulebook, and judging a profile written inline."""

from __future__ import annotations

import atexit
import datetime as dt
import os
import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from hukou import GAZETTEER, CityReport, Rulebook, judge, load_rulebook, profile_from_text
from hukou.model.regions import area_holding
from hukou.rulebook import compiled

ROOT = Path(__file__).resolve().parent.parent

# The atheris harness is a program (run by hand, and by tests/test_fuzz.py when atheris is installed):
# doctest collection would import it, and atheris is an optional extra (fuzz) that CI does not install.
collect_ignore = ["fuzz/atheris_harness.py"]

# The tests keep their start-up cache (hukou.disk_cache) in a folder of their own, never the user's;
# the commands they run in processes of their own inherit it.
os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="hukou-tests-cache-")
atexit.register(shutil.rmtree, os.environ["XDG_CACHE_HOME"], ignore_errors=True)


@pytest.fixture(autouse=True)
def _compile_afresh_under_mutation_testing() -> None:
    """Under mutmut (it sets MUTANT_UNDER_TEST, in its stats run too) every test compiles the rules
    it reads, so that a mutant of the compiler is run against every test that reads its output,
    not only the first test of the process to compile a channel. Likewise the areas places lie in,
    cached per process."""
    if "MUTANT_UNDER_TEST" in os.environ:
        compiled.forget()
        area_holding.cache_clear()


@pytest.fixture(scope="session")
def rulebook() -> Rulebook:
    return load_rulebook(ROOT)


def judge_yaml(rulebook: Rulebook, text: str, city: str, as_of: dt.date) -> CityReport:
    """Judge a profile given as YAML text for one city on one day."""
    return judge(profile_from_text(text), rulebook, GAZETTEER.resolve(city), as_of)


# Example counts for every property test that does not set its own: "ci" by default (bounded, a
# few hundred), "long" for a search of minutes: python -m pytest --hypothesis-profile=long
settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.register_profile(
    "long", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
settings.load_profile("ci")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The laws' reach (tests/reach.py): how many decidable channels each law saw decided in this
    run; HUKOU_REACH=path writes it as JSON too."""
    from . import reach

    if not reach.SESSION.seen:
        return
    rulebook = load_rulebook(ROOT)
    terminalreporter.section("laws' reach: channels each law saw decided")
    for line in reach.SESSION.table(rulebook):
        terminalreporter.write_line(line)
    if path := os.environ.get("HUKOU_REACH"):
        reach.SESSION.write(Path(path), rulebook)
