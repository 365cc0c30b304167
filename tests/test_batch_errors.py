"""hukou batch and hukou convert on the mistakes users make, run as a user runs them (a process of
its own): a bad file is one line and exit 2, a bad row is an error row and the others go on, an
existing file is never destroyed, and nothing is called a bug in hukou."""

from __future__ import annotations

import csv
import os
import resource
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

SAMPLE = ROOT / "examples" / "batch" / "profiles.csv"
NESTED = ROOT / "examples" / "batch" / "examples.jsonl"
GOOD_ROW = "a,四川,南充,凯里,7"
HEADER = "id,hukou_province,hukou_city,residence_city,residence_months"


def hukou(
    *args: str, cwd: Path, env: dict[str, str] | None = None, limit: int | None = None
) -> subprocess.CompletedProcess[str]:
    def small_disk() -> None:  # writes past ``limit`` bytes fail as on a full disk
        if limit is not None:
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "hukou", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        preexec_fn=small_disk,
        check=False,
    )


@dataclass(frozen=True)
class Case:
    """A mistake: how to make it in a folder, the command, and what the user must see."""

    make: Callable[[Path], None]
    args: tuple[str, ...]
    status: int
    says: tuple[str, ...]  # words stderr (or an error row on stdout) must hold
    totals: str | None = None  # the last line of stderr, when rows were read
    env: tuple[tuple[str, str], ...] = ()
    limit: int | None = None


def nothing(folder: Path) -> None:
    pass


def text(name: str, content: str | bytes) -> Callable[[Path], None]:
    def make(folder: Path) -> None:
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / name).write_bytes(data)

    return make


def no_pyarrow(folder: Path) -> None:
    (folder / "shim" / "pyarrow").mkdir(parents=True)
    (folder / "shim" / "pyarrow" / "__init__.py").write_text("raise ImportError('no pyarrow here')\n")
    (folder / "p.parquet").write_bytes(b"PAR1")


def flat(*rows: str) -> str:
    return "\n".join((HEADER, *rows)) + "\n"


