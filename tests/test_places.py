"""Place names resolve to administrative divisions the way a caseworker writes them."""

from __future__ import annotations

import pytest

from hukou import GAZETTEER, ProfileError, UnknownPlace, profile_from_text
from hukou.model.regions import Region


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


# --- a place in a profile is never guessed toward the place asked (issue 16, issue 11 class 2) ---


@pytest.mark.parametrize(
    ("asked", "named", "held"),
    [
        ("舟山", "普陀区", None),  # 舟山市普陀区 or 上海市普陀区: not taken to be the one asked
        ("上海", "普陀区", None),
        ("台州", "Taizhou", None),
        ("泰州", "Taizhou", None),
        ("凯里", "黔东南", None),  # a larger place may hold the place asked, or not
        ("凯里", "贵州", None),
        ("淳安", "杭州", None),
        ("凯里", "贵阳", False),
        ("杭州", "淳安", True),
        ("浙江", "Taizhou", None),  # 泰州 is in 江苏: the name does not settle it
        ("浙江", "台州", True),
    ],
)
def test_a_region_holds_a_name_only_when_every_place_it_may_mean_agrees(
    asked: str, named: str, held: bool | None
) -> None:
    assert Region((GAZETTEER.resolve(asked),)).holds(GAZETTEER, named) is held


@pytest.mark.parametrize("section", ["residence", "housing", "employment", "social_insurance"])
def test_a_profile_naming_a_place_that_may_mean_several_is_refused_as_city_is(section: str) -> None:
    extra = ", tenure: owned" if section == "housing" else ""
    with pytest.raises(ProfileError) as caught:
        profile_from_text(f"{section}:\n  - {{city: 普陀区, since: 2020-01-01{extra}}}\n", "p.yaml")
    assert str(caught.value) == (
        f"p.yaml:2: {section}[0].city: '普陀区' may mean 上海市普陀区, 浙江省舟山市普陀区; "
        "write the name with its city or province"
    )


def test_the_hukou_province_may_settle_which_place_the_city_means() -> None:
    profile = profile_from_text("hukou: {province: 浙江, city: Taizhou, type: rural}\n", "p.yaml")
    assert profile.hukou is not None and profile.hukou.city == "Taizhou"
    with pytest.raises(ProfileError, match="'Taizhou' may mean"):
        profile_from_text("hukou: {city: Taizhou, type: rural}\n", "p.yaml")
