"""Edit a rule file while the rulebook loads, many times over, and count stale verdicts.

    python benchmarks/cache_race.py            # 150 runs, from the project root
    python benchmarks/cache_race.py 20         # fewer

Each run loads the rulebook of a copy of the project (with the start-up cache, in a cache folder
of its own) while another thread rewrites Kaili's rule file back and forth between two versions
that differ in one threshold (continuous social insurance of 6 months or of 5: a worker with 5
months is ineligible under one, eligible under the other). Then the editing stops, the rulebook
is loaded once more as ``hukou check`` would (the cache used if it is current) and the worker
judged; the verdict must be the one a fresh load of the file as it now stands gives. A run whose
own load fails (it read a file half written) is counted apart: that is an error, not a stale
verdict. The issue's own race found 53 of 150 runs storing one version's rules under the other's
key; this script, run against the pickle cache it replaced, found 3 stale verdicts in 150 runs (and
0 with the cache keyed by the bytes parsed).

Prints the number of runs, of stale verdicts (must be 0) and of loads that saw a half-written file.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hukou import GAZETTEER, HukouError, judge, load_profile, load_rulebook  # noqa: E402

AS_OF = dt.date(2024, 9, 1)
KAILI_RULES = Path("rules") / "guizhou" / "kaili.yaml"
SIX = "value: 6, unit: month, label: {zh: 连续社保"
FIVE = SIX.replace("6", "5")


def _verdict(root: Path, *, use_snapshot: bool) -> str:
    rulebook = load_rulebook(root, use_snapshot=use_snapshot)
    person = load_profile(ROOT / "examples" / "kaili-worker-5-months.yaml", AS_OF)
    return judge(person, rulebook, GAZETTEER.resolve("凯里"), AS_OF).verdict


def _edit_until(path: Path, versions: tuple[str, str], stop: threading.Event, seed: int) -> None:
    """Rewrite the file, as an editor saving would (truncate, then write), at random moments."""
    chance = random.Random(seed)
    turn = 0
    while not stop.is_set():
        time.sleep(chance.uniform(0.0, 0.01))
        turn += 1
        path.write_text(versions[turn % 2], encoding="utf-8")


def main(runs: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="hukou-race-"))
    os.environ["XDG_CACHE_HOME"] = str(work / "cache")
    os.environ.pop("HUKOU_NO_CACHE", None)
    root = work / "project"
    for folder in ("rules", "seeds", "sources"):
        shutil.copytree(ROOT / folder, root / folder)
    rule_file = root / KAILI_RULES
    six = rule_file.read_text(encoding="utf-8")
    assert six.count(SIX) == 1
    versions = (six, six.replace(SIX, FIVE))
    stale = half_written = 0
    started = time.perf_counter()
    try:
        for run in range(runs):
            stop = threading.Event()
            editor = threading.Thread(target=_edit_until, args=(rule_file, versions, stop, run))
            editor.start()
            try:
                _verdict(root, use_snapshot=True)  # loads (and keeps) while the file changes
            except HukouError:
                half_written += 1
            finally:
                stop.set()
                editor.join()
            rule_file.write_text(versions[run % 2], encoding="utf-8")  # a version, whole
            kept = _verdict(root, use_snapshot=True)
            fresh = _verdict(root, use_snapshot=False)
            if kept != fresh:
                stale += 1
                print(f"run {run}: stale verdict {kept!r}, the file says {fresh!r}", file=sys.stderr)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    seconds = time.perf_counter() - started
    print(f"{runs} runs editing kaili.yaml while it loads ({seconds:.0f} s):")
    print(f"  stale verdicts afterwards: {stale}")
    print(f"  loads that read a half-written file (an error at the time, not kept): {half_written}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 150)
