"""The named facts rule files test, each derived once from the profile and explained.

A rule file never reaches into the profile directly: it names a fact here
(``social_insurance.continuous_months``), and this module says what the fact is, how it is
derived for a given jurisdiction and day, what unit it is in, and what the profile lacks when
it cannot be known. ``None`` means unknown.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from hukou.bilingual import Text
from hukou.labels import CREDENTIAL_PLACE, FACT_DETAILS
from hukou.model.periods import Span, is_current, merged, span_of
from hukou.model.places import Gazetteer, Place
from hukou.model.profile import (
    PLACE_BOUND,
    Credential,
    EducationLevel,
    Group,
    Home,
    Job,
    Member,
    Period,
    Record,
    Relative,
    Study,
    group_of,
)
from hukou.model.regions import Region
from hukou.model.situation import Situation

Kind = Literal["months", "sqm", "count", "money", "age", "date", "bool", "enum", "ordinal", "set", "area"]
Scope = Literal["applicant", "housing", "study", "employment", "relatives", "member"]


@dataclass(frozen=True)
class Value:
    """A fact's value, with how it was found (None: unknown)."""

    value: Any
    detail: str | None = None
    missing: Text | None = None  # what a value known only in part lacks (a credential's place of issue)
    running: bool = False  # months counted up to the as-of date on a run still going on: waiting adds more


@dataclass(frozen=True)
class Held:
    """The members of a set fact a person surely has here, and those they may have (a credential
    whose place of issue is not given, or may or may not be here)."""

    sure: frozenset[str]
    maybe: frozenset[str] = frozenset()


UNKNOWN = Value(None)


@dataclass(frozen=True)
class FactSpec:
    """What a fact is: name, kind, scope, labels, and how to derive it."""

    name: str
    kind: Kind
    scope: Scope
    label: Text
    missing: Text
    derive: Callable[[Situation, Any], Value] = field(repr=False)
    values: tuple[str, ...] = ()  # for enum, ordinal and set facts
    # Of the place asked, not the person (its zone): no change a person makes here meets it.
    of_the_place: bool = False


FACTS: dict[str, FactSpec] = {}


def fact(
    name: str,
    kind: Kind,
    zh: str,
    en: str,
    *,
    scope: Scope = "applicant",
    missing: tuple[str, str] | None = None,
    values: Sequence[str] = (),
    of_the_place: bool = False,
) -> Callable[[Callable[[Situation, Any], Value]], Callable[[Situation, Any], Value]]:
    """Register a derivation under a fact name: a decorator, or called with the derivation.

    This module calls it after each derivation rather than decorating it, because the mutation
    tester leaves decorated functions unmutated, and the derivations are what must be tested."""

    def register(derive: Callable[[Situation, Any], Value]) -> Callable[[Situation, Any], Value]:
        gap = Text(zh=missing[0], en=missing[1]) if missing else Text(zh=zh, en=en)
        FACTS[name] = FactSpec(name, kind, scope, Text(zh=zh, en=en), gap, derive, tuple(values), of_the_place)
        return derive

    return register


def _span_text(span: Span) -> str:
    return f"{span.start}–{span.end}"


def _continuous_now(entries: list[Any] | None, situation: Situation) -> Value:
    """Months of the unbroken run of periods that is still going on at the as-of date."""
    if entries is None:
        return UNKNOWN
    spans = merged(s for e in entries if (s := span_of(e, situation.as_of)) is not None)
    for span in spans:
        if span.end == situation.as_of:
            return Value(span.months, _span_text(span), running=True)
    return Value(0, FACT_DETAILS["none_going_on"] if spans else None)


def _any_current(entries: list[Any] | None, situation: Situation) -> Value:
    """Whether any of the entries is still going on at the as-of date."""
    if entries is None:
        return UNKNOWN
    return Value(any(is_current(e, situation.as_of) for e in entries))


def _period_months(situation: Situation, period: Period) -> Value:
    """Whole months of one period (a home, a job, a course of study) up to the as-of date; running
    while it goes on, as a run of periods does (_continuous_now): a lease with no end, or ending
    after the day, adds months by itself, one that ended adds none."""
    span = span_of(period, situation.as_of)
    if span is None:
        return Value(0)
    return Value(span.months, running=span.end == situation.as_of)


