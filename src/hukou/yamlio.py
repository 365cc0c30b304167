"""Reading YAML (and JSON, a subset of it) with line numbers and without duplicate keys.

Only PyYAML's safe constructor is used. Besides the data, a load returns a :class:`LineIndex`
mapping each key path to the line it stands on, so that a schema error found later can say
where in the file it is (as openfisca's parameter loader does from ``start_mark``).

Everything a file may do to the reader is bounded before it is built into Python values: the
bytes read (regular files only, so a device or a FIFO is refused rather than read for ever),
the nesting depth, the values once aliases are expanded, the length of any one value and of
any number. A value the safe constructor cannot build (``!!int "x"``, ``2023-02-30`` unquoted,
a list as a key) is an error naming its line and field, like any other.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.resolver import Resolver
from yaml.scanner import Scanner

from hukou.errors import InputFileError, NotADay
from hukou.model.dates import parse_day

PathKey = tuple[str | int, ...]

MAX_BYTES = 2 * 1024 * 1024  # a profile is a few KB, the largest rule file ~50 KB
MAX_NODES = 100_000  # values in a document once aliases are expanded (an alias bomb has billions)
MAX_DEPTH = 64  # mappings and lists within each other (a profile needs 3, a rule file about 12)
MAX_DIGITS = 40  # characters of a number written in the file
RULE_FILE_CHARS = 2_000  # characters of one value in a rule file (the longest quote is ~300)
PROFILE_CHARS = 200  # characters of one value in a profile (names of people and places)


class _PythonParsing(Reader, Scanner, Parser):
    """PyYAML's own scanner and parser, where it was built without libyaml."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


try:  # libyaml's scanner and parser where PyYAML was built with it (ten times faster)
    from yaml._yaml import CParser as _Parsing
except ImportError:  # pragma: no cover - a PyYAML built without libyaml
    _Parsing = _PythonParsing  # type: ignore[misc,assignment]

_TAG_MEANING = {
    "tag:yaml.org,2002:int": "a whole number",
    "tag:yaml.org,2002:float": "a number",
    "tag:yaml.org,2002:timestamp": "a date",
    "tag:yaml.org,2002:bool": "true or false",
    "tag:yaml.org,2002:binary": "base64 data",
    "tag:yaml.org,2002:null": "nothing (null)",
}
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})


class _NotReadable(yaml.MarkedYAMLError):
    """A problem found while walking the composed document, with the field it is in."""

    def __init__(self, problem: str, mark: Any, field: PathKey | None = None) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.field = field


class _StrictSafeLoader(Composer, _Parsing, SafeConstructor, Resolver):
    """A safe loader that composes in Python (so that depth is counted and nesting cannot
    exhaust the C stack), refuses a key given twice in one mapping, and turns a value the
    constructor cannot build into an error at its node."""

    def __init__(self, text: str) -> None:
        _Parsing.__init__(self, text)
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)
        self.depth = 0
        self.paths: dict[int, PathKey] = {}  # node → the first key path it stands at

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                event = self.peek_event()
                raise _NotReadable(f"nested more than {MAX_DEPTH} levels deep", getattr(event, "start_mark", None))
            node = super().compose_node(parent, index)
            assert node is not None  # an event was waiting: compose_node is only called then
            return node
        finally:
            self.depth -= 1

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep=deep)
        except yaml.YAMLError:
            raise
        except Exception as exc:  # a constructor's own failure (ValueError, AttributeError…): a bad value
            if node.tag.endswith(":timestamp") and isinstance(node.value, str):
                try:  # a day the calendar lacks, unquoted: said as the date reader says it
                    parse_day(node.value)
                except NotADay as bad:
                    raise _NotReadable(str(bad), node.start_mark, self.paths.get(id(node))) from None
            meaning = _TAG_MEANING.get(node.tag, f"what {node.tag} asks for")
            shown = node.value if isinstance(node.value, str) else type(node.value).__name__
            # A date's reason (month must be in 1..12) helps; int()'s and float()'s repeat the value.
            why = (
                f" ({' '.join(str(exc).split())})"
                if node.tag.endswith(":timestamp") and type(exc) is ValueError
                else ""
            )
            raise _NotReadable(f"{shown!r} is not {meaning}{why}", node.start_mark, self.paths.get(id(node))) from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Hashable, Any]:
        seen: dict[Hashable, int] = {}
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"duplicate key {key!r} (first given on line {seen[key]})",
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1
        mapping: dict[Hashable, Any] = super().construct_mapping(node, deep=deep)
        return mapping


