"""A piece of text in both languages the tool speaks."""

from __future__ import annotations

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

    def in_(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en
