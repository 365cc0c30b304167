"""Which encoding a text file of profiles is in: UTF-8, or GB18030 — what a spreadsheet saves on
Chinese Windows (GBK is a part of it) — when the file is plainly not UTF-8."""

from __future__ import annotations

from pathlib import Path

_SAMPLE = 1 << 16


def text_encoding(path: Path) -> tuple[str, str | None]:
    """The encoding to read ``path`` in, and a note for the user when it is not UTF-8.

    UTF-8 unless the file's first 64 KiB hold characters beyond ASCII, mostly not valid UTF-8 and
    all valid GB18030: a UTF-8 file with one damaged row stays UTF-8 (that
    row becomes an error row), and ASCII is both.
    """
    with path.open("rb") as handle:
        sample = handle.read(_SAMPLE)
    if sample.startswith(b"\xef\xbb\xbf") or sample.isascii():
        return "utf-8", None
    cut = sample if len(sample) < _SAMPLE else _whole_lines(sample)
    try:
        cut.decode("utf-8")
        return "utf-8", None
    except UnicodeDecodeError:
        if _some_utf8(cut):
            return "utf-8", None
    try:
        cut.decode("gb18030")
    except UnicodeDecodeError:
        return "utf-8", None  # neither: read as UTF-8, and the rows that are not become error rows
    return "gb18030", f"{path} is not UTF-8: read as GB18030 (as Excel saves CSV on Chinese Windows)"


def _whole_lines(sample: bytes) -> bytes:
    """The sample up to its last line break, so that no character is cut in two."""
    end = sample.rfind(b"\n")
    return sample[: end + 1] if end > 0 else sample


def _some_utf8(sample: bytes) -> bool:
    """Whether the sample's characters beyond ASCII are mostly valid UTF-8 (text in another encoding
    forms a valid UTF-8 character now and then, by chance, but mostly does not)."""
    decoded = sample.decode("utf-8", errors="replace")
    damaged = decoded.count("\ufffd")
    return sum(c > "\x7f" for c in decoded) - damaged > damaged