DEEP = "[" * 30_000 + "]" * 30_000
CASES = {
    "missing input": Case(nothing, ("batch", "missing.csv", "--out", "keep.csv"), 2, ("missing.csv: no such file",)),
    "a folder": Case(lambda f: (f / "rows").mkdir(), ("batch", "rows"), 2, ("rows: is a folder",)),
    "a yaml profile": Case(text("me.yaml", "age: 30\n"), ("batch", "me.yaml"), 2, ("hukou check me.yaml",)),
    "a txt file": Case(text("rows.txt", "x\n"), ("batch", "rows.txt"), 2, ("cannot tell the format from '.txt'",)),
    "corrupt parquet": Case(
        text("p.parquet", b"PAR1 not really"), ("batch", "p.parquet"), 2, ("not a readable Parquet file",)
    ),
    "missing output folder": Case(nothing, ("batch", str(SAMPLE), "--out", "no/such/out.csv"), 2, ("does not exist",)),
    "unwritable output place": Case(
        nothing, ("batch", str(SAMPLE), "--out", "/proc/out.csv"), 2, ("cannot write here",)
    ),
    "a full disk": Case(
        nothing, ("batch", str(NESTED), "--out", "keep.csv"), 2, ("keep.csv: cannot write: File too large",), limit=2000
    ),
    "parquet without pyarrow": Case(
        no_pyarrow,
        ("batch", "p.parquet"),
        2,
        ("Parquet needs pyarrow",),
        env=(("PYTHONPATH", f"shim{os.pathsep}{ROOT / 'src'}"),),
    ),
    "the input as output": Case(
        text("in.csv", flat(GOOD_ROW)), ("batch", "in.csv", "--out", "in.csv"), 2, ("the input itself",)
    ),
    "a link to the input as output": Case(
        lambda f: (text("in.csv", flat(GOOD_ROW))(f), (f / "link.csv").symlink_to("in.csv")),  # type: ignore[func-returns-value]
        ("batch", "in.csv", "--out", "link.csv"),
        2,
        ("the input itself",),
    ),
    "convert to a missing folder": Case(nothing, ("convert", str(NESTED), "no/rows.csv"), 2, ("does not exist",)),
    "convert a missing input": Case(nothing, ("convert", "missing.jsonl", "keep.csv"), 2, ("no such file",)),
    "a CSV from Excel on Chinese Windows": Case(
        text("gbk.csv", flat(GOOD_ROW, "b,贵州,黄平县,凯里,13").encode("gb18030")),
        ("batch", "gbk.csv", "-c", "凯里", "--as-of", "2024-09-01"),
        0,
        ("read as GB18030",),
        "2 inputs = 2 judged + 0 errors",
    ),
    "a city of 1,000 characters": Case(
        text("r.csv", flat(GOOD_ROW, "b,四川,南充," + "凯" * 1000 + ",7")),
        ("batch", "r.csv", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("residence_city: a cell of 1,000 characters",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "a field of 10 MB": Case(
        text("r.csv", flat(GOOD_ROW, "b,四川,南充,凯里," + "7" * 10_000_000, GOOD_ROW)),
        ("batch", "r.csv", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("a cell of 10,000,000 characters",),
        "3 inputs = 2 judged + 1 errors",
    ),
    "bytes that are not UTF-8 in one CSV row": Case(
        text("r.csv", flat(GOOD_ROW).encode() + b"b,\xff\xfe,x,y,1\n" + GOOD_ROW.encode() + b"\n"),
        ("batch", "r.csv", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.csv:3: not utf-8 text",),
        "3 inputs = 2 judged + 1 errors",
    ),
    "a number of 5,000 digits": Case(
        text("r.jsonl", '{"age": ' + "9" * 5000 + "}\n" + '{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.jsonl:1:",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "a number of 5,000 digits in a CSV cell": Case(
        text("r.csv", flat("b,四川,南充,凯里," + "9" * 5000, GOOD_ROW)),
        ("batch", "r.csv", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("a cell of 5,000 characters",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "JSON nested 30,000 deep in one line": Case(
        text("r.jsonl", DEEP + "\n" + '{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.jsonl:1: nested too deeply",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "a line of JSON of 1 MB": Case(
        text("r.jsonl", '{"hukou": ' * 100_000 + "1" + "}" * 100_000 + "\n" + '{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.jsonl:1: a line of 1,100,002 bytes",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "a byte-order mark in JSON Lines": Case(
        text("r.jsonl", b"\xef\xbb\xbf" + b'{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        0,
        (),
        "1 inputs = 1 judged + 0 errors",
    ),
    "a duplicate key in a JSON object": Case(
        text("r.jsonl", '{"age": 30, "age": 31}\n{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.jsonl:1: the key 'age' appears twice",),
        "2 inputs = 1 judged + 1 errors",
    ),
    "bytes that are not UTF-8 in one JSON line": Case(
        text("r.jsonl", b'{"name": "\xff"}\n{"age": 30}\n'),
        ("batch", "r.jsonl", "-c", "凯里", "--as-of", "2024-09-01"),
        2,
        ("r.jsonl:1: not utf-8 text",),
        "2 inputs = 1 judged + 1 errors",
    ),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_a_mistake_is_named_in_one_line_and_destroys_nothing(tmp_path: Path, case: Case) -> None:
    case.make(tmp_path)
    keep = tmp_path / "keep.csv"
    keep.write_text("a file the user keeps\n")
    result = hukou(*case.args, cwd=tmp_path, env=dict(case.env), limit=case.limit)
    said = result.stderr + result.stdout
    assert result.returncode == case.status, said
    assert "internal error" not in said and "Traceback" not in said
    for words in case.says:
        assert words in said, said
    if case.totals is None:
        assert len(result.stderr.strip().splitlines()) == 1, result.stderr  # one line
    else:
        assert result.stderr.strip().splitlines()[-1] == case.totals
    assert keep.read_text() == "a file the user keeps\n"
    assert not [p.name for p in tmp_path.iterdir() if "unfinished" in p.name]  # no temporary file left behind


def big_input(folder: Path, rows: int) -> Path:
    """The sample's rows over and over: a batch that runs for some seconds."""
    with SAMPLE.open(encoding="utf-8") as handle:
        header, *body = list(csv.reader(handle))
    path = folder / "big.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        for i in range(rows):
            writer.writerow(body[i % len(body)])
    return path


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "term"])
def test_a_stopped_batch_leaves_no_file_under_its_name_and_says_what_it_kept(tmp_path: Path, how: int) -> None:
    source = big_input(tmp_path, 400_000)
    out = tmp_path / "out.csv"
    out.write_text("yesterday's results\n")
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    command = [sys.executable, "-m", "hukou", "batch", str(source), "--as-of", "2024-09-01", "--out", str(out)]
    process = subprocess.Popen(command, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    partial = tmp_path / "out.partial.csv"

    def unfinished() -> list[Path]:
        return [p for p in tmp_path.iterdir() if "unfinished" in p.name]

    started = time.monotonic()
    while not unfinished():  # the batch has begun writing
        assert time.monotonic() < started + 60 and process.poll() is None, "the batch ended before it was stopped"
        time.sleep(0.05)
    # Stopped after some rows are written if they come within seconds (else before any: still a clean stop).
    while all(p.stat().st_size < 100 for p in unfinished()) and time.monotonic() < started + 20:
        assert process.poll() is None, "the batch ended before it was stopped"
        time.sleep(0.05)
    process.send_signal(how)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, stderr
    assert out.read_text() == "yesterday's results\n"  # the file of that name is as it was
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("stopped: ") and f"the rows written so far are in {partial}" in last
    inputs, judged, errors = (int(w) for w in last.split() if w.isdigit())
    assert inputs == judged + errors
    with partial.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert {int(r["row"]) for r in rows} == set(range(1, inputs + 1))  # whole inputs, none cut in two
    assert not [p.name for p in tmp_path.iterdir() if "unfinished" in p.name]


def test_batches_writing_one_output_at_once_leave_one_whole_file(tmp_path: Path) -> None:
    out = tmp_path / "out.csv"
    environment = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    cities = ["凯里", "济源", "渝北区", "金华"]
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "hukou", "batch", str(SAMPLE), "-c", city, "--as-of", "2024-09-01", "-o", str(out)],
            env=environment,
            stderr=subprocess.DEVNULL,
        )
        for city in cities
    ]
    for run in runs:
        run.wait(timeout=120)
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["city"] for r in rows if r["city"]}) == 1  # one run's file, not a mix
    assert {int(r["row"]) for r in rows} == set(range(1, 14))
