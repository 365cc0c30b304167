"""A person whose hukou is already in the place asked is told so: the channels are for people
registered elsewhere (推动非户籍人口在城市落户), and there is nothing to settle."""

from __future__ import annotations

import datetime as dt

from hukou import GAZETTEER, Profile, Rulebook, judge

DAY = dt.date(2024, 9, 1)


def notes(rulebook: Rulebook, data: dict[str, object], city: str) -> list[str]:
    return [n.en for n in judge(Profile.model_validate(data), rulebook, GAZETTEER.resolve(city), DAY).notes]


def test_a_hukou_already_here_is_told_so(rulebook: Rulebook) -> None:
    said = notes(rulebook, {"hukou": {"province": "贵州", "city": "凯里", "type": "urban"}}, "凯里")
    assert any("the hukou is already here" in n for n in said)


def test_a_hukou_elsewhere_or_unknown_is_not(rulebook: Rulebook) -> None:
    for data in ({"hukou": {"province": "贵州", "city": "黄平县"}}, {"hukou": {"province": "贵州"}}, {}):
        assert not any("already here" in n for n in notes(rulebook, data, "凯里")), data
