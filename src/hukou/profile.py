"""The applicant profile: the public input contract.

Every section is optional. An absent section or field is *unknown*, not false; an empty list
means "none". Periods (stays, homes, jobs, contributions, study) have ``since`` and, once
ended, ``until``; or just ``months``, counted back from the as-of date.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import StrEnum
from typing import Annotated, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, model_validator

Area = Annotated[float, Field(gt=0)]
Months = Annotated[int, Field(ge=0, le=1200)]

_CHINESE_DATE = re.compile(r"^\s*(\d{4})\s*(?:年|/|\.)\s*(\d{1,2})\s*(?:月|/|\.)\s*(\d{1,2})\s*日?\s*$")


def _day(value: object) -> object:
    """Dates as people write them in China, as well as ISO: 2023年3月1日, 2023/3/1, 2023.3.1.

    Example:
        >>> _day("2023年3月1日"), _day("2023/3/1")
        ('2023-03-01', '2023-03-01')
    """
    if isinstance(value, str) and (match := _CHINESE_DATE.match(value)):
        year, month, day = (int(g) for g in match.groups())
        return f"{year:04d}-{month:02d}-{day:02d}"
    return value


Day = Annotated[dt.date, BeforeValidator(_day)]


class Strict(BaseModel):
    """A section of the profile: unknown keys are errors, not silently dropped."""

    # Built on first validation: only Profile's validator is used (it holds the sections'),
    # so building one per section at import was start-up time spent for nothing.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class EducationLevel(StrEnum):
    """Highest completed education, in the order the policies rank it."""

    none = "none"
    primary = "primary"
    junior_secondary = "junior_secondary"
    senior_secondary = "senior_secondary"
    secondary_vocational = "secondary_vocational"
    technical_school = "technical_school"
    associate = "associate"  # 大专
    bachelor = "bachelor"
    master = "master"
    doctorate = "doctorate"

    @property
    def rank(self) -> int:
        """Secondary general, vocational and technical schools stand level with each other."""
        return _EDUCATION_RANK[self]


_EDUCATION_RANK = {
    EducationLevel.none: 0,
    EducationLevel.primary: 1,
    EducationLevel.junior_secondary: 2,
    EducationLevel.senior_secondary: 3,
    EducationLevel.secondary_vocational: 3,
    EducationLevel.technical_school: 3,
    EducationLevel.associate: 4,
    EducationLevel.bachelor: 5,
    EducationLevel.master: 6,
    EducationLevel.doctorate: 7,
}


class Group(StrEnum):
    """Groups the documents single out, each shown by a certificate or roster."""

    talent = "talent"  # 人才引进 (certificate from the organisation or personnel department)
    investor = "investor"  # 投资人员
    outstanding_contribution = "outstanding_contribution"  # 有突出贡献人员
    military_transfer = "military_transfer"  # 军人转业安置
    relocation = "relocation"  # 移民搬迁 (on the relocation office's roster)
    heroic_act = "heroic_act"  # 见义勇为
    returned_overseas = "returned_overseas"  # 留学归国人员
    technical_worker = "technical_worker"  # 技术工人
    fiscal_staff = "fiscal_staff"  # 财政供养人员
    civil_servant = "civil_servant"  # 公务员、机关事业单位在编人员 (录用、调任、聘用)
    commended = "commended"  # 省(部)级以上表彰的先进个人、劳动模范
    commended_migrant_worker = "commended_migrant_worker"  # 受市各级政府表彰的优秀农民工
    military_family = "military_family"  # 经批准随军的军人家属
    military_spouse = "military_spouse"  # 现役军人的配偶


Zone = Literal["core", "expansion", "new_urban", "northeast", "southeast"]
"""Chongqing's functional zones: 都市功能核心区, 都市功能拓展区, 城市发展新区, 渝东北, 渝东南."""


class Hukou(Strict):
    """Where the applicant's hukou is registered now."""

    province: str | None = None
    city: str | None = None
    type: Literal["rural", "urban"] | None = None
    zone: Zone | None = None  # where the district alone does not say


class Education(Strict):
    level: EducationLevel | None = None
    # 教育部承认: unknown unless given, like every fact (a foreign degree needs the ministry's
    # certification; the profile says so, the engine does not assume it).
    moe_recognized: bool | None = None
    graduated: Day | None = None  # when the highest level was completed
    school_city: str | None = None  # where that school is
    professional_title: Literal["none", "junior", "intermediate", "senior"] | None = None  # 专业技术职称


