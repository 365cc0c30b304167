"""Batch throughput, and the costs around it, measured in one run and printed as ratios.

    python benchmarks/batch_throughput.py 1000000   # rows to generate (the issue's goal: 1M in ≤ 10 s)
    python benchmarks/batch_throughput.py 1000000 --commands   # only the whole commands, flat and nested
    HUKOU_BENCH_CITIES=凯里,济源 python benchmarks/batch_throughput.py 1000000 --commands   # those cities only
    python benchmarks/batch_throughput.py --cold    # the cold start alone

Prints, for the same generated flat rows judged in every encoded jurisdiction:
- the batch path (hukou batch --fast: the vectorised evaluator, its explanations and the result
  columns — the rows hukou batch writes), in profiles/s, and where its time goes;
- the same rows (a sample) through the explaining engine and through the durable-rules engine, and
  the batch path's ratio to each;
- a floor: as many raw numpy comparisons over columns of the same length as the evaluator made,
  and the batch path's ratio to it (how far from the machine's limit);
- the whole command, file to file (`hukou batch rows.parquet --fast --out out.parquet`): its time
  and its peak memory (maximum resident set size);
- one explained check in-process, in µs per profile per jurisdiction;
- the cold `hukou check` command against a bare `python -c "import pydantic, typer, rich, yaml"`
  (medians of fresh processes taken in turns, start-up cache warm; and the first run with the cache
  empty), and the bare import with one validated pydantic model: what any command that validates
  with pydantic pays at least;
- the cold `hukou check` without the start-up cache against with it: the gain the cache is for.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from hukou import load_rulebook
from hukou.front.batch.fast import judge_flat_chunk
from hukou.front.batch.files import FlatChunk, records_of
from hukou.front.batch.run import Totals, judge_records
from hukou.model.flat_profile import COLUMNS

ROOT = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2024, 9, 1)
CITIES = ["凯里", "黄平县", "济源", "洛阳", "渝中区", "渝北区", "万州区", "金华", "宁波", "杭州西湖区"]
CHUNK = 65_536  # rows per chunk, as hukou batch --fast reads them


def generated_columns(n: int, seed: int = 7) -> dict[str, pa.Array]:
    """Migrant-worker-like flat rows as columns: hukou elsewhere, a stay and a job (half dated, half
    in months), social insurance, a home, a family, now and then a group."""
    rng = np.random.default_rng(seed)

    def pick(options: list[str], p: list[float] | None = None) -> np.ndarray:
        return rng.choice(np.array(options, dtype=object), n, p=p)

    def months(high: int) -> np.ndarray:
        return np.array([str(m) for m in range(high + 1)], dtype=object)[rng.integers(0, high + 1, n)]

    first, last = dt.date(2012, 1, 1).toordinal(), dt.date(2024, 8, 31).toordinal()
    days = np.array([dt.date.fromordinal(o).isoformat() for o in range(first, last + 1)], dtype=object)

    def since() -> np.ndarray:
        return days[rng.integers(0, len(days), n)]

    city = pick(CITIES)
    dated = rng.random(n) < 0.5
    columns = {
        "id": np.array([f"p{i}" for i in range(n)], dtype=object),
        "age": np.array([str(a) for a in range(18, 66)], dtype=object)[rng.integers(0, 48, n)],
        "groups": pick(["none", "talent", "investor", "relocation"], [0.94, 0.02, 0.02, 0.02]),
        "family": pick(["none", "spouse with", "spouse with; child 6 with", "child 17 with; parent 60"]),
        "hukou_province": pick(["湖南", "四川", "贵州", "河南", "重庆", "浙江"]),
        "hukou_type": pick(["rural", "urban"]),
        "education_level": pick(["junior_secondary", "senior_secondary", "associate", "bachelor"]),
        "residence_city": city,
        "residence_since": np.where(dated, since(), None),
        "residence_months": np.where(dated, None, months(72)),
        "employment_city": city,
        "employment_since": np.where(~dated, since(), None),
        "employment_months": np.where(~dated, None, months(72)),
        "social_insurance_city": city,
        "social_insurance_months": months(72),
        "housing_city": city,
        "housing_tenure": pick(["owned", "rented", "dormitory"]),
        "housing_area_sqm": np.array([str(a) for a in range(10, 151)], dtype=object)[rng.integers(0, 141, n)],
        "housing_months": months(60),
    }
    return {name: pa.array(values, type=pa.string()) for name, values in columns.items()}


def chunks(columns: dict[str, pa.Array], n: int) -> list[FlatChunk]:
    return [
        FlatChunk(
            start + 1, min(CHUNK, n - start), {k: v.slice(start, CHUNK) for k, v in columns.items()}, "<bench>", ""
        )
        for start in range(0, n, CHUNK)
    ]


def sample_rows(columns: dict[str, pa.Array], size: int) -> list[dict[str, object]]:
    table = pa.table({k: v.slice(0, size) for k, v in columns.items()})
    return [{k: v for k, v in row.items() if v is not None} for row in table.to_pylist()]


def main(n: int, commands_only: bool = False) -> None:
    if commands_only:
        whole_commands(generated_columns(n), n)
        return
    rulebook = load_rulebook()
    places = [(f.name, f.place) for f in rulebook]

    # One explained check in-process, first: before the generated rows fill the process.
    from hukou import judge
    from hukou.model.profile_file import load_profile

    profile = load_profile(ROOT / "examples" / "kaili-graduate.yaml")
    rounds = []
    for _ in range(7):
        start = time.perf_counter()
        for _ in range(40):
            for _, place in places:
                judge(profile, rulebook, place, AS_OF)
        rounds.append((time.perf_counter() - start) / (40 * len(places)) * 1e6)
    print(f"one explained check: {statistics.median(rounds):,.0f} µs per profile per jurisdiction (median of 7)")

    columns = generated_columns(n)
    assert set(columns) <= set(COLUMNS)

    # The batch path, in-process: the rows in chunks, as hukou batch --fast reads them.
    totals = Totals()
    start = time.perf_counter()
    for chunk in chunks(columns, n):
        judge_flat_chunk(chunk, rulebook, places, AS_OF, totals)
    batch_s = time.perf_counter() - start
    batch_rate = n / batch_s
    print(f"rows: {n:,} × {len(places)} jurisdictions; {totals.line()}")
    print(
        f"batch path (hukou batch --fast): {batch_s:.2f} s, {batch_rate:,.0f} profiles/s "
        f"({batch_rate * len(places):,.0f} judgements/s)"
    )

    # Where the time goes: reading the cells, then judging on columns, then making result rows.
    from hukou.backends.vector.frame import Frame
    from hukou.backends.vector.judge import judge_columns

    start = time.perf_counter()
    for chunk in chunks(columns, n):
        Frame.read(chunk.columns, chunk.size, AS_OF)
    read_s = time.perf_counter() - start
    import hukou.backends.vector.judge as vector_judge

    derive_s = 0.0
    untimed = vector_judge.derive

    def timed(*args: object) -> object:  # the time spent deriving facts, summed
        nonlocal derive_s
        begun = time.perf_counter()
        try:
            return untimed(*args)  # type: ignore[arg-type]
        finally:
            derive_s += time.perf_counter() - begun

    vector_judge.derive = timed  # type: ignore[assignment]
    start = time.perf_counter()
    for chunk in chunks(columns, n):
        judge_columns(chunk.columns, chunk.size, rulebook, places, AS_OF)
    judged_s = time.perf_counter() - start
    vector_judge.derive = untimed
    masks_s = judged_s - read_s - derive_s
    start = time.perf_counter()
    for chunk in chunks(columns, n):
        judge_columns(chunk.columns, chunk.size, rulebook, places, AS_OF, explain=True)
    explained_s = time.perf_counter() - start
    print(
        f"  of which: reading cells {read_s:.2f} s, deriving facts {derive_s:.2f} s, evaluating the trees as masks "
        f"{masks_s:.2f} s, the nearest channel and what is missing {explained_s - judged_s:.2f} s, "
        f"result rows and totals {batch_s - explained_s:.2f} s"
    )

    # The explaining engine on a sample of the same rows.
    sample = sample_rows(columns, min(n, 2000))
    start = time.perf_counter()
    for _ in judge_records(records_of(sample, 1, flat=True), rulebook, places, AS_OF, Totals()):
        pass
    explained_rate = len(sample) / (time.perf_counter() - start)
    print(
        f"explaining engine: {explained_rate:,.0f} profiles/s; batch path / explaining = "
        f"{batch_rate / explained_rate:,.0f}×"
    )

    # The durable-rules engine on a smaller sample.
    try:
        from hukou.backends.durable_engine import judge_rete
        from hukou.model.profile_file import profile_from_data
        from hukou.yamlio import LineIndex

        records = records_of(sample[:200], 1, flat=True)
        profiles = [profile_from_data(r.data, LineIndex("<bench>", {}), AS_OF) for r in records]
        start = time.perf_counter()
        for profile in profiles:
            for _, place in places:
                judge_rete(profile, rulebook, place, AS_OF)
        durable_rate = len(profiles) / (time.perf_counter() - start)
        print(
            f"durable-rules engine: {durable_rate:,.0f} profiles/s; batch path / durable = "
            f"{batch_rate / durable_rate:,.0f}×"
        )
    except ImportError:
        print("durable-rules engine: not installed (pip install 'hukou-rules[durable]')")

    # A floor: as many raw numpy comparisons as the evaluator made, over columns of the same rows.
    first = chunks(columns, min(n, CHUNK))[0]
    comparisons = judge_columns(first.columns, first.size, rulebook, places, AS_OF).comparisons
    column = np.random.default_rng(1).integers(0, 72, n)
    start = time.perf_counter()
    for _ in range(comparisons):
        _ = column >= 36
    floor_s = time.perf_counter() - start
    print(
        f"numpy floor ({comparisons} comparisons over {n:,} rows): {floor_s:.2f} s, {n / floor_s:,.0f} profiles/s; "
        f"batch path / floor = {batch_s / floor_s:.1f}× the time; the masks alone = {masks_s / floor_s:.1f}×"
    )

    whole_commands(columns, n)

    cold_start()


def cold_start() -> None:
    """The cold command against a bare import of its libraries, and with the start-up cache against
    without it: fresh processes, taken in turns so that a busy machine slows all alike, the medians
    compared. The cache lives in a folder of its own: the first run finds it empty, the others warm."""
    bare_command = [sys.executable, "-c", "import pydantic, typer, rich, yaml"]
    # What any command that validates with pydantic pays at least: the bare import and one model.
    model = "import pydantic, typer, rich, yaml\nclass M(pydantic.BaseModel):\n    x: int\nM(x=1)"
    model_command = [sys.executable, "-c", model]
    check_command = [sys.executable, "-m", "hukou", "check", str(ROOT / "examples" / "kaili-graduate.yaml")]
    json_command = [*check_command, "--city", "凯里", "--as-of", "2024-09-01", "--format", "json"]
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "XDG_CACHE_HOME": cache}
        env.pop("HUKOU_NO_CACHE", None)
        uncached = {**env, "HUKOU_NO_CACHE": "1"}
        empty = _seconds(json_command, env)
        bare, one_model, cold, rich_all, no_cache = _medians(
            [
                (bare_command, env),
                (model_command, env),
                (json_command, env),
                (check_command, env),
                (json_command, uncached),
            ]
        )
    print(
        f"cold hukou check (--city 凯里 --format json): {cold * 1e3:,.0f} ms; bare import: {bare * 1e3:,.0f} ms; "
        f"ratio {cold / bare:.2f}× (medians of {COLD_RUNS} fresh processes, cache warm); "
        f"first run, cache empty: {empty * 1e3:,.0f} ms"
    )
    print(
        f"cold hukou check without the cache (HUKOU_NO_CACHE=1): {no_cache * 1e3:,.0f} ms; with it: "
        f"{cold * 1e3:,.0f} ms; without / with = {no_cache / cold:.2f}×"
    )
    print(f"cold hukou check (every city, rich output): {rich_all * 1e3:,.0f} ms; ratio {rich_all / bare:.2f}×")
    print(f"bare import and one validated pydantic model: {one_model * 1e3:,.0f} ms; ratio {one_model / bare:.2f}×")


def whole_commands(columns: dict[str, pa.Array], n: int) -> None:
    """The whole command, file to file, each in a process of its own: time and peak memory, for the
    same profiles as flat Parquet and as nested JSON Lines (one profile a line, as a web form or an
    API writes them)."""
    with tempfile.TemporaryDirectory() as folder:
        flat, nested = Path(folder) / "rows.parquet", Path(folder) / "rows.jsonl"
        pq.write_table(pa.table(columns), flat)
        write_nested(columns, nested)
        timed, used = {}, {}
        cities = [w for c in os.environ.get("HUKOU_BENCH_CITIES", "").split(",") if c for w in ("--city", c)]
        for source in (flat, nested):
            target = Path(folder) / "out.parquet"
            command = [sys.executable, "-m", "hukou", "batch", str(source), "--as-of", str(AS_OF), "--out", str(target)]
            start = time.perf_counter()
            peak_mb, used[source.suffix] = _peak_memory_and_cpu([*command, *cities])
            timed[source.suffix] = whole_s = time.perf_counter() - start
            written = pq.ParquetFile(target).metadata.num_rows
            print(
                f"hukou batch {source.name} {' '.join(cities)} --out out.parquet: {whole_s:.1f} s "
                f"({n / whole_s:,.0f} profiles/s, {written:,} result rows), CPU {used[source.suffix]:.1f} s; "
                f"peak memory (max RSS) {peak_mb:,.0f} MB"
            )
    print(
        f"nested JSON Lines / flat Parquet, whole command: {timed['.jsonl'] / timed['.parquet']:.2f}× the time, "
        f"{used['.jsonl'] / used['.parquet']:.2f}× the CPU time"
    )


def write_nested(columns: dict[str, pa.Array], path: Path) -> None:
    """The flat rows as nested profiles, one JSON object a line."""
    import json

    from hukou.model.flat_profile import profile_data

    table = pa.table(columns)
    with path.open("w", encoding="utf-8") as handle:
        for batch in table.to_batches(CHUNK):
            for row in batch.to_pylist():
                data = _numbers(profile_data({k: v for k, v in row.items() if v is not None and k != "id"}))
                handle.write(json.dumps({"id": row["id"], **data}, ensure_ascii=False) + "\n")


def _numbers(value: object) -> object:
    """Numbers as a program writes them in JSON (ages, months, areas), not as text."""
    if isinstance(value, dict):
        return {k: _numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_numbers(v) for v in value]
    return int(value) if isinstance(value, str) and value.isdigit() else value


def _peak_memory_mb(command: list[str]) -> float:
    """Run a command and return its maximum resident set size. A small Python process starts it:
    a child forked from this one (holding the generated rows) would count this one's memory too."""
    return _peak_memory_and_cpu(command)[0]


