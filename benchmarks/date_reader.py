"""The date reader's time on a date followed by many spaces and a stray character, against the
pattern it replaced (which backtracked quadratically there: ``\\s*日?\\s*$`` with no 日).

    python benchmarks/date_reader.py

Prints, for each length, both readers' times and their ratio, and how each grows when the input
doubles (2× is linear, 4× quadratic). Ratios within one run, not absolute times, are the result.
"""

from __future__ import annotations

import re
import time

from hukou.errors import NotADay
from hukou.model.dates import parse_day

_OLD = re.compile(r"^\s*(\d{4})\s*(?:年|/|\.)\s*(\d{1,2})\s*(?:月|/|\.)\s*(\d{1,2})\s*日?\s*$")


def _old(text: str) -> object:
    return _OLD.match(text)


def _new(text: str) -> object:
    try:
        return parse_day(text)
    except NotADay:
        return None


def _seconds(read: object, text: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        read(text)  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    previous: tuple[float, float] | None = None
    print(f"{'spaces':>8} {'old (ms)':>10} {'new (µs)':>10} {'old/new':>10} {'old growth':>11} {'new growth':>11}")
    for spaces in (2_500, 5_000, 10_000, 20_000, 40_000):
        text = "2024/3/1" + " " * spaces + "x"
        old = _seconds(_old, text, 1 if spaces > 10_000 else 3)
        new = _seconds(_new, text, 20)
        growth = f"{old / previous[0]:>10.1f}× {new / previous[1]:>10.1f}×" if previous else f"{'':>11} {'':>11}"
        print(f"{spaces:>8} {old * 1e3:>10.1f} {new * 1e6:>10.1f} {old / new:>9.0f}× {growth}")
        previous = (old, new)


if __name__ == "__main__":
    main()
