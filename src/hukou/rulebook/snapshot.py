"""The loaded rulebook, kept between runs so that a command does not load it again.

Loading reads every rule file, validates it and checks each quote against its document: it
takes longer than judging. What it yields depends only on the rule files, the documents they
cite and our code, so a snapshot is kept (see :mod:`hukou.disk_cache`) under a key hashing
the rule files' contents, and trusted only while every document still hashes as it did. Bad
rule files are never kept: they fail to load, as before, with the same message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from hukou import disk_cache

if TYPE_CHECKING:
    from hukou.rulebook.loader import Rulebook


@dataclass(frozen=True)
class Snapshot:
    """A loaded rulebook and the digests of the documents its quotes were checked against."""

    rulebook: Rulebook
    documents: dict[Path, str]

    def documents_unchanged(self) -> bool:
        try:
            return all(disk_cache.file_digest(path) == digest for path, digest in self.documents.items())
        except OSError:  # a document gone: loading afresh says which
            return False


def kept_rulebook(root: Path, paths: list[Path], load: Callable[[], Rulebook]) -> Rulebook:
    """The rulebook of these rule files: the snapshot when it is current, else ``load()``,
    whose result is then kept.

    Example:
        >>> from hukou.rulebook.loader import load_rulebook, project_root
        >>> len(load_rulebook(project_root()).files) >= 5
        True
    """
    try:
        key = disk_cache.key_of("rulebook", str(root), *_digests(root, paths))
    except OSError:  # a rule file that cannot be read: loading it says so properly
        return load()
    name = "rulebook-" + hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    found = disk_cache.load(name, key)
    if isinstance(found, Snapshot) and found.documents_unchanged():
        return found.rulebook
    rulebook = load()
    cited = sorted({root / document.file for loaded in rulebook for document in loaded.rules.documents})
    try:
        documents = {path: disk_cache.file_digest(path) for path in cited}
    except OSError:
        return rulebook
    disk_cache.store(name, key, Snapshot(rulebook, documents))
    return rulebook


def _digests(root: Path, paths: list[Path]) -> list[str]:
    """Each rule file's path under the root and the hash of its contents."""
    return [f"{path.relative_to(root)} {disk_cache.file_digest(path)}" for path in paths]
