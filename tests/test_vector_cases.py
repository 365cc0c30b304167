"""The verdict cases (tests/cases) through the vectorised evaluator: the same rows as the explaining
engine writes, for every case whose profile fits a flat row. Deterministic and quick, where
tests/test_vector.py searches generated profiles: the code mutants of the evaluator run against it."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
import yaml

from hukou import GAZETTEER, Profile, judge
from hukou.errors import NotVectorised
from hukou.front.batch.files import Record
from hukou.front.batch.run import result_row

from .strategies import RULEBOOK
from .test_vector import SAID, columns, flat

CASES = Path(__file__).resolve().parent / "cases"
LISTS = ("residence", "housing", "employment", "social_insurance", "study", "relatives")


def _fits_a_row(profile: dict[str, Any]) -> bool:
    return all(len(profile.get(key) or []) <= 1 for key in LISTS) and not profile.get("family")


def _batches() -> dict[tuple[str, dt.date], list[tuple[str, dict[str, Any]]]]:
    """The cases whose profile fits a flat row, by the city and day they are judged."""
    found: dict[tuple[str, dt.date], list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for path in sorted(CASES.glob("*.yaml")):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            if _fits_a_row(case["profile"]):
                key = (case.get("city", suite["city"]), case.get("as_of", suite["as_of"]))
                found[key].append((case["name"], case["profile"]))
    return found


BATCHES = _batches()


# Law: for every verdict case that fits a flat row, the evaluator writes what the explaining engine
# writes (verdict, admitting channels, nearest channel, its conditions not met, facts missing), or
# hands the row to it.
@pytest.mark.parametrize(
    ("city", "as_of"), sorted(BATCHES), ids=[f"{GAZETTEER.resolve(c).code}-{d}" for c, d in sorted(BATCHES)]
)
def test_the_evaluator_judges_the_cases_as_the_engine_does(city: str, as_of: dt.date) -> None:
    from hukou.backends.vector.judge import VERDICTS, judge_columns

    np = pytest.importorskip("numpy")
    place = GAZETTEER.resolve(city)
    names = [name for name, _ in BATCHES[(city, as_of)]]
    rows = [flat(profile) for _, profile in BATCHES[(city, as_of)]]
    try:
        judged = judge_columns(columns(rows), len(rows), RULEBOOK, [(city, place)], as_of, explain=True)
    except NotVectorised as exc:  # points channels are judged by the explaining engine alone
        pytest.skip(str(exc))
    [verdicts] = judged.cities
    assert verdicts.nearest is not None and verdicts.failing is not None and verdicts.unknown is not None
    said = np.array(VERDICTS, dtype=object)[verdicts.verdict]
    for i, (name, (_, profile)) in enumerate(zip(names, BATCHES[(city, as_of)], strict=True)):
        if not judged.fast[i]:
            continue
        written = result_row(
            Record(1, None, None), city, judge(Profile.model_validate(profile), RULEBOOK, place, as_of)
        )
        want = tuple(written[k] or "" for k in SAID)
        got = (said[i], verdicts.admitted_by[i], verdicts.nearest[i], verdicts.failing[i], verdicts.unknown[i])
        assert tuple(str(v or "") for v in got) == want, name
