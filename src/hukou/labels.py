"""Words shown to people, in Chinese and English, and how values and conditions read."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from hukou.bilingual import Text

VERDICT_LABELS = {
    "eligible": Text(zh="可以落户", en="eligible"),
    "ineligible": Text(zh="不符合", en="ineligible"),
    "undetermined": Text(zh="尚不能确定", en="undetermined"),
}

CONDITION_MARKS = {"met": "✓", "not_met": "✗", "unknown": "?", "waived": "–"}

REGISTRATION_LABELS = {
    "public_collective": Text(zh="辖区派出所公共户", en="the local police station's public collective household"),
    "own_home": Text(zh="自有住房", en="own home"),
    "residence": Text(zh="居住地 (合法稳定住所)", en="the legal residence (owned, rented or a dormitory)"),
    "relative_household": Text(zh="亲属家庭户", en="a relative's household"),
    "school_collective": Text(zh="学校学生集体户", en="the school's collective household"),
    "employer_collective": Text(zh="单位集体户", en="the employer's collective household"),
    "talent_centre": Text(zh="人才交流中心公共户", en="the talent-exchange centre's public household"),
    "place_of_study": Text(zh="就读地", en="the place of study"),
    "not_stated": Text(zh="文件未规定", en="not stated by the document"),
}

STATUS_NOTES = {
    "draft": Text(zh="征求意见稿, 尚未正式施行", en="draft for public comment, not adopted"),
    "repealed": Text(zh="已废止", en="repealed"),
    "expired": Text(zh="已失效", en="expired"),
}

RELATION_LABELS = {
    "spouse": Text(zh="配偶", en="spouse"),
    "child": Text(zh="子女", en="child"),
    "parent": Text(zh="父母", en="parent"),
    "grandparent": Text(zh="祖父母", en="grandparent"),
    "grandchild": Text(zh="孙子女", en="grandchild"),
    "sibling": Text(zh="兄弟姐妹", en="sibling"),
    "other": Text(zh="其他亲属", en="other relative"),
}

VALUE_LABELS = {
    "none": Text(zh="无", en="none"),
    "primary": Text(zh="小学", en="primary school"),
    "junior_secondary": Text(zh="初中", en="junior secondary"),
    "senior_secondary": Text(zh="高中", en="senior secondary"),
    "secondary_vocational": Text(zh="中专", en="secondary vocational"),
    "technical_school": Text(zh="技工院校", en="technical school"),
    "associate": Text(zh="大专", en="associate degree"),
    "bachelor": Text(zh="本科", en="bachelor's degree"),
    "master": Text(zh="硕士", en="master's degree"),
    "doctorate": Text(zh="博士", en="doctorate"),
    "rural": Text(zh="农村户口", en="rural"),
    "urban": Text(zh="城镇户口", en="urban"),
    "owned": Text(zh="自有", en="owned"),
    "rented": Text(zh="租赁", en="rented"),
    "dormitory": Text(zh="宿舍", en="dormitory"),
    "compulsory": Text(zh="义务教育", en="compulsory education"),
    "higher": Text(zh="高等教育", en="higher education"),
    "employee": Text(zh="受雇", en="employee"),
    "self_employed": Text(zh="个体经营", en="self-employed"),
    "investor": Text(zh="投资", en="investor"),
    "talent": Text(zh="引进人才", en="introduced talent"),
    "outstanding_contribution": Text(zh="突出贡献人员", en="outstanding contribution"),
    "military_transfer": Text(zh="军人转业安置", en="military transfer"),
    "relocation": Text(zh="移民搬迁", en="relocation"),
    "heroic_act": Text(zh="见义勇为", en="heroic act"),
    "returned_overseas": Text(zh="留学归国人员", en="returned overseas student"),
    "technical_worker": Text(zh="技术工人", en="technical worker"),
    "fiscal_staff": Text(zh="财政供养人员", en="fiscal staff"),
    "male": Text(zh="男", en="male"),
    "female": Text(zh="女", en="female"),
    "core": Text(zh="都市功能核心区", en="core metropolitan zone"),
    "expansion": Text(zh="都市功能拓展区", en="metropolitan expansion zone"),
    "new_urban": Text(zh="城市发展新区", en="new urban development zone"),
    "northeast": Text(zh="渝东北生态涵养发展区", en="north-east conservation zone"),
    "southeast": Text(zh="渝东南生态保护发展区", en="south-east protection zone"),
    "hangzhou_urban": Text(zh="杭州市区", en="Hangzhou's urban districts"),
    "junior": Text(zh="初级", en="junior"),
    "intermediate": Text(zh="中级", en="intermediate"),
    "senior": Text(zh="高级", en="senior"),
    "intermediate_worker": Text(zh="中级工", en="intermediate worker"),
    "senior_worker": Text(zh="高级工", en="senior worker"),
    "labour_model": Text(zh="劳动模范", en="model worker"),
    "moral_model": Text(zh="道德模范", en="moral model"),
    "heroic_model": Text(zh="见义勇为英雄模范", en="hero of a righteous act"),
    "civil_servant": Text(zh="公务员或在编人员", en="civil servant"),
    "commended": Text(zh="省部级以上表彰", en="commended"),
    "commended_migrant_worker": Text(zh="受表彰农民工", en="commended migrant worker"),
    "military_family": Text(zh="随军家属", en="military family"),
    "military_spouse": Text(zh="现役军人配偶", en="spouse of a serving soldier"),
    **RELATION_LABELS,
}

UNIT_WORDS = {
    "month": Text(zh="个月", en="months"),
    "year": Text(zh="年", en="years"),
    "sqm": Text(zh="㎡", en="m²"),
    "person": Text(zh="人", en="people"),
    "age": Text(zh="岁", en="years old"),
    "wan_yuan": Text(zh="万元", en="×10,000 yuan"),
}
_NEGATED = {">=": "<", ">": "≤", "<=": ">", "<": "≥", "==": "≠", "!=": "="}
_SYMBOL = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠"}
# The unit in which a fact of each kind is held (durations always in months).
_FACT_UNIT = {"months": "month", "sqm": "sqm", "age": "age", "count": "person"}


def value_text(value: Any, unit: str | None, lang: str) -> str:
    """A value as a person reads it: "6 个月", "大专", "是", "2019-01-01".

    Example:
        >>> value_text(6, "month", "zh"), value_text("associate", None, "en"), value_text(True, None, "zh")
        ('6 个月', 'associate degree', '是')
    """
    if value is None:
        return "未知" if lang == "zh" else "unknown"
    if isinstance(value, bool):
        return ("是" if value else "否") if lang == "zh" else ("yes" if value else "no")
    if isinstance(value, list | tuple | frozenset | set):
        if not value:
            return "无" if lang == "zh" else "none"
        return (
            "、".join(value_text(v, unit, lang) for v in value)
            if lang == "zh"
            else ", ".join(value_text(v, unit, lang) for v in value)
        )
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str):
        label = VALUE_LABELS.get(value)
        return label.in_(lang) if label else value
    if isinstance(value, float):
        value = f"{value:g}"
    if unit in UNIT_WORDS:
        word = UNIT_WORDS[unit].in_(lang)
        if lang == "en" and value == 1 and unit in {"month", "year"}:
            word = word.removesuffix("s")
        return f"{value}{word}" if unit == "sqm" else f"{value} {word}"
    return str(value)


def fact_unit(kind: str | None) -> str | None:
    return _FACT_UNIT.get(kind or "")


def condition_text(
    label: Text,
    actual: Any,
    op: str | None,
    required: Any,
    unit: str | None,
    kind: str | None,
    met: bool | None,
    lang: str,
) -> str:
    """A condition with the person's value against the threshold: "连续社保 4 个月 < 6 个月".

    The operator shown is the one that holds: ≥ when met, < when not.
    """
    name = label.in_(lang)
    have = value_text(actual, fact_unit(kind), lang)
    need = value_text(required, unit, lang)
    if op in _SYMBOL and kind not in {"bool", "enum", "area"}:
        if actual is None:
            return f"{name} {have} ({'需' if lang == 'zh' else 'needs'} {_SYMBOL[op]} {need})"
        symbol = _SYMBOL[op] if met is not False else _NEGATED[op]
        return f"{name} {have} {symbol} {need}"
    if kind == "bool":
        # A yes/no condition reads as its label answered: "省外户籍: 是" when it holds.
        answer = value_text(met, None, lang) if actual is not None else have
        return f"{name}: {answer}"
    if met is True:
        return f"{name}: {have}"
    wanted = ("需" if lang == "zh" else "needs") + (" " if lang == "en" or op not in {"!=", "not_in"} else "")
    if op in {"!=", "not_in"}:
        wanted = "不得为 " if lang == "zh" else "must not be "
    return f"{name}: {have} ({wanted}{need})"


# A relative named by relation and sex, as people say it: 父亲, not 父母.
_BY_SEX = {
    ("spouse", "male"): Text(zh="丈夫", en="husband"),
    ("spouse", "female"): Text(zh="妻子", en="wife"),
    ("child", "male"): Text(zh="儿子", en="son"),
    ("child", "female"): Text(zh="女儿", en="daughter"),
    ("parent", "male"): Text(zh="父亲", en="father"),
    ("parent", "female"): Text(zh="母亲", en="mother"),
    ("grandparent", "male"): Text(zh="祖父", en="grandfather"),
    ("grandparent", "female"): Text(zh="祖母", en="grandmother"),
    ("grandchild", "male"): Text(zh="孙子", en="grandson"),
    ("grandchild", "female"): Text(zh="孙女", en="granddaughter"),
    ("sibling", "male"): Text(zh="兄弟", en="brother"),
    ("sibling", "female"): Text(zh="姐妹", en="sister"),
}


def relative_names(members: Sequence[tuple[str, str | None, str | None]], lang: str) -> list[str]:
    """How each family member is named in the output, so that no two read alike.

    Each member is (relation, sex, name): the relation by sex where known (父亲, 母亲), then the
    name; two members who would still read alike are numbered in profile order.

    Example:
        >>> relative_names([("parent", "male", None), ("parent", "female", None), ("child", None, "李乐")], "zh")
        ['父亲', '母亲', '子女 李乐']
        >>> relative_names([("child", None, None), ("child", None, None)], "en")
        ['child 1', 'child 2']
    """
    names = []
    for relation, sex, name in members:
        label = _BY_SEX.get((relation, sex or ""), RELATION_LABELS[relation]).in_(lang)
        names.append(f"{label} {name}" if name else label)
    repeated = {n for n in names if names.count(n) > 1}
    counts: dict[str, int] = {}
    out = []
    for n in names:
        if n in repeated:
            counts[n] = counts.get(n, 0) + 1
            n = f"{n} {counts[n]}"
        out.append(n)
    return out


_SUFFIX_EN = {"区": " District", "县": " County", "旗": " Banner"}


def place_name(name: str, lang: str) -> str:
    """A place's name in the language asked: as written in Chinese, in pinyin in English.

    Example:
        >>> place_name("凯里", "en"), place_name("渝中区", "en"), place_name("淳安县", "en"), place_name("凯里", "zh")
        ('Kaili', 'Yuzhong District', "Chun'an County", '凯里')
    """
    if lang == "zh" or not any("\u4e00" <= c <= "\u9fff" for c in name):
        return name
    from pypinyin import lazy_pinyin  # only for English output: it takes a while to load

    suffix = _SUFFIX_EN.get(name[-1], "") if len(name) > 2 else ""
    base = name[:-1] if suffix or (len(name) > 2 and name[-1] in "市省") else name
    syllables = lazy_pinyin(base)
    spelled = syllables[0] + "".join(("'" + s if s[:1] in "aoe" else s) for s in syllables[1:])
    return spelled.capitalize() + suffix


def full_place_name(chain: list[str], lang: str) -> str:
    """A place with its parents, innermost last in Chinese and first in English.

    Example:
        >>> full_place_name(["贵州省", "黔东南苗族侗族自治州", "凯里市"], "en")
        'Kaili, Qiandongnan, Guizhou (贵州省黔东南苗族侗族自治州凯里市)'
    """
    if lang == "zh":
        return "".join(chain)
    from hukou.model.places import short_name

    english = ", ".join(
        place_name(short_name(n) if n.endswith(("州", "市", "省")) else n, "en") for n in reversed(chain)
    )
    return f"{english} ({''.join(chain)})"


def place_label(asked: str, code: str | None, lang: str) -> str:
    """A place as a heading names it: as asked in Chinese; in English, the pinyin of its official name.

    Example:
        >>> place_label("杭州西湖区", "330106", "en"), place_label("杭州西湖区", "330106", "zh")
        ('Xihu District', '杭州西湖区')
    """
    if lang == "zh" or code is None:
        return place_name(asked, lang)
    from hukou.model.places import GAZETTEER

    try:
        return place_name(GAZETTEER.get(code).name, lang)
    except KeyError:
        return place_name(asked, lang)


# Words of the rendered answers (hukou.front.render, hukou.front.compare), one table for both.
WORDS = {
    "as_of": ("截至", "as of"),
    "registration": ("户口登记", "registered in"),
    "followers": ("随迁亲属", "family"),
    "other_channels": ("其他渠道", "other channels"),
    "channels": ("各渠道", "channels"),
    "missing": ("尚缺", "missing"),
    "waived_by": ("免除", "waived by"),
    "priority": ("优先", "priority"),
    "reading": ("解读", "reading"),
    "reasoning": ("推断", "decided"),
    "unless": ("除非符合例外", "unless an exception applies"),
    "none": ("无", "none"),
    "may": ("可随迁", "may follow"),
    "may_not": ("不可随迁", "may not follow"),
    "maybe": ("尚不确定", "not yet known"),
    "exceptions": ("例外", "exception"),
    "deferred_to": ("待定", "left to"),
    "points": ("积分", "points"),
    "line": ("分值线", "line"),
    "gains": ("加分最多", "adds most"),
    "reached_on": ("照此持续, 达到分值线于", "if things go on, the line is reached on"),
    "permit": ("居住证", "residence permit"),
    "draft": ("依据征求意见稿, 尚未正式施行", "rests on a draft, not adopted"),
    "draft_mark": ("征求意见稿", "draft"),
    "nearest": ("最接近", "nearest"),
    "error": ("错误", "error"),
    # The residence permit, the second outcome: held, may apply now (the first step), may not, or open.
    "permit_holds": ("已持有", "held"),
    "permit_eligible": ("可申领 (落户的第一步)", "may apply now (the first step)"),
    "permit_ineligible": ("不可申领", "may not apply"),
    "permit_undetermined": ("尚不确定", "not yet known"),
    # A points indicator's line (hukou.front.render): its unit after the number (12分, 12 pts), and
    # the mark of a part that does not count towards the best of several.
    "points_unit": ("分", " pts"),
    "not_counted": ("不累计, 只计最高分", "not counted: only the highest counts"),
    # The rules table and a rule file shown (hukou.front.render).
    "in_force": ("有效", "in force"),
    "in_force_from": ("生效", "in force"),
    "no_conditions": ("无条件", "no conditions"),
}


def word(key: str, lang: str) -> str:
    """A word the check panels and the compare matrix share, in the language asked."""
    zh, en = WORDS[key]
    return zh if lang == "zh" else en


# --- conditions and the items they are judged on ---------------------------------------------------

GROUP_LABELS: dict[str, Text] = {
    "all": Text(zh="同时满足", en="all of"),
    "any": Text(zh="满足其一", en="any of"),
    "not": Text(zh="不满足", en="not"),
    "leaf": Text(zh="条件", en="condition"),
    "some": Text(zh="其中一项", en="one of"),
}
COLLECTION_LABELS: dict[str, Text] = {
    "housing": Text(zh="本地住房", en="a home here"),
    "study": Text(zh="本地就学", en="study here"),
    "employment": Text(zh="本地就业", en="a job here"),
    "relatives": Text(zh="本地投靠对象", en="a relative here to join"),
}
COLLECTION_MISSING = {
    "housing": Text(zh="住房情况 (housing)", en="housing (housing)"),
    "study": Text(zh="就学记录 (study)", en="schooling (study)"),
    "employment": Text(zh="就业记录 (employment)", en="jobs (employment)"),
    "relatives": Text(zh="本地亲属 (relatives)", en="relatives with a hukou here (relatives)"),
}


def item_text(item: Any) -> Text:
    """A one-line picture of a profile item, for the explanation, in each language."""
    zh, en = [str(getattr(item, "city", ""))], [str(getattr(item, "city", ""))]
    for name in ("relation", "tenure", "kind", "level"):
        value = getattr(item, name, None)
        if value is not None:
            # A course at senior-secondary level is 高中阶段 (a school stage), not 高中 (a diploma).
            named = "高中阶段" if name == "level" and str(value) == "senior_secondary" else None
            zh.append(named or (VALUE_LABELS[str(value)].zh if str(value) in VALUE_LABELS else str(value)))
            en.append(str(value).replace("_", " "))
    area = getattr(item, "area_sqm", None)
    if area is not None:
        zh.append(f"{area:g}㎡")
        en.append(f"{area:g}㎡")
    since = getattr(item, "since", None)
    if isinstance(since, dt.date):
        zh.append(f"自{since}起")
        en.append(f"since {since}")
    return Text.of(zh=" ".join(b for b in zh if b), en=" ".join(b for b in en if b))


class Bilingual(Protocol):
    """Anything named in both languages: a Text, a jurisdiction's names."""

    @property
    def zh(self) -> str: ...

    @property
    def en(self) -> str: ...


