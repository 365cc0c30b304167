"""The words a profile may use for each enumerated value, in English and in Chinese.

A caseworker writes ``level: 大专``, ``tenure: 租赁``, ``sex: 男``, ``retired: 否``,
``type: 农业`` or ``groups: [人才引进]``: the words of the documents and of everyday use. Each
is mapped to one canonical value (``associate``, ``rented``, ``male``, ``false``, ``rural``,
``talent``), which is what the rules, the JSON output and the flat files speak. A value that is
none of them is refused with the allowed values listed in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any


@dataclass(frozen=True)
class Term:
    """One canonical value, the Chinese word shown for it, and the other words that mean it."""

    value: str
    zh: str
    en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """The values one field may take, with every word that stands for each."""

    what: str  # "an education level": how a refusal names the kind of value
    terms: tuple[Term, ...]

    def canonical(self, value: object) -> object:
        """The canonical value a word stands for; anything else unchanged, for pydantic to refuse.

        Example:
            >>> TENURE.canonical("租赁"), TENURE.canonical(" Rented "), TENURE.canonical("帐篷")
            ('rented', 'rented', '帐篷')
        """
        if not isinstance(value, str):
            return value
        return self._words.get(_key(value), value)

    @cached_property
    def _words(self) -> dict[str, str]:
        words: dict[str, str] = {}
        for term in self.terms:
            for word in (term.value, term.zh, *term.aliases):
                words.setdefault(_key(word), term.value)
        return words

    def allowed(self) -> str:
        """The allowed values in both languages, as a refusal lists them.

        Example:
            >>> SEX.allowed()
            'male (男), female (女)'
        """
        return ", ".join(f"{t.value} ({t.zh})" for t in self.terms)

    def refusal(self, value: object) -> str:
        """Why a value is refused, listing what is allowed."""
        return f"{value!r} is not {self.what}; allowed: {self.allowed()}"

    def json_schema(self) -> dict[str, Any]:
        """The schema an editor completes from: each value with its words, the Chinese words too."""
        options: list[dict[str, Any]] = [
            {
                "const": t.value,
                "description": f"{t.zh} · {t.en}" + (f" (also: {'、'.join(t.aliases)})" if t.aliases else ""),
            }
            for t in self.terms
        ]
        chinese = [w for t in self.terms for w in (t.zh, *t.aliases) if _key(w) != t.value]
        options.append({"enum": list(dict.fromkeys(chinese)), "description": "the same values in Chinese words"})
        return {"type": "string", "anyOf": options}


def _described(term: Term) -> str:
    also = f" (also: {'、'.join(term.aliases)})" if term.aliases else ""
    return f"{term.zh} · {term.en}{also}"


def _key(word: str) -> str:
    return word.strip().lower()


def by_values(values: frozenset[str]) -> Vocabulary | None:
    """The vocabulary whose canonical values are exactly these (to word a refusal pydantic made)."""
    return _BY_VALUES.get(values)


EDUCATION = Vocabulary(
    "an education level",
    (
        Term("none", "无", "no schooling", ("无学历", "未上学", "文盲")),
        Term("primary", "小学", "primary school"),
        Term("junior_secondary", "初中", "junior secondary school", ("初级中学",)),
        Term("senior_secondary", "高中", "senior secondary (general high school)", ("普通高中", "高级中学")),
        Term(
            "secondary_vocational", "中专", "secondary vocational school", ("中等专业学校", "中职", "职高", "职业高中")
        ),
        Term("technical_school", "技工院校", "technical school", ("技校", "技工学校")),
        Term("associate", "大专", "associate degree (college)", ("专科", "大学专科", "高职", "高职高专")),
        Term("bachelor", "本科", "bachelor's degree", ("大学本科", "学士")),
        Term("master", "硕士", "master's degree", ("硕士研究生", "研究生")),
        Term("doctorate", "博士", "doctorate", ("博士研究生",)),
    ),
)
GROUP = Vocabulary(
    "a group the documents name",
    (
        Term("talent", "人才引进", "introduced talent, with the certificate", ("引进人才",)),
        Term("investor", "投资人员", "investor", ("投资者", "投资兴办实业")),
        Term("outstanding_contribution", "有突出贡献人员", "outstanding contribution", ("突出贡献",)),
        Term("military_transfer", "军人转业安置", "military transfer, on the roster", ("转业军人", "军转")),
        Term("relocation", "移民搬迁", "relocation, on the relocation office's roster", ("易地扶贫搬迁", "搬迁移民")),
        Term("heroic_act", "见义勇为", "heroic act, recognised", ("见义勇为人员",)),
        Term("returned_overseas", "留学归国人员", "returned overseas student", ("留学归国", "留学回国人员")),
        Term("technical_worker", "技术工人", "technical worker", ("技工",)),
        Term("fiscal_staff", "财政供养人员", "staff paid from public funds"),
        Term("civil_servant", "公务员", "civil servant or established post", ("在编人员", "机关事业单位在编人员")),
        Term("commended", "省部级以上表彰", "commended at provincial level or above", ("劳动模范", "劳模", "先进个人")),
        Term("commended_migrant_worker", "优秀农民工", "commended migrant worker", ("受表彰农民工",)),
        Term("military_family", "随军家属", "military family, approved to follow", ("随军",)),
        Term("military_spouse", "现役军人配偶", "spouse of a serving soldier", ("军人配偶",)),
    ),
)
RELATION = Vocabulary(
    "a relation",
    (
        Term("spouse", "配偶", "spouse", ("丈夫", "妻子", "老公", "老婆", "夫", "妻")),
        Term("child", "子女", "child", ("儿子", "女儿", "孩子", "子", "女")),
        Term("parent", "父母", "parent", ("父亲", "母亲", "爸爸", "妈妈", "父", "母")),
        Term(
            "grandparent",
            "祖父母",
            "grandparent",
            ("外祖父母", "祖父", "祖母", "外祖父", "外祖母", "爷爷", "奶奶", "外公", "外婆", "姥爷", "姥姥"),
        ),
        Term("grandchild", "孙子女", "grandchild", ("外孙子女", "孙子", "孙女", "外孙", "外孙女")),
        Term("sibling", "兄弟姐妹", "brother or sister", ("哥哥", "弟弟", "姐姐", "妹妹", "兄弟", "姐妹")),
        Term("other", "其他亲属", "other relative", ("其他",)),
    ),
)
RELATIVE = Vocabulary("a relation a relative joined may have", RELATION.terms[:3])
SEX = Vocabulary("a sex", (Term("male", "男", "male", ("男性",)), Term("female", "女", "female", ("女性",))))
HUKOU_TYPE = Vocabulary(
    "a hukou type",
    (
        Term("rural", "农业", "rural (agricultural)", ("农业户口", "农村", "农村户口")),
        Term("urban", "非农业", "urban (non-agricultural)", ("非农业户口", "非农", "城镇", "城镇户口")),
    ),
)
TENURE = Vocabulary(
    "a tenure",
    (
        Term("owned", "自有", "owned", ("自有住房", "自购", "自购房", "购房", "产权房")),
        Term("rented", "租赁", "rented", ("租房", "租住", "承租")),
        Term("dormitory", "宿舍", "dormitory", ("单位宿舍", "集体宿舍")),
    ),
)
ZONE = Vocabulary(
    "a Chongqing functional zone",
    (
        Term("core", "都市功能核心区", "core metropolitan zone", ("核心区",)),
        Term("expansion", "都市功能拓展区", "metropolitan expansion zone", ("拓展区",)),
        Term("new_urban", "城市发展新区", "new urban development zone", ("发展新区",)),
        Term("northeast", "渝东北生态涵养发展区", "north-east conservation zone", ("渝东北",)),
        Term("southeast", "渝东南生态保护发展区", "south-east protection zone", ("渝东南",)),
    ),
)
STUDY_LEVEL = Vocabulary(
    "a level of study",
    (
        Term("compulsory", "义务教育", "compulsory education (primary, junior secondary)", ("小学", "初中")),
        Term("senior_secondary", "高中", "senior secondary", ("高中阶段",)),
        Term("higher", "高等教育", "higher education", ("大学", "高校", "高等院校")),
    ),
)
JOB_KIND = Vocabulary(
    "a kind of work",
    (
        Term("employee", "受雇", "employee", ("雇员", "职工", "务工", "就业")),
        Term("self_employed", "个体经营", "self-employed", ("个体", "个体工商户")),
        Term("investor", "投资", "investor", ("投资人", "投资兴办实业")),
    ),
)
TITLE = Vocabulary(
    "a professional title",
    (
        Term("none", "无", "none", ("无职称",)),
        Term("junior", "初级", "junior", ("初级职称",)),
        Term("intermediate", "中级", "intermediate", ("中级职称",)),
        Term("senior", "高级", "senior", ("高级职称", "副高", "正高")),
    ),
)
_YES = ("true", "yes", "y", "1", "是", "有", "对", "已")
_NO = ("false", "no", "n", "0", "否", "无", "不是", "没有", "未")


def yes_no(value: object) -> object:
    """A yes or no in either language; anything else unchanged, for pydantic to refuse.

    Example:
        >>> yes_no("是"), yes_no("否"), yes_no(" No "), yes_no("也许")
        (True, False, False, '也许')
    """
    if isinstance(value, str):
        key = _key(value)
        if key in _YES:
            return True
        if key in _NO:
            return False
    return value


YES_NO_ALLOWED = "true or false (是 or 否; also yes/no, 有/无)"

# Words that imply the sex of the person they name (父亲 is a parent who is male).
IMPLIED_SEX = {
    **dict.fromkeys(("丈夫", "老公", "夫", "儿子", "子", "父亲", "爸爸", "父"), "male"),
    **dict.fromkeys(("祖父", "外祖父", "爷爷", "外公", "姥爷", "孙子", "外孙", "哥哥", "弟弟"), "male"),
    **dict.fromkeys(("妻子", "老婆", "妻", "女儿", "女", "母亲", "妈妈", "母"), "female"),
    **dict.fromkeys(("祖母", "外祖母", "奶奶", "外婆", "姥姥", "孙女", "外孙女", "姐姐", "妹妹"), "female"),
}

_BY_VALUES = {
    frozenset(t.value for t in v.terms): v
    for v in (EDUCATION, GROUP, RELATION, RELATIVE, SEX, HUKOU_TYPE, TENURE, ZONE, STUDY_LEVEL, JOB_KIND, TITLE)
}

# Keys a caseworker may write in Chinese, and where each goes: keys stay English (README: "Field
# names stay English"), and a Chinese one is answered with the English to write.
CHINESE_KEYS = {
    "姓名": "name",
    "性别": "sex",
    "年龄": "age",
    "出生日期": "born",
    "退休": "retired",
    "户籍": "hukou",
    "户口": "hukou",
    "户籍所在地": "hukou",
    "户口类型": "hukou: {type: …}",
    "户口性质": "hukou: {type: …}",
    "省份": "hukou: {province: …}",
    "学历": "education: {level: …}",
    "文化程度": "education: {level: …}",
    "毕业时间": "education: {graduated: …}",
    "毕业日期": "education: {graduated: …}",
    "职称": "education: {professional_title: …}",
    "群体": "groups",
    "人员类别": "groups",
    "居住": "residence",
    "居住证": "residence: [{city: …, since: …, permit: true}]",
    "住房": "housing",
    "住所": "housing",
    "就业": "employment",
    "工作": "employment",
    "社保": "social_insurance",
    "社会保险": "social_insurance",
    "学籍": "study",
    "就学": "study",
    "家庭成员": "family",
    "随迁亲属": "family",
    "投靠": "relatives",
    "亲属": "relatives",
    "关系": "relation",
    "城市": "city",
    "起始日期": "since",
    "开始时间": "since",
    "截止日期": "until",
    "月数": "months",
    "面积": "area_sqm",
    "产权": "tenure",
}
