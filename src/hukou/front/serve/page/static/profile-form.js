// The applicant's form: every section of the profile, in a caseworker's words, sent as the
// canonical values the profile file takes. An empty field is "unknown" (left out of the profile),
// never "no"; a list is "none" only when its "none" box is ticked.

const TRI = "tri";
const opt = (value, zh, en) => ({ value, zh, en });

const SEX = [opt("male", "男", "male"), opt("female", "女", "female")];
const ZONES = [
  opt("core", "都市功能核心区", "core metropolitan zone"),
  opt("expansion", "都市功能拓展区", "metropolitan expansion zone"),
  opt("new_urban", "城市发展新区", "new urban development zone"),
  opt("northeast", "渝东北生态涵养发展区", "north-east conservation zone"),
  opt("southeast", "渝东南生态保护发展区", "south-east protection zone"),
];
const LEVELS = [
  opt("none", "无学历", "none"),
  opt("primary", "小学", "primary school"),
  opt("junior_secondary", "初中", "junior secondary"),
  opt("senior_secondary", "高中", "senior secondary"),
  opt("secondary_vocational", "中专", "secondary vocational"),
  opt("technical_school", "技工院校", "technical school"),
  opt("associate", "大专", "associate degree (大专)"),
  opt("bachelor", "本科", "bachelor's degree"),
  opt("master", "硕士", "master's degree"),
  opt("doctorate", "博士", "doctorate"),
];
const GROUPS = [
  opt("talent", "引进人才", "introduced talent"),
  opt("investor", "投资人员", "investor"),
  opt("outstanding_contribution", "有突出贡献人员", "outstanding contribution"),
  opt("military_transfer", "军人转业安置", "military transfer"),
  opt("relocation", "移民搬迁", "relocation"),
  opt("heroic_act", "见义勇为", "heroic act"),
  opt("returned_overseas", "留学归国人员", "returned overseas student"),
  opt("technical_worker", "技术工人", "technical worker"),
  opt("fiscal_staff", "财政供养人员", "fiscal staff"),
  opt("civil_servant", "公务员或机关事业单位在编人员", "civil servant or public-institution staff"),
  opt("commended", "省部级以上表彰的先进个人、劳动模范", "commended at provincial level or above"),
  opt("commended_migrant_worker", "受表彰的优秀农民工", "commended migrant worker"),
  opt("military_family", "经批准随军的军人家属", "approved military family"),
  opt("military_spouse", "现役军人配偶", "spouse of a serving soldier"),
];
// Groups shown by a certificate, roster or post that count only where they were issued
// (hukou.model.profile.PLACE_BOUND): the form asks where, and sends {group, place}.
export const PLACE_BOUND = new Set([
  "talent", "investor", "outstanding_contribution", "military_transfer", "relocation", "heroic_act",
  "fiscal_staff", "civil_servant", "commended_migrant_worker", "military_family", "military_spouse",
]);
const RELATIONS = [
  opt("spouse", "配偶", "spouse"),
  opt("child", "子女", "child"),
  opt("parent", "父母", "parent"),
  opt("grandparent", "祖父母/外祖父母", "grandparent"),
  opt("grandchild", "孙子女/外孙子女", "grandchild"),
  opt("sibling", "兄弟姐妹", "sibling"),
  opt("other", "其他亲属", "other relative"),
];

const f = (key, type, zh, en, extra = {}) => ({ key, type, zh, en, ...extra });

const PERIOD = [
  f("city", "text", "城市/区县", "City or county", { required: true, hint: "凯里 / 渝北区 / Jiyuan" }),
  f("since", "date", "起始日期", "Since"),
  f("until", "date", "结束日期（仍在则空）", "Until (empty if ongoing)"),
  f("months", "int", "或：月数（不知起始日期时）", "Or: months (if no start date)", { min: 0, max: 1200 }),
  f("zone", "select", "重庆功能区（区县不能确定时）", "Chongqing zone (if the district does not say)", {
    options: ZONES,
  }),
];