def _total(entries: list[Any] | None, situation: Situation) -> Value:
    if entries is None:
        return UNKNOWN
    spans = merged(s for e in entries if (s := span_of(e, situation.as_of)) is not None)
    running = any(s.end == situation.as_of for s in spans)
    return Value(sum(s.months for s in spans), ", ".join(_span_text(s) for s in spans) or None, running=running)


def _longest(entries: list[Any] | None, situation: Situation) -> Value:
    if entries is None:
        return UNKNOWN
    spans = merged(s for e in entries if (s := span_of(e, situation.as_of)) is not None)
    if not spans:
        return Value(0)
    best = max(spans, key=lambda s: s.months)
    return Value(best.months, _span_text(best), running=best.end == situation.as_of)


# --- where the hukou is now -------------------------------------------------------------


def _province(gazetteer: Gazetteer, place: Place) -> Place:
    return gazetteer.chain(place)[-1]


def _in_province(situation: Situation, _: Any) -> Value:
    place = situation.hukou_place
    if place is None:
        return UNKNOWN
    g = situation.gazetteer
    home = _province(g, place)
    return Value(home == _province(g, situation.place), home.name)


fact(
    "hukou.in_province",
    "bool",
    "户籍在本省",
    "hukou in this province",
    missing=("户籍所在省 (hukou.province)", "where the hukou is (hukou.province)"),
)(_in_province)


def _in_city(situation: Situation, _: Any) -> Value:
    place = situation.hukou_place
    if place is None:
        return UNKNOWN
    g = situation.gazetteer
    held = situation.region.holds_place(g, place)
    if held is None:
        return UNKNOWN  # only a larger place, or a split district, is known
    return Value(held, g.full_name(place))


fact(
    "hukou.in_city",
    "bool",
    "户籍已在本地",
    "hukou already here",
    missing=("户籍所在市县 (hukou.city)", "the hukou's city or county (hukou.city)"),
)(_in_city)


def _hukou_area(situation: Situation, _: Any) -> Value:
    hukou = situation.profile.hukou
    if hukou is not None and hukou.zone is not None:
        return Value(hukou.zone)
    place = situation.hukou_place
    if place is None:
        return UNKNOWN
    return Value(situation.area_of(place))


fact(
    "hukou.area",
    "area",
    "户籍所在功能区域",
    "the area of the hukou",
    missing=(
        "户籍所在区县或功能区域 (hukou.city, hukou.zone)",
        "the hukou's district or zone (hukou.city, hukou.zone)",
    ),
)(_hukou_area)


def _place_area(situation: Situation, _: Any) -> Value:
    return Value(situation.place_area)


fact(
    "place.area",
    "area",
    "落户地所在区域",
    "the area of the place",
    missing=(
        "落户的区县 (--city 区县, 或 employment[].zone)",
        "the district to settle in (--city, or employment[].zone)",
    ),
    of_the_place=True,
)(_place_area)


def _hukou_type(situation: Situation, _: Any) -> Value:
    hukou = situation.profile.hukou
    return Value(hukou.type if hukou else None)


fact(
    "hukou.type",
    "enum",
    "户口性质",
    "hukou type",
    values=("rural", "urban"),
    missing=("户口性质 (hukou.type)", "rural or urban hukou (hukou.type)"),
)(_hukou_type)


# --- education and groups ------------------------------------------------------------------


def _education_level(situation: Situation, _: Any) -> Value:
    education = situation.profile.education
    return Value(education.level if education else None)


fact(
    "education.level",
    "ordinal",
    "学历",
    "education",
    values=tuple(EducationLevel),
    missing=("学历 (education.level)", "education level (education.level)"),
)(_education_level)


def _moe(situation: Situation, _: Any) -> Value:
    education = situation.profile.education
    return Value(education.moe_recognized if education and education.level else None)


fact(
    "education.moe_recognized",
    "bool",
    "教育部承认学历",
    "degree recognised by the Ministry of Education",
    missing=(
        "学历是否为教育部承认 (education.moe_recognized)",
        "whether the Ministry of Education recognises the degree (education.moe_recognized)",
    ),
)(_moe)


