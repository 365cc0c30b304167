"""Doctests in src/: the modules of an optional extra are not collected without it (importing them
would fail), as the tests of that extra are skipped (tests/test_vector.py)."""

import importlib.util

collect_ignore_glob = (
    [] if importlib.util.find_spec("numpy") else ["hukou/backends/vector/*.py", "hukou/front/batch/fast.py"]
)
