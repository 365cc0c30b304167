"""Line breaking for text that mixes Chinese and Latin, as a reader of either expects.

rich breaks lines at spaces and folds what is longer than the width anywhere, so in a narrow
terminal a date or a channel id is cut in two, a run of Chinese is cut before a 、 or 。 (which
Chinese typesetting never puts at the start of a line), and a wrapped line falls back to the
left edge, out of its indent. Here a line may break after a space, or next to a Chinese
character, but never inside a Latin word, number, date or id, never before closing punctuation
and never after opening punctuation; continuation lines keep the indent of the text they
continue. Only a single word wider than the whole line is cut.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.text import Text

# Punctuation that may not begin a line (it closes or follows what came before) …
NO_LINE_START = frozenset("、。，．,.；;：:）)」』》〉】〕！!？?…％%·～")
# … and that may not end one (it opens what comes after).
NO_LINE_END = frozenset("（(「『《〈【〔")
# Marks a line may begin with, which its continuation lines are indented past.
_MARKS = ("✓ ", "✗ ", "? ", "– ", "⚠ ", "• ", "— ")
_LABEL = 16  # a line's leading label ("尚缺", "registered in") this wide or less: wrapped lines go under its text


@cache
def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in {"W", "F"}


def may_break_before(text: str, i: int) -> bool:
    """Whether a line may end just before ``text[i]``.

    Example:
        >>> [may_break_before("户口、登记", i) for i in range(1, 5)]
        [True, False, True, True]
        >>> may_break_before("k3_residence", 5), may_break_before("2024-10-01 即", 11)
        (False, True)
    """
    before, after = text[i - 1], text[i]
    if after in NO_LINE_START or before in NO_LINE_END or after.isspace():
        return False
    if before.isspace():
        j = i - 1
        while j > 0 and text[j].isspace():
            j -= 1
        return text[j] not in NO_LINE_END  # 「 then a space still opens what follows
    if (before.isdigit() and _wide(after)) or (before in "〕】" and after.isdigit()):
        return False  # a number keeps its measure word (14号, 3年) and a document number stays whole
    if before == "-" and i >= 2 and text[i - 2].isalpha() and after.isalpha():
        return _hyphenated_word(text, i)  # out-of-|province; never a date, a path or an id
    return _wide(before) or _wide(after)


_SHORT_ASIDE = 12  # an aside in brackets this short, "(最接近)", "(含租赁)", stays on one line


def _inside_short_asides(text: str) -> set[int]:
    """Positions inside a short bracketed aside, before which no line may break."""
    inside: set[int] = set()
    for start, char in enumerate(text):
        if char in "(（":
            end = next((k for k in range(start + 1, min(len(text), start + _SHORT_ASIDE)) if text[k] in ")）"), None)
            if end is not None and not any(c in "(（" for c in text[start + 1 : end]):
                inside.update(range(start + 1, end + 1))
    return inside


_LONGEST_WORD = 40


def _hyphenated_word(text: str, i: int) -> bool:
    """Whether the word around ``text[i]`` is letters and hyphens only (out-of-province), not a
    path, a date or an id (wt-i15/tests, 2024-10-01, k3_residence): looked at up to 40 characters
    either side, so that the check stays linear in the text."""
    start = max(text.rfind(" ", max(0, i - _LONGEST_WORD), i) + 1, i - _LONGEST_WORD, 0)
    end = text.find(" ", i, i + _LONGEST_WORD)
    end = end if end != -1 else min(len(text), i + _LONGEST_WORD)
    word = text[start:end]
    return all(c.isalpha() or c in "-,.;:)(" for c in word) and "/" not in word


def segments(text: str) -> list[str]:
    """The text cut at every place a line may break; the pieces joined are the text.

    Example:
        >>> segments("落户 (最接近) [k3]")
        ['落', '户 ', '(最接近) ', '[k3]']
    """
    out: list[str] = []
    start = 0
    glued = _inside_short_asides(text)
    for i in range(1, len(text)):
        if i not in glued and may_break_before(text, i):
            out.append(text[start:i])
            start = i
    if text:
        out.append(text[start:])
    return out


def hanging_indent(line: str) -> int:
    """How far continuation lines are indented: past the leading spaces and a mark, bracket or label.

    Example:
        >>> hanging_indent("    ✓ 省外户籍: 是"), hanging_indent("    「凡具有"), hanging_indent("尚缺: 住房情况")
        (6, 6, 6)
    """
    stripped = line.lstrip(" ")
    indent = len(line) - len(stripped)
    for mark in _MARKS:
        if stripped.startswith(mark):
            return indent + cell_len(mark)
    if stripped.startswith("「"):
        return indent + 2
    label, colon, rest = stripped.partition(": ")
    if colon and rest and cell_len(label) <= _LABEL and not any(c in label for c in "(（[「:"):
        return indent + cell_len(label) + 2  # "尚缺: …" continues under what follows the label
    return indent


def break_lines(text: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """Where each line of one paragraph starts and ends (see :func:`greedy_lines`), without a lone
    Chinese character on the last line: "尚未正式施" / "行" becomes "尚未正式" / "施行".

    Example:
        >>> text = "征求意见稿, 尚未正式施行"
        >>> [text[a:b] for a, b in greedy_lines(text, 23)], [text[a:b] for a, b in break_lines(text, 23)]
        (['征求意见稿, 尚未正式施', '行'], ['征求意见稿, 尚未正式', '施行'])
    """
    lines = greedy_lines(text, width, indent)
    if len(lines) > 1 and _orphan(text[slice(*lines[-1])]):
        narrower = greedy_lines(text, width - 2, indent)
        if len(narrower) == len(lines) and not _orphan(text[slice(*narrower[-1])]):
            return narrower
    return lines


def _orphan(line: str) -> bool:
    """A last line holding one Chinese character (and any punctuation closing it)."""
    core = line.rstrip("".join(NO_LINE_START))
    return len(core) == 1 and _wide(core)


def greedy_lines(text: str, width: int, indent: int = 0) -> list[tuple[int, int]]:
    """Lines filled greedily, the continuation lines ``indent`` narrower.

    Trailing spaces at a break are dropped from the line. A piece wider than a whole line is
    cut character by character, the only way a word is ever split.

    Example:
        >>> text = "连续社保还需 1 个月 (持续至 2024-10-01 即满足)"
        >>> [text[a:b] for a, b in greedy_lines(text, 16)]
        ['连续社保还需 1', '个月 (持续至', '2024-10-01 即满', '足)']
    """
    lines: list[tuple[int, int]] = []
    start = position = 0
    used = 0
    room = max(width, 1)
    for piece in segments(text):
        size = cell_len(piece.rstrip(" "))
        if used and used + size > room:
            lines.append((start, _trimmed_end(text, start, position)))
            start, used, room = position, 0, max(width - indent, 1)
        if size > room:  # a word wider than a line: cut it, as nothing else can be done
            opening = False  # the last character other than a space opens what follows ("（ 户")
            for char in piece:
                # Closing punctuation hangs past the edge rather than begin a line, and opening
                # punctuation goes down with what it opens.
                hangs = char in NO_LINE_START or char.isspace() or opening
                if used and used + cell_len(char) > room and not hangs:
                    lines.append((start, _trimmed_end(text, start, position)))
                    start, used, room = position, 0, max(width - indent, 1)
                used += cell_len(char)
                position += 1
                opening = char in NO_LINE_END if not char.isspace() else opening
            continue
        used += cell_len(piece)
        position += len(piece)
    lines.append((start, _trimmed_end(text, start, len(text))))
    return lines


def _trimmed_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1] == " ":
        end -= 1
    return end


def longest_piece(text: str) -> int:
    """The width of the widest piece no break may split: the narrowest a column can be."""
    return max((cell_len(p.rstrip(" ")) for line in text.split("\n") for p in segments(line)), default=0)


class Wrapped:
    """A rich renderable: styled text broken into lines by :func:`break_lines`, each paragraph with
    its hanging indent.

    Example:
        >>> console = Console(width=12, file=__import__("io").StringIO(), color_system=None)
        >>> console.print(Wrapped(Text("  ✓ 户口登记: 辖区派出所公共户")))
        >>> print(console.file.getvalue(), end="")
          ✓ 户口登
            记: 辖区
            派出所公
            共户
    """

    def __init__(self, text: Text | str, indent: int | None = None) -> None:
        self.text = Text(text) if isinstance(text, str) else text
        self.indent = indent

    def lines(self, width: int) -> Iterator[Text]:
        """The lines the text takes at ``width`` cells."""
        offset = 0
        for paragraph in self.text.plain.split("\n"):
            styled = self.text[offset : offset + len(paragraph)]
            offset += len(paragraph) + 1
            indent = hanging_indent(paragraph) if self.indent is None else self.indent
            for number, (start, end) in enumerate(break_lines(paragraph, width, indent)):
                line = styled[start:end]
                if number:
                    line = Text(" " * indent) + _lstripped(line)
                line.no_wrap = True
                line.overflow = "ignore"
                line.end = ""
                yield line

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in self.lines(options.max_width):
            yield from line.render(console)
            yield Segment.line()

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        plain = self.text.plain
        widest = max((cell_len(line) for line in plain.split("\n")), default=0)
        return Measurement(longest_piece(plain), widest)


def _lstripped(line: Text) -> Text:
    plain = line.plain
    return line[len(plain) - len(plain.lstrip(" ")) :]


def wrapped(lines: Iterable[Text | str]) -> list[Wrapped]:
    """Each line as a :class:`Wrapped` renderable, keeping its own indent."""
    return [Wrapped(line) for line in lines]