def phrase(table: dict[str, tuple[str, str]], key: str, **fields: Bilingual | str | int) -> Text:
    """A sentence of one of the tables below, its fields filled in each language (a field named
    in both languages in its own language).

    Example:
        >>> phrase(GAP_WORDS, "tell_us", missing=Text(zh="学历", en="education")).en
        'tell us: education'
    """
    zh, en = table[key]

    def filled(template: str, lang: str) -> str:
        return template.format(**{k: v if isinstance(v, str | int) else getattr(v, lang) for k, v in fields.items()})

    return Text.of(zh=filled(zh, "zh"), en=filled(en, "en"))


def in_both(say: Callable[[str], str]) -> Text:
    """The same thing said in each language, by a function of the language.

    Example:
        >>> in_both(lambda lang: value_text(20, "sqm", lang))
        Text(zh='20㎡', en='20m²')
    """
    return Text.of(zh=say("zh"), en=say("en"))


def listing(texts: Iterable[Text]) -> Text:
    """Texts in one list: "学历、住房", "education, housing".

    Example:
        >>> listing([Text(zh="学历", en="education"), Text(zh="住房", en="housing")]).zh
        '学历、住房'
    """
    texts = list(texts)
    return Text.of(zh="、".join(t.zh for t in texts), en=", ".join(t.en for t in texts))