def _peak_memory_and_cpu(command: list[str]) -> tuple[float, float]:
    """A command's maximum resident set size (MB) and the CPU time it took (user + system, s): on a
    machine shared with other work the CPU time is the steadier figure of the two."""
    measure = (
        "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "used = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(used.ru_maxrss, used.ru_utime + used.ru_stime)"
    )
    done = subprocess.run(
        [sys.executable, "-c", measure, *command], check=True, capture_output=True, text=True, cwd=ROOT
    )
    peak, cpu = done.stdout.split()
    return int(peak) / 1024, float(cpu)


COLD_RUNS = 15


def _seconds(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=env)
    return time.perf_counter() - start


def _medians(commands: list[tuple[list[str], dict[str, str]]], runs: int = COLD_RUNS) -> list[float]:
    """The median time of each command (in its environment) over ``runs`` fresh processes, the
    commands in turns."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for (command, env), taken in zip(commands, times, strict=True):
            taken.append(_seconds(command, env))
    return [statistics.median(taken) for taken in times]


if __name__ == "__main__":
    if sys.argv[1:] == ["--cold"]:  # the cold start alone: python benchmarks/batch_throughput.py --cold
        cold_start()
    else:
        # --commands: only the whole commands (flat Parquet and nested JSON Lines), without the rest.
        main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000, commands_only="--commands" in sys.argv)
