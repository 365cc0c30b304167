// The page's own words, Chinese first. Words from the rules and the engine come from the server
// (/v1/words and each report's {zh, en} texts).

const WORDS = {
  title: ["落户政策核查", "Hukou settlement check"],
  subtitle: [
    "依据已编码的地方落户政策文件逐条核查；本服务不保存、不记录任何个人信息。",
    "Checks a person against the encoded local settlement policies, sentence by sentence; nothing you enter is stored or logged.",
  ],
  switchLang: ["English", "中文"],
  switchLangLabel: ["Switch to English", "切换到中文"],
  applicants: ["申请人", "Applicants"],
  applicant: ["申请人", "Applicant"],
  addApplicant: ["添加申请人", "Add an applicant"],
  removeApplicant: ["删除此申请人", "Remove this applicant"],
  places: ["核查地点", "Places to check"],
  otherPlaces: ["其他地点（用逗号分隔，可写区县）", "Other places (comma-separated; districts allowed)"],
  asOf: ["核查日期", "Judge as on"],
  check: ["核查", "Check"],
  checking: ["正在核查…", "Checking…"],
  matrix: ["核查结果", "Results"],
  matrixHint: ["选择一格查看完整说明。", "Choose a cell for the full explanation."],
  print: ["打印", "Print"],
  importTitle: ["导入档案文件（YAML 或 JSON）", "Import a profile file (YAML or JSON)"],
  pasteLabel: ["粘贴档案内容", "Paste a profile"],
  upload: ["选择文件", "Choose a file"],
  read: ["读入表单", "Read into the form"],
  save: ["保存为档案文件", "Save as a profile file"],
  none: ["无", "none"],
  noneOf: ["确认没有", "Confirmed none"],
  groupsAsked: ["已逐项询问（未勾选的即不属于）", "Asked about each (unticked ones do not apply)"],
  add: ["添加", "Add"],
  remove: ["删除", "Remove"],
  unknown: ["未知", "unknown"],
  yes: ["是", "yes"],
  no: ["否", "no"],
  choose: ["—", "—"],
  verdict: ["结论", "Verdict"],
  channel: ["渠道", "Channel"],
  nearest: ["最接近", "nearest"],
  admittedBy: ["准入渠道", "Admitted by"],
  explanation: ["说明", "Explanation"],
  close: ["关闭", "Close"],
  back: ["返回", "Back"],
  conditions: ["条件", "Conditions"],
  condition: ["条件", "Condition"],
  yours: ["申请人情况", "The person's value"],
  required: ["要求", "Required"],
  result: ["结果", "Result"],
  followers: ["随迁家属", "Family who may follow"],
  registration: ["户口登记在", "Hukou registered in"],
  missing: ["尚缺信息", "Still unknown"],
  gaps: ["还差什么", "What would change it"],
  notes: ["提示", "Notes"],
  notInForce: ["当日未施行的渠道", "Channels not in force on the day"],
  quote: ["政策原文", "The policy's words"],
  openQuote: ["在原文中查看", "Read it in the document"],
  document: ["政策文件", "Policy document"],
  documentsCited: ["引用文件", "Documents cited"],
  judgedOn: ["核查日期", "Judged as on"],
  printedOn: ["打印日期", "Printed on"],
  mayFollow: ["可随迁", "may follow"],
  mayNotFollow: ["不可随迁", "may not follow"],
  mayBeFollow: ["尚不确定", "not yet known"],
  waived: ["已豁免", "waived"],
  met: ["符合", "met"],
  not_met: ["不符合", "not met"],
  interpretation: ["解读", "Reading"],
  reasoning: ["推断", "Decided"],
  issuedIn: ["出具地", "issued in"],
  priority: ["优先", "Priority"],
  deferred: ["待配套细则", "awaits a regulation"],
  errorTitle: ["无法核查", "Could not check"],
  noPlaces: ["请至少选择一个地点。", "Choose at least one place."],
  readFailed: ["无法读取", "Could not read"],
  skip: ["跳到结果", "Skip to the results"],
  privacy: [
    "隐私：信息只在本次请求中用于核查，服务器不保存、不写日志；保存的文件只在您自己的电脑上。",
    "Privacy: what you enter is used for this check only; the server stores and logs nothing. A saved file stays on your own computer.",
  ],
  section: ["条款", "section"],
  status_in_force: ["现行有效", "in force"],
  status_draft: ["征求意见稿", "draft for comment"],
  status_repealed: ["已废止", "repealed"],
  status_expired: ["已失效", "expired"],
  status: ["状态", "status"],
  issued: ["发布", "issued"],
  cell: ["{person} 在 {place}：{verdict}", "{person} in {place}: {verdict}"],
};

let current = new URLSearchParams(location.search).get("lang") === "en" ? "en" : "zh";

export const lang = () => current;
export function setLang(value) {
  current = value;
  document.documentElement.lang = value === "zh" ? "zh-CN" : "en";
}
export function t(key, fill = {}) {
  const pair = WORDS[key];
  let text = pair ? pair[current === "zh" ? 0 : 1] : key;
  for (const [k, v] of Object.entries(fill)) text = text.replace(`{${k}}`, v);
  return text;
}
/** A {zh, en} text from the server, or a [zh, en] pair, in the page's language. */
export const tx = (text) => (text ? (Array.isArray(text) ? text[current === "zh" ? 0 : 1] : text[current]) : "");
