"""The rule-file schema: one YAML file per jurisdiction, validated at load.

A rule file names its jurisdiction, the documents it rests on, and the channels (落户渠道)
those documents open. Each channel quotes its sentence, states its conditions as a tree of
``all`` / ``any`` / ``not`` / ``some`` over named profile facts, and says who may follow and
where the hukou is registered. Nothing here is executed: conditions are data that the engine
(or a second backend) interprets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple, Self

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    model_validator,
)

from hukou.bilingual import Text
from hukou.model.profile import Relation


class Strict(BaseModel):
    # Validators are built when a file is first validated, not at import: a command that
    # takes the rulebook from its snapshot never validates one, and building them all for
    # nothing took longer than judging.
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]


Operator = Literal["==", "!=", ">=", ">", "<=", "<", "in", "not_in", "contains"]
Unit = Literal["month", "year", "sqm", "person", "age", "wan_yuan"]
Scalar = bool | int | float | dt.date | str
Collection = Literal["housing", "study", "employment", "relatives"]
CountedIn = Literal["place", "jurisdiction", "area"]


class Leaf(Strict):
    """One comparison of a profile fact with a threshold the document states."""

    id: Identifier
    fact: str
    op: Operator
    value: Scalar | list[Scalar]
    unit: Unit | None = None
    label: Text | None = None
    quote: str | None = None  # a sentence of its own, where the threshold comes from elsewhere
    # Where periods and places count: the place asked (default), the whole jurisdiction
    # ("在渝参加社会保险"), or the area of the jurisdiction the place lies in (a functional zone).
    counted_in: CountedIn = "place"


class All(Strict):
    id: Identifier | None = None
    all: list[Condition] = Field(min_length=1)
    label: Text | None = None


class AnyOf(Strict):
    id: Identifier | None = None
    any: list[Condition] = Field(min_length=1)
    label: Text | None = None


class Not(Strict):
    id: Identifier | None = None
    not_: Condition = Field(alias="not")
    label: Text | None = None


class Some(Strict):
    """At least one item of a profile list (a home, a course of study, a job) meets ``where``.

    Items are those in the jurisdiction and, with ``current``, not ended on the as-of date.
    """

    id: Identifier
    some: Collection
    where: Condition
    current: bool = True
    label: Text | None = None
    counted_in: CountedIn = "place"


_KINDS = {
    "fact": "<leaf>",
    "all": "<all>",
    "any": "<any>",
    "not": "<not>",
    "not_": "<not>",
    "some": "<some>",
}


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, BaseModel):
        value = value.model_dump(by_alias=True)
    if isinstance(value, dict):
        for key, kind in _KINDS.items():
            if key in value:
                return kind
    return None


Condition = Annotated[
    Annotated[Leaf, Tag("<leaf>")]
    | Annotated[All, Tag("<all>")]
    | Annotated[AnyOf, Tag("<any>")]
    | Annotated[Not, Tag("<not>")]
    | Annotated[Some, Tag("<some>")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition_kind",
        custom_error_message="a condition needs one of the keys fact, all, any, not, some",
    ),
]


Path = tuple[str | int, ...]


class Located(NamedTuple):
    """A node of a condition tree, where it stands in the file, and the nodes above it."""

    node: Condition
    path: Path
    above: tuple[Condition, ...]


def walk(condition: Condition, path: Path = (), above: tuple[Condition, ...] = ()) -> Iterator[Located]:
    """Every node of a condition tree, each before the nodes under it, in order, with its path.

    The only walk over the file's condition union: the checks read it, and the compiled form
    (hukou.rulebook.compiled) is built from it.
    """
    yield Located(condition, path, above)
    here = (*above, condition)
    match condition:
        case All():
            for i, part in enumerate(condition.all):
                yield from walk(part, (*path, "all", i), here)
        case AnyOf():
            for i, part in enumerate(condition.any):
                yield from walk(part, (*path, "any", i), here)
        case Not():
            yield from walk(condition.not_, (*path, "not"), here)
        case Some():
            yield from walk(condition.where, (*path, "where"), here)


def nodes(condition: Condition) -> Iterator[Condition]:
    """Every node of a condition tree, each before the nodes under it, in order."""
    return (located.node for located in walk(condition))


def leaves(condition: Condition) -> Iterator[Leaf]:
    """Every comparison in a condition tree, in order."""
    return (node for node in nodes(condition) if isinstance(node, Leaf))


# The tags above appear in pydantic's error locations; they are not keys of the file.
CONDITION_TAGS = frozenset(_KINDS.values())

RegistrationType = Literal[
    "public_collective",  # 辖区派出所公共户
    "own_home",  # 自有住房
    "residence",  # 居住地 (the legal residence, owned or rented)
    "relative_household",  # 亲属家庭户
    "school_collective",  # 学校集体户
    "employer_collective",  # 单位集体户
    "talent_centre",  # 人才交流中心公共户
    "place_of_study",  # 就读地
    "not_stated",  # the document does not say
]


class Registration(Strict):
    """Where the hukou goes; the first option whose ``when`` holds applies."""

    type: RegistrationType
    when: Condition | None = None
    note: Text | None = None


class FollowerRule(Strict):
    """One kind of relative who may move with the applicant, and on what condition."""

    relation: Relation
    when: Condition | None = None
    label: Text


class Followers(Strict):
    quote: str | None = None
    allowed: list[FollowerRule] = []
    note: Text | None = None


class Waiver(Strict):
    """An exception: for people meeting ``when``, the listed conditions do not apply."""

    id: Identifier
    title: Text
    document: str
    quote: str
    when: Condition
    waives: list[Identifier] = Field(min_length=1)


class Deferral(Strict):
    """The document leaves this channel's threshold to a regulation we do not have."""

    regulation: str
    reason: Text


