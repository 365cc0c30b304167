"""The ``hukou`` command: parse arguments, call the library, print. Nothing else."""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from hukou.errors import HukouError, InputFileError, NotADay, UnknownPlace
from hukou.front.terminal import OneLineErrors, err, out, say, show_version
from hukou.judging.engine import judge
from hukou.judging.verdict import CheckReport
from hukou.labels import word
from hukou.model.dates import parse_day
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import Profile
from hukou.model.profile_file import load_profile, profile_from_text
from hukou.rulebook import Rulebook, load_rulebook

# What only some commands use is imported inside them: `hukou check` is run often, and
# should not wait for the batch reader, the linter or rich's widgets it never uses.
if TYPE_CHECKING:
    from hukou.front.batch.run import Totals

app = typer.Typer(
    name="hukou",
    help=(
        "Check a person's profile against Chinese cities' hukou settlement (落户) rules.\n\n"
        "Exit status: 0 the command ran (whatever the verdicts); 2 bad input or usage (one line on "
        "stderr naming file, line and field); 1 an internal error (a bug: please report it); 3 with "
        "--fail-on, a verdict at least that bad."
    ),
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    cls=OneLineErrors,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)
rules_app = typer.Typer(help="The encoded jurisdictions, their documents and channels.", no_args_is_help=True)


@app.callback()
def _global_options(
    version: Annotated[
        bool,
        typer.Option("--version", "-V", help="Print the version and exit.", callback=show_version, is_eager=True),
    ] = False,
) -> None:
    """Check a person's profile against Chinese cities' hukou settlement (落户) rules."""


app.add_typer(rules_app, name="rules")


class Format(StrEnum):
    rich = "rich"
    json = "json"


class TableFormat(StrEnum):
    rich = "rich"
    json = "json"
    markdown = "markdown"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


class Engine(StrEnum):
    default = "default"
    durable = "durable"


class SchemaKind(StrEnum):
    profile = "profile"
    rules = "rules"


CityOption = Annotated[
    list[str] | None,
    typer.Option(
        "--city",
        "-c",
        metavar="CITY",
        help="City, county or district, in Chinese or pinyin; repeat for several (shown in that order).",
    ),
]
AsOfOption = Annotated[
    str | None,
    typer.Option(
        "--as-of", metavar="DATE", help="Judge as on this day (2024-09-01, 2024/9/1 or 2024年9月1日); default today."
    ),
]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="rich for people, json for programs.")]
LangOption = Annotated[Lang, typer.Option("--lang", help="Language of labels: zh or en.")]


_out = out
_err = err


class FailOn(StrEnum):
    ineligible = "ineligible"
    undetermined = "undetermined"


FailOnOption = Annotated[
    FailOn | None,
    typer.Option(
        "--fail-on",
        help="Exit with status 3 when a verdict is ineligible (or, with 'undetermined', anything but eligible).",
    ),
]

EXIT_VERDICT = 3


def _verdict_exit(fail_on: FailOn | None, verdicts: list[str]) -> None:
    """For scripts that want the verdict in the exit status (--fail-on)."""
    bad = {"ineligible"} if fail_on is FailOn.ineligible else {"ineligible", "undetermined"}
    if fail_on is not None and any(v in bad for v in verdicts):
        raise typer.Exit(EXIT_VERDICT)


def main() -> None:
    """The ``hukou`` command: bad input exits 2 (one line), a bug exits 1 (one line and a hint)."""
    try:
        app()
    except SystemExit:
        # The process ends here. Left to itself, the collector walks every object the imports
        # made, several times over, while the interpreter shuts down: longer than judging takes.
        # Frozen, they are skipped; what they hold goes back to the system with the process.
        gc.freeze()
        raise
    except Exception as exc:
        if os.environ.get("HUKOU_DEBUG"):
            raise
        _err().print(
            f"internal error: {type(exc).__name__}: {exc} — this is a bug in hukou, not in your input; "
            "please report it with the command and the files (HUKOU_DEBUG=1 shows the traceback)",
            markup=False,
            highlight=False,
            soft_wrap=True,
        )
        raise SystemExit(1) from None


def _fail(error: HukouError) -> typer.Exit:
    """Print one line to stderr and leave with status 2: bad input is not a crash."""
    say(f"error: {error}")
    return typer.Exit(2)