# What stands between a person and a channel (hukou.judging.nearest).
GAP_WORDS = {
    "must_not": ("不得: {label}", "must not: {label}"),
    "needs": ("需要{label}", "needs {label}"),
    "awaits": ("有待《{regulation}》的具体条件", "awaits the conditions of {regulation}"),
    "tell_us": ("补充: {missing}", "tell us: {missing}"),
    "elsewhere": ("此地不适用: {label}", "not for this place: {label}"),
    "months_more": ("{label}还需 {needed} 个月", "{label}: {needed} more month{s}"),
    "months_more_until": (
        "{label}还需 {needed} 个月 (持续至 {when} 即满足)",
        "{label}: {needed} more month{s} (met on {when} if it continues)",
    ),
    "sqm_short": ("{label}还差 {short}㎡ (需 ≥ {need})", "{label}: {short} m² short (needs ≥ {need})"),
    "to_change": ("需改变: {condition}", "to change: {condition}"),
    # A regulation a channel awaits, named as what is missing.
    "regulation": ("《{regulation}》", "{regulation}"),
}

# A yes/no fact's label reworded for the leaf that asks for "no" (hukou.rulebook.compiled).
CONDITION_FORMS = {
    "negated": ("非{label}", "not {label}"),
}

# What the profile lacks where a derivation says it (hukou.judging.facts: a group's credential).
CREDENTIAL_PLACE = Text(
    zh="证明或名册的出具地 (groups[].place)", en="where the certificate or roster was issued (groups[].place)"
)

