"""Fuzzing the loaders for a bounded number of examples; tests/fuzz/run_fuzz.py runs it for minutes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from .conftest import ROOT
from .fuzz.targets import (
    documents,
    dump,
    mutated_rule_files,
    profile_loads_or_says_why,
    rule_file_loads_or_says_why,
)

bounded = settings(max_examples=150, deadline=None)


# Law: any byte string given as a profile either evaluates or raises the project's own error.
@bounded
@given(st.binary(max_size=300))
def test_any_bytes_as_a_profile(content: bytes) -> None:
    profile_loads_or_says_why(content)


# Law: any YAML document given as a profile either evaluates or raises the project's own error.
@bounded
@given(documents)
def test_any_yaml_document_as_a_profile(document: Any) -> None:
    profile_loads_or_says_why(dump(document))


# Law: any byte string given as a rule file either loads or raises the project's own error.
@bounded
@given(st.binary(max_size=300))
def test_any_bytes_as_a_rule_file(content: bytes) -> None:
    rule_file_loads_or_says_why(content)


# Law: a valid rule file with any value anywhere replaced either loads or raises the project's own error.
@bounded
@given(mutated_rule_files())
def test_any_mutated_rule_file(document: Any) -> None:
    rule_file_loads_or_says_why(dump(document))


# Law: for a few seconds of coverage-guided fuzzing (atheris, when installed: the fuzz extra), no
# input to the profile reader, the rule loader or judging raises anything but the project's own
# one-line error. tests/fuzz/atheris_harness.py runs the same targets for as long as one likes.
@pytest.mark.parametrize("target", ["profile", "rules", "judge"])
def test_atheris_finds_no_crash_in_a_few_seconds(target: str, tmp_path: Path) -> None:
    pytest.importorskip("atheris")
    command = [sys.executable, "-m", "tests.fuzz.atheris_harness", target, "-max_total_time=4"]
    command += [f"-artifact_prefix={tmp_path}/"]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT)])}
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    assert not list(tmp_path.glob("crash-*"))