class Period(Strict):
    """A span of time in one place: ``since`` (and ``until`` once ended), or ``months``."""

    city: str
    since: Day | None = None
    until: Day | None = None
    months: Months | None = None
    zone: Zone | None = None  # a Chongqing functional zone, where the district alone does not say

    @model_validator(mode="after")
    def _dates_make_sense(self) -> Self:
        if self.since is None and self.months is None:
            raise ValueError("give since (a date) or months")
        if self.since is not None and self.months is not None:
            raise ValueError("give since or months, not both")
        if self.until is not None and self.since is None:
            raise ValueError("until needs since")
        if self.since and self.until and self.until < self.since:
            raise ValueError(f"until {self.until} is before since {self.since}")
        return self


class Stay(Period):
    permit: bool | None = None  # held that city's residence permit (居住证) throughout


class Home(Period):
    tenure: Literal["owned", "rented", "dormitory"]
    area_sqm: Area | None = None
    own_house_number: bool | None = None  # 独立门牌号
    commercial: bool | None = None  # 成套商品住宅 (a complete commercial flat)
    lives_in: bool | None = None  # actually lived in (实际居住)

    @model_validator(mode="after")
    def _area_is_a_home(self) -> Self:
        if self.area_sqm is not None and self.area_sqm > 100_000:
            raise ValueError(f"area_sqm {self.area_sqm} is not the floor area of a home")
        return self


class Job(Period):
    kind: Literal["employee", "self_employed", "investor"] | None = None
    contract: bool | None = None  # a labour contract (劳动合同)
    strategic_emerging: bool | None = None  # 战略性新兴产业企业
    industrial_park: bool | None = None  # an enterprise in a city-level or higher industrial park


class Contribution(Period):
    pension: bool | None = None  # urban basic pension insurance (城镇基本养老保险)


class Study(Period):
    level: Literal["compulsory", "senior_secondary", "higher"] | None = None
    vocational: bool | None = None  # 中专/技工/职业院校 rather than a general high school


class Relation(StrEnum):
    spouse = "spouse"
    child = "child"
    parent = "parent"
    grandparent = "grandparent"
    grandchild = "grandchild"
    sibling = "sibling"
    other = "other"


class Aged(Strict):
    """Someone whose age is given as a number of years or a date of birth (not both)."""

    age: Annotated[int, Field(ge=0, le=130)] | None = None
    born: Day | None = None

    @model_validator(mode="after")
    def _one_age(self) -> Self:
        if self.age is not None and self.born is not None:
            raise ValueError("give age or born, not both")
        return self

    def age_on(self, day: dt.date) -> int | None:
        """Age in whole years on ``day``; None if unknown."""
        if self.born is None:
            return self.age
        years = day.year - self.born.year
        return years - ((day.month, day.day) < (self.born.month, self.born.day))


class Member(Aged):
    """A family member who would move with the applicant."""

    relation: Relation
    name: str | None = None
    sex: Literal["male", "female"] | None = None
    married: bool | None = None
    has_income: bool | None = None
    lives_with_applicant: bool | None = None


class Relative(Strict):
    """A relative whose hukou is already where the applicant wants to settle (投靠对象)."""

    relation: Literal["spouse", "parent", "child"]  # the relative's relation to the applicant
    city: str  # where the relative's hukou is
    urban: bool | None = None  # registered in an urban area (城镇地区)
    lives_with_applicant: bool | None = None


class LandRights(Strict):
    """Rural land rights. Never a condition: every document forbids it."""

    contract_land: bool | None = None  # 土地承包经营权
    homestead: bool | None = None  # 宅基地使用权
    collective_income: bool | None = None  # 集体收益分配权


class Profile(Aged):
    """One applicant, as far as they are known."""

    name: str | None = None
    sex: Literal["male", "female"] | None = None
    retired: bool | None = None
    stable_income: bool | None = None  # a stable livelihood (稳定生活来源) besides a job: pension, rent
    hukou: Hukou | None = None
    education: Education | None = None
    groups: list[Group] | None = None
    residence: list[Stay] | None = None
    housing: list[Home] | None = None
    employment: list[Job] | None = None
    social_insurance: list[Contribution] | None = None
    study: list[Study] | None = None
    family: list[Member] | None = None
    relatives: list[Relative] | None = None
    land_rights: LandRights | None = None