def _groups(situation: Situation, _: Any) -> Value:
    entries = situation.profile.groups
    if entries is None:
        return UNKNOWN
    sure: set[str] = set()
    maybe: set[str] = set()
    for entry in entries:
        group = group_of(entry)
        if group not in PLACE_BOUND:
            sure.add(group)
            continue
        place = entry.place if isinstance(entry, Credential) else None
        here = situation.in_region(place) if place else None
        (sure if here else maybe if here is None else set()).add(group)
    maybe -= sure
    if not maybe:
        return Value(Held(frozenset(sure)))
    return Value(Held(frozenset(sure), frozenset(maybe)), missing=CREDENTIAL_PLACE)


fact(
    "groups",
    "set",
    "特定群体",
    "groups",
    values=tuple(Group),
    missing=("所属群体 (groups)", "which groups the applicant belongs to (groups)"),
)(_groups)


# --- time spent here ------------------------------------------------------------------------


def _residence_months(situation: Situation, _: Any) -> Value:
    return _continuous_now(situation.local("residence"), situation)


fact(
    "residence.months",
    "months",
    "在本地连续居住",
    "continuous residence here",
    missing=("居住记录 (residence)", "where the applicant has lived (residence)"),
)(_residence_months)


def _residence_total(situation: Situation, _: Any) -> Value:
    # For sentences that put 连续 on another period and not on residence (Kaili's 三(一)1(3)).
    return _total(situation.local("residence"), situation)


fact(
    "residence.total_months",
    "months",
    "在本地累计居住",
    "residence here in all",
    missing=("居住记录 (residence)", "where the applicant has lived (residence)"),
)(_residence_total)


def _permit_months(situation: Situation, _: Any) -> Value:
    stays = situation.local("residence")
    if stays is None or any(s.permit is None for s in stays):
        return UNKNOWN
    return _continuous_now([s for s in stays if s.permit], situation)


fact(
    "residence.permit_months",
    "months",
    "连续持有本地居住证",
    "residence permit held continuously here",
    missing=("居住证情况 (residence[].permit)", "whether a residence permit was held (residence[].permit)"),
)(_permit_months)


def _insurance_continuous(situation: Situation, _: Any) -> Value:
    return _continuous_now(situation.local("social_insurance"), situation)


fact(
    "social_insurance.continuous_months",
    "months",
    "在本地连续社保",
    "continuous social insurance here",
    missing=("社保缴纳记录 (social_insurance)", "social insurance periods (social_insurance)"),
)(_insurance_continuous)


def _insurance_total(situation: Situation, _: Any) -> Value:
    return _total(situation.local("social_insurance"), situation)


fact(
    "social_insurance.total_months",
    "months",
    "在本地累计社保",
    "social insurance here in all",
    missing=("社保缴纳记录 (social_insurance)", "social insurance periods (social_insurance)"),
)(_insurance_total)


def _pension_now(situation: Situation, _: Any) -> Value:
    local = situation.local("social_insurance")
    if local is None:
        return UNKNOWN
    current = [c for c in local if is_current(c, situation.as_of)]
    if any(c.pension for c in current):
        return Value(True)
    if any(c.pension is None for c in current):
        return UNKNOWN
    return Value(False)


fact(
    "social_insurance.pension_now",
    "bool",
    "正在本地缴纳城镇基本养老保险",
    "paying urban basic pension insurance here now",
    missing=(
        "是否缴纳养老保险 (social_insurance[].pension)",
        "whether pension insurance is paid (social_insurance[].pension)",
    ),
)(_pension_now)


def _employed_here(situation: Situation, _: Any) -> Value:
    return _any_current(situation.local("employment"), situation)


fact(
    "employment.current",
    "bool",
    "在本地有稳定职业",
    "has a job here now",
    missing=("就业记录 (employment)", "jobs (employment)"),
)(_employed_here)


def _employment_months(situation: Situation, _: Any) -> Value:
    return _continuous_now(situation.local("employment"), situation)


fact(
    "employment.months",
    "months",
    "在本地连续务工经商",
    "continuous work here",
    missing=("就业记录 (employment)", "jobs (employment)"),
)(_employment_months)


def _employment_total(situation: Situation, _: Any) -> Value:
    return _total(situation.local("employment"), situation)


fact(
    "employment.total_months",
    "months",
    "累计务工经商",
    "work here in all",
    missing=("就业记录 (employment)", "jobs (employment)"),
)(_employment_total)


def _study_longest(situation: Situation, _: Any) -> Value:
    return _longest(situation.local("study"), situation)


fact(
    "study.longest_months",
    "months",
    "在本地连续学籍",
    "continuous student status here",
    missing=("就学记录 (study)", "schooling (study)"),
)(_study_longest)


