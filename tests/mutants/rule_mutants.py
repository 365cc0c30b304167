"""Rule-file mutants against the verdict cases: does a wrong rule make a case fail?

Every rule file under rules/ is mutated in memory (:mod:`tests.mutants.rule_edits`: a condition
dropped, a threshold moved, an operator flipped, a waiver dropped); each mutant is checked as the
loader checks a file, put in a rulebook in place of its file, and judged by the case files
(tests/cases/*.yaml) exactly as tests/test_channel_cases.py judges them, and by the windows
of tests/in_force.yaml as tests/test_in_force.py checks them. A mutant is *killed* when a
case about a place the file governs fails, *refused* when the loader would not take the file, and
*survives* otherwise. A survivor is a wrong rule no verdict case notices: add the case that tells
them apart, or, where no profile could tell them apart, say why in tests/mutants/equivalent.yaml.

Run it (from the project root)::

    python -m tests.mutants.rule_mutants            # the score per rule file, and every survivor
    python -m tests.mutants.rule_mutants -v kaili   # ... of one file, with the case that killed each
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hukou import GAZETTEER, Rulebook, load_rulebook
from hukou.rulebook.checks import problems
from hukou.rulebook.loader import LoadedRules
from hukou.rulebook.schema import RuleFile
from hukou.yamlio import decoded, parse_yaml

from ..test_channel_cases import test_channel_verdict
from ..test_in_force import WINDOWS, check_window, windows
from .rule_edits import Mutant, mutants

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "cases"
EQUIVALENT = Path(__file__).resolve().parent / "equivalent.yaml"


@dataclass(frozen=True)
class Case:
    """One verdict case of tests/cases (or a window of tests/in_force.yaml), and the rule files
    that govern its place."""

    name: str
    channel: str
    governed_by: frozenset[Path]
    passes: Callable[[Rulebook], None]  # raises where the case fails


@dataclass(frozen=True)
class Outcome:
    mutant: Mutant
    fate: str  # killed, refused, equivalent, survived
    by: str = ""  # the case that killed it, the loader's refusal, or why it is equivalent


def cases(rulebook: Rulebook) -> list[Case]:
    """The verdict cases, judged as tests/test_channel_cases.py judges them, and the windows, as
    tests/test_in_force.py checks them."""

    def governing(city: str) -> frozenset[Path]:
        return frozenset(f.path for f in rulebook.governing(GAZETTEER.resolve(city)))

    found = []
    for path in sorted(CASES.glob("*.yaml")):
        suite = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in suite["cases"]:
            city, as_of = case.get("city", suite["city"]), case.get("as_of", suite["as_of"])
            verdict = partial(_verdict, city=city, as_of=as_of, case=case)
            found.append(Case(f"{path.name}: {case['name']}", case["channel"], governing(city), verdict))
    for window in windows():
        name = f"{WINDOWS.name}: {window['city']} {window['channel']}"
        found.append(Case(name, window["channel"], governing(window["city"]), partial(check_window, window=window)))
    return found


def _verdict(rulebook: Rulebook, *, city: str, as_of: dt.date, case: dict[str, Any]) -> None:
    test_channel_verdict(rulebook, city, as_of, case)


def file_data(loaded: LoadedRules) -> dict[str, Any]:
    """A rule file's data as the loader reads it (anchor keys ``x-…`` taken out)."""
    data, _ = parse_yaml(decoded(loaded.path.read_bytes(), loaded.path), str(loaded.path))
    return {k: v for k, v in data.items() if not str(k).startswith("x-")}


def refusal(data: dict[str, Any]) -> tuple[RuleFile | None, str]:
    """The mutant's rule file, checked as the loader checks one; or why the loader refuses it."""
    try:
        rules = RuleFile.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        return None, f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
    for problem in problems(rules):
        return None, problem.message
    return rules, ""


def judged(rulebook: Rulebook, case: Case) -> bool:
    """Whether the case passes against this rulebook."""
    try:
        case.passes(rulebook)
    except Exception:  # an assertion, or the engine failing on the wrong rule: the case fails either way
        return False
    return True


