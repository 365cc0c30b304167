"""The applicant profile: the public input contract.

Every section is optional. An absent section or field is *unknown*, not false; an empty list
means "none". Periods (stays, homes, jobs, contributions, study) have ``since`` and, once
ended, ``until``; or just ``months``, counted back from the as-of date.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, WithJsonSchema, model_validator

from hukou.model import vocabulary as words
from hukou.model.dates import read_day

Area = Annotated[float, Field(gt=0)]
Months = Annotated[int, Field(ge=0, le=1200)]

Day = Annotated[
    dt.date,
    BeforeValidator(read_day),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\s*\d{4}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*[日号]?\s*$",
            "examples": ["2024-03-01", "2024/3/1", "2024年3月1日"],
        }
    ),
]
"""A day, written as in ISO or as people write it in China: ``2024-03-01``, ``2024/3/1``, ``2024年3月1日``."""

YesNo = Annotated[
    bool,
    BeforeValidator(words.yes_no),
    WithJsonSchema({"anyOf": [{"type": "boolean"}, {"enum": ["是", "否", "有", "无", "yes", "no"]}]}),
]
"""true or false; 是/否 (有/无, yes/no) are read as the same."""


class Strict(BaseModel):
    """A section of the profile: unknown keys are errors, not silently dropped."""

    # Built on first validation: only Profile's validator is used (it holds the sections'),
    # so building one per section at import was start-up time spent for nothing. Each field's
    # description is in the JSON Schema, for an editor to show (given with Field, not as a
    # docstring: reading docstrings makes pydantic read the source, ten times this module's import).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class _Worded(StrEnum):
    """An enumeration that also takes the Chinese words of its vocabulary (``Group("人才引进")``)."""

    @classmethod
    def _missing_(cls, value: object) -> Any:
        word = _VOCABULARIES[cls.__name__].canonical(value)
        return cls(word) if isinstance(word, str) and word != value else None


class EducationLevel(_Worded):
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


class Group(_Worded):
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


class Relation(_Worded):
    """A family member's relation to the applicant."""

    spouse = "spouse"
    child = "child"
    parent = "parent"
    grandparent = "grandparent"
    grandchild = "grandchild"
    sibling = "sibling"
    other = "other"


_VOCABULARIES = {"EducationLevel": words.EDUCATION, "Group": words.GROUP, "Relation": words.RELATION}

Level = Annotated[EducationLevel, WithJsonSchema(words.EDUCATION.json_schema())]
GroupWord = Annotated[Group, WithJsonSchema(words.GROUP.json_schema())]
RelationWord = Annotated[Relation, WithJsonSchema(words.RELATION.json_schema())]
Sex = Annotated[
    Literal["male", "female"], BeforeValidator(words.SEX.canonical), WithJsonSchema(words.SEX.json_schema())
]
Zone = Annotated[
    Literal["core", "expansion", "new_urban", "northeast", "southeast"],
    BeforeValidator(words.ZONE.canonical),
    WithJsonSchema(words.ZONE.json_schema()),
]
"""Chongqing's functional zones: 都市功能核心区, 都市功能拓展区, 城市发展新区, 渝东北, 渝东南."""


# Groups shown by a certificate, roster, placement, investment or post that a government or body of
# one place issues or keeps: each counts where its document says (the place asked, by default), so
# the profile says where it was issued; without the place it may or may not count (unknown). The
# others (a returned overseas student, a technical worker, a commendation at provincial level or
# above) are facts about the person, good anywhere.
PLACE_BOUND = frozenset(
    {
        Group.talent,
        Group.investor,
        Group.outstanding_contribution,
        Group.military_transfer,
        Group.relocation,
        Group.heroic_act,
        Group.fiscal_staff,
        Group.civil_servant,
        Group.commended_migrant_worker,
        Group.military_family,
        Group.military_spouse,
    }
)