def _as_of(text: str | None) -> dt.date:
    """The day to judge on: the same reader as a profile's dates; a day after today is allowed, with a warning."""
    today = dt.date.today()
    if text is None:
        return today
    try:
        day = parse_day(text)
    except NotADay as exc:
        raise HukouError(f"--as-of: {exc}") from None
    if day > today:
        say(
            f"warning: --as-of {day} is after today ({today}): every period without an end is counted "
            "as going on until then, and the rules as known today"
        )
    return day


def _read_profile(path: Path, day: dt.date, rulebook: Rulebook | None = None) -> Profile:
    """A profile from a file, or from standard input when the path is ``-`` (its zones checked
    against the rulebook's, when given)."""
    if str(path) == "-":
        from hukou.yamlio import MAX_BYTES

        text = sys.stdin.read(MAX_BYTES + 1)  # no more than a file would be read
        if len(text.encode("utf-8")) > MAX_BYTES:
            raise InputFileError(f"more than {MAX_BYTES // 1024 // 1024} MB: a profile is a few KB", file="<stdin>")
        return profile_from_text(text, "<stdin>", day, rulebook)
    return load_profile(path, day, rulebook)


def _places(names: list[str] | None, rulebook: Rulebook) -> list[tuple[str, Place]]:
    if not names:
        return [(f.name, f.place) for f in rulebook]
    places = []
    for name in names:
        try:
            places.append((name, GAZETTEER.resolve(name)))
        except UnknownPlace as exc:
            raise HukouError(f"--city {exc.message}", suggestion=exc.suggestion) from None
    return places


def check_profile(
    profile: Profile, cities: list[str] | None, as_of: dt.date, rulebook: Rulebook, engine: Engine = Engine.default
) -> CheckReport:
    """Judge one profile for each city asked (or every encoded jurisdiction)."""
    judging = judge
    if engine is Engine.durable:
        from hukou.backends.durable_report import judge_durable  # an optional extra: loaded only when asked for

        judging = judge_durable
    results = [judging(profile, rulebook, place, as_of, asked=name) for name, place in _places(cities, rulebook)]
    return CheckReport(as_of=as_of, results=results)


@app.command()
def check(
    profile: Annotated[
        Path, typer.Argument(metavar="PROFILE", help="The applicant's profile, YAML or JSON; - for standard input.")
    ],
    city: CityOption = None,
    as_of: AsOfOption = None,
    format: FormatOption = Format.rich,
    lang: LangOption = Lang.zh,
    engine: Annotated[
        Engine,
        typer.Option(help="default, or durable: verdicts from the durable-rules Rete network (an optional extra)."),
    ] = Engine.default,
    fail_on: FailOnOption = None,
) -> None:
    """Judge a profile against the rules of one or more cities.

    Example: hukou check examples/kaili-graduate.yaml --city 凯里 --as-of 2024-09-01
    """
    try:
        day = _as_of(as_of)
        rulebook = load_rulebook()
        person = _read_profile(profile, day, rulebook)
        report = check_profile(person, city, day, rulebook, engine)
    except HukouError as error:
        raise _fail(error) from None
    if format is Format.json:
        print(report.model_dump_json(indent=2))
    else:
        from hukou.front.render import check_report

        _out().print(*check_report(report, lang.value, person.name, person.family))
    _verdict_exit(fail_on, [r.verdict for r in report.results])


@app.command()
def compare(
    profiles: Annotated[
        list[Path], typer.Argument(metavar="PROFILE", help="One or more profiles, YAML or JSON; - for standard input.")
    ],
    city: CityOption = None,
    as_of: AsOfOption = None,
    format: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help="rich for people, markdown for a case file, json for programs."),
    ] = TableFormat.rich,
    lang: LangOption = Lang.zh,
    fail_on: FailOnOption = None,
) -> None:
    """Compare people × places: a matrix of verdicts and channels, each cell's details below it.

    People come in the order given, places in the order of --city (else that of hukou rules list).
    A cell that does not admit names the nearest miss, and its details what is still needed.

    Every profile gets its rows; one that cannot be read gets an error row, the count of each is
    printed on stderr, and the exit status is 2.

    Example: hukou compare examples/kaili-graduate.yaml --as-of 2024-09-01
    """
    from hukou.front.compare import CompareReport, Row, error_row, markdown, matrix, row_of

    try:
        day = _as_of(as_of)
        rulebook = load_rulebook()
        places = _places(city, rulebook)
    except HukouError as error:
        raise _fail(error) from None
    rows: list[Row] = []
    failed = 0
    for path in profiles:
        try:
            person = _read_profile(path, day, rulebook)
        except HukouError as error:
            failed += 1
            rows += [error_row(str(path), name, str(error)) for name, _ in places]
            continue
        label = person.name or path.stem
        rows += [
            row_of(label, judge(person, rulebook, place, day, asked=name), person.family) for name, place in places
        ]
    if format is TableFormat.json:
        print(CompareReport(as_of=day, results=rows).model_dump_json(indent=2))
    elif format is TableFormat.markdown:
        print(markdown(rows, day.isoformat(), lang.value), end="")
    else:
        console = _out()
        console.print(f"{word('as_of', lang.value)} {day}")
        console.print(*matrix(rows, lang.value, console.width))
    # Nothing is lost: every profile is judged or reported, and the counts say so.
    _err().print(
        f"{len(profiles)} profile{'s' if len(profiles) != 1 else ''} = {len(profiles) - failed} judged + "
        f"{failed} not readable",
        markup=False,
        highlight=False,
    )
    if failed:
        raise typer.Exit(2)
    _verdict_exit(fail_on, [r.verdict for r in rows])


