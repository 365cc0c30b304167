"""A piece of text in both languages the tool speaks."""

from __future__ import annotations

from functools import lru_cache

from pydantic import BaseModel, ConfigDict


class Text(BaseModel):
    """A label in Chinese and English.

    Example:
        >>> Text(zh="连续社保", en="continuous social insurance").in_("en")
        'continuous social insurance'
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    zh: str
    en: str

    @classmethod
    def of(cls, zh: str, en: str) -> Text:
        """The same as ``Text(zh=..., en=...)``, made once for each pair: the engine words the same
        conditions again and again, and a Text never changes."""
        return _made(zh, en)

    def in_(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en


@lru_cache(maxsize=8192)
def _made(zh: str, en: str) -> Text:
    return Text(zh=zh, en=en)