def _stable_income(situation: Situation, _: Any) -> Value:
    # A job going on anywhere is a stable income; without one, income may still come from
    # elsewhere (a pension, rent): the profile says so in stable_income, or it stays unknown.
    jobs = situation.profile.employment
    if any(is_current(j, situation.as_of) for j in jobs or []):
        return Value(True, FACT_DETAILS["employed"])
    if jobs is None and situation.profile.stable_income is not True:
        return UNKNOWN  # whether they work is not known: no other income does not settle it
    return Value(situation.profile.stable_income)


fact(
    "income.stable",
    "bool",
    "合法稳定收入",
    "legal stable income",
    missing=("收入来源 (employment, stable_income)", "a source of income (employment, stable_income)"),
)(_stable_income)


def _owns_home(situation: Situation, _: Any) -> Value:
    local = situation.local("housing")
    if local is None:
        return UNKNOWN
    return Value(any(h.tenure == "owned" and is_current(h, situation.as_of) for h in local))


fact(
    "home.owned",
    "bool",
    "在本地有自有住房",
    "owns a home here",
    missing=("住房情况 (housing)", "housing (housing)"),
)(_owns_home)


# --- one home, one course of study, one job (inside `some`) --------------------------------


def _tenure(_: Situation, home: Home) -> Value:
    return Value(home.tenure)


fact("tenure", "enum", "产权", "tenure", scope="housing", values=("owned", "rented", "dormitory"))(_tenure)


def _home_since(situation: Situation, home: Home) -> Value:
    span = span_of(home, situation.as_of)
    return Value(home.since if home.since else (span.start if span else None))


fact("since", "date", "购房或起租日期", "bought or leased on", scope="housing")(_home_since)


fact("months", "months", "居住时长", "months in this home", scope="housing")(_period_months)


def _area(_: Situation, home: Home) -> Value:
    return Value(home.area_sqm)


fact(
    "area_sqm",
    "sqm",
    "住房面积",
    "floor area",
    scope="housing",
    missing=("住房面积 (housing[].area_sqm)", "floor area (housing[].area_sqm)"),
)(_area)


def _area_per_person(situation: Situation, home: Home) -> Value:
    fewest, most = situation.household
    if home.area_sqm is None or fewest != most:
        return UNKNOWN
    return Value(round(home.area_sqm / most, 2), f"{home.area_sqm:g}㎡ ÷ {most}")


fact(
    "area_per_person",
    "sqm",
    "人均住房面积",
    "floor area per person",
    scope="housing",
    missing=(
        "住房面积及随迁人员 (housing[].area_sqm, family)",
        "floor area and who moves in (housing[].area_sqm, family)",
    ),
)(_area_per_person)


def _house_number(_: Situation, home: Home) -> Value:
    return Value(home.own_house_number)


fact("own_house_number", "bool", "独立门牌号", "own house number", scope="housing")(_house_number)


def _commercial(_: Situation, home: Home) -> Value:
    return Value(home.commercial)


fact("commercial", "bool", "成套商品住宅", "a complete commercial flat", scope="housing")(_commercial)


def _lives_in(_: Situation, home: Home) -> Value:
    return Value(home.lives_in)


fact("lives_in", "bool", "实际居住", "actually lived in", scope="housing")(_lives_in)


def _study_level(_: Situation, study: Study) -> Value:
    return Value(study.level)


fact(
    "level",
    "enum",
    "就学层次",
    "level of study",
    scope="study",
    values=("compulsory", "senior_secondary", "higher"),
)(_study_level)


def _vocational(_: Situation, study: Study) -> Value:
    return Value(study.vocational)


fact("vocational", "bool", "职业或技工院校", "vocational or technical school", scope="study")(_vocational)


def _job_kind(_: Situation, job: Job) -> Value:
    return Value(job.kind)


fact("kind", "enum", "就业形式", "kind of work", scope="employment", values=("employee", "self_employed", "investor"))(
    _job_kind
)


def _contract(_: Situation, job: Job) -> Value:
    return Value(job.contract)


fact("contract", "bool", "劳动合同", "labour contract", scope="employment")(_contract)


fact("job_months", "months", "本职务工时长", "months in this job", scope="employment")(_period_months)
fact("study_months", "months", "本次就学时长", "months at this school", scope="study")(_period_months)