@app.command()
def batch(
    profiles: Annotated[Path, typer.Argument(help="Profiles: .csv or .parquet (flat rows), .jsonl or .json (nested).")],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Results: .csv, .jsonl or .parquet.")] = None,
    city: CityOption = None,
    as_of: AsOfOption = None,
    summary: Annotated[
        bool, typer.Option("--summary", help="Print counts per city × verdict × channel and the commonest failures.")
    ] = False,
    verdicts_only: Annotated[
        bool,
        typer.Option("--verdicts-only", help="Only row, id, city, verdict, admitted_by and error: no explanations."),
    ] = False,
    fast: Annotated[
        bool, typer.Option("--fast", hidden=True, help="No effect: every batch is judged the fast way.")
    ] = False,
) -> None:
    """Judge many profiles: one result row per input row and city, an error row per bad row.

    Streams the input (memory stays flat), shows progress on a terminal, and ends with
    "N inputs = J judged + E errors" on stderr. The output file appears only when complete.
    Exit status 0 when every row was judged, 2 when any was not (its error row says why) or the
    file could not be read or written, 130 when stopped (Ctrl-C).

    Example: hukou batch examples/batch/profiles.csv --city 凯里 --as-of 2024-09-01 --out results.csv
    """
    from hukou.front.batch.files import open_profiles
    from hukou.front.batch.report import summary_tables
    from hukou.front.batch.run import RESULT_COLUMNS, VERDICT_COLUMNS, Totals, chunk_judge
    from hukou.front.batch.writer import Writer, result_table

    try:
        day = _as_of(as_of)
        rulebook = load_rulebook()
        places = _places(city, rulebook)
        source = open_profiles(profiles)  # checked before anything is written
        written = VERDICT_COLUMNS if verdicts_only else RESULT_COLUMNS
        writer = Writer(out, written, inputs=[profiles], types=result_table) if out is not None else None
    except HukouError as error:
        raise _fail(error) from None
    _note(source.note)
    judge_chunk = chunk_judge()
    totals = Totals()

    def run(advance: Callable[[int], None], held: Callable[[], AbstractContextManager[Any]]) -> None:
        for chunk in source.chunks():
            part = Totals()
            columns = judge_chunk(chunk, rulebook, places, day, part)
            with held():  # a chunk's rows are written whole, even when Ctrl-C comes meanwhile
                if writer is not None:
                    writer.write_columns(columns)
                elif not summary:
                    _print_rows(columns, written)
                totals.add(part)  # counted once written: the totals of a stopped run are the rows it wrote
            advance(chunk.size)

    _run_to_file(run, writer, totals, "judged", source.rows)
    if summary:
        _out().print(*summary_tables(totals, out=None if out is None else str(out)))
    _err().print(totals.line(), markup=False, highlight=False)
    if totals.errors:
        raise typer.Exit(2)


def _note(note: str | None) -> None:
    if note:
        _err().print(f"note: {note}", markup=False, highlight=False, soft_wrap=True)


EXIT_PIPE_CLOSED = 141  # as a shell reports a process ended by SIGPIPE


def _print_rows(columns: Any, names: tuple[str, ...]) -> None:
    """Result rows as JSON lines on stdout; when its reader stops reading (``| head``), stop quietly."""
    try:
        sys.stdout.writelines(
            json.dumps(dict(zip(names, values, strict=True)), ensure_ascii=False, default=str) + "\n"
            for values in zip(*(columns[c] for c in names), strict=True)
        )
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # nothing more to flush at exit
        raise typer.Exit(EXIT_PIPE_CLOSED) from None


