"""Line breaking for mixed Chinese and Latin text (hukou.front.wrap), stated as laws over any text."""

from __future__ import annotations

import itertools

from hypothesis import example, given
from hypothesis import strategies as st
from rich.cells import cell_len

from hukou.front.wrap import NO_LINE_END, NO_LINE_START, break_lines, longest_piece

# Text as the output mixes it: Chinese, punctuation of both kinds, Latin words, ids, dates, spaces.
_PIECES = st.sampled_from(
    ["户口", "登记", "、", "。", "，", "（", "）", "「", "」", "(最接近)", " ", "  ", "k3_residence_insurance",
     "2024-10-01", "out-of-province", "渝府办发〔2016〕273号", "6", "个月", ";", ": ", "a", "word"]
)  # fmt: skip
TEXTS = st.lists(_PIECES, max_size=40).map("".join)


# Law: breaking only chooses where lines end; the lines, with the spaces dropped at each break,
# are the text.
@given(TEXTS, st.integers(min_value=1, max_value=60))
def test_the_lines_are_the_text(text: str, width: int) -> None:
    lines = break_lines(text, width)
    rebuilt = "".join(text[a:b] for a, b in lines)
    assert rebuilt.replace(" ", "") == text.replace(" ", "")
    assert lines[0][0] == 0 and all(a <= b for a, b in lines)


# Law: no line is wider than the width, unless one piece that may not be split is wider still (or
# closing punctuation hangs past the edge of a piece cut to fit).
@given(TEXTS, st.integers(min_value=1, max_value=60))
def test_no_line_is_wider_than_the_width_unless_a_word_is(text: str, width: int) -> None:
    for a, b in break_lines(text, width):
        line = text[a:b]
        hanging = cell_len(line) - cell_len(line.rstrip("".join(NO_LINE_START) + " "))
        assert cell_len(line) <= max(width + hanging, longest_piece(line)), (line, width)


# Law: a line never begins with closing punctuation nor ends with opening punctuation, and never
# cuts a word, a date or an id, when the width leaves room for the widest of them.
@given(TEXTS, st.integers(min_value=24, max_value=60))
@example("(最接近)out-of-province2024-10-01（ 户口", 35)  # an opening bracket, a space, then a cut piece
def test_no_line_starts_with_closing_or_ends_with_opening_punctuation(text: str, width: int) -> None:
    lines = [text[a:b] for a, b in break_lines(text, width)]
    for before, after in itertools.pairwise(lines):
        assert after.lstrip(" ")[:1] not in NO_LINE_START, (before, after)
        assert before[-1:] not in NO_LINE_END, (before, after)
        if longest_piece(text) > width:
            continue  # a piece wider than the line is cut: nothing else can be done
        for word in ("k3_residence_insurance", "2024-10-01", "渝府办发〔2016〕273号"[4:]):
            assert not (before.endswith(word[:5]) and after.startswith(word[5:])), (before, after)


def test_a_path_or_an_id_is_never_broken_at_its_hyphen() -> None:
    for text in ("see /work/wt-i15/tests/broken/x.yaml now", "the id kaili-2019-draft here"):
        for width in range(max(len(w) for w in text.split()), 50):  # wide enough for the word whole
            lines = [text[a:b] for a, b in break_lines(text, width)]
            for line in lines:
                word = line.strip()
                assert not (word.endswith("-") and ("/" in word or any(c.isdigit() for c in word))), lines
    text = "out-of-province"  # letters and hyphens only: the one word a hyphen may break
    assert [text[a:b] for a, b in break_lines(text, 9)] == ["out-of-", "province"]