# --- a family member (inside follower rules) -------------------------------------------------


def _member_age(situation: Situation, member: Member) -> Value:
    return Value(member.age_on(situation.as_of))


fact(
    "member.age",
    "age",
    "年龄",
    "age",
    scope="member",
    missing=("家庭成员年龄 (family[].age)", "family member's age (family[].age)"),
)(_member_age)


def _member_lives_with(_: Situation, member: Member) -> Value:
    return Value(member.lives_with_applicant)


fact(
    "member.lives_with_applicant",
    "bool",
    "共同居住生活",
    "lives with the applicant",
    scope="member",
    missing=(
        "是否共同居住 (family[].lives_with_applicant)",
        "whether they live together (family[].lives_with_applicant)",
    ),
)(_member_lives_with)


def _member_married(_: Situation, member: Member) -> Value:
    return Value(member.married)


fact(
    "member.married",
    "bool",
    "已婚",
    "married",
    scope="member",
    missing=("婚姻状况 (family[].married)", "whether married (family[].married)"),
)(_member_married)


def _member_income(_: Situation, member: Member) -> Value:
    return Value(member.has_income)


fact(
    "member.has_income",
    "bool",
    "有生活来源",
    "has an income of their own",
    scope="member",
    missing=("是否有生活来源 (family[].has_income)", "whether they have an income (family[].has_income)"),
)(_member_income)


def _member_sex(_: Situation, member: Member) -> Value:
    return Value(member.sex)


fact(
    "member.sex",
    "enum",
    "性别",
    "sex",
    scope="member",
    values=("male", "female"),
    missing=("性别 (family[].sex)", "sex (family[].sex)"),
)(_member_sex)


# --- the applicant themself ------------------------------------------------------------------


def _applicant_age(situation: Situation, _: Any) -> Value:
    return Value(situation.profile.age_on(situation.as_of))


fact(
    "applicant.age",
    "age",
    "申请人年龄",
    "the applicant's age",
    missing=("申请人年龄 (age 或 born)", "the applicant's age (age or born)"),
)(_applicant_age)


def _applicant_born(situation: Situation, _: Any) -> Value:
    # Only the day given: an age alone leaves a year of possible birthdays, which a window drawn
    # by birth date (Guangzhou's 2015 guide) cannot be judged on.
    return Value(situation.profile.born)


fact(
    "applicant.born",
    "date",
    "申请人出生日期",
    "the applicant's date of birth",
    missing=("申请人出生日期 (born)", "the applicant's date of birth (born)"),
)(_applicant_born)


def _applicant_sex(situation: Situation, _: Any) -> Value:
    return Value(situation.profile.sex)


fact(
    "applicant.sex",
    "enum",
    "申请人性别",
    "the applicant's sex",
    values=("male", "female"),
    missing=("申请人性别 (sex)", "the applicant's sex (sex)"),
)(_applicant_sex)


def _retired(situation: Situation, _: Any) -> Value:
    return Value(situation.profile.retired)


fact("applicant.retired", "bool", "退休人员", "retired", missing=("是否退休 (retired)", "whether retired (retired)"))(
    _retired
)


def _title(situation: Situation, _: Any) -> Value:
    education = situation.profile.education
    return Value(education.professional_title if education else None)


fact(
    "education.professional_title",
    "enum",
    "专业技术职称",
    "professional title",
    values=("none", "junior", "intermediate", "senior"),
    missing=("专业技术职称 (education.professional_title)", "professional title (education.professional_title)"),
)(_title)


def _fresh_graduate(situation: Situation, _: Any) -> Value:
    education = situation.profile.education
    if education is None or education.graduated is None:
        return UNKNOWN
    graduated = education.graduated
    return Value(graduated.year == situation.as_of.year and graduated <= situation.as_of, str(graduated))


fact(
    "education.fresh_graduate",
    "bool",
    "应届毕业生",
    "graduated this year",
    missing=("毕业日期 (education.graduated)", "graduation date (education.graduated)"),
)(_fresh_graduate)


def _school_here(situation: Situation, _: Any) -> Value:
    education = situation.profile.education
    if education is None or education.school_city is None:
        return UNKNOWN
    return Value(situation.in_region(education.school_city), education.school_city)


fact(
    "education.school_here",
    "bool",
    "在本地学校毕业",
    "school here",
    missing=("学校所在地 (education.school_city)", "where the school is (education.school_city)"),
)(_school_here)


