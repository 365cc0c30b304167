"""Fuzzing the loaders for a bounded number of examples; tests/fuzz/run_fuzz.py runs it for minutes."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

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
