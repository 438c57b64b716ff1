// DOM helpers. Everything the service sends (job names, log lines, messages) is attacker-controlled text, so the
// dashboard builds its elements here and only ever sets text through textContent, never through markup.

/**
 * h("a", {href: "#/jobs", class: "x"}, "text", child) → an element. Attributes are set with setAttribute (a value of
 * null, undefined or false leaves it out; true sets it empty); keys starting with "on" add listeners.
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

/** The same for SVG elements, which need their namespace. */
export function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (key.startsWith("on") && typeof value === "function") {
      el.addEventListener(key.slice(2), value);
    } else if (value === true) {
      el.setAttribute(key, "");
    } else if (value !== null && value !== undefined && value !== false) {
      el.setAttribute(key, String(value));
    }
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let announceTimer = 0;

/** Says something to screen readers through the page's polite live region (and shows nothing). */
export function announce(message) {
  const region = document.getElementById("announcer");
  if (!region) return;
  // Cleared first so that the same message twice is announced twice.
  region.textContent = "";
  clearTimeout(announceTimer);
  announceTimer = setTimeout(() => { region.textContent = message; }, 50);
}

/** A unique id for aria-describedby and label pairs. */
let counter = 0;
export function uid(prefix) {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** "3 min ago", from an ISO-8601 instant. */
export function age(iso, now = Date.now()) {
  if (!iso) return "";
  const seconds = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `${seconds} s ago`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)} h ago`;
  return `${Math.floor(seconds / 86400)} d ago`;
}

/** A local date and time for an ISO-8601 instant, for tooltips and tables. */
export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "";
}

/** A status as a badge; the class carries the colour, the text carries the meaning. */
export function badge(status) {
  return h("span", {class: `badge status-${String(status).replace(/[^a-z]/g, "")}`}, status || "unknown");
}

export const FINAL = new Set(["completed", "failed", "stopped"]);

/** A number as short as reads well: 0.3333, 1.2e-5. */
export function num(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return value === null || value === undefined ? "" : String(value);
  if (value !== 0 && (Math.abs(value) < 1e-3 || Math.abs(value) >= 1e6)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}
