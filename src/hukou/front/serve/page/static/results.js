// The answers: the applicant × place matrix, one cell's full explanation, and a document with
// the quoted sentences marked. Everything shown comes from the API's reports and words.

import { clear, h } from "./dom.js";
import { lang, t, tx } from "./i18n.js";

let words = { values: {}, units: {}, relations: {}, registrations: {}, verdicts: {}, fact_kinds: {} };
export const setWords = (w) => (words = w);

const FACT_UNIT = { months: "month", sqm: "sqm", age: "age", count: "person" };
const SYMBOL = { ">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "=", "!=": "≠" };
const MARK = { met: "✓", not_met: "✗", unknown: "?", waived: "–" };

export function valueText(value, unit) {
  if (value === null || value === undefined) return t("unknown");
  if (typeof value === "boolean") return value ? t("yes") : t("no");
  if (Array.isArray(value)) return value.length ? value.map((v) => valueText(v, unit)).join(lang() === "zh" ? "、" : ", ") : t("none");
  if (typeof value === "string") return words.values[value] ? tx(words.values[value]) : value;
  if (typeof value === "number" && unit && words.units[unit]) {
    let word = tx(words.units[unit]);
    if (lang() === "en" && value === 1) word = word.replace(/s$/, "");
    return unit === "sqm" ? `${value}${word}` : `${value} ${word}`;
  }
  return String(value);
}

/** A yes/no condition read as its label answered ("省外户籍: 是"), as the CLI prints it. */
function answerText(condition) {
  if (condition.actual === null || condition.actual === undefined) return t("unknown");
  return condition.actual === condition.required ? t("yes") : t("no");
}

const statusText = (status) => t(`status_${status}`);

function requiredText(condition) {
  const kind = words.fact_kinds[condition.fact] || null;
  const need = valueText(condition.required, condition.unit);
  if (kind === "bool") return t("yes"); // a yes/no condition is its label, to be answered yes
  if (condition.op in SYMBOL && !["enum", "area"].includes(kind)) return `${SYMBOL[condition.op]} ${need}`;
  if (condition.op === "in") return `${lang() === "zh" ? "属于" : "one of"} ${need}`;
  if (condition.op === "not_in" || condition.op === "!=") return `${lang() === "zh" ? "不得为" : "not"} ${need}`;
  return need;
}

const verdictText = (verdict) => (words.verdicts[verdict] ? tx(words.verdicts[verdict]) : verdict);
const badge = (verdict) => h("span", { class: `verdict ${verdict}` }, verdictText(verdict));

function channelOf(result, id) {
  return result.channels.find((c) => c.id === id);
}

/** The channel a cell names: the admitting one, else the nearest miss. */
function cellChannel(row) {
  if (!row.result || !row.channel) return null;
  const channel = channelOf(row.result, row.channel);
  return channel ? { title: tx(channel.title), nearest: row.nearest } : null;
}

// ---- the matrix ----

export function matrix(report, placeName, open) {
  const people = [...new Set(report.results.map((r) => r.profile))];
  const places = [...new Set(report.results.map((r) => r.city))];
  const at = new Map(report.results.map((r, i) => [`${r.profile}\u0000${r.city}`, i]));
  const head = h("tr", {}, h("th", { scope: "col" }, t("applicant")), places.map((p) => h("th", { scope: "col" }, placeName(p))));
  const body = people.map((person) =>
    h(
      "tr",
      {},
      h("th", { scope: "row" }, person),
      places.map((place) => {
        const index = at.get(`${person}\u0000${place}`);
        const row = report.results[index];
        const channel = cellChannel(row);
        const name = t("cell", { person, place: placeName(place), verdict: verdictText(row.verdict) });
        return h(
          "td",
          { class: row.verdict },
          h(
            "button",
            { type: "button", class: "cell", onclick: () => open(index), "aria-label": `${name}${channel ? ` — ${channel.title}` : ""}` },
            h("span", { class: "cell-place" }, placeName(place)),
            badge(row.verdict),
            channel ? h("span", { class: "channel" }, channel.nearest ? `${t("nearest")}: ${channel.title}` : channel.title) : null,
          ),
        );
      }),
    ),
  );
  return h("div", { class: "matrix-wrap", tabindex: "0", role: "region", "aria-label": t("matrix") }, h("table", { class: "matrix" }, h("thead", {}, head), h("tbody", {}, body)));
}

// ---- one cell's explanation ----

function list(title, items, className = "") {
  if (!items.length) return null;
  return h("section", { class: `part ${className}` }, h("h3", {}, title), h("ul", {}, items.map((item) => h("li", {}, item))));
}

function followerItem(f) {
  const state = f.may_follow === true ? t("mayFollow") : f.may_follow === false ? t("mayNotFollow") : t("mayBeFollow");
  const who = `${words.relations[f.relation] ? tx(words.relations[f.relation]) : f.relation}${f.name ? ` ${f.name}` : ""}`;
  const cls = f.may_follow === true ? "met" : f.may_follow === false ? "not_met" : "unknown";
  return [h("strong", {}, who), " ", h("span", { class: `mark ${cls}` }, state), ` — ${tx(f.reason)}`];
}

function conditionTable(conditions) {
  const rows = conditions.map((c) => {
    const kind = words.fact_kinds[c.fact] || null;
    const item = c.item ? ` (${typeof c.item === "string" ? c.item : tx(c.item)})` : "";
    const groups = c.groups.length ? h("div", { class: "groups" }, c.groups.map((g) => tx(g)).join(" › ")) : null;
    return h(
      "tr",
      { class: c.verdict },
      h("td", {}, groups, tx(c.label) + item, c.detail ? h("div", { class: "detail" }, c.detail) : null),
      h("td", {}, kind === "bool" ? answerText(c) : valueText(c.actual, FACT_UNIT[kind] || null)),
      h("td", {}, requiredText(c)),
      h("td", { class: "result" }, h("span", { class: `mark ${c.verdict}`, "aria-hidden": "true" }, MARK[c.verdict]), " ", t(c.verdict === "unknown" ? "unknown" : c.verdict)),
    );
  });
  return h(
    "div",
    { class: "table-wrap" },
    h(
      "table",
      { class: "conditions" },
      h("thead", {}, h("tr", {}, ["condition", "yours", "required", "result"].map((k) => h("th", { scope: "col" }, t(k))))),
      h("tbody", {}, rows),
    ),
  );
}

function citation(cite, quote) {
  const href = `#doc=${encodeURIComponent(cite.document)}&quote=${encodeURIComponent(quote)}`;
  return h(
    "figure",
    { class: "quote" },
    h("blockquote", {}, quote),
    h(
      "figcaption",
      {},
      `${cite.number}《${cite.title}》${cite.section ? ` ${t("section")} ${cite.section}` : ""} `,
      h("a", { href, class: "to-document" }, t("openQuote")),
    ),
  );
}

function channelPart(channel, open, placeName) {
  const extra = [];
  if (channel.interpretation) extra.push(h("p", { class: "note" }, `${t("interpretation")}: ${tx(channel.interpretation)}`));
  if (channel.reasoning) extra.push(h("p", { class: "note" }, `${t("reasoning")}: ${tx(channel.reasoning)}`));
  if (channel.priority) extra.push(h("p", { class: "note" }, `${t("priority")}: ${tx(channel.priority)}`));
  if (channel.deferred_to) extra.push(h("p", { class: "note" }, `${t("deferred")}: 《${channel.deferred_to}》`));
  return h(
    "details",
    { class: `channel-part ${channel.verdict}`, open },
    h("summary", {}, badge(channel.verdict), " ", h("span", { class: "channel-title" }, tx(channel.title)), h("span", { class: "jur" }, ` · ${placeName(channel.jurisdiction)}`)),
    extra,
    channel.conditions.length ? conditionTable(channel.conditions) : null,
    list(t("missing"), channel.missing.map(tx)),
    channel.verdict !== "eligible" ? list(t("gaps"), channel.gaps.map((g) => tx(g.text))) : null,
    channel.verdict === "eligible" ? list(t("registration"), channel.registration.map((r) => tx(r.label) + (r.note ? ` (${tx(r.note)})` : ""))) : null,
    citation(channel.citation, channel.quote),
    channel.waivers.map((w) => citation(w, w.quote)),
  );
}

export function explanation(row, asOf, placeName) {
  const result = row.result;
  if (!result) return h("p", { class: "error" }, row.error || "");
  const admitted = result.admitted_by.map((id) => tx(channelOf(result, id).title));
  const focus = new Set([...result.admitted_by, result.nearest ? result.nearest.channel : null]);
  return h(
    "article",
    { class: "explanation" },
    h("h2", { tabindex: "-1", id: "explanation-title" }, `${row.profile} · ${placeName(result.city)}`),
    h("p", { class: "summary" }, badge(result.verdict), ` ${result.place} · ${t("judgedOn")} ${asOf}`),
    list(t("admittedBy"), admitted),
    list(t("registration"), result.registration.map((r) => tx(r.label) + (r.note ? ` (${tx(r.note)})` : "") + (r.certain ? "" : " ?"))),
    result.nearest ? list(`${t("gaps")} (${t("nearest")}: ${tx(result.nearest.title)})`, result.nearest.gaps.map((g) => tx(g.text))) : null,
    list(t("missing"), result.missing.map(tx)),
    list(t("followers"), result.followers.map(followerItem)),
    list(t("notes"), result.notes.map(tx), "notes"),
    h("section", { class: "part" }, h("h3", {}, t("conditions")), result.channels.map((c) => channelPart(c, focus.has(c.id), placeName))),
    list(t("notInForce"), result.not_in_force),
  );
}

/** The documents a set of results cites, once each, for the print footer. */
export function documentsCited(results) {
  const seen = new Map();
  for (const row of results) {
    for (const channel of row.result ? row.result.channels : []) {
      const c = channel.citation;
      seen.set(c.document, `${c.number}《${c.title}》(${t("issued")} ${c.issued}, ${statusText(c.status)})`);
    }
  }
  return list(t("documentsCited"), [...seen.values()], "cited");
}

// ---- a document, its quotes marked ----

export function documentView(doc, quote) {
  const parts = [];
  let at = 0;
  let current = null;
  for (const [i, mark] of doc.quotes.entries()) {
    if (mark.start < at) continue; // overlapping marks: the first one wins
    parts.push(doc.text.slice(at, mark.start));
    const isCurrent = quote && mark.quote === quote && current === null;
    const node = h("mark", { id: `quote-${i}`, class: isCurrent ? "current" : "", title: mark.cited_by.join(", "), tabindex: isCurrent ? "-1" : null }, doc.text.slice(mark.start, mark.end));
    if (isCurrent) current = node;
    parts.push(node);
    at = mark.end;
  }
  parts.push(doc.text.slice(at));
  const d = doc.document;
  const article = h(
    "article",
    { class: "document" },
    h("h2", { tabindex: "-1", id: "document-title" }, `${d.number}《${d.title}》`),
    h("p", { class: "summary" }, `${d.issuer} · ${t("issued")} ${d.issued} · ${statusText(d.status)} · ${doc.jurisdictions.join("、")}`),
    h("div", { class: "document-text" }, parts),
  );
  return { article, current };
}

export { clear };