class Window(Strict):
    start: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None

    @model_validator(mode="after")
    def _in_order(self) -> Self:
        if self.start is not None and self.until is not None and self.until < self.start:
            raise ValueError(f"the window ends ({self.until}) before it starts ({self.start})")
        return self

    def contains(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.until is None or day <= self.until)


# --- points-based settlement (积分落户) ---------------------------------------------------------


class PerYear(Strict):
    """Points for each full year of a duration ("每满1年积3分": a year short of full counts nothing).

    ``at_most_years_of`` limits the years counted by another duration's ("当连续居住年限多于缴纳社会
    保险年限，以连续缴纳社会保险年限作为连续居住年限"); indicators naming the same limit share it,
    in file order.
    """

    fact: str | None = None  # a months fact; or moved_out_of
    points: float
    every: int = Field(default=1, ge=1)  # years per step
    at_most_years_of: str | None = None  # a months fact
    counted_in: CountedIn = "place"
    # Years since moving out of an area of the jurisdiction (Beijing's 城六区): the stay (or job)
    # going on lies outside it and an earlier one inside; counted from ``counted_from`` at the
    # earliest ("自本办法施行之日起"). With several sections, each must have moved: the shortest counts.
    moved_out_of: Identifier | None = None
    sections: list[Literal["residence", "employment"]] = Field(default=["residence"], min_length=1)
    counted_from: dt.date | None = None

    @model_validator(mode="after")
    def _fact_or_move(self) -> Self:
        if (self.fact is None) == (self.moved_out_of is None):
            raise ValueError("per_year needs a fact, or moved_out_of (an area), not both")
        return self


class Row(Strict):
    value: str
    points: float


class Table(Strict):
    """Points by the value of a fact (education levels). For an ordered fact a value earns the row
    of the highest listed value it reaches ("本科及以上学历计60分"); otherwise the row it equals."""

    fact: str
    rows: list[Row] = Field(min_length=1)
    when: Condition | None = None  # nothing is earned unless it holds (a degree the Ministry recognises)


class Fixed(Strict):
    """Fixed points when a condition holds (age under 45: +20); negative points deduct."""

    when: Condition
    points: float


class PerCount(Strict):
    """Points for each record counted (each tax violation: -12; each year with a donation: +2)."""

    fact: str  # a count fact
    points: float


