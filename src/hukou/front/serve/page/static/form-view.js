// One applicant's form, drawn from the draft; every input writes back into the draft.

import { h } from "./dom.js";
import { lang, t, tx } from "./i18n.js";
import { PLACE_BOUND, SECTIONS, emptyRow } from "./profile-form.js";

const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const label = (field) => (lang() === "zh" ? field.zh : field.en);

function input(id, field, values, changed) {
  const current = values[field.key] ?? "";
  const write = (event) => {
    values[field.key] = event.target.value;
    changed();
  };
  if (field.type === "tri" || field.type === "select") {
    const options =
      field.type === "tri"
        ? [
            { value: "", text: t("unknown") },
            { value: "true", text: t("yes") },
            { value: "false", text: t("no") },
          ]
        : [{ value: "", text: field.required ? t("choose") : t("unknown") }].concat(
            field.options.map((o) => ({ value: o.value, text: lang() === "zh" ? o.zh : o.en })),
          );
    return h(
      "select",
      { id, name: id, onchange: write, required: field.required },
      options.map((o) => h("option", { value: o.value, selected: o.value === current }, o.text)),
    );
  }
  const attrs = { id, name: id, value: current, oninput: write, required: field.required };
  if (field.type === "date") return h("input", { ...attrs, type: "date" });
  if (field.type === "int" || field.type === "float") {
    const step = field.type === "int" ? "1" : "any";
    return h("input", { ...attrs, type: "number", inputmode: "decimal", min: field.min, max: field.max, step });
  }
  return h("input", { ...attrs, type: "text", placeholder: field.hint, autocomplete: "off" });
}

function fieldRow(id, field, values, changed) {
  return h("div", { class: "field" }, h("label", { for: id }, label(field)), input(id, field, values, changed));
}

function groupsSection(prefix, section, draft, changed) {
  const groups = draft.groups;
  const boxes = section.groups.map((g) => {
    const id = `${prefix}-group-${g.value}`;
    const toggle = (event) => {
      groups.set = event.target.checked ? [...groups.set, g.value] : groups.set.filter((v) => v !== g.value);
      changed();
    };
    const checked = groups.set.includes(g.value);
    // A certificate or roster counts only where it was issued: ask where, once the box is ticked.
    const where =
      checked && PLACE_BOUND.has(g.value)
        ? h(
            "span",
            { class: "issued" },
            h("label", { for: `${id}-place` }, t("issuedIn")),
            h("input", {
              type: "text",
              id: `${id}-place`,
              value: (groups.places || {})[g.value] || "",
              onchange: (event) => {
                groups.places = { ...(groups.places || {}), [g.value]: event.target.value.trim() };
                changed();
              },
            }),
          )
        : null;
    return h(
      "div",
      { class: "check" },
      h("input", { type: "checkbox", id, checked, onchange: toggle }),
      h("label", { for: id }, lang() === "zh" ? g.zh : g.en),
      where,
    );
  });
  const askedId = `${prefix}-groups-asked`;
  const asked = h(
    "div",
    { class: "check asked" },
    h("input", {
      type: "checkbox",
      id: askedId,
      checked: groups.asked,
      onchange: (event) => {
        groups.asked = event.target.checked;
        changed();
      },
    }),
    h("label", { for: askedId }, t("groupsAsked")),
  );
  return h("fieldset", { class: "section groups" }, h("legend", {}, tx(section)), asked, h("div", { class: "checks" }, boxes));
}

function listSection(prefix, section, draft, changed, redraw) {
  const list = draft[section.key];
  const noneId = `${prefix}-${section.key}-none`;
  const rows = list.rows.map((row, i) => {
    const rowId = `${prefix}-${section.key}-${i}`;
    const remove = () => {
      list.rows.splice(i, 1);
      redraw(`${prefix}-${section.key}-add`);
    };
    return h(
      "fieldset",
      { class: "item" },
      h("legend", {}, `${capital(tx(section.item))} ${i + 1}`),
      h("div", { class: "grid" }, section.fields.map((fl) => fieldRow(`${rowId}-${fl.key}`, fl, row, changed))),
      h("button", { type: "button", class: "quiet", onclick: remove }, lang() === "zh" ? `${t("remove")}${tx(section.item)} ${i + 1}` : `${t("remove")} ${tx(section.item)} ${i + 1}`),
    );
  });
  const add = () => {
    list.rows.push(emptyRow(section));
    list.none = false;
    redraw(`${prefix}-${section.key}-${list.rows.length - 1}-${section.fields[0].key}`);
  };
  return h(
    "fieldset",
    { class: "section list", id: `${prefix}-${section.key}` },
    h("legend", {}, tx(section)),
    rows,
    h(
      "div",
      { class: "list-actions" },
      h("button", { type: "button", id: `${prefix}-${section.key}-add`, onclick: add }, lang() === "zh" ? `${t("add")}${tx(section.item)}` : `${t("add")} a ${tx(section.item)}`),
      list.rows.length
        ? null
        : h(
            "span",
            { class: "check" },
            h("input", {
              type: "checkbox",
              id: noneId,
              checked: list.none,
              onchange: (event) => {
                list.none = event.target.checked;
                changed();
              },
            }),
            h("label", { for: noneId }, lang() === "zh" ? `${t("noneOf")}（${tx(section)}）` : `${t("noneOf")} (${tx(section)})`),
          ),
    ),
  );
}

/** The form of applicant ``index``; ``redraw(focusId)`` draws it again after rows change. */
export function applicantForm(index, draft, changed, redraw) {
  const prefix = `a${index}`;
  return SECTIONS.map((section) => {
    if (section.groups) return groupsSection(prefix, section, draft, changed);
    if (section.list) return listSection(prefix, section, draft, changed, redraw);
    const values = draft[section.key || "person"];
    const id = (fl) => `${prefix}-${section.key || "person"}-${fl.key}`;
    return h(
      "fieldset",
      { class: "section" },
      h("legend", {}, tx(section)),
      h("div", { class: "grid" }, section.fields.map((fl) => fieldRow(id(fl), fl, values, changed))),
    );
  });
}