class Credential(BaseModel):
    """A group with where (and when) its certificate, roster or placement was issued or made."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    group: GroupWord = Field(description="The group (人才引进, 投资人员, …).")
    place: str | None = Field(
        None, description="Where the certificate, roster or placement was issued (a city, district or province)."
    )
    since: Day | None = Field(None, description="When it was issued.")


def group_of(entry: Group | Credential) -> Group:
    """The group an entry of ``groups`` names."""
    return entry.group if isinstance(entry, Credential) else entry


class Hukou(Strict):
    """Where the applicant's hukou is registered now."""

    province: str | None = Field(None, description="The province (省), e.g. 湖南 or 湖南省; a city goes in ``city``.")
    city: str | None = Field(None, description="The city, county or district (市/县/区), e.g. 邵阳.")
    type: (
        Annotated[
            Literal["rural", "urban"],
            BeforeValidator(words.HUKOU_TYPE.canonical),
            WithJsonSchema(words.HUKOU_TYPE.json_schema()),
        ]
        | None
    ) = Field(None, description="rural (农业) or urban (非农业) hukou.")
    zone: Zone | None = Field(None, description="The Chongqing functional zone, where the district alone does not say.")


class Education(Strict):
    """The highest education completed (学历)."""

    level: Level | None = Field(
        None, description="Highest completed level (学历): 大专, 本科, … or associate, bachelor, …"
    )
    # 教育部承认: unknown unless given, like every fact (a foreign degree needs the ministry's
    # certification; the profile says so, the engine does not assume it).
    moe_recognized: YesNo | None = Field(
        None, description="Recognised by the Ministry of Education (教育部承认); unknown unless given."
    )
    graduated: Day | None = Field(
        None, description="When the highest level was completed (毕业日期); not after the day judged."
    )
    school_city: str | None = Field(None, description="Where that school is (毕业院校所在地).")
    professional_title: (
        Annotated[
            Literal["none", "junior", "intermediate", "senior"],
            BeforeValidator(words.TITLE.canonical),
            WithJsonSchema(words.TITLE.json_schema()),
        ]
        | None
    ) = Field(None, description="Professional title (专业技术职称): 初级, 中级, 高级 or none.")


class Period(Strict):
    """A span of time in one place: ``since`` (and ``until`` once ended), or ``months``."""

    city: str = Field(description="The city, county or district, in Chinese or pinyin (凯里, Kaili).")
    since: Day | None = Field(
        None, description="The first day (起始日期); with no ``until`` the period goes on to the day judged."
    )
    until: Day | None = Field(
        None, description="The last day, once the period has ended (截止日期); a later day is a planned end."
    )
    months: Months | None = Field(None, description="Instead of dates: how many months, ending on the day judged.")
    zone: Zone | None = Field(None, description="A Chongqing functional zone, where the district alone does not say.")

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
    """A stay in a city (居住)."""

    permit: YesNo | None = Field(None, description="Held that city's residence permit (居住证) throughout.")


class Home(Period):
    """A home (住房): owned, rented or a dormitory; ``since`` is the purchase date or lease start."""

    tenure: Annotated[
        Literal["owned", "rented", "dormitory"],
        BeforeValidator(words.TENURE.canonical),
        WithJsonSchema(words.TENURE.json_schema()),
    ] = Field(description="owned (自有), rented (租赁) or dormitory (宿舍).")
    area_sqm: Area | None = Field(None, description="Floor area in square metres (建筑面积, ㎡).")
    own_house_number: YesNo | None = Field(None, description="Has its own house number (独立门牌号).")
    commercial: YesNo | None = Field(None, description="A complete commercial flat (成套商品住宅).")
    lives_in: YesNo | None = Field(None, description="Actually lived in (实际居住).")

    @model_validator(mode="after")
    def _area_is_a_home(self) -> Self:
        if self.area_sqm is not None and self.area_sqm > 100_000:
            raise ValueError(f"area_sqm {self.area_sqm} is not the floor area of a home")
        return self


