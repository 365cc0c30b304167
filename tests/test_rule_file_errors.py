"""A broken rule file is refused with one line naming file, line and key path.

One fixture per failure in tests/broken/rules/, and the words its error must contain.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hukou import HukouError
from hukou.rulebook import load_rule_file

from .conftest import ROOT

BROKEN = Path(__file__).resolve().parent / "broken" / "rules"

EXPECTED = {
    "malformed.yaml": ("malformed.yaml:17:", "not well-formed YAML"),
    "duplicate-key.yaml": ("duplicate-key.yaml:16:", "duplicate key 'document'", "first given on line 15"),
    "unknown-key.yaml": ("unknown-key.yaml:16:", "channels[0].qoute", "unknown field 'qoute'", "did you mean 'quote'?"),
    "unknown-fact.yaml": ("unknown-fact.yaml:20:", "conditions.all[1].fact", "did you mean 'hukou.in_city'"),
    "land-rights-fact.yaml": ("land-rights-fact.yaml:20:", "land rights are never a condition"),
    "bad-operator.yaml": ("bad-operator.yaml:19:", "conditions.all[0].op", "'=>'"),
    "operator-for-fact.yaml": ("operator-for-fact.yaml:20:", "'>=' does not apply to hukou.in_city"),
    "missing-quote.yaml": ("missing-quote.yaml:13:", "channels[0].quote", "required field is missing"),
    "wrong-unit.yaml": ("wrong-unit.yaml:19:", "unit", "not 'sqm'"),
    "unknown-document.yaml": ("unknown-document.yaml:15:", "channels[0].document", "no document 'jiyuan-2016-1'"),
    "bad-value.yaml": ("bad-value.yaml:19:", "'twelve' is not a value"),
    "missing-document-file.yaml": ("missing-document-file.yaml:11:", "documents[0].file", "seeds/nowhere.txt"),
    "waiver-unknown-condition.yaml": ("waiver-unknown-condition.yaml:27:", "waives[0]", "no condition 'area'"),
    "condition-without-kind.yaml": (
        "condition-without-kind.yaml:20:",
        "needs one of the keys fact, all, any, not, some",
    ),
    "bad-code.yaml": ("bad-code.yaml:2:", "jurisdiction.code", "not an administrative division code"),
}


def test_every_fixture_has_expectations() -> None:
    assert {p.name for p in BROKEN.glob("*.yaml")} == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_rule_file_is_refused_with_where_and_why(name: str) -> None:
    with pytest.raises(HukouError) as caught:
        load_rule_file(BROKEN / name, ROOT)
    message = str(caught.value)
    assert "\n" not in message
    for words in EXPECTED[name]:
        assert words in message


def test_the_unbroken_original_loads() -> None:
    loaded = load_rule_file(BROKEN.parent.parent / "valid-rule-file.yaml", ROOT)
    assert [c.id for c in loaded.rules.channels] == ["j1_residence"]