class UpTo(Strict):
    """Only the maximum can be said: the document leaves who earns how much to rules we lack, or
    the profile cannot say what the indicator reads."""

    points: float = Field(gt=0)
    when: Condition | None = None  # when it is known that nothing is earned: the condition fails
    why: Text | None = None  # why only the maximum can be said (default: the rules are not in our sources)


class Indicator(Strict):
    """One points indicator (积分指标) with the sentence that states it.

    Exactly one of: ``per_year``, ``table``, ``fixed``, ``per_count``, ``up_to``, ``best_of``
    (only the highest of its parts counts, "只计最高分，不累计").
    """

    id: Identifier
    title: Text
    document: str | None = None  # the channel's document if not given
    section: str | None = None
    quote: str
    per_year: PerYear | None = None
    table: Table | None = None
    fixed: Fixed | None = None
    per_count: PerCount | None = None
    up_to: UpTo | None = None
    best_of: list[Indicator] | None = Field(default=None, min_length=2)
    cap: float | None = Field(default=None, gt=0)  # "最高加6分", "最高不超过10分"
    interpretation: Text | None = None

    @model_validator(mode="after")
    def _one_kind(self) -> Self:
        kinds = [k for k in INDICATOR_KINDS if getattr(self, k) is not None]
        if len(kinds) != 1:
            given = ", ".join(kinds) or "none"
            raise ValueError(f"an indicator needs exactly one of {', '.join(INDICATOR_KINDS)} (given: {given})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in INDICATOR_KINDS if getattr(self, k) is not None)


INDICATOR_KINDS = ("per_year", "table", "fixed", "per_count", "up_to", "best_of")


class Line(Strict):
    """The score to reach (落户分值), with the sentence that states it and when it applies."""

    points: float = Field(gt=0)
    document: str | None = None
    section: str | None = None
    quote: str
    effective: Window | None = None


class Admission(Strict):
    """Who reaches the line is not yet admitted: a yearly quota and a ranking decide (总量控制, 排名)."""

    document: str | None = None
    section: str | None = None
    quote: str
    ranking: Text  # how the ranking is made, in words


class Points(Strict):
    """A points scheme: indicators summed to a score, a line to reach, and what decides after it.

    No ``line``: the document leaves it to a figure published each year (``no_line`` says so).
    No ``indicators`` with ``no_table``: the table is not in our sources (``no_table`` says why).
    """

    indicators: list[Indicator] = []
    line: list[Line] = []
    no_line: Text | None = None
    no_table: Text | None = None
    admission: Admission | None = None

    @model_validator(mode="after")
    def _line_or_why_not(self) -> Self:
        if not self.line and self.no_line is None:
            raise ValueError("a points scheme needs a line, or no_line saying why there is none")
        if not self.indicators and self.no_table is None:
            raise ValueError("a points scheme needs indicators, or no_table saying why there are none")
        return self


def indicators(points: Points) -> Iterator[Indicator]:
    """Every indicator of a scheme, the parts of ``best_of`` groups included, in order."""

    def walk(found: list[Indicator]) -> Iterator[Indicator]:
        for indicator in found:
            yield indicator
            if indicator.best_of:
                yield from walk(indicator.best_of)

    return walk(points.indicators)


class Channel(Strict):
    """One way to settle (落户渠道), resting on one sentence of one document."""

    id: Identifier
    title: Text
    document: str
    section: str | None = None
    quote: str
    conditions: Condition | None = None
    exceptions: list[Waiver] = []
    deferred_to: Deferral | None = None
    # Made without validating (it has nothing to validate) so that defining the class does
    # not build the validators that defer_build puts off.
    followers: Followers = Followers.model_construct()
    registration: list[Registration] = Field(min_length=1)
    effective: Window | None = None
    priority: Text | None = None  # green-channel handling (绿色通道), not a condition
    interpretation: Text | None = None  # where the encoding had to read the text
    # Findings of `hukou rules lint` the rule author has read and answered, by finding code
    # ("within:j1_residence", "overlap:k4_home_purchase", "overlap" for all overlaps, "national:…").
    explained: dict[str, Text] = {}
    # Settlement by points (积分落户): ``conditions`` are then its prerequisites.
    points: Points | None = None


DocumentStatus = Literal["in_force", "draft", "repealed", "expired"]


class Document(Strict):
    id: str
    number: str
    title: str
    issuer: str
    issued: dt.date
    published: dt.date | None = None
    in_force_from: dt.date | None = None
    in_force_until: dt.date | None = None
    status: DocumentStatus
    file: str  # path from the project root, e.g. seeds/kaili-2019-draft.txt
    # When it takes effect, in its own words ("本办法自印发之日起施行"), checked against the text;
    # or, where the text says nothing of it, what the in-force date rests on.
    in_force_quote: str | None = None
    in_force_note: Text | None = None

    @model_validator(mode="after")
    def _window_in_order(self) -> Self:
        start = self.in_force_from or self.issued
        if self.in_force_until is not None and self.in_force_until < start:
            raise ValueError(f"in_force_until {self.in_force_until} is before {start}")
        if start < self.issued or (self.published is not None and self.published < self.issued):
            raise ValueError(f"in force or published ({start}) before it was issued ({self.issued})")
        if (self.in_force_from or self.published) and not (self.in_force_quote or self.in_force_note):
            raise ValueError(
                "say when the document takes effect: its sentence (in_force_quote), or, where the text"
                " says nothing of it, what the date rests on (in_force_note)"
            )
        return self

    @cached_property
    def window(self) -> Window:
        """When the document applies: from entry into force (or issue) to expiry, if any."""
        return Window(start=self.in_force_from or self.published or self.issued, until=self.in_force_until)


class Recognition(Strict):
    """Periods of these sections count anywhere in the jurisdiction (累计互认), for every rule
    file within it, while the document is in force."""

    id: Identifier
    title: Text
    document: str
    quote: str
    sections: list[Literal["residence", "social_insurance", "employment"]] = Field(min_length=1)


class AreaSpec(Strict):
    """A named part of the jurisdiction, by the divisions in it."""

    zh: str
    en: str
    members: list[str] = Field(min_length=1)  # divisions wholly inside
    partial: list[str] = []  # divisions split by the area's edge
    source: str | None = None  # where the membership comes from


class Names(Strict):
    zh: str
    en: str
    aliases: list[str] = []


TierSize = Literal["small", "medium", "large_ii", "large_i", "megacity", "supercity", "unknown"]


class Tier(Strict):
    """The city's size class in the national frame (国发〔2014〕25号), by urban population (城区人口).

    small < 50万 ≤ medium < 100万 ≤ large_ii < 300万 ≤ large_i < 500万 ≤ megacity < 1000万 ≤ supercity.
    A size needs the source of its figure; "unknown" needs a note saying why.
    """

    size: TierSize
    urban_population: float | None = Field(default=None, gt=0)  # 万人, as the source states it
    source: str | None = None  # the document (and where in it) the figure comes from
    note: Text | None = None

    @model_validator(mode="after")
    def _figure_has_a_source(self) -> Self:
        if self.size != "unknown" and not self.source:
            raise ValueError(f"a tier of {self.size!r} needs the source of its population figure")
        if self.size == "unknown" and self.note is None:
            raise ValueError("an unknown tier needs a note saying why it is unknown")
        return self


class Jurisdiction(Strict):
    code: Annotated[str, Field(pattern=r"^\d{6}$")]  # administrative division code
    names: Names
    parent: str | None = None  # the enclosing province, by name
    areas: dict[Identifier, AreaSpec] = {}
    tier: Tier | None = None  # its size class in the national frame, for `hukou rules lint`


class RuleFile(Strict):
    """One jurisdiction's rules."""

    jurisdiction: Jurisdiction
    documents: list[Document] = Field(min_length=1)
    recognition: list[Recognition] = []
    channels: list[Channel] = Field(min_length=1)
    # Lint findings answered once for the whole file, by finding code or its kind ("overlap").
    explained: dict[str, Text] = {}


def rule_file_json_schema() -> dict[str, Any]:
    """The JSON Schema editors use to complete and check rule files.

    Top-level keys starting "x-" (YAML anchors for reuse) are allowed, as the loader allows them.
    """
    schema = RuleFile.model_json_schema(by_alias=True)
    schema["patternProperties"] = {"^x-": {}}
    return schema