# The residence permit's outcome for a person, in one sentence (hukou.judging.residence_permit).
PERMIT_STATUS = {
    "holds": ("已持有{city}居住证", "holds a residence permit of {city}"),
    "eligible": (
        "现在可以申领{city}居住证 — 第一步",
        "may apply for a residence permit of {city} now — the first step",
    ),
    "ineligible": ("尚不能申领{city}居住证", "may not yet apply for a residence permit of {city}"),
    "undetermined": (
        "能否申领{city}居住证尚不能确定",
        "whether one may apply for a residence permit of {city} is open",
    ),
}

# What the profile lacks to say whether a relative may follow (hukou.front.family).
FAMILY_GAPS = {
    "age": ("{name}的年龄 (family[{i}].age / born)", "{name}'s age (family[{i}].age / born)"),
    "lives_with": (
        "{name}是否共同居住生活 (family[{i}].lives_with_applicant)",
        "whether {name} lives with the applicant (family[{i}].lives_with_applicant)",
    ),
}

# How a fact's value was found, where a derivation says it in words (hukou.judging.facts' details).
FACT_DETAILS = {
    "none_going_on": "无持续中的记录 / none going on",
    "employed": "在职 / employed",
    "may_not_apply": "不符合申领条件 / may not apply for one",
}