export const SECTIONS = [
  {
    key: "",
    zh: "基本信息",
    en: "The applicant",
    fields: [
      f("name", "text", "姓名", "Name"),
      f("sex", "select", "性别", "Sex", { options: SEX }),
      f("born", "date", "出生日期", "Date of birth"),
      f("age", "int", "或：年龄", "Or: age", { min: 0, max: 130 }),
      f("retired", TRI, "已退休", "Retired"),
      f("stable_income", TRI, "有稳定生活来源（养老金、租金等）", "Stable livelihood besides a job (pension, rent)"),
    ],
  },
  {
    key: "hukou",
    zh: "现户籍",
    en: "Current hukou",
    fields: [
      f("province", "text", "户籍省份", "Province", { hint: "湖南" }),
      f("city", "text", "户籍城市/区县", "City or county", { hint: "邵阳" }),
      f("type", "select", "户口类型", "Type", {
        options: [opt("rural", "农业户口（农村）", "rural"), opt("urban", "非农业户口（城镇）", "urban")],
      }),
      f("zone", "select", "重庆功能区", "Chongqing zone", { options: ZONES }),
    ],
  },
  {
    key: "education",
    zh: "学历",
    en: "Education",
    fields: [
      f("level", "select", "最高学历", "Highest level", { options: LEVELS }),
      f("moe_recognized", TRI, "教育部承认", "Recognised by the Ministry of Education"),
      f("graduated", "date", "毕业日期", "Graduated on"),
      f("school_city", "text", "学校所在地", "Where the school is"),
      f("professional_title", "select", "专业技术职称", "Professional title", {
        options: [
          opt("none", "无", "none"),
          opt("junior", "初级", "junior"),
          opt("intermediate", "中级", "intermediate"),
          opt("senior", "高级", "senior"),
        ],
      }),
    ],
  },
  { key: "groups", zh: "特殊群体", en: "Groups the documents name", groups: GROUPS },
  {
    key: "residence",
    list: true,
    zh: "居住",
    en: "Residence",
    item: { zh: "居住", en: "stay" },
    fields: [...PERIOD, f("permit", TRI, "持有当地居住证", "Held the local residence permit (居住证)")],
  },
  {
    key: "social_insurance",
    list: true,
    zh: "社会保险",
    en: "Social insurance",
    item: { zh: "社保", en: "contribution" },
    fields: [...PERIOD, f("pension", TRI, "城镇职工基本养老保险", "Urban employees' basic pension")],
  },
  {
    key: "housing",
    list: true,
    zh: "住房",
    en: "Housing",
    item: { zh: "住房", en: "home" },
    fields: [
      f("tenure", "select", "住房性质", "Tenure", {
        required: true,
        options: [opt("owned", "自有（购买）", "owned"), opt("rented", "租赁", "rented"), opt("dormitory", "单位宿舍", "dormitory")],
      }),
      ...PERIOD,
      f("area_sqm", "float", "建筑面积（㎡）", "Floor area (m²)", { min: 0, max: 100000 }),
      f("own_house_number", TRI, "有独立门牌号", "Own house number"),
      f("commercial", TRI, "成套商品住宅", "A complete commercial flat"),
      f("lives_in", TRI, "实际居住", "Actually lived in"),
    ],
  },
  {
    key: "employment",
    list: true,
    zh: "就业",
    en: "Employment",
    item: { zh: "工作", en: "job" },
    fields: [
      ...PERIOD,
      f("kind", "select", "就业形式", "Kind", {
        options: [opt("employee", "受雇（签合同）", "employee"), opt("self_employed", "个体经营", "self-employed"), opt("investor", "投资办企业", "investor")],
      }),
      f("contract", TRI, "签订劳动合同", "Labour contract"),
      f("strategic_emerging", TRI, "战略性新兴产业企业", "Strategic emerging industry"),
      f("industrial_park", TRI, "市级以上工业园区企业", "In a city-level or higher industrial park"),
    ],
  },
  {
    key: "study",
    list: true,
    zh: "就读",
    en: "Study",
    item: { zh: "学籍", en: "course" },
    fields: [
      ...PERIOD,
      f("level", "select", "学段", "Level", {
        options: [opt("compulsory", "义务教育", "compulsory"), opt("senior_secondary", "高中阶段", "senior secondary"), opt("higher", "高等教育", "higher")],
      }),
      f("vocational", TRI, "职业院校（中专、技工）", "Vocational (not a general high school)"),
    ],
  },
  {
    key: "family",
    list: true,
    zh: "随迁家庭成员",
    en: "Family who would move too",
    item: { zh: "家属", en: "member" },
    fields: [
      f("relation", "select", "关系", "Relation", { required: true, options: RELATIONS }),
      f("name", "text", "姓名", "Name"),
      f("sex", "select", "性别", "Sex", { options: SEX }),
      f("born", "date", "出生日期", "Date of birth"),
      f("age", "int", "或：年龄", "Or: age", { min: 0, max: 130 }),
      f("married", TRI, "已婚", "Married"),
      f("has_income", TRI, "有收入", "Has an income"),
      f("lives_with_applicant", TRI, "与申请人共同生活", "Lives with the applicant"),
    ],
  },
  {
    key: "relatives",
    list: true,
    zh: "投靠亲属（户口已在当地）",
    en: "Relatives whose hukou is already there",
    item: { zh: "亲属", en: "relative" },
    fields: [
      f("relation", "select", "关系", "Relation", {
        required: true,
        options: [opt("spouse", "配偶", "spouse"), opt("parent", "父母", "parent"), opt("child", "子女", "child")],
      }),
      f("city", "text", "亲属户口所在地", "Where their hukou is", { required: true }),
      f("urban", TRI, "城镇户口", "Registered in an urban area"),
      f("lives_with_applicant", TRI, "共同生活", "Lives with the applicant"),
    ],
  },
  {
    key: "land_rights",
    zh: "农村土地权益（不影响结论）",
    en: "Rural land rights (never change a verdict)",
    fields: [
      f("contract_land", TRI, "土地承包经营权", "Contracted land"),
      f("homestead", TRI, "宅基地使用权", "Homestead"),
      f("collective_income", TRI, "集体收益分配权", "Collective income"),
    ],
  },
];