def _insured_now(situation: Situation, _: Any) -> Value:
    return _any_current(situation.local("social_insurance"), situation)


fact(
    "social_insurance.now",
    "bool",
    "正在参加社会保险",
    "insured now",
    missing=("社保缴纳记录 (social_insurance)", "social insurance periods (social_insurance)"),
)(_insured_now)


def _job_area(situation: Situation, job: Job) -> Value:
    return Value(job.zone or situation.area_of_name(job.city))


fact("area", "area", "工作所在功能区域", "the job's area", scope="employment")(_job_area)


def _strategic(_: Situation, job: Job) -> Value:
    return Value(job.strategic_emerging)


fact("strategic_emerging", "bool", "战略性新兴产业企业", "a strategic emerging industry", scope="employment")(
    _strategic
)


def _park(_: Situation, job: Job) -> Value:
    return Value(job.industrial_park)


fact(
    "industrial_park",
    "bool",
    "市级以上工业园区企业",
    "an enterprise in a city-level industrial park",
    scope="employment",
)(_park)


def _home_in_hukou_place(situation: Situation, home: Home) -> Value:
    hukou = situation.hukou_place
    if hukou is None:
        return UNKNOWN
    held = Region((hukou,)).holds(situation.gazetteer, home.city)
    if held and hukou.level != "county":
        # "户口所在区县": a hukou known only by its city or province leaves its district unknown.
        return UNKNOWN
    return Value(held, situation.gazetteer.full_name(hukou))


fact("in_hukou_place", "bool", "住房在户口所在区县", "in the hukou's own district or county", scope="housing")(
    _home_in_hukou_place
)


def _relative_relation(_: Situation, relative: Relative) -> Value:
    return Value(relative.relation)


fact("relation", "enum", "投靠对象", "relative joined", scope="relatives", values=("spouse", "parent", "child"))(
    _relative_relation
)


def _relative_urban(_: Situation, relative: Relative) -> Value:
    return Value(relative.urban)


fact("urban", "bool", "户口在城镇地区", "registered in an urban area", scope="relatives")(_relative_urban)


def _relative_lives_with(_: Situation, relative: Relative) -> Value:
    return Value(relative.lives_with_applicant)


fact("lives_with_applicant", "bool", "共同居住生活", "lives with the applicant", scope="relatives")(
    _relative_lives_with
)


# --- what points schemes count (积分) ---------------------------------------------------------


def _permit_now(situation: Situation, _: Any) -> Value:
    # What the profile says of the stays going on here; where it says nothing, whether the person
    # may apply for one at all (a permit needs half a year here: who may not apply cannot hold one).
    stays = situation.local("residence")
    if stays is None:
        return UNKNOWN
    current = [s for s in stays if is_current(s, situation.as_of)]
    if any(s.permit for s in current):
        return Value(True)
    if current and all(s.permit is False for s in current):
        return Value(False)
    from hukou.judging.residence_permit import may_apply  # imported here: it evaluates conditions on facts

    if may_apply(situation) is False:
        return Value(False, FACT_DETAILS["may_not_apply"])
    return UNKNOWN


fact(
    "residence.permit_now",
    "bool",
    "持有本地居住证",
    "holds a residence permit here",
    missing=("是否持有居住证 (residence[].permit)", "whether a residence permit is held (residence[].permit)"),
)(_permit_now)


def _record(situation: Situation) -> Record | None:
    return situation.profile.record


def _record_field(situation: Situation, field_name: str, kind: Kind) -> Value:
    record = _record(situation)
    value = getattr(record, field_name) if record is not None else None
    if kind == "set" and value is not None:
        value = frozenset(value)
    return Value(value)


def _record_fact(name: str, kind: Kind, zh: str, en: str, field_name: str, values: Sequence[str] = ()) -> None:
    """A fact read straight from the profile's record section (what points schemes count)."""

    def derive(situation: Situation, _: Any) -> Value:
        return _record_field(situation, field_name, kind)

    fact(name, kind, zh, en, missing=(f"{zh} (record.{field_name})", f"{en} (record.{field_name})"), values=values)(
        derive
    )