# The national frame's city sizes, as its documents word them (hukou.front.lint).
TIER_SIZES = {
    "small": "城区人口50万以下",
    "medium": "城区人口50万至100万",
    "large_ii": "城区人口100万至300万",
    "large_i": "城区人口300万至500万",
    "megacity": "城区人口500万至1000万",
    "supercity": "城区人口1000万以上",
    "unknown": "城区人口不详",
}

# Headings of the comparison's columns (hukou.front.compare).
COMPARE_HEADINGS = {
    "zh": ("申请人", "城市", "结论", "渠道", "尚需", "随迁", "户口登记"),
    "en": ("person", "city", "verdict", "channel", "still needed", "family", "registered in"),
}

# The notes under a city's answer (hukou.judging.engine).
CITY_NOTES = {
    "document_status": ("{number}: {status}", "{number}: {status}"),
    "not_encoded": ("{place}尚无已编码的落户政策", "no settlement policy for {place} is encoded yet"),
    "none_in_force": ("{day} 无有效的落户政策文件", "no policy document in force on {day}"),
    "already_here": (
        "户口已在此地: 这些渠道是为户口在外地的人设的, 本人无需在此落户",
        "the hukou is already here: these channels are for people registered elsewhere; there is nothing to settle",
    ),
    "recognition": ("{title} ({jurisdiction}范围内)", "{title} (anywhere in {jurisdiction})"),
}