def _run_to_file(
    run: Callable[[Callable[[int], None], Callable[[], AbstractContextManager[Any]]], None],
    writer: Any,
    totals: Totals,
    done: str,
    rows: int | None,
) -> None:
    """Run a batch that writes to ``writer`` (or stdout): the file takes its name only when every
    row is written; stopped (Ctrl-C, SIGTERM), the rows so far are kept under a name that says so
    and the totals so far are printed (exit 130); a file that turns out unreadable or unwritable
    part-way leaves nothing behind (exit 2)."""
    from hukou.front.batch.report import batch_progress
    from hukou.front.batch.stopping import EXIT_INTERRUPTED, stopped_by_signals

    try:
        with stopped_by_signals() as stopping, batch_progress(_err(), rows) as advance:
            run(advance, stopping.held)
        if writer is not None:
            writer.commit()
    except KeyboardInterrupt:
        kept = writer.keep_partial() if writer is not None else None
        where = f"; the rows written so far are in {kept}" if kept is not None else ""
        _err().print(f"stopped: {totals.line(done)} so far{where}", markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except HukouError as error:
        if writer is not None:
            writer.discard()
        raise _fail(error) from None
    except BaseException:
        if writer is not None:
            writer.discard()
        raise


@app.command()
def convert(
    source: Annotated[Path, typer.Argument(help="Profiles: .jsonl or .json (nested), .csv or .parquet (flat).")],
    target: Annotated[Path, typer.Argument(help="The same profiles: .csv or .parquet (flat), .jsonl (nested).")],
) -> None:
    """Convert profiles between the nested form (.jsonl) and the flat table (.csv, .parquet).

    The target appears only when complete; a profile the target's form cannot hold is named on
    stderr (row and id) and left out. Exit status 2 when any was, 130 when stopped (Ctrl-C).

    Example: hukou convert examples/batch/profiles.csv profiles.jsonl
    """
    from hukou.front.batch.convert import convert_profiles
    from hukou.front.batch.files import open_profiles
    from hukou.front.batch.run import Totals
    from hukou.front.batch.writer import Writer
    from hukou.model.flat_profile import COLUMNS

    try:
        profiles = open_profiles(source)
        writer = Writer(target, COLUMNS, inputs=[source])
    except HukouError as error:
        raise _fail(error) from None
    _note(profiles.note)
    totals = Totals()

    def complain(line: str) -> None:
        _err().print(line, markup=False, highlight=False, soft_wrap=True)

    def run(advance: Callable[[int], None], held: Callable[[], AbstractContextManager[Any]]) -> None:
        convert_profiles(profiles, writer, complain, totals, advance, held)

    _run_to_file(run, writer, totals, "converted", profiles.rows)
    _err().print(totals.line("converted"), markup=False, highlight=False)
    if totals.errors:
        raise typer.Exit(2)


@rules_app.command("list")
def rules_list(format: FormatOption = Format.rich, lang: LangOption = Lang.zh) -> None:
    """Every encoded jurisdiction, its documents, their dates and status.

    Example: hukou rules list
    """
    try:
        rulebook = load_rulebook()
    except HukouError as error:
        raise _fail(error) from None
    if format is Format.json:
        rows = [
            {
                "jurisdiction": f.name,
                "code": f.place.code,
                "file": str(f.path.relative_to(rulebook.root)),
                "documents": [d.model_dump(mode="json") for d in f.rules.documents],
                "channels": [c.id for c in f.rules.channels],
            }
            for f in rulebook
        ]
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    from hukou.front.render import rules_table

    _out().print(rules_table(rulebook, lang.value))


@rules_app.command("show")
def rules_show_command(
    city: Annotated[str, typer.Argument(metavar="CITY", help="A city, county or district with encoded rules.")],
    lang: LangOption = Lang.zh,
) -> None:
    """A jurisdiction's channels: each condition and the sentence it rests on.

    Example: hukou rules show 凯里
    """
    from hukou.front.render import rules_show

    try:
        rulebook = load_rulebook()
        place = _places([city], rulebook)[0][1]
        governing = rulebook.governing(place)
        if not governing:
            encoded = ", ".join(f.name for f in rulebook)
            raise HukouError(f"no rules are encoded for {GAZETTEER.full_name(place)}; encoded: {encoded}")
    except HukouError as error:
        raise _fail(error) from None
    for loaded in governing:
        _out().print(*rules_show(loaded, lang.value))


DocumentsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--documents",
        metavar="FOLDER",
        help="A folder whose files rule files may cite, besides the project's seeds/ and sources/ (repeatable).",
    ),
]


