"""The loaded rulebook, kept between runs so that a command does not load it again.

Loading reads every rule file, validates it and checks each quote against its document: it
takes longer than judging. What it yields depends only on the rule files, the documents they
cite and our code, so a snapshot is kept (see :mod:`hukou.disk_cache`):

- under a key hashing the bytes of the rule files that were parsed to make it (each file is
  read once; what is built comes from those bytes), so that an edit made while a command
  loads can never be stored under the edited file's key;
- with the hashes of the documents' bytes the quotes were checked against, compared with the
  documents as they are now before the snapshot is used;
- as JSON: each rule file's data is validated by the rule-file schema again when read, each
  place looked up again by its code. An entry that fails any of this is ignored and rebuilt.

Bad rule files are never kept: they fail to load, as before, with the same message.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hukou import disk_cache
from hukou.errors import CacheEntryError, HukouError

if TYPE_CHECKING:
    from hukou.rulebook.loader import Reads, Rulebook


def kept_rulebook(root: Path, paths: list[Path], reads: Reads, load: Callable[[Reads], Rulebook]) -> Rulebook:
    """The rulebook of these rule files: the snapshot when it is current, else ``load(reads)``,
    whose result is then kept.

    Example:
        >>> from hukou.rulebook.loader import load_rulebook, project_root
        >>> len(load_rulebook(project_root()).files) >= 5
        True
    """
    try:
        key = disk_cache.key_of("rulebook", str(root), *(f"{p.relative_to(root)} {_digest(reads, p)}" for p in paths))
    except (HukouError, ValueError):  # a rule file that cannot be read: loading it says so properly
        return load(reads)
    name = "rulebook-" + hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()
    found = disk_cache.load(name, key, lambda data: _from_json(data, root, paths))
    if found is not None:
        return found
    rulebook = load(reads)  # parses the bytes hashed above: reads keeps them
    documents = {path: hashed for path, hashed in reads.digests.items() if path not in set(paths)}
    try:
        entry = _to_json(rulebook, root, documents)
    except ValueError:  # a document outside the root (a folder named on the command line)
        return rulebook
    disk_cache.store(name, key, entry)
    return rulebook


def _digest(reads: Reads, path: Path) -> str:
    reads.bytes_of(path)
    return reads.digests[path]


def _to_json(rulebook: Rulebook, root: Path, documents: dict[Path, str]) -> dict[str, Any]:
    return {
        "documents": {str(path.relative_to(root)): hashed for path, hashed in sorted(documents.items())},
        "files": [
            {
                "path": str(loaded.path.relative_to(root)),
                # As JSON text, read back in pydantic's JSON mode: what the rule file's YAML read
                # as a date or a number comes back the same (in Python mode a date is a string).
                "rules": loaded.rules.model_dump_json(by_alias=True),
                "place": loaded.place.code,
                "areas": [
                    {
                        "id": area.id,
                        "label": {"zh": area.label.zh, "en": area.label.en},
                        "members": [p.code for p in area.members],
                        "partial": [p.code for p in area.partial],
                    }
                    for area in loaded.areas
                ],
            }
            for loaded in rulebook
        ],
    }


def _from_json(data: Any, root: Path, paths: list[Path]) -> Rulebook | None:
    """The rulebook a snapshot holds, validated again; None when a document it was checked
    against has changed since.

    Raises:
        Exception: the entry is not what :func:`_to_json` makes (the caller rebuilds it).
    """
    from hukou.bilingual import Text
    from hukou.model.places import GAZETTEER
    from hukou.model.regions import Area
    from hukou.rulebook.loader import MAX_DOCUMENT_BYTES, LoadedRules, Rulebook
    from hukou.rulebook.schema import RuleFile
    from hukou.yamlio import read_bytes

    for name, hashed in data["documents"].items():
        path = root / name
        if not path.resolve().is_relative_to(root.resolve()):
            raise CacheEntryError(f"{name} is not in the project")
        if disk_cache.digest(read_bytes(path, MAX_DOCUMENT_BYTES)) != hashed:
            return None
    files = []
    for entry in data["files"]:
        path = root / entry["path"]
        if path not in paths:
            raise CacheEntryError(f"{path} is not among the rule files")
        areas = tuple(
            Area(
                str(area["id"]),
                Text(zh=str(area["label"]["zh"]), en=str(area["label"]["en"])),
                tuple(GAZETTEER.get(code) for code in area["members"]),
                tuple(GAZETTEER.get(code) for code in area["partial"]),
            )
            for area in entry["areas"]
        )
        rules = RuleFile.model_validate_json(entry["rules"])
        files.append(LoadedRules(rules, path, GAZETTEER.get(entry["place"]), areas))
    if sorted(f.path for f in files) != sorted(paths):
        raise CacheEntryError("not every rule file is in the snapshot")
    return Rulebook(files, root)
