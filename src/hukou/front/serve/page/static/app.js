// The caseworker's page: applicants, places and a day in; the matrix, an explanation or a
// document out. Views are chosen by the address's #fragment, so Back works. Nothing is kept
// anywhere but in this page: reloading it forgets everything.

import { clear, h } from "./dom.js";
import { applicantForm } from "./form-view.js";
import { lang, setLang, t, tx } from "./i18n.js";
import { draftOf, emptyDraft, profileOf } from "./profile-form.js";
import { documentView, documentsCited, explanation, matrix, setWords } from "./results.js";

const $ = (id) => document.getElementById(id);
const today = () => new Date(Date.now() - new Date().getTimezoneOffset() * 60000).toISOString().slice(0, 10);

const state = {
  applicants: [emptyDraft()],
  active: 0,
  jurisdictions: [],
  chosen: null, // codes of the jurisdictions ticked (null: all)
  other: "",
  asOf: today(),
  report: null,
  documents: new Map(),
  error: null,
};

async function api(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const data = await response.json().catch(() => ({ error: { message: `${response.status} ${response.statusText}` } }));
  if (!response.ok) throw Object.assign(new Error(data.error ? data.error.message : String(response.status)), { problem: data.error || {} });
  return data;
}

/** A place as the page shows it: an encoded jurisdiction by its name in the page's language. */
function placeName(name) {
  const found = state.jurisdictions.find((j) => j.jurisdiction === name || j.name.zh === name);
  return found ? tx(found.name) : name;
}

// ---- the input side ----

function drawStatic() {
  document.title = `${t("title")} · hukou`;
  $("title").textContent = t("title");
  $("subtitle").textContent = t("subtitle");
  $("lang").textContent = t("switchLang");
  $("lang").setAttribute("aria-label", t("switchLangLabel"));
  $("lang").setAttribute("lang", lang() === "zh" ? "en" : "zh-CN");
  $("skip").textContent = t("skip");
  $("privacy").textContent = t("privacy");
  $("applicants-title").textContent = t("applicants");
  $("import-title").textContent = t("importTitle");
  $("paste-label").textContent = t("pasteLabel");
  $("upload-label").textContent = t("upload");
  $("read").textContent = t("read");
  $("save").textContent = t("save");
  $("places-title").textContent = t("places");
  $("other-label").textContent = t("otherPlaces");
  $("asof-label").textContent = t("asOf");
  $("check").textContent = t("check");
  $("print").textContent = t("print");
  $("results-title").textContent = t("matrix");
  for (const back of document.querySelectorAll(".back")) back.textContent = t("back");
}

function drawApplicants(focusId) {
  const tabs = clear($("applicant-tabs"));
  state.applicants.forEach((draft, i) => {
    const name = draft.person.name ? ` ${draft.person.name}` : "";
    tabs.append(
      h("button", { type: "button", class: "tab", "aria-pressed": i === state.active ? "true" : "false", onclick: () => choose(i) }, `${t("applicant")} ${i + 1}${name}`),
    );
  });
  tabs.append(h("button", { type: "button", class: "tab add", id: "add-applicant", onclick: addApplicant }, `＋ ${t("addApplicant")}`));
  const form = clear($("applicant-form"));
  const draft = state.applicants[state.active];
  const changed = () => {
    const tab = tabs.children[state.active];
    const name = draft.person.name ? ` ${draft.person.name}` : "";
    tab.textContent = `${t("applicant")} ${state.active + 1}${name}`;
  };
  form.append(...applicantForm(state.active, draft, changed, drawApplicants));
  if (state.applicants.length > 1) {
    form.append(h("button", { type: "button", class: "quiet", id: "remove-applicant", onclick: removeApplicant }, `${t("removeApplicant")} (${state.active + 1})`));
  }
  if (focusId && $(focusId)) $(focusId).focus();
}

function choose(i) {
  state.active = i;
  drawApplicants();
  $("applicant-tabs").children[i].focus();
}

function addApplicant() {
  state.applicants.push(emptyDraft());
  state.active = state.applicants.length - 1;
  drawApplicants(`a${state.active}-person-name`);
}

function removeApplicant() {
  state.applicants.splice(state.active, 1);
  state.active = Math.max(0, state.active - 1);
  drawApplicants();
  $("applicant-tabs").children[state.active].focus();
}

function drawPlaces() {
  const box = clear($("place-list"));
  for (const j of state.jurisdictions) {
    const id = `place-${j.code}`;
    const checked = state.chosen === null || state.chosen.includes(j.code);
    const toggle = (event) => {
      const all = state.chosen ?? state.jurisdictions.map((x) => x.code);
      state.chosen = event.target.checked ? [...all, j.code] : all.filter((c) => c !== j.code);
    };
    box.append(h("span", { class: "check" }, h("input", { type: "checkbox", id, checked, onchange: toggle }), h("label", { for: id }, tx(j.name))));
  }
  $("other").value = state.other;
  $("asof").value = state.asOf;
}

function showError(message) {
  const box = $("error");
  box.textContent = message ? `${t("errorTitle")}: ${message}` : "";
  box.hidden = !message;
}

/** The input a problem's field path names (profiles[0].residence[1].city → a0-residence-1-city). */
function inputFor(field) {
  const match = /^profiles\[(\d+)\]\.?(.*)$/.exec(field || "");
  if (!match) return null;
  const rest = match[2].replace(/\[(\d+)\]/g, ".$1").split(".").filter(Boolean);
  const id = rest.length === 1 ? `a${match[1]}-person-${rest[0]}` : `a${match[1]}-${rest.join("-")}`;
  return { applicant: Number(match[1]), id };
}

