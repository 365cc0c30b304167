"""The residence permit (居住证): the second outcome for every place, beside settlement.

The national regulation (国务院令第663号, art. 2) lets anyone living away from the place of their
hukou apply after half a year there with one of a stable job, a stable residence or continuous
study. A city's own measures are cited where they add to it (Beijing: decree 270, art. 7, the
same three conditions "在京"). The conditions are data here, judged by the same evaluator and facts
as any channel; a points channel that requires holding a permit reads ``residence.permit_now``,
which falls back on this when the profile does not say.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from hukou.bilingual import Text
from hukou.judging.condition_reports import condition_reports
from hukou.judging.conditions import Evaluator, Truth
from hukou.judging.verdict import Citation, PermitReport, Verdict
from hukou.labels import PERMIT_STATUS, phrase
from hukou.model.periods import is_current
from hukou.model.places import GAZETTEER, Place
from hukou.model.profile import Profile
from hukou.model.situation import Situation
from hukou.rulebook.schema import Condition

NATIONAL = Citation(
    document="juzhuzheng-2015-663",
    number="国务院令第663号",
    title="居住证暂行条例",
    issued=dt.date(2015, 11, 26),
    status="in_force",
    section="第二条",
    quote="公民离开常住户口所在地，到其他城市居住半年以上，符合有合法稳定就业、合法稳定住所、连续就读条件之一的，"
    "可以依照本条例的规定申领居住证。",
    file="sources/juzhuzheng-2015-663.txt",
)
IN_FORCE_FROM = dt.date(2016, 1, 1)

# A city's own measures, by the code of the place they govern, with the day they took effect.
LOCAL: dict[str, tuple[dt.date, Citation]] = {
    "110000": (
        dt.date(2016, 10, 1),
        Citation(
            document="bj-2016-juzhuzheng",
            number="北京市人民政府令第270号",
            title="北京市实施《居住证暂行条例》办法",
            issued=dt.date(2016, 5, 17),
            status="in_force",
            section="第七条",
            quote="（一）在京居住6个月以上的；",
            file="sources/bj-2016-juzhuzheng.txt",
        ),
    ),
}
LOCAL_ALSO = {  # the rest of the same article, checked against the text like every quote
    "110000": "（二）符合在京有合法稳定就业、合法稳定住所、连续就读条件之一的。",
}


@cache
def _conditions() -> Condition:
    """Art. 2 as a condition tree: away from the hukou, half a year here, and one of three."""
    from hukou.rulebook.schema import All

    return All.model_validate(
        {
            "all": [
                {
                    "id": "hukou_elsewhere",
                    "fact": "hukou.in_city",
                    "op": "==",
                    "value": False,
                    "counted_in": "jurisdiction",
                    "label": {"zh": "户口不在本地", "en": "hukou registered elsewhere"},
                },
                {
                    "id": "half_a_year",
                    "fact": "residence.months",
                    "op": ">=",
                    "value": 6,
                    "unit": "month",
                    "counted_in": "jurisdiction",
                    "label": {"zh": "在本地居住", "en": "living here"},
                },
                {
                    "id": "one_of_three",
                    "label": {"zh": "稳定就业、稳定住所、连续就读之一", "en": "a stable job, home or study"},
                    "any": [
                        {
                            "id": "job",
                            "fact": "employment.current",
                            "op": "==",
                            "value": True,
                            "counted_in": "jurisdiction",
                        },
                        {
                            "id": "home",
                            "some": "housing",
                            "counted_in": "jurisdiction",
                            "label": {"zh": "本地住所", "en": "a home here"},
                            "where": {
                                "id": "tenure",
                                "fact": "tenure",
                                "op": "in",
                                "value": ["owned", "rented", "dormitory"],
                            },
                        },
                        {
                            "id": "study",
                            "some": "study",
                            "counted_in": "jurisdiction",
                            "label": {"zh": "本地就读", "en": "studying here"},
                            "where": {
                                "id": "level",
                                "fact": "level",
                                "op": "in",
                                "value": ["compulsory", "senior_secondary", "higher"],
                            },
                        },
                    ],
                },
            ]
        }
    )


def city_of(place: Place) -> Place:
    """The city a permit is for: a district's city; a city, county or municipality itself."""
    parent = GAZETTEER.parent(place)
    if place.level == "county" and place.name.endswith("区") and parent is not None:
        return parent
    return place


def may_apply(situation: Situation) -> Truth:
    """Whether the person may apply for a residence permit where the situation is judged."""
    if situation.as_of < IN_FORCE_FROM:
        return None
    here = Situation.of(situation.profile, situation.as_of, situation.place, city_of(situation.place), GAZETTEER)
    return Evaluator(here).evaluate(_conditions()).truth


def permit(profile: Profile, place: Place, as_of: dt.date) -> PermitReport | None:
    """The residence-permit outcome for a place on a day; None before the regulation took effect.

    Example:
        >>> from hukou.model.profile import Stay, Job, Hukou
        >>> p = Profile(hukou=Hukou(province="湖南"), residence=[Stay(city="凯里", months=7)],
        ...             employment=[Job(city="凯里", months=7)])
        >>> permit(p, GAZETTEER.resolve("凯里"), dt.date(2024, 9, 1)).verdict
        'eligible'
    """
    if as_of < IN_FORCE_FROM:
        return None
    city = city_of(place)
    situation = Situation.of(profile, as_of, place, city, GAZETTEER)
    outcome = Evaluator(situation).evaluate(_conditions())
    verdict: Verdict = (
        "eligible" if outcome.truth is True else "ineligible" if outcome.truth is False else "undetermined"
    )
    holds = _holds(situation)
    local = [
        citation
        for code, (since, citation) in LOCAL.items()
        if as_of >= since and any(p.code == code for p in GAZETTEER.chain(place))
    ]
    conditions = condition_reports(outcome)
    missing = [c.missing for c in conditions if c.verdict == "unknown" and c.missing is not None]
    return PermitReport(
        verdict=verdict,
        holds=holds,
        status=_status(verdict, holds, city.name),
        citation=NATIONAL,
        local=local,
        conditions=conditions,
        missing=list(dict.fromkeys(missing)),
    )


def _holds(situation: Situation) -> bool | None:
    stays = situation.counted_in("jurisdiction")
    local = stays.local("residence") if stays is not None else None
    if local is None:
        return None
    current = [s for s in local if is_current(s, situation.as_of)]
    if any(s.permit for s in current):
        return True
    if current and all(s.permit is False for s in current):
        return False
    return None if current else False


def _status(verdict: Verdict, holds: bool | None, city: str) -> Text:
    return phrase(PERMIT_STATUS, "holds" if holds else verdict, city=city)


def quotes() -> list[tuple[str, str]]:
    """Every sentence this module quotes, with its file (for the quote test)."""
    out = [(NATIONAL.file, NATIONAL.quote)]
    for code, (_, citation) in LOCAL.items():
        out += [(citation.file, citation.quote), (citation.file, LOCAL_ALSO[code])]
    return out