# Why a relative may follow, or not, under a channel and in the city (hukou.judging.engine).
FOLLOWER_REASONS = {
    "none_named": ("本渠道未规定随迁亲属", "this channel names no family members who may follow"),
    "not_taken": ("本渠道随迁范围不含{relation}", "this channel does not take a {relation}"),
    "not_taken_but": ("本渠道随迁范围不含{relation}; {note}", "this channel does not take a {relation}; {note}"),
    "rule": ("{label}: {why}", "{label}: {why}"),
    "rule_either_sex": ("{label}: {why} (不论性别)", "{label}: {why} (whichever the sex)"),
    "applicant_not_admitted": (
        "申请人本人不符合此渠道 ({reason})",
        "the applicant is not admitted by this channel ({reason})",
    ),
    "applicant_open": ("申请人本人尚未确定 ({reason})", "the applicant's own verdict is open ({reason})"),
    "no_channel": ("无有效渠道", "no channel in force"),
    "applicant_nowhere": ("申请人本人尚未被任何渠道接纳", "the applicant is admitted by no channel"),
    "admitted_elsewhere": (
        "申请人已由{admitting}获准落户, 但该渠道不含此亲属; 若尚未确定的{opening}亦接纳申请人则可随迁",
        "the applicant is admitted by {admitting}, which does not take this relative; they may follow"
        " if {opening}, still open, admits the applicant too",
    ),
}

# The unknowns whose every value was tried (hukou.judging.possible), and the entries of a profile
# whose zone is one of them.
UNKNOWN_AXES = {
    "sex": ("申请人性别", "the applicant's sex"),
    "place_zone": ("落户地所属区域", "the zone of the place"),
    "hukou_zone": ("户口所在区域", "the zone of the hukou"),
    "entry_zone": ("{entry}({city})所属区域", "the zone of {entry} ({city})"),
}
ENTRY_WORDS = {
    "residence": Text(zh="居住地", en="a stay"),
    "social_insurance": Text(zh="参保地", en="a period of insurance"),
    "employment": Text(zh="工作地", en="a job"),
    "housing": Text(zh="住房", en="a home"),
    "study": Text(zh="就学地", en="a course of study"),
}

