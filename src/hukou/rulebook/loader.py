"""Finding, reading and checking the rule files; the loaded :class:`Rulebook`."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

from hukou.bilingual import Text
from hukou.disk_cache import digest
from hukou.errors import InputFileError, RuleFileError, UnknownCode, UnknownPlace
from hukou.model.places import GAZETTEER, Place
from hukou.model.regions import Area
from hukou.rulebook.schema import CONDITION_TAGS, Document, RuleFile
from hukou.rulebook.snapshot import kept_rulebook
from hukou.validation import validate
from hukou.yamlio import MAX_BYTES, LineIndex, decoded, dotted, parse_yaml, read_bytes

_PACKAGE = Path(__file__).resolve().parent.parent


def project_root() -> Path:
    """Where ``rules/``, ``seeds/`` and ``sources/`` are.

    ``HUKOU_HOME`` wins; then the copy packed into an installed wheel; then the checkout the
    package was installed from in editable mode.
    """
    if env := os.environ.get("HUKOU_HOME"):
        return Path(env)
    packed = _PACKAGE / "_data"
    if (packed / "rules").is_dir():
        return packed
    return _PACKAGE.parent.parent


@dataclass(frozen=True)
class LoadedRules:
    """One rule file, where it came from, and the place it governs."""

    rules: RuleFile
    path: Path
    place: Place
    areas: tuple[Area, ...] = ()

    @property
    def name(self) -> str:
        return self.rules.jurisdiction.names.zh

    def document(self, doc_id: str) -> Document:
        return next(d for d in self.rules.documents if d.id == doc_id)


class Rulebook:
    """Every loaded rule file, and which of them govern a place."""

    def __init__(self, files: list[LoadedRules], root: Path) -> None:
        self.files = sorted(files, key=lambda f: f.place.code)
        self.root = root

    def __iter__(self) -> Iterator[LoadedRules]:
        return iter(self.files)

    def governing(self, place: Place) -> list[LoadedRules]:
        """The rule files whose jurisdiction is the place or encloses it, innermost first."""
        chain = GAZETTEER.chain(place)
        return sorted(
            (f for f in self.files if f.place in chain),
            key=lambda f: chain.index(f.place),
        )


def load_rule_file(
    path: Path, root: Path, reads: Reads | None = None, *, documents: tuple[Path, ...] = ()
) -> LoadedRules:
    """Read and check one rule file.

    Its documents must lie in the root's ``seeds/`` or ``sources/`` (or in one of the
    ``documents`` folders the user named), links resolved: a rule file is not a way to ask
    whether a sentence stands in any file the user can read.

    Raises:
        InputFileError: the file is missing or not well-formed YAML (duplicate keys included).
        RuleFileError: the file breaks the schema or names an unknown fact, operator,
            document or place, or a document outside those folders; the message names line
            and key path.
    """
    # Needed only when a file is read, not when the rulebook comes from its snapshot.
    from hukou.rulebook.checks import problems
    from hukou.rulebook.quotes import quotes_of, stands_in

    reads = reads if reads is not None else Reads()
    data, where = parse_yaml(decoded(reads.bytes_of(path), path), str(path))
    if isinstance(data, dict):
        # Top-level keys starting "x-" hold YAML anchors for reuse (as in compose files).
        data = {k: v for k, v in data.items() if not str(k).startswith("x-")}
    rules = validate(RuleFile, data, where, RuleFileError, hidden=CONDITION_TAGS)
    for problem in problems(rules):
        _fail(problem.message, where, problem.path)
    allowed = (*(root / folder for folder in DOCUMENT_FOLDERS), *documents)
    texts: dict[Path, str] = {}
    for i, document in enumerate(rules.documents):
        at = ("documents", i, "file")
        cited = root / document.file
        if not _inside(cited, allowed):
            folders = " or ".join(f"{folder}/" for folder in DOCUMENT_FOLDERS)
            _fail(f"{document.file!r} is not in the project's {folders} nor a folder named with --documents", where, at)
        if not cited.is_file():
            _fail(f"no file {document.file!r} under {root}", where, at)
        try:
            texts[cited] = reads.bytes_of(cited, MAX_DOCUMENT_BYTES).decode("utf-8")
        except UnicodeDecodeError as exc:
            _fail(f"{document.file!r} is not UTF-8 text (byte {exc.start})", where, at)
        except InputFileError as exc:
            _fail(f"{document.file!r}: {exc.message}", where, at)
    for quote in quotes_of(rules, path, root):
        if not stands_in(quote, texts[quote.document_file]):
            shown = quote.text if len(quote.text) <= 30 else quote.text[:29] + "…"
            _fail(f"the quote {shown!r} does not stand in {quote.document_file.name}", where, quote.key)
    code = rules.jurisdiction.code
    try:
        place = GAZETTEER.get(code)
    except UnknownCode:
        _fail(f"{code} is not an administrative division code", where, ("jurisdiction", "code"))
    return LoadedRules(rules, path, place, _areas(rules, place, where))


DOCUMENT_FOLDERS = ("seeds", "sources")
MAX_DOCUMENT_BYTES = 16 * 1024 * 1024


class Reads:
    """The bytes of every file a load reads, each read once, and their hashes: what is built
    from them is kept (:mod:`hukou.rulebook.snapshot`) under the hashes of exactly those bytes."""

    def __init__(self) -> None:
        self.content: dict[Path, bytes] = {}
        self.digests: dict[Path, str] = {}

    def bytes_of(self, path: Path, most: int = MAX_BYTES) -> bytes:
        """The file's bytes, read the first time they are asked for.

        Raises:
            InputFileError: as :func:`hukou.yamlio.read_bytes`.
        """
        if path not in self.content:
            self.content[path] = read_bytes(path, most)
            self.digests[path] = digest(self.content[path])
        return self.content[path]


def _inside(path: Path, folders: tuple[Path, ...]) -> bool:
    """Whether ``path``, links and ``..`` resolved, lies inside one of the folders."""
    try:
        real = path.resolve()
        return any(real.is_relative_to(folder.resolve()) for folder in folders)
    except (OSError, RuntimeError, ValueError):  # a link loop, a NUL in the name
        return False


def _areas(rules: RuleFile, jurisdiction: Place, where: LineIndex) -> tuple[Area, ...]:
    """The jurisdiction's named areas, each division resolved and checked to lie inside it."""
    areas = []
    for area_id, spec in rules.jurisdiction.areas.items():
        resolved: dict[str, list[Place]] = {"members": [], "partial": []}
        for key in ("members", "partial"):
            for i, name in enumerate(getattr(spec, key)):
                path = ("jurisdiction", "areas", area_id, key, i)
                try:
                    division = GAZETTEER.resolve(name)
                except UnknownPlace as exc:
                    _fail(str(exc), where, path)
                if not GAZETTEER.within(division, jurisdiction):
                    _fail(f"{GAZETTEER.full_name(division)} is not in {jurisdiction.name}", where, path)
                resolved[key].append(division)
        label = Text(zh=spec.zh, en=spec.en)
        areas.append(Area(area_id, label, tuple(resolved["members"]), tuple(resolved["partial"])))
    return tuple(areas)


