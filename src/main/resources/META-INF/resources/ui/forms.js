// Form fields with their labels, hints and error slots, and the service's validation problems shown next to the
// fields they name. A problem's `errors` list names each bad field by its dotted path in the request body
// ("job_name", "training.model", "training.extra_args.model.dtype"); each control carries the path it fills in.

import {h, uid} from "./dom.js";

/**
 * A labelled control. `path` is the request field it fills in (for errors); `hint` a line of help, linked with
 * aria-describedby like the error that may replace it.
 */
export function field(label, control, {hint, path} = {}) {
  if (!control.id) control.id = uid("field");
  const hintId = hint ? uid("hint") : null;
  const errorId = uid("error");
  control.dataset.field = path || "";
  control.dataset.hintId = hintId || "";
  control.dataset.errorId = errorId;
  if (hintId) control.setAttribute("aria-describedby", hintId);
  return h("div", {class: "field"},
    h("label", {for: control.id}, label),
    control,
    hint ? h("p", {class: "hint", id: hintId}, hint) : null,
    h("p", {class: "field-error", id: errorId, hidden: true}));
}

/** A group of checkboxes (or radios) under a legend, with its own error slot. */
export function group(legend, controls, {path} = {}) {
  const errorId = uid("error");
  const set = h("fieldset", {class: "group", "data-field": path || "", "data-error-id": errorId},
    h("legend", {}, legend),
    h("div", {class: "choices"}, controls),
    h("p", {class: "field-error", id: errorId, hidden: true}));
  return set;
}

/** A checkbox with its label after it. */
export function checkbox(label, attrs) {
  const id = uid("check");
  return h("span", {class: "check"}, h("input", {type: "checkbox", id, ...attrs}), h("label", {for: id}, label));
}

export function clearErrors(form, summary) {
  for (const el of form.querySelectorAll("[data-error-id]")) {
    const slot = document.getElementById(el.dataset.errorId);
    if (slot) {
      slot.hidden = true;
      slot.textContent = "";
    }
    el.removeAttribute("aria-invalid");
    const hint = el.dataset.hintId;
    if (hint) el.setAttribute("aria-describedby", hint);
    else if (el.matches("input, select, textarea")) el.removeAttribute("aria-describedby");
  }
  if (summary) {
    summary.hidden = true;
    summary.replaceChildren();
  }
}

/**
 * Shows an ApiError: each field error next to the control whose path is the longest prefix of the error's field,
 * the rest (and the problem's detail when no field is named) in `summary`. Focuses the first bad control.
 */
export function showErrors(form, error, summary, extra = []) {
  clearErrors(form, summary);
  const controls = [...form.querySelectorAll("[data-error-id]")].filter((el) => el.dataset.field);
  const unplaced = [];
  let first = null;
  for (const fieldError of [...error.fieldErrors, ...extra]) {
    const target = bestMatch(controls, fieldError.field || "");
    if (!target) {
      unplaced.push(`${fieldError.field}: ${fieldError.message}`);
      continue;
    }
    const slot = document.getElementById(target.dataset.errorId);
    slot.hidden = false;
    slot.textContent = slot.textContent ? `${slot.textContent}; ${fieldError.message}` : fieldError.message;
    if (target.matches("input, select, textarea")) target.setAttribute("aria-invalid", "true");
    const described = [target.dataset.errorId, target.dataset.hintId].filter(Boolean).join(" ");
    target.setAttribute("aria-describedby", described);
    first = first || target;
  }
  if (summary) {
    const lines = unplaced.length ? unplaced : first ? [] : [error.message];
    if (lines.length || first) {
      summary.hidden = false;
      summary.append(h("p", {}, first ? "The service did not accept some fields; see the messages next to them." : "The service refused the request."));
      if (lines.length) summary.append(h("ul", {}, lines.map((line) => h("li", {}, line))));
    }
  }
  const focusable = first && (first.matches("fieldset") ? first.querySelector("input") : first);
  if (focusable) focusable.focus();
  else if (summary) summary.focus();
}

function bestMatch(controls, path) {
  let best = null;
  for (const el of controls) {
    const f = el.dataset.field;
    if ((path === f || path.startsWith(`${f}.`)) && (!best || f.length > best.dataset.field.length)) best = el;
  }
  return best;
}
