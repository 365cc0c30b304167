"""Place names resolve to administrative divisions the way a caseworker writes them."""

from __future__ import annotations

import pytest

from hukou import GAZETTEER, UnknownPlace


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("凯里", "522601"),
        ("凯里市", "522601"),
        ("凱里", "522601"),
        ("Kaili", "522601"),
        ("kaili shi", "522601"),
        ("济源", "419001"),
        ("重慶", "500000"),
        ("杭州西湖区", "330106"),
        ("浙江省杭州市淳安县", "330127"),
        ("淳安", "330127"),
        ("黔东南", "522600"),
        ("广西", "450000"),
        ("吉林", "220000"),  # the province, not its city of the same name
        ("邵阳", "430500"),  # the city, not its county of the same name
        ("忠县", "500233"),
    ],
)
def test_names_resolve(name: str, code: str) -> None:
    assert GAZETTEER.resolve(name).code == code


def test_ambiguous_name_lists_what_it_may_mean() -> None:
    with pytest.raises(UnknownPlace) as caught:
        GAZETTEER.resolve("Taizhou")
    assert set(caught.value.candidates) == {"江苏省泰州市", "浙江省台州市"}


@pytest.mark.parametrize(("typo", "meant"), [("杭洲", "杭州市"), ("湖男", "湖南省"), ("Kailli", "凯里市")])
def test_unknown_name_suggests_the_nearest(typo: str, meant: str) -> None:
    with pytest.raises(UnknownPlace) as caught:
        GAZETTEER.resolve(typo)
    assert caught.value.suggestion == meant


def test_membership_follows_the_hierarchy() -> None:
    hangzhou = GAZETTEER.resolve("杭州")
    assert GAZETTEER.within(GAZETTEER.resolve("淳安"), hangzhou)
    assert GAZETTEER.within(GAZETTEER.resolve("杭州西湖区"), hangzhou)
    assert not GAZETTEER.within(GAZETTEER.resolve("宁波"), hangzhou)
    assert [p.name for p in GAZETTEER.chain(GAZETTEER.resolve("凯里"))] == ["凯里市", "黔东南苗族侗族自治州", "贵州省"]
