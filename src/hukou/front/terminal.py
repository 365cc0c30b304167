"""Where the command's words go, and the conventions every command shares.

Output for people goes to stdout through rich; messages go to stderr, one line each, never
hard-wrapped (a file or a pipe keeps a message whole, so ``grep`` and editors find it). A usage
mistake — a missing argument, an unknown option — is such a line too, not click's box.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console


def out() -> Console:
    """Rich output on stdout, made when a command prints through rich (not for JSON)."""
    from rich.console import Console

    return Console()


def err() -> Console:
    """Messages on stderr: errors, counts and progress; a long line is left whole, not wrapped."""
    from rich.console import Console

    return Console(stderr=True, soft_wrap=True)


def say(line: str) -> None:
    """One message line on stderr, as written (no markup, no highlighting, no wrapping)."""
    err().print(line, markup=False, highlight=False, soft_wrap=True)


def hukou_version() -> str:
    """The installed distribution's version (the source tree's when run from a checkout)."""
    from importlib.metadata import PackageNotFoundError, version  # only for --version: slow to import

    try:
        return version("hukou-rules")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


def show_version(value: bool) -> None:
    """The eager ``--version`` option: print and leave."""
    if value:
        print(f"hukou {hukou_version()}")
        raise typer.Exit()


class OneLineErrors(TyperGroup):
    """The command group, with usage errors reported as one line on stderr and exit status 2.

    Example:
        (shell) $ hukou check
        error: Missing argument 'PROFILE'. (see: hukou check --help)
    """

    def main(  # type: ignore[override]
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        _words_not_types(self)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except typer.TyperException as exc:  # click's exceptions, as typer carries them
            format_message = getattr(exc, "format_message", None)
            message = " ".join((format_message() if format_message else str(exc)).split()).replace("Value error, ", "")
            context = getattr(exc, "ctx", None)
            hint = f" (see: {context.command_path} --help)" if context is not None else ""
            say(f"error: {message}{hint}")
            if not standalone_mode:
                raise
            sys.exit(getattr(exc, "exit_code", 2))
        except typer.Abort:
            say("error: interrupted")
            if not standalone_mode:
                raise
            sys.exit(130)
        if not standalone_mode:
            return result
        sys.exit(result if isinstance(result, int) else 0)


def _words_not_types(command: Any) -> None:
    """Every argument is named by a word in capitals (PROFILE, CITY, SOURCE), shown alone in help, not
    beside its Python type (``PROFILE <list[Path]>``): the word and the help text say what to give."""
    for param in getattr(command, "params", []):
        if param.param_type_name == "argument":
            param.metavar = param.metavar or param.name.upper()
            param.display_type_rich = lambda ctx: None
        elif param.param_type_name == "option" and not param.is_flag and param.metavar is None:
            descriptor = getattr(param, "type_descriptor", None)
            if descriptor is not None and getattr(descriptor, "is_path", False):
                param.metavar = "FILE"  # not <path>
    for sub in getattr(command, "commands", {}).values():
        _words_not_types(sub)
