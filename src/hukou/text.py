"""Normalising Chinese text so that a quote can be found in its document.

The seeds mix traditional and simplified characters, full- and half-width punctuation and,
in the Chongqing seed, pinyin readings in parentheses after characters ("戶(hù)籍"). A quote
in a rule file is checked against its document after both pass through :func:`normalise`.
"""

from __future__ import annotations

import importlib
import re
import sys
import unicodedata
from functools import cache
from pathlib import Path
from types import ModuleType

# A pinyin reading in parentheses: latin letters carrying at least one tone mark, or the
# "?" the Chongqing seed has where a character was lost ("存量?jì)?yōu)先").
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
PINYIN_NOTE = re.compile(rf"\(\s*[a-z{_TONED}]*[{_TONED}][a-z{_TONED}\s]*\)")
LOST_CHAR = re.compile(rf"\?[a-z{_TONED}]+\)")
_SPACE = re.compile(r"\s+")


def strip_pinyin(text: str) -> str:
    """Remove the pinyin readings that follow characters in parentheses.

    Example:
        >>> strip_pinyin("非戶(hù)籍人口")
        '非戶籍人口'
    """
    return LOST_CHAR.sub("", PINYIN_NOTE.sub("", text))


@cache
def to_simplified(text: str) -> str:
    """Convert traditional characters to simplified ones."""
    return str(_zhconv().convert(text, "zh-cn"))


@cache
def _zhconv() -> ModuleType:
    """zhconv, loaded when first needed (most commands never convert a character).

    zhconv imports ``pkg_resources`` if it can, only to open the dictionary beside its own
    module, which it otherwise opens directly. That import alone takes longer than a whole
    ``hukou check`` should, so it is held back while zhconv loads. The dictionary is then
    loaded by its path, which zhconv reads in a ``with`` block (its default way leaves the
    file for the collector to close, with a ResourceWarning).
    """
    held_back = "pkg_resources" not in sys.modules
    if held_back:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes its import fail
    try:
        module = importlib.import_module("zhconv")
    finally:
        if held_back:
            del sys.modules["pkg_resources"]
    module.loaddict(str(Path(str(module.__file__)).parent / "zhcdict.json"))
    return module


def normalise(text: str) -> str:
    """The form in which quotes and documents are compared.

    Pinyin notes go, NFKC folds full-width punctuation to half-width, traditional characters
    become simplified, and all white space goes (the seeds break lines mid-sentence).

    Example:
        >>> normalise("全面放開(kāi)對高校畢業(yè)生")
        '全面放开对高校毕业生'
    """
    folded = unicodedata.normalize("NFKC", strip_pinyin(text))
    return _SPACE.sub("", to_simplified(folded))
