"""Fuzz the profile and rule-file loaders for as long as you like.

    python -m tests.fuzz.run_fuzz 10        # ten minutes, from the project root

Runs the laws of tests/test_fuzz.py in rounds of fresh random examples until the time is up, and
stops at the first input that raises anything but the project's own error (hypothesis prints it,
shrunk). Prints how many examples each target ran.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz.targets import (
    documents,
    dump,
    mutated_rule_files,
    profile_loads_or_says_why,
    rule_file_loads_or_says_why,
)

ROUND = settings(max_examples=500, deadline=None, database=None, suppress_health_check=list(HealthCheck))

TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "bytes as a profile": (st.binary(max_size=2000), profile_loads_or_says_why),
    "YAML as a profile": (documents, lambda d: profile_loads_or_says_why(dump(d))),
    "bytes as a rule file": (st.binary(max_size=2000), rule_file_loads_or_says_why),
    "mutated rule file": (mutated_rule_files(), lambda d: rule_file_loads_or_says_why(dump(d))),
}


def main(minutes: float) -> None:
    end = time.monotonic() + minutes * 60
    counts = dict.fromkeys(TARGETS, 0)
    while time.monotonic() < end:
        for name, (strategy, law) in TARGETS.items():
            ROUND(given(strategy)(law))()
            counts[name] += 1
    for name, count in counts.items():
        print(f"{name}: {count} rounds of up to {ROUND.max_examples} examples: every one loaded or raised HukouError")


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0)
