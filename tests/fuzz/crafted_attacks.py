"""Run every crafted attack through the command a user would type, and count those handled.

    python -m tests.fuzz.crafted_attacks          # from the project root

An attack is handled when the command ends within a minute with the status expected (2 for bad
input, with exactly one line on stderr starting "error:"; 0 where the input is odd but valid), and
no traceback or "internal error" is printed. The attacks: every fixture under tests/broken/, special
files (a device, a FIFO, a folder, a 50 MB file), extreme days and argument values, fields far over
their bound, and rule files citing documents outside the project. (The cache attacks — planted
pickles, flipped bytes, foreign and open folders, entries of other versions — are tests in
tests/test_cache.py, and the edit race is benchmarks/cache_race.py.)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROFILE = ROOT / "examples" / "kaili-graduate.yaml"


def _attacks(work: Path) -> list[tuple[str, list[str], int]]:
    """(name, hukou arguments, expected status)."""
    attacks: list[tuple[str, list[str], int]] = []
    for path in sorted((ROOT / "tests" / "broken" / "profiles").glob("*.yaml")):
        attacks.append((f"broken profile {path.name}", ["check", str(path), "--city", "凯里"], 2))
    for path in sorted((ROOT / "tests" / "broken" / "rules").glob("*.yaml")):
        attacks.append((f"broken rule file {path.name}", ["rules", "check", str(path)], 2))

    def write(name: str, text: str) -> str:
        (work / name).write_text(text, encoding="utf-8")
        return str(work / name)

    fifo = work / "fifo.yaml"
    os.mkfifo(fifo)
    big = work / "big.yaml"
    with big.open("w") as out:
        out.truncate(50 * 1024 * 1024)
    overlapping = write(
        "overlap.yaml", "residence:\n  - {city: 凯里, since: 2020-01-01}\n  - {city: 凯里, since: 2021-01-01}\n"
    )
    long_months = write("months.yaml", "residence:\n  - {city: 凯里, months: 1200}\n")
    rules = (ROOT / "tests" / "valid-rule-file.yaml").read_text("utf-8")
    link_project = work / "project"
    (link_project / "seeds").mkdir(parents=True)
    (link_project / "seeds" / "jiyuan-2015-14.txt").symlink_to(ROOT / "seeds" / "jiyuan-2015-14.txt")
    (link_project / "rules.yaml").write_text(rules, "utf-8")
    attacks += [
        ("/dev/zero as a profile", ["check", "/dev/zero", "--city", "凯里"], 2),
        ("/dev/urandom as a profile", ["check", "/dev/urandom", "--city", "凯里"], 2),
        ("a FIFO as a profile", ["check", str(fifo), "--city", "凯里"], 2),
        ("a folder as a profile", ["check", str(work), "--city", "凯里"], 2),
        ("a 50 MB profile", ["check", str(big), "--city", "凯里"], 2),
        ("no such profile", ["check", str(work / "nowhere.yaml")], 2),
        ("/dev/zero as a rule file", ["rules", "check", "/dev/zero"], 2),
        ("a FIFO as a rule file", ["rules", "check", str(fifo)], 2),
        ("--as-of 9999-12-31, overlapping periods", ["check", overlapping, "--as-of", "9999-12-31"], 0),
        ("--as-of 0001-01-01, a period of 100 years", ["check", long_months, "--as-of", "0001-01-01"], 0),
        ("--as-of 0001-01-01, dated periods", ["check", overlapping, "--as-of", "0001-01-01"], 2),
        ("--as-of 9999-99-99", ["check", str(PROFILE), "--as-of", "9999-99-99"], 2),
        ("--as-of of 30,000 characters", ["check", str(PROFILE), "--as-of", "2" * 30_000], 2),
        ("--city of 1,000 characters", ["check", str(PROFILE), "--city", "凯" * 1000], 2),
        ("--city of 30,000 characters", ["check", str(PROFILE), "--city", "凯" * 30_000], 2),
        ("--city that may mean two places", ["check", str(PROFILE), "--city", "普陀区"], 2),
        (
            "a city of 200,000 characters",
            ["check", write("huge-city.yaml", "residence:\n  - {city: " + "凯" * 200_000 + "}\n"), "--city", "凯里"],
            2,
        ),
        (
            "a date and 40,000 spaces",
            ["check", write("spaces.yaml", "born: '2023-03-01" + " " * 40_000 + "'\n"), "--city", "凯里"],
            2,
        ),
        (
            "a date unquoted, 2023-02-29",
            ["check", write("leap.yaml", "born: 2023-02-29\n"), "--city", "凯里"],
            2,
        ),
        ("100,000 nested lists", ["check", write("deep.yaml", "[" * 100_000), "--city", "凯里"], 2),
        ("100,000 nested block lists", ["check", write("deep2.yaml", "- " * 100_000 + "x\n"), "--city", "凯里"], 2),
        ("a mapping as a key", ["check", write("mapkey.yaml", "? {a: 1}\n: 2\n"), "--city", "凯里"], 2),
        (
            "a NaN area",
            [
                "check",
                write("nan.yaml", "housing:\n  - {city: 凯里, tenure: owned, since: 2020-01-01, area_sqm: .nan}\n"),
                "--city",
                "凯里",
            ],
            2,
        ),
        (
            "an infinite area",
            [
                "check",
                write("inf.yaml", "housing:\n  - {city: 凯里, tenure: owned, since: 2020-01-01, area_sqm: .inf}\n"),
                "--city",
                "凯里",
            ],
            2,
        ),
        (
            "!!binary in a profile (bytes read as text: a name)",
            ["check", write("binary.yaml", "name: !!binary aGVsbG8=\n"), "--city", "凯里"],
            0,
        ),
        ("!!set in a profile", ["check", write("set.yaml", "groups: !!set {a, b}\n"), "--city", "凯里"], 2),
        (
            "a rule file citing a document through a link out of its seeds/",
            ["rules", "check", str(link_project / "rules.yaml")],
            2,
        ),
        (
            "a rule file citing /etc/hostname",
            ["rules", "check", write("hostname.yaml", rules.replace("seeds/jiyuan-2015-14.txt", "/etc/hostname"))],
            2,
        ),
        ("--documents naming no folder", ["rules", "check", str(ROOT / "rules"), "--documents", str(work / "no")], 2),
    ]
    return attacks


def _handled(arguments: list[str], expected: int) -> tuple[bool, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    try:
        done = subprocess.run(
            [sys.executable, "-m", "hukou", *arguments],
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return False, "did not end within a minute"
    lines = done.stderr.strip().splitlines()
    if "Traceback" in done.stderr or "internal error" in done.stderr:
        return False, done.stderr.strip()[-300:]
    if done.returncode != expected:
        return False, f"status {done.returncode}, expected {expected}: {done.stderr.strip()[:300]}"
    if expected == 2 and (len(lines) != 1 or not lines[0].startswith("error: ")):
        return False, f"not one error line: {done.stderr[:300]!r}"
    return True, lines[0][:160] if lines else "(judged)"


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        attacks = _attacks(Path(folder))
        handled = 0
        slowest = ("", 0.0)
        for name, arguments, expected in attacks:
            start = time.perf_counter()
            ok, said = _handled(arguments, expected)
            seconds = time.perf_counter() - start
            slowest = max(slowest, (name, seconds), key=lambda s: s[1])
            handled += ok
            print(f"{'ok ' if ok else 'BAD'} {name} ({seconds:.1f} s): {said}")
    print(f"{handled} of {len(attacks)} crafted attacks handled; slowest: {slowest[0]} ({slowest[1]:.1f} s)")
    if handled != len(attacks):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
