"""The durable-rules engine against the default engine, on the same judgements in the same process.

Run: python benchmarks/durable_vs_default.py [ROUNDS]   (needs: pip install 'hukou-rules[durable]')

Prints judgements per second for the default engine (``judge``), the Rete network alone
(``judge_rete``: verdicts only) and ``hukou check --engine durable``'s report (``judge_durable``:
the Rete's verdicts on the default engine's explanation), each example profile against every
encoded jurisdiction, and each as a ratio to the default engine. No timing is asserted anywhere.

Other benchmarks can put their own rows through :func:`rates`, e.g.
``rates([(profile, place, as_of), ...])``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

from hukou import GAZETTEER, Profile, Rulebook, judge, load_rulebook
from hukou.backends.durable_engine import judge_rete
from hukou.backends.durable_report import judge_durable
from hukou.model.places import Place

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 9, 1)
Judgement = tuple[Profile, Place, dt.date]
ENGINES: dict[str, Callable[[Profile, Rulebook, Place, dt.date], Any]] = {
    "default (judge)": judge,
    "durable, verdicts only (judge_rete)": judge_rete,
    "durable, explained (judge_durable)": judge_durable,
}


def rates(judgements: Sequence[Judgement], rulebook: Rulebook | None = None, rounds: int = 3) -> dict[str, float]:
    """Judgements per second of each engine over the same judgements (after one warm-up pass,
    which also compiles the durable-rules rulesets)."""
    rulebook = rulebook or load_rulebook(ROOT)
    out = {}
    for name, engine in ENGINES.items():
        for profile, place, as_of in judgements:
            engine(profile, rulebook, place, as_of)
        start = time.perf_counter()
        for _ in range(rounds):
            for profile, place, as_of in judgements:
                engine(profile, rulebook, place, as_of)
        out[name] = rounds * len(judgements) / (time.perf_counter() - start)
    return out


def example_judgements(rulebook: Rulebook) -> list[Judgement]:
    """Every example profile against every encoded jurisdiction and three districts within them."""
    places = [f.place for f in rulebook] + [GAZETTEER.resolve(n) for n in ("渝北区", "淳安", "杭州西湖区")]
    profiles = [
        Profile.model_validate(yaml.safe_load(p.read_text(encoding="utf-8")))
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if p.name != "expected.yaml"
    ]
    return [(profile, place, AS_OF) for profile in profiles for place in places]


def main(rounds: int) -> None:
    rulebook = load_rulebook(ROOT)
    judgements = example_judgements(rulebook)
    measured = rates(judgements, rulebook, rounds)
    baseline = measured["default (judge)"]
    print(f"{len(judgements)} judgements x {rounds} rounds")
    for name, rate in measured.items():
        print(f"{name:38} {rate:8.0f} judgements/s   {rate / baseline:5.2f}x the default engine")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