async function check(event) {
  event.preventDefault();
  showError(null);
  const places = state.jurisdictions.filter((j) => state.chosen === null || state.chosen.includes(j.code)).map((j) => j.jurisdiction);
  places.push(...state.other.split(/[,，、;；\s]+/).filter(Boolean));
  if (!places.length) return showError(t("noPlaces"));
  const button = $("check");
  button.disabled = true;
  button.textContent = t("checking");
  try {
    const body = { profiles: state.applicants.map(profileOf), places };
    if (state.asOf) body.as_of = state.asOf;
    state.report = await api("/v1/compare", body);
    drawResults();
    if (location.hash) history.pushState(null, "", location.pathname + location.search);
    $("results-title").focus();
  } catch (error) {
    showError(error.message);
    const target = inputFor(error.problem && error.problem.field);
    if (target) {
      state.active = target.applicant;
      drawApplicants(target.id);
    }
  } finally {
    button.disabled = false;
    button.textContent = t("check");
  }
}

async function readProfile() {
  showError(null);
  const text = $("paste").value;
  if (!text.trim()) return;
  try {
    const { profile } = await api("/v1/profiles/parse", { text, name: $("upload").files[0]?.name || "profile" });
    state.applicants[state.active] = draftOf(profile);
    drawApplicants(`a${state.active}-person-name`);
  } catch (error) {
    showError(`${t("readFailed")}: ${error.message}`);
  }
}

function upload() {
  const file = $("upload").files[0];
  if (!file) return;
  file.text().then((text) => {
    $("paste").value = text;
    readProfile();
  });
}

function save() {
  const draft = state.applicants[state.active];
  const profile = profileOf(draft);
  const blob = new Blob([`${JSON.stringify(profile, null, 2)}\n`], { type: "application/json" });
  const link = h("a", { href: URL.createObjectURL(blob), download: `${draft.person.name || "profile"}.json` });
  document.body.append(link);
  link.click();
  setTimeout(() => {
    URL.revokeObjectURL(link.href);
    link.remove();
  }, 0);
}

// ---- the answers ----

function drawResults() {
  const box = clear($("matrix"));
  const report = state.report;
  $("results").hidden = !report;
  if (!report) return;
  $("judged").textContent = `${t("judgedOn")} ${report.as_of} · ${t("printedOn")} ${today()}`;
  box.append(h("p", { class: "hint" }, t("matrixHint")), matrix(report, placeName, (i) => (location.hash = `result=${i}`)), documentsCited(report.results));
}

function show(view) {
  for (const id of ["input-view", "results", "explanation-view", "document-view"]) {
    const visible = view === "main" ? ["input-view", "results"].includes(id) : id === view;
    $(id).hidden = !visible || (id === "results" && !state.report);
  }
  document.body.dataset.view = view;
}

async function route() {
  const params = new URLSearchParams(location.hash.slice(1));
  if (params.has("result") && state.report) {
    const row = state.report.results[Number(params.get("result"))];
    if (row) {
      const box = clear($("explanation"));
      box.append(explanation(row, state.report.as_of, placeName), documentsCited([row]));
      show("explanation-view");
      $("explanation-title").focus();
      return;
    }
  }
  if (params.has("doc")) {
    const id = params.get("doc");
    try {
      if (!state.documents.has(id)) state.documents.set(id, await api(`/v1/documents/${encodeURIComponent(id)}`));
    } catch (error) {
      showError(error.message);
      show("main");
      return;
    }
    const { article, current } = documentView(state.documents.get(id), params.get("quote"));
    clear($("document")).append(article);
    show("document-view");
    if (current) {
      current.scrollIntoView({ block: "center" });
      current.focus({ preventScroll: true });
    } else $("document-title").focus();
    return;
  }
  show("main");
}

function switchLang() {
  setLang(lang() === "zh" ? "en" : "zh");
  const url = new URL(location.href);
  if (lang() === "en") url.searchParams.set("lang", "en");
  else url.searchParams.delete("lang");
  history.replaceState(null, "", url);
  drawAll();
  route();
  $("lang").focus();
}

function drawAll() {
  drawStatic();
  drawApplicants();
  drawPlaces();
  drawResults();
}

async function start() {
  setLang(lang());
  $("lang").addEventListener("click", switchLang);
  $("form").addEventListener("submit", check);
  $("read").addEventListener("click", readProfile);
  $("upload").addEventListener("change", upload);
  $("save").addEventListener("click", save);
  $("print").addEventListener("click", () => window.print());
  $("other").addEventListener("input", (event) => (state.other = event.target.value));
  $("asof").addEventListener("input", (event) => (state.asOf = event.target.value));
  for (const back of document.querySelectorAll(".back")) back.addEventListener("click", () => history.back());
  window.addEventListener("hashchange", route);
  drawStatic();
  drawApplicants();
  try {
    const [listed, words] = await Promise.all([api("/v1/jurisdictions"), api("/v1/words")]);
    state.jurisdictions = listed.jurisdictions;
    setWords(words);
  } catch (error) {
    showError(error.message);
  }
  drawPlaces();
  route();
  document.body.dataset.ready = "true";
}

start();
