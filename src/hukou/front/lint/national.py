"""The national frame a city's rules must fit, by the city's size (国发〔2014〕25号, 国办发〔2016〕72号),
and a province's frame above its cities where we hold it (Henan: 豫政〔2014〕83号, for Jiyuan).

Each limit quotes its national sentence (the quotes are checked against sources/ in the tests) and
names the sizes of city it binds. Whether a city breaches one depends on its size: a rule file
states its tier (and the source of the figure) or says it is unknown; for an unknown tier the
linter says which sizes a condition would be forbidden for, as a note.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from hukou.rulebook.compiled import Compare, comparisons, compiled
from hukou.rulebook.schema import Channel, TierSize


@dataclass(frozen=True)
class Limit:
    """One national limit on local settlement conditions."""

    id: str
    binds: frozenset[TierSize]  # the city sizes it applies to
    document: str  # a document id of sources/index.yaml
    quote: str
    what: str  # the limit in one English line
    breaches: Callable[[Channel], list[str]]  # ids of the conditions (or the channel) that breach it
    province: str | None = None  # a provincial frame binds only the rule files of its province


def _insurance_over(months: int) -> Callable[[Channel], list[str]]:
    def check(channel: Channel) -> list[str]:
        return [leaf.id for leaf in _leaves(channel) if _asks_insurance_over(leaf, months)]

    return check


def _asks_insurance_over(leaf: Compare, months: int) -> bool:
    if not leaf.fact.startswith("social_insurance.") or leaf.spec.kind != "months":
        return False
    threshold = leaf.threshold
    return leaf.op in {">=", ">"} and isinstance(threshold, int | float) and threshold > months


def _housing_size_or_price(channel: Channel) -> list[str]:
    return [leaf.id for leaf in _leaves(channel) if leaf.spec.kind == "sqm"]


def _points(channel: Channel) -> list[str]:
    deferred = channel.deferred_to
    text = f"{channel.title.zh} {deferred.regulation if deferred else ''}"
    return [channel.id] if "积分" in text else []


def _buying_a_home(channel: Channel) -> list[str]:
    return [
        leaf.id
        for leaf in _leaves(channel)
        if (leaf.fact == "home.owned" and leaf.written is True and leaf.op == "==")
        or (leaf.fact == "tenure" and leaf.op == "==" and leaf.written == "owned")
    ]


def _leaves(channel: Channel) -> Iterator[Compare]:
    conditions = compiled(channel).conditions
    return comparisons(conditions) if conditions is not None else iter(())


LARGE = frozenset[TierSize]({"large_ii", "large_i"})
MEDIUM = frozenset[TierSize]({"medium"})
ABOVE_A_MILLION = frozenset[TierSize]({"large_ii", "large_i", "megacity", "supercity"})  # "城区人口100万以上"

LIMITS: tuple[Limit, ...] = (
    Limit(
        id="insurance-3-years",
        binds=MEDIUM,
        document="gbf-2016-72",
        quote="大城市落户条件中对参加城镇社会保险的年限要求不得超过5年，中等城市不得超过3年。",
        what="a medium city may ask for at most 3 years of social insurance",
        breaches=_insurance_over(36),
    ),
    Limit(
        id="insurance-5-years",
        binds=LARGE,
        document="gbf-2016-72",
        quote="大城市落户条件中对参加城镇社会保险的年限要求不得超过5年，中等城市不得超过3年。",
        what="a large city (1–5 million) may ask for at most 5 years of social insurance",
        breaches=_insurance_over(60),
    ),
    Limit(
        id="no-housing-area",
        binds=MEDIUM,
        document="gf-2014-25",
        quote="但对合法稳定住所（含租赁）不得设置住房面积、金额等要求，对参加城镇社会保险年限的要求不得超过3年。",
        what="a medium city may set no floor-area or price condition on a legal stable residence",
        breaches=_housing_size_or_price,
    ),
    Limit(
        id="no-points-under-3-million",
        binds=frozenset[TierSize]({"small", "medium", "large_ii"}),
        document="gbf-2016-72",
        quote="城区常住人口300万以下的城市不得采取积分落户方式。",
        what="a city under 3 million may not use points-based settlement",
        breaches=_points,
    ),
    Limit(
        id="no-home-purchase",
        binds=MEDIUM | LARGE,
        document="gbf-2016-72",
        quote="大中城市均不得采取购买房屋、投资纳税等方式设置落户限制。",
        what="a large or medium city may not make buying a home a condition of settlement",
        breaches=_buying_a_home,
    ),
    # Henan's frame (豫政〔2014〕83号 (五)(六)): tighter than the national one for its cities.
    Limit(
        id="henan-insurance-1-year",
        binds=MEDIUM,
        document="henan-2014-83",
        quote="对合法稳定住所(含租赁)不得设置住房面积、金额等要求,对参加城镇社会保险年限的要求不得超过1年。",
        what="in Henan, a medium city may ask for at most 1 year of social insurance",
        breaches=_insurance_over(12),
        province="河南省",
    ),
    Limit(
        id="henan-insurance-2-years",
        binds=ABOVE_A_MILLION,
        document="henan-2014-83",
        quote="对参加城镇社会保险的年限要求不得超过2年。",
        what="in Henan, a city of a million or more may ask for at most 2 years of social insurance",
        breaches=_insurance_over(24),
        province="河南省",
    ),
    Limit(
        id="henan-no-housing-area",
        binds=MEDIUM | ABOVE_A_MILLION,
        document="henan-2014-83",
        quote="但对合法稳定住所(含租赁)不得设置住房面积、金额等要求",
        what="in Henan, a medium or larger city may set no floor-area or price condition on a legal stable residence",
        breaches=_housing_size_or_price,
        province="河南省",
    ),
)