# A channel the possible worlds decided: over which worlds (WORLDS_TRIED), then how it went in
# all of them (WORLDS_DECIDED; "均" after "whichever …", "亦" after "even …").
WORLDS_TRIED = {
    "whichever": ("不论{unknown}为何", "whichever {unknown}"),
    "even_alone": ("即使只有申请人一人迁入", "even moving alone"),
    "even_surely": ("即使只有必然随迁的{people}人迁入", "even with only the {people} people surely moving in"),
    "even_everyone": (
        "即使可随迁的亲属全部迁入 (共{people}人)",
        "even with every relative who may follow ({people} people)",
    ),
}
WORLDS_DECIDED = {
    "met_whichever": ("{worlds}，均满足", "met {worlds}"),
    "not_met_whichever": ("{worlds}，均不满足", "not met {worlds}"),
    "met_even": ("{worlds}，亦满足", "met {worlds}"),
    "not_met_even": ("{worlds}，亦不满足", "not met {worlds}"),
}

# A points channel's score against its line (hukou.judging.points).
POINTS_STATUS = {
    "no_table": ("无法计分: {why}", "cannot be scored: {why}"),
    "no_line": ("积分 {score}; 未知分值线: {why}", "{score} points; no line known: {why}"),
    "below_line": ("积分 {score}, 未达 {line} 分", "{score} points, below the line of {line}"),
    "may_reach": (
        "积分 {score}: 可能达到 {line} 分, 视未知指标而定",
        "{score} points: may reach the line of {line}, depending on what is not known",
    ),
    "line_reached": ("积分 {score}, 已达 {line} 分", "{score} points, the line of {line} is reached"),
    "line_reached_ranked": (
        "积分 {score}, 已达 {line} 分可以申请; 是否入户由年度指标与排名决定 ({ranking})",
        "{score} points: the line of {line} is reached and one may apply; a yearly quota and a ranking "
        "decide who is admitted ({ranking})",
    ),
}

# What would add points (hukou.judging.points).
POINTS_GAINS = {
    "another_year": (
        "{label}再满一年 (还需 {needed} 个月): +{gain}",
        "another full year of {label} ({needed} more months): +{gain}",
    ),
    "table_row": ("{label}达到 {value}: +{gain}", "{label} of {value}: +{gain}"),
    "one_more": ("{label}再多一项: +{gain}", "one more of {label}: +{gain}"),
}

# What stands between a score and a hukou, and what a score lacks (hukou.judging.points).
POINTS_GAPS = {
    "short": ("积分还差 {short} 分", "{short} points short of the line"),
    "short_until": (
        "积分还差 {short} 分 (照此持续, {when} 达到)",
        "{short} points short of the line (reached on {when} if things go on)",
    ),
    "short_adds_most": ("{short}: {gains}", "{short}: {gains}"),
    "ranking": (
        "达到分值后由年度指标与排名决定 ({ranking})",
        "past the line a yearly quota and a ranking decide ({ranking})",
    ),
    "quota": ("年度积分入户指标与排名", "the yearly quota and the ranking"),
    "maximum_only": (
        "文件只规定最高分值, 具体认定标准不在我们的来源中",
        "the document states only the maximum; who earns how much is in rules we lack",
    ),
}

# A duration since a move out of an area (hukou.judging.points), its label and what it lacks.
MOVED_OUT = {
    "label": ("{moved}迁出 {area} 后的时长", "time since the {moved} moved out of {area}"),
    "missing": (
        "{moved}的变动 (residence, employment 的 city 与 since)",
        "where and since when the {moved} moved (city and since of residence, employment)",
    ),
}
WHAT_MOVED = {
    "residence": Text(zh="居住地", en="home"),
    "residence_and_job": Text(zh="就业地和居住地", en="home and job"),
}

# Headings of the rules table (hukou.front.render).
RULES_HEADINGS = {
    "zh": ("地区", "文件", "日期", "状态", "渠道"),
    "en": ("jurisdiction", "document", "date", "status", "channels"),
}
