"""The fixture every broken rule file is cut from loads (the broken ones: tests/test_bad_input.py)."""

from __future__ import annotations

from pathlib import Path

from hukou.rulebook import load_rule_file

from .conftest import ROOT

BROKEN = Path(__file__).resolve().parent / "broken" / "rules"


def test_the_unbroken_original_loads() -> None:
    loaded = load_rule_file(BROKEN.parent.parent / "valid-rule-file.yaml", ROOT)
    assert [c.id for c in loaded.rules.channels] == ["j1_residence"]
