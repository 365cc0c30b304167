"""The slowest single field: how long reading and judging a profile takes when one field holds the
worst value of the longest length it may have, against the same profile with an ordinary value.

    python benchmarks/slowest_field.py

Every value in a profile is bounded (200 characters) before it is parsed, and no lookup is worse
than linear in its input; this prints, for each crafted field, the time to read, check and judge the
profile in every encoded jurisdiction, its ratio to the ordinary profile, and the slowest of them.
Values longer than the bound (a city of 200,000 characters) are refused before any lookup; their
time is printed too.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from hukou import GAZETTEER, HukouError, judge, load_profile, load_rulebook  # noqa: E402
from hukou.model.regions import candidates as _candidates  # noqa: E402

AS_OF = dt.date(2024, 9, 1)
ORDINARY = "residence:\n  - {city: 凯里, since: 2023-01-01}\nname: 王芳\n"
PERIOD = ", since: 2023-01-01}\n"
CRAFTED = {
    "city: 200 × 凯": "residence:\n  - {city: " + "凯" * 200 + PERIOD,
    "city: 200 × a (pinyin path)": "residence:\n  - {city: " + "a" * 200 + PERIOD,
    "city: 80 characters of 杭州西湖区…": "residence:\n  - {city: " + ("杭州" + "西湖区" * 30)[:80] + PERIOD,
    "city: 80 × 吉林 (every prefix a name)": "residence:\n  - {city: " + "吉林" * 40 + PERIOD,
    "city: 40 × 凯 (looked up, and a suggestion sought)": "residence:\n  - {city: " + "凯" * 40 + PERIOD,
    "city: 200 × 凱 (traditional)": "residence:\n  - {city: " + "凱" * 200 + PERIOD,
    "since: a date + 190 spaces": "residence:\n  - {city: 凯里, since: '2023年3月1日" + " " * 189 + "'}\n",
    "since: 200 digits": "residence:\n  - {city: 凯里, since: '" + "1" * 200 + "'}\n",
    "name: 200 characters": "name: " + "王" * 200 + "\n",
    "hukou.province: 200 × 湖": "hukou: {province: " + "湖" * 200 + "}\n",
    "months: 40 digits": "residence:\n  - {city: 凯里, months: " + "9" * 40 + "}\n",
    "city: 200,000 characters (refused by length)": "residence:\n  - {city: " + "凯" * 200_000 + "}\n",
    "since: a date + 40,000 spaces (refused by length)": "born: '2023-03-01" + " " * 40_000 + "'\n",
}
RUNS = 5


def _timed(run: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    rulebook = load_rulebook()
    places = [loaded.place for loaded in rulebook]

    def read_and_judge(path: Path) -> Callable[[], object]:
        def run() -> object:
            GAZETTEER.__dict__.pop("_memo", None)  # each run looks names up afresh, as a new process would
            _candidates.cache_clear()
            try:
                person = load_profile(path, AS_OF, rulebook)
            except HukouError as error:
                return error
            return [judge(person, rulebook, place, AS_OF) for place in places]

        return run

    with tempfile.TemporaryDirectory() as folder:
        ordinary = Path(folder) / "ordinary.yaml"
        ordinary.write_text(ORDINARY, encoding="utf-8")
        read_and_judge(ordinary)()  # warm: the gazetteer's index, pinyin, the converter
        base = _timed(read_and_judge(ordinary))
        print(f"ordinary profile: {base * 1e3:.1f} ms (read, check, judge in {len(places)} jurisdictions)")
        slowest = ("", 0.0)
        for name, text in CRAFTED.items():
            path = Path(folder) / "crafted.yaml"
            path.write_text(text, encoding="utf-8")
            read_and_judge(path)()  # the first suggestion for a name loads pinyin once
            seconds = _timed(read_and_judge(path))
            outcome = read_and_judge(path)()
            said = "refused" if isinstance(outcome, HukouError) else "judged"
            print(f"{name}: {seconds * 1e3:.1f} ms ({said}); ratio to ordinary {seconds / base:.1f}×")
            if seconds > slowest[1]:
                slowest = (name, seconds)
    print(
        f"slowest single field: {slowest[0]}: {slowest[1] * 1e3:.1f} ms, {slowest[1] / base:.1f}× the ordinary profile"
    )


if __name__ == "__main__":
    main()