@dataclass(frozen=True)
class LineIndex:
    """Where each key path of a loaded document stands in its file."""

    file: str
    lines: dict[PathKey, int]

    def line_of(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of its nearest ancestor found in the file."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return self.lines.get((), None)


def dotted(path: Sequence[str | int]) -> str:
    """A key path as users write it: ``family[1].age``.

    Example:
        >>> dotted(("family", 1, "age"))
        'family[1].age'
    """
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _index_lines(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = (*path, str(key_node.value))
            lines[key] = key_node.start_mark.line + 1
            _index_lines(value_node, key, lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index_lines(item, (*path, i), lines)


@dataclass
class _Walk:
    """One pass over the composed nodes before anything is built: how many values the document
    holds with every alias expanded (aliases share nodes), and every bound a value must keep."""

    max_chars: int
    paths: dict[int, PathKey]
    sizes: dict[int, int]
    open: set[int]

    def size(self, node: yaml.Node, path: PathKey) -> int:
        if id(node) in self.open:
            raise _NotReadable("an alias here refers to a value that holds it", node.start_mark, path)
        if id(node) in self.sizes:
            return self.sizes[id(node)]
        self.paths.setdefault(id(node), path)
        self.open.add(id(node))
        if isinstance(node, yaml.MappingNode):
            size = 1
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode):
                    raise _NotReadable("a key must be a name, not a list or a mapping", key_node.start_mark, path)
                key = (*path, str(key_node.value))
                size += self.size(key_node, key) + self.size(value_node, key)
        elif isinstance(node, yaml.SequenceNode):
            size = 1 + sum(self.size(item, (*path, i)) for i, item in enumerate(node.value))
        else:
            self._check_scalar(node, path)
            size = 1
        self.open.discard(id(node))
        self.sizes[id(node)] = min(size, MAX_NODES + 1)
        return self.sizes[id(node)]

    def _check_scalar(self, node: yaml.Node, path: PathKey) -> None:
        length = len(node.value)
        if length > self.max_chars:
            raise _NotReadable(
                f"a value of {length:,} characters; one value here may have at most {self.max_chars:,}",
                node.start_mark,
                path,
            )
        if node.tag in _NUMBER_TAGS and length > MAX_DIGITS:
            raise _NotReadable(f"a number {length:,} characters long; at most {MAX_DIGITS}", node.start_mark, path)


def parse_yaml(text: str, file: str, *, max_chars: int = RULE_FILE_CHARS) -> tuple[Any, LineIndex]:
    """Parse YAML text; return the data and where each key path stands.

    Raises:
        InputFileError: the text is not well-formed YAML, repeats a key, or breaks a bound
            (depth, size, a value longer than ``max_chars``); the message names line and field.

    Example:
        >>> data, where = parse_yaml("a:\\n  b: 1\\n", "x.yaml")
        >>> data, where.line_of(("a", "b"))
        ({'a': {'b': 1}}, 2)
    """
    try:
        # The reader checks the characters as it is made: a control character fails here.
        loader = _StrictSafeLoader(text)
    except yaml.YAMLError as exc:
        raise InputFileError(f"not YAML text: {' '.join(str(exc).split())}", file=file) from None
    try:
        node = loader.get_single_node()
        if node is None:
            return None, LineIndex(file, {})
        walk = _Walk(max_chars, loader.paths, {}, set())
        if walk.size(node, ()) > MAX_NODES:
            raise InputFileError(
                f"more than {MAX_NODES:,} values once its aliases are expanded (an alias bomb?)", file=file
            )
        data = loader.construct_document(node)
    except _NotReadable as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else None
        field = dotted(exc.field) if exc.field else None
        raise InputFileError(str(exc.problem), file=file, line=line, field=field) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not well-formed YAML"
        raise InputFileError(f"not well-formed YAML: {_shortened(problem)}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"not well-formed YAML: {_shortened(' '.join(str(exc).split()))}", file=file) from None
    except RecursionError:  # pragma: no cover - MAX_DEPTH keeps far below the interpreter's limit
        raise InputFileError("nested too deeply to read", file=file) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    _index_lines(node, (), lines)
    return data, LineIndex(file, lines)


def _shortened(text: str, most: int = 160) -> str:
    """A message quoting the input kept to one readable line."""
    text = " ".join(text.split())
    return text if len(text) <= most else text[: most - 1] + "…"


def read_bytes(path: Path, most: int = MAX_BYTES) -> bytes:
    """The bytes of a regular file, refused when larger than ``most``.

    Opened without blocking and checked to be a regular file before anything is read: a FIFO
    would wait for a writer for ever, a device (``/dev/zero``) would never end.

    Raises:
        InputFileError: no such file, a folder or special file, unreadable, or too large.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise InputFileError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a file", file=path) from None
    except OSError as exc:
        raise InputFileError(exc.strerror or "cannot be read", file=path) from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise InputFileError("is a folder, not a file", file=path)
        if not stat.S_ISREG(mode):
            raise InputFileError("is not a regular file (a device, FIFO or socket); give a file", file=path)
        size = os.fstat(fd).st_size
        if size > most:
            raise _too_large(path, size, most)
        chunks: list[bytes] = []
        got = 0
        while chunk := os.read(fd, min(1 << 20, most + 1 - got)):
            chunks.append(chunk)
            got += len(chunk)
            if got > most:  # the file grew while it was read
                raise _too_large(path, got, most)
        return b"".join(chunks)
    except OSError as exc:
        raise InputFileError(exc.strerror or "cannot be read", file=path) from None
    finally:
        os.close(fd)


def _too_large(path: Path, size: int, most: int) -> InputFileError:
    return InputFileError(
        f"{size / 1024 / 1024:.1f} MB is too large; profiles and rule files are read up to {most // 1024 // 1024} MB",
        file=path,
    )


def decoded(content: bytes, path: Path) -> str:
    """The text of a file read as UTF-8.

    Raises:
        InputFileError: not UTF-8.
    """
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not UTF-8 text (byte {exc.start})", file=path) from None


def read_yaml(path: Path, *, max_chars: int = RULE_FILE_CHARS) -> tuple[Any, LineIndex]:
    """Read and parse a YAML or JSON file.

    Raises:
        InputFileError: the file cannot be read, is not UTF-8, is not a regular file, is too
            large, or is not well-formed.
    """
    return parse_yaml(decoded(read_bytes(path), path), str(path), max_chars=max_chars)
