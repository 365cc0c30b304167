"""How long judging takes, against a baseline in the same process: validating the profile.

Run: python benchmarks/judge_throughput.py [N]

Prints judgements per second for each example profile against every encoded jurisdiction, and the
ratio of one judgement's time to one profile validation's (the floor any check pays). No timing is
asserted anywhere: this is for noticing a regression by eye, before and after a change.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from pathlib import Path

import yaml

from hukou import GAZETTEER, Profile, judge, load_rulebook

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 9, 1)


def main(rounds: int) -> None:
    rulebook = load_rulebook(ROOT)
    places = [f.place for f in rulebook] + [GAZETTEER.resolve(n) for n in ("渝北区", "淳安", "杭州西湖区")]
    raw = [
        yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((ROOT / "examples").glob("*.yaml"))
        if p.name != "expected.yaml"
    ]
    profiles = [Profile.model_validate(r) for r in raw]

    start = time.perf_counter()
    for _ in range(rounds):
        for r in raw:
            Profile.model_validate(r)
    validate = (time.perf_counter() - start) / (rounds * len(raw))

    start = time.perf_counter()
    for _ in range(rounds):
        for profile in profiles:
            for place in places:
                judge(profile, rulebook, place, AS_OF)
    judged = rounds * len(profiles) * len(places)
    per_judgement = (time.perf_counter() - start) / judged

    print(f"{len(profiles)} profiles × {len(places)} places × {rounds} rounds = {judged} judgements")
    print(f"judgements per second: {1 / per_judgement:,.0f}")
    print(f"one judgement / one profile validation: {per_judgement / validate:.1f}×")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