_record_fact("record.criminal", "bool", "刑事犯罪记录", "a criminal record", "criminal")
_record_fact(
    "record.family_planning", "bool", "符合计划生育政策", "within the family-planning rules", "family_planning"
)
_record_fact("record.detentions", "count", "行政拘留记录", "administrative detentions on record", "detentions")
_record_fact("record.tax_violations", "count", "涉税违法行为记录", "tax violations on record", "tax_violations")
_record_fact(
    "record.honours",
    "set",
    "荣誉表彰",
    "honours",
    "honours",
    values=("labour_model", "moral_model", "heroic_model"),
)
_record_fact(
    "record.skill",
    "enum",
    "职业技能等级",
    "vocational skill level",
    "skill",
    values=("intermediate_worker", "senior_worker"),
)
_record_fact(
    "record.listed_occupation",
    "bool",
    "职业资格或工种列入积分目录",
    "a qualification or trade in the points catalogue",
    "listed_occupation",
)
_record_fact(
    "record.blood_donation_years",
    "count",
    "有无偿献血的年度数",
    "years with a blood donation",
    "blood_donation_years",
)
_record_fact(
    "record.volunteer_years",
    "count",
    "志愿服务满50小时的年度数",
    "years with 50 hours of volunteering",
    "volunteer_years",
)


def _offence(situation: Situation, _: Any) -> Value:
    record = _record(situation)
    if record is None:
        return UNKNOWN
    if record.offence or record.criminal:  # a criminal record is an offence on record
        return Value(True)
    return Value(record.offence)


fact(
    "record.offence",
    "bool",
    "违法犯罪记录",
    "an offence or crime on record",
    missing=("违法犯罪记录 (record.offence)", "an offence or crime on record (record.offence)"),
)(_offence)


def _last_three_years(situation: Situation) -> list[Decimal] | None:
    """Income tax of the three calendar years before the as-of year (a year not listed paid none).

    As the decimals written, not binary fractions: 10.1 + 9.9 + 10 is exactly 30 (10 a year),
    and 29.99 is short of it, not rounded up to it."""
    record = _record(situation)
    if record is None or record.income_tax is None:
        return None
    paid = {t.year: Decimal(str(t.wan)) for t in record.income_tax}
    return [paid.get(situation.as_of.year - k, Decimal(0)) for k in (3, 2, 1)]


_TAX_MISSING = ("个人所得税纳税记录 (record.income_tax)", "income tax paid by year (record.income_tax)")


def _tax_total(situation: Situation, _: Any) -> Value:
    years = _last_three_years(situation)
    return UNKNOWN if years is None else Value(float(sum(years)), " + ".join(f"{float(y):g}" for y in years))


fact(
    "income_tax.last3_total",
    "money",
    "近3个纳税年度个人所得税累计",
    "income tax of the last 3 years",
    missing=_TAX_MISSING,
)(_tax_total)


def _tax_average(situation: Situation, _: Any) -> Value:
    years = _last_three_years(situation)
    return UNKNOWN if years is None else Value(float(sum(years) / 3))


fact(
    "income_tax.last3_average",
    "money",
    "近3年年均个人所得税",
    "income tax a year, averaged over 3 years",
    missing=_TAX_MISSING,
)(_tax_average)


def _tax_every_year(situation: Situation, _: Any) -> Value:
    years = _last_three_years(situation)
    return UNKNOWN if years is None else Value(all(y > 0 for y in years))


fact(
    "income_tax.last3_every_year",
    "bool",
    "近3年连续纳税",
    "paid income tax in each of the last 3 years",
    missing=_TAX_MISSING,
)(_tax_every_year)


def _homes_now(situation: Situation, tenures: set[str]) -> Value:
    """Months of the unbroken run of homes of these tenures here still going on."""
    local = situation.local("housing")
    if local is None:
        return UNKNOWN
    return _continuous_now([h for h in local if h.tenure in tenures], situation)


def _owned_months(situation: Situation, _: Any) -> Value:
    return _homes_now(situation, {"owned"})


fact(
    "housing.owned_months",
    "months",
    "在自有住所连续居住",
    "continuous residence in an owned home here",
    missing=("住房情况 (housing)", "housing (housing)"),
)(_owned_months)


def _rented_months(situation: Situation, _: Any) -> Value:
    return _homes_now(situation, {"rented", "dormitory"})


fact(
    "housing.rented_months",
    "months",
    "在租赁住所或单位宿舍连续居住",
    "continuous residence in a rented home or dormitory here",
    missing=("住房情况 (housing)", "housing (housing)"),
)(_rented_months)