class Job(Period):
    """Work in a city (就业)."""

    kind: (
        Annotated[
            Literal["employee", "self_employed", "investor"],
            BeforeValidator(words.JOB_KIND.canonical),
            WithJsonSchema(words.JOB_KIND.json_schema()),
        ]
        | None
    ) = Field(None, description="employee (受雇), self_employed (个体经营) or investor (投资).")
    contract: YesNo | None = Field(None, description="A labour contract (劳动合同).")
    strategic_emerging: YesNo | None = Field(
        None, description="An enterprise in a strategic emerging industry (战略性新兴产业企业)."
    )
    industrial_park: YesNo | None = Field(
        None, description="An enterprise in a city-level or higher industrial park (工业园区)."
    )


class Contribution(Period):
    """Social-insurance contributions (社保缴纳)."""

    pension: YesNo | None = Field(None, description="Urban basic pension insurance (城镇基本养老保险).")


class Study(Period):
    """Schooling in a city (就读, 学籍)."""

    level: (
        Annotated[
            Literal["compulsory", "senior_secondary", "higher"],
            BeforeValidator(words.STUDY_LEVEL.canonical),
            WithJsonSchema(words.STUDY_LEVEL.json_schema()),
        ]
        | None
    ) = Field(None, description="compulsory (义务教育), senior_secondary (高中) or higher (高等教育).")
    vocational: YesNo | None = Field(
        None, description="A vocational school (中专/技工/职业院校) rather than a general high school."
    )


class Aged(Strict):
    """Someone whose age is given as a number of years or a date of birth (not both)."""

    age: Annotated[int, Field(ge=0, le=130)] | None = Field(
        None, description="Age in whole years (年龄); or give ``born``."
    )
    born: Day | None = Field(
        None, description="Date of birth (出生日期), for the age on the day judged; or give ``age``."
    )

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
    """A family member who would move with the applicant (随迁亲属)."""

    relation: RelationWord = Field(
        description="spouse (配偶), child (子女), parent (父母), … ; 父亲, 女儿 and the like also say the sex."
    )
    name: str | None = Field(None, description="Their name, to tell relatives apart in the output.")
    sex: Sex | None = Field(None, description="male (男) or female (女).")
    married: YesNo | None = Field(None, description="Married (已婚).")
    has_income: YesNo | None = Field(None, description="Has an income of their own (有生活来源).")
    lives_with_applicant: YesNo | None = Field(None, description="Lives with the applicant (共同居住生活).")

    @model_validator(mode="before")
    @classmethod
    def _sex_from_the_word(cls, data: Any) -> Any:
        """父亲 is a parent who is male: the word says the sex when the profile does not."""
        if isinstance(data, dict) and isinstance(relation := data.get("relation"), str) and data.get("sex") is None:
            implied = words.IMPLIED_SEX.get(relation.strip())
            if implied is not None:
                return {**data, "sex": implied}
        return data


class Relative(Strict):
    """A relative whose hukou is already where the applicant wants to settle (投靠对象)."""

    relation: Annotated[
        Literal["spouse", "parent", "child"],
        BeforeValidator(words.RELATIVE.canonical),
        WithJsonSchema(words.RELATIVE.json_schema()),
    ] = Field(description="The relative's relation to the applicant: spouse (配偶), parent (父母) or child (子女).")
    city: str = Field(description="Where the relative's hukou is.")
    urban: YesNo | None = Field(None, description="Registered in an urban area (城镇地区).")
    lives_with_applicant: YesNo | None = Field(None, description="Lives with the applicant (共同居住生活).")


class LandRights(Strict):
    """Rural land rights. Never a condition: every document forbids it."""

    contract_land: YesNo | None = Field(None, description="Land contract rights (土地承包经营权).")
    homestead: YesNo | None = Field(None, description="Homestead use rights (宅基地使用权).")
    collective_income: YesNo | None = Field(None, description="A share of collective income (集体收益分配权).")