def _fail(message: str, where: LineIndex, path: tuple[str | int, ...]) -> NoReturn:
    raise RuleFileError(message, file=where.file, line=where.line_of(path), field=dotted(path))


def load_rulebook(root: Path | None = None, *, use_snapshot: bool = True) -> Rulebook:
    """Load every ``rules/**/*.yaml`` under the project root (or, with ``use_snapshot``, take
    the snapshot of an earlier load while no rule file and no document it cites has changed).

    Example:
        >>> sorted(f.name for f in load_rulebook())[:2]
        ['凯里市', '北京市']
    """
    root = root or project_root()
    rules_dir = root / "rules"
    if not rules_dir.is_dir():
        raise RuleFileError("no rules folder", file=rules_dir)
    paths = sorted(rules_dir.rglob("*.yaml"))
    if not use_snapshot:
        return _rulebook_of(paths, root, Reads())
    return kept_rulebook(root, paths, Reads(), lambda reads: _rulebook_of(paths, root, reads))


def _rulebook_of(paths: list[Path], root: Path, reads: Reads) -> Rulebook:
    files = [load_rule_file(p, root, reads) for p in paths]
    seen: dict[str, Path] = {}
    for loaded in files:
        code = loaded.place.code
        if code in seen:
            raise RuleFileError(f"jurisdiction {code} is already encoded in {seen[code]}", file=loaded.path)
        seen[code] = loaded.path
    return Rulebook(files, root)


def rulebook_at(path: Path | None, documents: tuple[Path, ...] = ()) -> tuple[Rulebook, list[Path] | None]:
    """The rulebook to lint and which of its files: the project's, or the rule files at ``path``
    (one file, or every .yaml under a folder), read beside the project's seeds and sources (and
    the ``documents`` folders the user named).

    Raises:
        InputFileError, RuleFileError: as loading does.
    """
    if path is None and not documents:  # read afresh: the commands asking are those that check the rules
        return load_rulebook(use_snapshot=False), None
    root = _root_of(path) if path is not None else project_root()
    if path is None:
        paths = sorted((root / "rules").rglob("*.yaml"))
    elif not path.exists():
        raise InputFileError("no such file or folder", file=path)
    else:
        # Not a folder: read as a file, which refuses a device or a FIFO.
        paths = sorted(path.rglob("*.yaml")) if path.is_dir() else [path]
    for folder in documents:
        if not folder.is_dir():
            raise InputFileError("--documents names no folder", file=folder)
    reads = Reads()
    files = [load_rule_file(p, root, reads, documents=documents) for p in paths]
    return Rulebook(files, root), (paths if path is not None else None)


def _root_of(path: Path) -> Path:
    """The nearest folder above ``path`` holding seeds/ or sources/, else the project's."""
    for folder in path.resolve().parents:
        if (folder / "seeds").is_dir() or (folder / "sources").is_dir():
            return folder
    return project_root()