@rules_app.command("check")
def rules_check(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="A rule file or a folder of them; default: the project's rules."),
    ] = None,
    documents: DocumentsOption = None,
) -> None:
    """Load rule files and check them without judging anyone: the schema, facts, operators, units,
    documents, windows, channel ids, and that every quote stands in its document. For rule authors
    and CI: exit status 0 when all is well, 2 with one line naming file, line and key otherwise.

    Example: hukou rules check rules/henan
    """
    from hukou.rulebook.loader import rulebook_at
    from hukou.rulebook.quotes import misquotes

    try:
        rulebook, _ = rulebook_at(path, tuple(documents or ()))
    except HukouError as error:
        raise _fail(error) from None
    bad = misquotes(rulebook)  # quotes are checked at load too; this guards that promise
    for quote in bad:
        _err().print(f"error: {quote.rule_file}: {quote.where}: quote not found in {quote.document_file}", markup=False)
    if bad:
        raise typer.Exit(2)
    channels = sum(len(f.rules.channels) for f in rulebook)
    _out().print(f"{len(rulebook.files)} rule files, {channels} channels: every quote stands in its document")


@rules_app.command("lint")
def rules_lint(
    path: Annotated[
        Path | None,
        typer.Argument(metavar="PATH", help="A rule file or a folder of them; default: the project's rules."),
    ] = None,
    format: FormatOption = Format.rich,
    lang: LangOption = Lang.zh,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail (exit status 2) on unexplained warnings too, not only on errors.")
    ] = False,
    documents: DocumentsOption = None,
) -> None:
    """Read the rules as a policy analyst: quotes, contradictions, conditions that cannot fail,
    channels within others, overlaps, and the national limits for the city's size.

    Exit status 0 when clean or only warnings remain, 2 on errors (a misquote, a channel no one
    can meet) or bad rule files; with --strict, 2 on unexplained warnings as well.

    Example: hukou rules lint rules/henan
    """
    from hukou.front.lint.render import lint_report
    from hukou.front.lint.run import lint
    from hukou.rulebook.loader import rulebook_at

    try:
        rulebook, paths = rulebook_at(path, tuple(documents or ()))
        report = lint(rulebook, paths)
    except HukouError as error:
        raise _fail(error) from None
    if format is Format.json:
        print(report.model_dump_json(indent=2))
    else:
        _out().print(lint_report(report, rulebook.root, lang.value))
    if report.errors or (strict and report.unexplained_warnings):
        raise typer.Exit(2)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on. The default, 127.0.0.1, is this machine only.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Processes answering requests (one per core).", min=1, max=64)] = 1,
) -> None:
    """Serve the JSON API (/v1, described at /v1/openapi.json) and the caseworker's page (/).

    Stores nothing and logs no request body. Needs the serve extra: pip install 'hukou-rules\\[serve]'.

    Example: hukou serve --port 8000   (then open http://127.0.0.1:8000/)
    """
    try:
        import uvicorn

        from hukou.front.serve.app import create_app
    except ImportError as exc:
        raise _fail(
            HukouError(f"hukou serve needs FastAPI and uvicorn ({exc}): pip install 'hukou-rules[serve]'")
        ) from None
    try:
        served = create_app() if workers == 1 else "hukou.front.serve.app:create_app"  # each worker loads its own
    except HukouError as error:
        raise _fail(error) from None
    if host not in ("127.0.0.1", "localhost", "::1"):
        _err().print(
            f"warning: listening on {host}: anyone who can reach this machine can send profiles to it, "
            "unencrypted; put it behind an HTTPS proxy for use over a network",
            markup=False,
            highlight=False,
        )
    _err().print(f"hukou: the page is at http://{host}:{port}/ (Ctrl-C stops)", markup=False, highlight=False)
    uvicorn.run(
        served, host=host, port=port, workers=workers, factory=workers > 1, server_header=False, log_level="info"
    )


@app.command()
def schema(
    kind: Annotated[SchemaKind, typer.Argument(metavar="KIND", help="profile or rules.")] = SchemaKind.profile,
) -> None:
    """Print the JSON Schema of the profile (default) or of a rule file.

    Example: hukou schema > profile.schema.json
    """
    from hukou.rulebook.schema import rule_file_json_schema

    schema = Profile.model_json_schema() if kind is SchemaKind.profile else rule_file_json_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