Honour = Literal["labour_model", "moral_model", "heroic_model"]
"""Honours points schemes count: 省部级以上劳动模范, 全国或首都道德模范, 全国见义勇为英雄模范或首都见义勇为好市民."""

Skill = Literal["intermediate_worker", "senior_worker"]
"""Vocational skill certificates (职业技能): 中级工 (or 工勤技术岗位四级), 高级工 and above (三级及以上)."""

Count = Annotated[int, Field(ge=0, le=100)]


class TaxYear(Strict):
    """Personal income tax paid in one calendar year (个人所得税), in 万元 (10,000 yuan)."""

    year: Annotated[int, Field(ge=1980, le=2100, description="The calendar year.")]
    wan: Annotated[float, Field(ge=0, le=100_000, description="Income tax paid that year, in 万元.")]


class Record(Strict):
    """What points schemes (积分) count for or against, each shown by a certificate or a record.

    Only points channels and their prerequisites read these; every field is optional (unknown).
    """

    criminal: bool | None = Field(None, description="A criminal record (刑事犯罪记录).")
    offence: bool | None = Field(
        None, description="An offence or crime on record (违法犯罪记录); a criminal record is one."
    )
    family_planning: bool | None = Field(None, description="Within the family-planning policy (符合计划生育政策).")
    detentions: Count | None = Field(
        None, description="Administrative detentions (行政拘留) since the points scheme took effect."
    )
    tax_violations: Count | None = Field(
        None, description="Tax violations on record (涉税违法行为记录) since the points scheme took effect."
    )
    honours: list[Honour] | None = Field(None, description="Honours: labour_model, moral_model, heroic_model.")
    skill: Skill | None = Field(None, description="The highest vocational skill certificate (职业技能).")
    listed_occupation: bool | None = Field(None, description="A qualification or trade in the city's points catalogue.")
    blood_donation_years: Count | None = Field(
        None, description="Years (of the last five) with a blood donation here (献血)."
    )
    volunteer_years: Count | None = Field(
        None, description="Years (of the last five) with 50+ hours of volunteering here (志愿服务)."
    )
    income_tax: list[TaxYear] | None = Field(None, description="Personal income tax (个人所得税) by calendar year.")


class Profile(Aged):
    """One applicant, as far as they are known. Every section is optional: absent is unknown, not false."""

    name: str | None = Field(None, description="The applicant's name, shown in every table.")
    sex: Sex | None = Field(None, description="male (男) or female (女).")
    retired: YesNo | None = Field(None, description="Retired (退休).")
    stable_income: YesNo | None = Field(
        None, description="A stable livelihood (稳定生活来源) besides a job: a pension, rent."
    )
    hukou: Hukou | None = Field(None, description="Where the hukou is registered now (户籍所在地).")
    education: Education | None = Field(None, description="The highest education completed (学历).")
    groups: list[GroupWord | Credential] | None = Field(
        None,
        description="Groups the documents name (人才引进, 投资人员, …), each a name or {group, place, since} with"
        " where its certificate or roster was issued; [] for none, absent for not known.",
    )
    residence: list[Stay] | None = Field(None, description="Stays (居住), each with since (and until) or months.")
    housing: list[Home] | None = Field(None, description="Homes (住房): owned, rented or dormitory.")
    employment: list[Job] | None = Field(None, description="Jobs (就业).")
    social_insurance: list[Contribution] | None = Field(None, description="Social-insurance contributions (社保).")
    study: list[Study] | None = Field(None, description="Schooling (学籍).")
    family: list[Member] | None = Field(None, description="People who would move with the applicant (随迁亲属).")
    relatives: list[Relative] | None = Field(
        None, description="Relatives whose hukou is where the applicant would settle (投靠)."
    )
    land_rights: LandRights | None = Field(
        None, description="Rural land rights (承包地, 宅基地, 集体收益): never a condition."
    )
    record: Record | None = Field(None, description="What points schemes (积分) count for or against.")
