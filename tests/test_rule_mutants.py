"""A wrong rule fails a verdict case: the rule-file mutants of tests/mutants (a condition dropped, a
threshold moved, an operator flipped, a waiver dropped, a window moved a day) are each killed by a case
of tests/cases or a window of tests/in_force.yaml, or said equivalent in tests/mutants/equivalent.yaml.

The suite runs a fixed third of the mutants (and always the ones issue 17 found surviving); the whole
run is `python -m tests.mutants.rule_mutants` (about a minute).
"""

from __future__ import annotations

import zlib

from hukou import Rulebook

from .mutants.rule_edits import mutants
from .mutants.rule_mutants import file_data, load_equivalent, run

# The survivors issue 17 names: each must stay in the sample, killed.
NAMED = {
    "kaili.yaml k3_residence_insurance: conditions.all[out_of_province] dropped",
    "chongqing.yaml cq135_core_zone: conditions.all[in_core] dropped",
}


def in_sample(key: str) -> bool:
    return key in NAMED or zlib.crc32(key.encode()) % 3 == 0


# Law: every rule mutant in the sample is killed by a verdict case, or said equivalent with a reason.
def test_every_sampled_rule_mutant_is_killed(rulebook: Rulebook) -> None:
    outcomes = list(run(rulebook, sample=in_sample))
    survivors = [o.mutant.key for o in outcomes if o.fate == "survived"]
    assert survivors == [], "rule mutants no verdict case kills (python -m tests.mutants.rule_mutants):\n" + "\n".join(
        survivors
    )
    named = {o.mutant.key: o.fate for o in outcomes if o.mutant.key in NAMED}
    assert named == dict.fromkeys(NAMED, "killed")
    assert sum(o.fate == "killed" for o in outcomes) > 200  # the sample is a third of some 850 mutants


def test_every_equivalent_mutant_is_one_the_tool_makes(rulebook: Rulebook) -> None:
    made = {m.key for loaded in rulebook for m in mutants(loaded.path.name, file_data(loaded))}
    assert set(load_equivalent()) - made == set()
