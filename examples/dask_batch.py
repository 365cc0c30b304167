"""Judging a large file on a Dask cluster: the batch evaluator is a pure function of a chunk of rows
(`hukou.front.batch.run.judge_chunk`), so Dask runs it unchanged on each part.

    python -m pip install -e '.[dask,batch]'
    python examples/dask_batch.py examples/batch/profiles.csv --city 凯里 --as-of 2024-09-01 --workers 2

Each chunk is judged as ``hukou batch`` judges it: by the vectorised evaluator, which leaves the
rows it cannot vouch for to the explaining engine. Flat rows (.csv) or nested profiles (.jsonl).

Starts a local cluster (one process per worker; point `Client` at a real scheduler instead to use
more machines), splits the file into chunks, judges them in parallel, and prints the verdict counts
and the totals. Every input row comes back as result rows or an error row.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
from collections import Counter
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from hukou.front.batch.run import Chunk, judge_chunk


def chunks(path: Path, cities: list[str], as_of: dt.date, size: int) -> Iterator[Chunk]:
    flat = path.suffix.lower() == ".csv"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        # CSV: flat rows; JSON Lines: a nested profile on each non-blank line.
        nested = (json.loads(line) for line in handle if line.strip())
        rows: Iterator[dict[str, Any]] = csv.DictReader(handle) if flat else nested
        first = 1
        while part := list(islice(rows, size)):
            yield Chunk(first, part, cities, as_of, flat=flat, source=str(path))
            first += len(part)


def judge_on_dask(
    path: Path, cities: list[str], as_of: dt.date, workers: int = 2, size: int = 500
) -> list[dict[str, Any]]:
    """Every result row of the file, judged chunk by chunk on a local Dask cluster."""
    import dask.bag as bag
    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True) as cluster, Client(cluster):
        parts = bag.from_sequence(list(chunks(path, cities, as_of, size)), npartitions=workers)
        return list(parts.map(judge_chunk).flatten().compute())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("profiles", type=Path)
    parser.add_argument("--city", action="append", default=[])
    parser.add_argument("--as-of", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--fast", action="store_true", help=argparse.SUPPRESS)  # no effect: always the fast way
    args = parser.parse_args()
    rows = judge_on_dask(args.profiles, args.city, args.as_of, args.workers)
    inputs = len({r["row"] for r in rows})
    errors = sum(r["verdict"] == "error" for r in rows)
    for (city, verdict), count in sorted(Counter((r["city"], r["verdict"]) for r in rows if r["city"]).items()):
        print(f"{city}\t{verdict}\t{count}")
    print(f"{inputs} inputs = {inputs - errors} judged + {errors} errors")


if __name__ == "__main__":
    main()
