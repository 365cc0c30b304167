"""Reading YAML (and JSON, a subset of it) with line numbers and without duplicate keys.

Only PyYAML's safe loader is used. Besides the data, a load returns a :class:`LineIndex`
mapping each key path to the line it stands on, so that a schema error found later can say
where in the file it is (as openfisca's parameter loader does from ``start_mark``).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from hukou.errors import InputFileError

PathKey = tuple[str | int, ...]


# libyaml's parser where PyYAML was built with it (ten times faster on the rule files); the
# constructor is the safe one either way.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictSafeLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """A safe loader that refuses a key given twice in one mapping."""

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


MAX_BYTES = 2 * 1024 * 1024  # a profile is a few KB, the largest rule file ~50 KB
MAX_NODES = 100_000  # values in a document once aliases are expanded (an alias bomb has billions)


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values the document holds with every alias expanded (aliases share nodes)."""
    if id(node) in memo:
        return memo[id(node)]
    memo[id(node)] = 1  # a node reached again while being counted is a recursive alias
    if isinstance(node, yaml.MappingNode):
        size = 1 + sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    elif isinstance(node, yaml.SequenceNode):
        size = 1 + sum(_expanded_size(item, memo) for item in node.value)
    else:
        size = 1
    memo[id(node)] = min(size, MAX_NODES + 1)
    return memo[id(node)]


def parse_yaml(text: str, file: str) -> tuple[Any, LineIndex]:
    """Parse YAML text; return the data and where each key path stands.

    Raises:
        InputFileError: the text is not well-formed YAML or repeats a key.

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
        if _expanded_size(node, {}) > MAX_NODES:
            raise InputFileError(
                f"more than {MAX_NODES:,} values once its aliases are expanded (an alias bomb?)", file=file
            )
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "not well-formed YAML"
        raise InputFileError(f"not well-formed YAML: {problem}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise InputFileError(f"not well-formed YAML: {' '.join(str(exc).split())}", file=file) from None
    except RecursionError:
        raise InputFileError("nested too deeply to read", file=file) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    _index_lines(node, (), lines)
    return data, LineIndex(file, lines)


def read_yaml(path: Path) -> tuple[Any, LineIndex]:
    """Read and parse a YAML or JSON file.

    Raises:
        InputFileError: the file cannot be read, is not UTF-8, or is not well-formed.
    """
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise InputFileError(
                f"{size / 1024 / 1024:.1f} MB is too large; profiles and rule files are read up to "
                f"{MAX_BYTES // 1024 // 1024} MB",
                file=path,
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputFileError("no such file", file=path) from None
    except IsADirectoryError:
        raise InputFileError("is a folder, not a file", file=path) from None
    except UnicodeDecodeError as exc:
        raise InputFileError(f"not UTF-8 text (byte {exc.start})", file=path) from None
    except OSError as exc:
        raise InputFileError(exc.strerror or "cannot be read", file=path) from None
    return parse_yaml(text, str(path))
