"""Batch throughput, and the costs around it, measured in one run and printed as ratios.

    python benchmarks/batch_throughput.py 2000      # rows to generate (the issue's goal is 1,000,000)

Prints, for the same generated flat rows judged in every encoded jurisdiction:
- the batch path (`hukou batch`'s reader and judge, the explaining engine), in profiles/s;
- the durable-rules engine on a sample of the same rows, and the batch path's ratio to it;
- a floor: the same number of raw numpy comparisons over columns, and the batch path's ratio to it;
- one explained check in-process, in µs per profile per jurisdiction;
- the cold `hukou check` command against a bare `python -c "import pydantic, typer, rich, yaml"`
  (medians, start-up cache warm; and the first run with the cache empty);
- the peak memory of the batch run.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

from hukou import load_rulebook
from hukou.batch.files import read_records
from hukou.batch.flat import COLUMNS
from hukou.batch.run import Totals, judge_records

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 9, 1)
CITIES = ["凯里", "黄平县", "济源", "洛阳", "渝中区", "渝北区", "万州区", "金华", "宁波", "杭州西湖区"]


def generated_rows(n: int, seed: int = 7) -> list[dict[str, str]]:
    """Migrant-worker-like flat rows: hukou elsewhere, a stay, a job, insurance, maybe a home."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        city = rng.choice(CITIES)
        row = dict.fromkeys(COLUMNS, "")
        row.update(
            {
                "id": f"p{i}",
                "age": str(rng.randint(18, 65)),
                "groups": "none",
                "family": rng.choice(["none", "spouse with", "spouse with; child 6 with", "child 17 with; parent 60"]),
                "hukou_province": rng.choice(["湖南", "四川", "贵州", "河南", "重庆", "浙江"]),
                "hukou_type": rng.choice(["rural", "urban"]),
                "education_level": rng.choice(["junior_secondary", "senior_secondary", "associate", "bachelor"]),
                "residence_city": city,
                "residence_months": str(rng.randint(0, 72)),
                "employment_city": city,
                "employment_months": str(rng.randint(0, 72)),
                "social_insurance_city": city,
                "social_insurance_months": str(rng.randint(0, 72)),
                "housing_city": city,
                "housing_tenure": rng.choice(["owned", "rented", "dormitory"]),
                "housing_area_sqm": str(rng.randint(10, 150)),
                "housing_months": str(rng.randint(0, 60)),
            }
        )
        rows.append(row)
    return rows


def main(n: int) -> None:
    rulebook = load_rulebook()
    places = [(f.name, f.place) for f in rulebook]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "rows.csv"
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=COLUMNS)
            writer.writeheader()
            writer.writerows(generated_rows(n))

        start = time.perf_counter()
        totals = Totals()
        for _ in judge_records(read_records(path), rulebook, places, AS_OF, totals):
            pass
        batch_s = time.perf_counter() - start
        # Memory, in a second pass under tracemalloc (which slows Python down several times).
        tracemalloc.start()
        for _ in judge_records(read_records(path), rulebook, places, AS_OF, Totals()):
            pass
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    batch_rate = n / batch_s
    print(f"rows: {n:,} × {len(places)} jurisdictions; {totals.line()}")
    print(
        f"batch path (explaining engine): {batch_rate:,.0f} profiles/s ({batch_rate * len(places):,.0f} judgements/s)"
    )
    print(f"peak memory allocated during the batch run (tracemalloc): {peak / 1e6:.1f} MB")

    # The durable-rules engine on a sample of the same rows.
    try:
        from hukou.durable_engine import judge_rete
        from hukou.profile_file import profile_from_data
        from hukou.yamlio import LineIndex

        sample = [r for r in read_records_from(generated_rows(min(n, 200)))]
        profiles = [profile_from_data(r, LineIndex("<bench>", {})) for r in sample]
        start = time.perf_counter()
        for profile in profiles:
            for _, place in places:
                judge_rete(profile, rulebook, place, AS_OF)
        durable_rate = len(profiles) / (time.perf_counter() - start)
        ratio = batch_rate / durable_rate
        print(f"durable-rules engine: {durable_rate:,.0f} profiles/s; batch path / durable = {ratio:.2f}×")
    except ImportError:
        print("durable-rules engine: not installed (pip install 'hukou-rules[durable]')")

    # A floor: as many raw numpy comparisons as the batch judged leaves, over columns.
    try:
        import numpy as np

        leaves = sum(1 for f in rulebook for c in f.rules.channels if c.conditions is not None)
        column = np.random.default_rng(1).integers(0, 72, n)
        start = time.perf_counter()
        for _ in range(leaves * 3):
            _ = column >= 36
        floor_rate = n / (time.perf_counter() - start)
        print(
            f"numpy floor ({leaves * 3} comparisons per profile): {floor_rate:,.0f} profiles/s; "
            f"batch path is {floor_rate / batch_rate:,.0f}× slower than the floor"
        )
    except ImportError:
        print("numpy floor: numpy not installed")

    # One explained check in-process.
    from hukou import judge
    from hukou.profile_file import load_profile

    profile = load_profile(ROOT / "examples" / "kaili-graduate.yaml")
    rounds = 200
    start = time.perf_counter()
    for _ in range(rounds):
        for _, place in places:
            judge(profile, rulebook, place, AS_OF)
    per = (time.perf_counter() - start) / (rounds * len(places)) * 1e6
    print(f"one explained check: {per:,.0f} µs per profile per jurisdiction")

    # Cold command against a bare import of its libraries: fresh processes, taken in turns so
    # that a busy machine slows both alike, the medians compared. The start-up cache lives in a
    # folder of its own: the first run finds it empty, the others find it warm.
    bare_command = [sys.executable, "-c", "import pydantic, typer, rich, yaml"]
    # What any command that validates with pydantic pays at least: the bare import and one model.
    model = "import pydantic, typer, rich, yaml\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)"
    model_command = [sys.executable, "-c", model]
    check_command = [sys.executable, "-m", "hukou", "check", str(ROOT / "examples" / "kaili-graduate.yaml")]
    json_command = [*check_command, "--city", "凯里", "--as-of", "2024-09-01", "--format", "json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        env.pop("HUKOU_NO_CACHE", None)
        empty = _seconds(json_command, env)
        bare, one_model, cold, rich_all = _medians([bare_command, model_command, json_command, check_command], env)
    print(
        f"cold hukou check (--city 凯里 --format json): {cold * 1e3:,.0f} ms; bare import: {bare * 1e3:,.0f} ms; "
        f"ratio {cold / bare:.2f}× (medians of {COLD_RUNS} fresh processes, cache warm); "
        f"first run, cache empty: {empty * 1e3:,.0f} ms"
    )
    print(f"cold hukou check (every city, rich output): {rich_all * 1e3:,.0f} ms; ratio {rich_all / bare:.2f}×")
    print(f"bare import and one validated pydantic model: {one_model * 1e3:,.0f} ms; ratio {one_model / bare:.2f}×")


def read_records_from(rows: list[dict[str, str]]) -> list[dict[str, object]]:
    from hukou.batch.flat import profile_data

    return [profile_data(row) for row in rows]


COLD_RUNS = 15


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def _medians(commands: list[list[str]], env: dict[str, str], runs: int = COLD_RUNS) -> list[float]:
    """The median time of each command over ``runs`` fresh processes, the commands in turns."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times, strict=True):
            taken.append(_seconds(command, env))
    return [statistics.median(taken) for taken in times]


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