def run(
    rulebook: Rulebook,
    only: str | None = None,
    equivalent: dict[str, str] | None = None,
    sample: Callable[[str], bool] = lambda key: True,
) -> Iterator[Outcome]:
    """Every mutant of every rule file (or of those whose name contains ``only``, or whose key is
    in the ``sample``), and its fate."""
    equivalent = load_equivalent() if equivalent is None else equivalent
    every_case = cases(rulebook)
    # A case failing on the rules as they stand would "kill" every mutant: nothing would be measured.
    failing = [c.name for c in every_case if not judged(rulebook, c)]
    if failing:
        raise CasesFail(failing)
    for loaded in rulebook:
        if only and only not in loaded.path.name:
            continue
        governed = [c for c in every_case if loaded.path in c.governed_by]
        for mutant in mutants(loaded.path.name, file_data(loaded)):
            if not sample(mutant.key):
                continue
            rules, why = refusal(mutant.data)
            if rules is None:
                yield Outcome(mutant, "refused", why)
                continue
            swapped = Rulebook([replace(loaded, rules=rules) if f is loaded else f for f in rulebook], rulebook.root)
            # The cases about the mutated channel first: they are the likeliest to kill it.
            ordered = sorted(governed, key=lambda c: c.channel != mutant.channel)
            killer = next((c for c in ordered if not judged(swapped, c)), None)
            if killer is not None:
                yield Outcome(mutant, "killed", killer.name)
            elif mutant.key in equivalent:
                yield Outcome(mutant, "equivalent", equivalent[mutant.key])
            else:
                yield Outcome(mutant, "survived")


class CasesFail(Exception):
    """Some verdict cases fail against the unmutated rule files (tests/test_channel_cases.py says why)."""


def load_equivalent() -> dict[str, str]:
    """The mutants no profile can tell from the file, each with the reason."""
    entries = yaml.safe_load(EQUIVALENT.read_text(encoding="utf-8")) or []
    return {e["mutant"]: f"{e['kind']}: {e['reason']}" for e in entries}


def table(outcomes: list[Outcome]) -> str:
    """The score per rule file: killed of the mutants the loader takes, equivalent ones aside."""
    files = sorted({o.mutant.file for o in outcomes})
    rows = [f"{'rule file':<16} {'mutants':>7} {'refused':>7} {'killed':>7} {'equiv.':>6} {'survived':>8} {'score':>7}"]
    total: Counter[str] = Counter()
    for name in [*files, "all"]:
        fates = total if name == "all" else Counter(o.fate for o in outcomes if o.mutant.file == name)
        if name != "all":
            total.update(fates)
        count = sum(fates.values())
        scored = fates["killed"] + fates["survived"]
        score = f"{100 * fates['killed'] / scored:.1f} %" if scored else "-"
        rows.append(
            f"{name:<16} {count:>7} {fates['refused']:>7} {fates['killed']:>7} {fates['equivalent']:>6}"
            f" {fates['survived']:>8} {score:>7}"
        )
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutants.rule_mutants", description=__doc__.splitlines()[0])
    parser.add_argument("only", nargs="?", help="only the rule files whose name contains this")
    parser.add_argument("-v", "--verbose", action="store_true", help="every mutant, with its fate and why")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        outcomes = list(run(load_rulebook(ROOT), args.only))
    except CasesFail as exc:
        print("cases failing on the rule files as they stand:", *exc.args[0], sep="\n  ", file=sys.stderr)
        return 2
    for outcome in outcomes:
        if args.verbose or outcome.fate == "survived":
            print(f"{outcome.fate:<10} {outcome.mutant.key}" + (f"  ({outcome.by})" if outcome.by else ""))
    print(table(outcomes))
    print(f"{len(outcomes)} mutants in {time.perf_counter() - started:.1f} s")
    return 1 if any(o.fate == "survived" for o in outcomes) else 0


if __name__ == "__main__":
    sys.exit(main())
