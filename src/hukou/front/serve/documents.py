"""A cited document's text with the sentences the rules quote marked in it.

A quote is checked against its document after both are normalised (pinyin notes dropped,
full-width folded, traditional made simplified, white space gone: :mod:`hukou.text`). To mark
it in the text as written, each character is normalised on its own and its offset kept, so a
match in the normalised text maps back to a span of the original.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from hukou.rulebook import Rulebook
from hukou.rulebook.quotes import quotes
from hukou.rulebook.schema import Document
from hukou.text import LOST_CHAR, PINYIN_NOTE, to_simplified

_SPACE = re.compile(r"\s")


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    quote: str
    cited_by: tuple[str, ...]


@dataclass(frozen=True)
class CitedDocument:
    document: Document
    jurisdictions: tuple[str, ...]
    text: str
    marks: tuple[Mark, ...]


def cited_documents(rulebook: Rulebook) -> dict[str, CitedDocument]:
    """Every document the rulebook cites, by id, with its quotes marked (read once, then kept)."""
    found: dict[str, tuple[Document, list[str]]] = {}
    for loaded in rulebook:
        for document in loaded.rules.documents:
            kept = found.setdefault(document.id, (document, []))
            kept[1].append(loaded.name)
    cited: dict[str, list[tuple[str, str]]] = {}
    for quote in quotes(rulebook):
        jurisdiction = next(f.name for f in rulebook if f.path == quote.rule_file)
        cited.setdefault(str(quote.document_file.resolve()), []).append((quote.text, f"{jurisdiction}/{quote.where}"))
    out = {}
    for doc_id, (document, jurisdictions) in found.items():
        path = (rulebook.root / document.file).resolve()
        text = path.read_text(encoding="utf-8")
        out[doc_id] = CitedDocument(document, tuple(jurisdictions), text, marks(text, cited.get(str(path), [])))
    return out


def marks(text: str, quoted: list[tuple[str, str]]) -> tuple[Mark, ...]:
    """The span of each quoted sentence in ``text`` (one mark per sentence, naming who quotes it).

    Example:
        >>> marks("一、全面放開(kāi)对\\n高校毕业生的落户限制。", [("全面放开对高校毕业生", "x/k1")])
        (Mark(start=2, end=18, quote='全面放开对高校毕业生', cited_by=('x/k1',)),)
    """
    folded, offsets = _folded(text)
    by_quote: dict[str, list[str]] = {}
    for quote, where in quoted:
        by_quote.setdefault(quote, []).append(where)
    out = []
    for quote, cited_by in by_quote.items():
        needle = _folded(quote)[0]
        at = folded.find(needle) if needle else -1
        if at < 0:
            continue
        start, end = offsets[at], offsets[at + len(needle) - 1] + 1
        out.append(Mark(start, end, quote, tuple(cited_by)))
    return tuple(sorted(out, key=lambda m: (m.start, m.end)))


def _folded(text: str) -> tuple[str, list[int]]:
    """The text normalised as quotes are compared, and for each of its characters the offset
    of the character in ``text`` it came from."""
    dropped = bytearray(len(text))
    for pattern in (PINYIN_NOTE, LOST_CHAR):
        for match in pattern.finditer(text):
            dropped[match.start() : match.end()] = b"\1" * (match.end() - match.start())
    chars: list[str] = []
    offsets: list[int] = []
    for i, char in enumerate(text):
        if dropped[i]:
            continue
        for piece in _fold_char(char):
            chars.append(piece)
            offsets.append(i)
    return "".join(chars), offsets


@cache
def _fold_char(char: str) -> str:
    return _SPACE.sub("", to_simplified(unicodedata.normalize("NFKC", char)))