// ---- the draft: what the form shows, as strings ----

export function emptyDraft() {
  const draft = {};
  for (const section of SECTIONS) {
    if (section.list) draft[section.key] = { none: false, rows: [] };
    else if (section.groups) draft.groups = { asked: false, set: [], places: {} };
    else draft[section.key || "person"] = {};
  }
  return draft;
}

export function emptyRow(section) {
  return Object.fromEntries(section.fields.map((field) => [field.key, ""]));
}

const asText = (value) => (value === null || value === undefined ? "" : String(value));

/** A profile (canonical JSON) as a draft. */
export function draftOf(profile) {
  const draft = emptyDraft();
  for (const section of SECTIONS) {
    if (section.groups) {
      if (Array.isArray(profile.groups)) {
        // An entry is a group's name, or {group, place, since} for a credential and where it was issued.
        const set = profile.groups.map((g) => (typeof g === "string" ? g : g.group));
        const places = Object.fromEntries(
          profile.groups.filter((g) => typeof g !== "string" && g.place).map((g) => [g.group, g.place]),
        );
        draft.groups = { asked: true, set, places };
      }
      continue;
    }
    if (section.list) {
      const rows = profile[section.key];
      if (Array.isArray(rows)) {
        draft[section.key] = {
          none: rows.length === 0,
          rows: rows.map((row) => Object.fromEntries(section.fields.map((fl) => [fl.key, asText(row[fl.key])]))),
        };
      }
      continue;
    }
    const source = section.key ? profile[section.key] || {} : profile;
    draft[section.key || "person"] = Object.fromEntries(section.fields.map((fl) => [fl.key, asText(source[fl.key])]));
  }
  return draft;
}

function value(field, text) {
  if (text === "" || text === undefined) return undefined;
  if (field.type === TRI) return text === "true";
  if (field.type === "int") return Number.isInteger(Number(text)) ? Number(text) : text;
  if (field.type === "float") return Number.isNaN(Number(text)) ? text : Number(text);
  return text;
}

function object(fields, values) {
  const out = {};
  for (const field of fields) {
    const v = value(field, values[field.key]);
    if (v !== undefined) out[field.key] = v;
  }
  return out;
}

/** The draft as a profile: unknown fields left out, canonical values. */
export function profileOf(draft) {
  const profile = {};
  for (const section of SECTIONS) {
    if (section.groups) {
      const { asked, set, places } = draft.groups;
      const placed = (g) => (PLACE_BOUND.has(g) && places && places[g] ? { group: g, place: places[g] } : g);
      if (asked || set.length) profile.groups = GROUPS.map((g) => g.value).filter((g) => set.includes(g)).map(placed);
      continue;
    }
    if (section.list) {
      const { none, rows } = draft[section.key];
      const kept = rows.map((row) => object(section.fields, row)).filter((row) => Object.keys(row).length);
      if (kept.length) profile[section.key] = kept;
      else if (none) profile[section.key] = [];
      continue;
    }
    const values = object(section.fields, draft[section.key || "person"]);
    if (!section.key) Object.assign(profile, values);
    else if (Object.keys(values).length) profile[section.key] = values;
  }
  return profile;
}
