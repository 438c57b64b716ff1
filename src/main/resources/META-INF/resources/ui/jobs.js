// The jobs list: one page at a time (newest first, paged by cursor), filtered by status and labels, kept up to date
// by the all-jobs event stream: a status event updates its row, a metrics event its loss, and a job not on the page
// yet brings the first page in again. Without a stream the page is fetched again every few seconds.

import {API, get} from "./api.js";
import {age, announce, badge, h, num, replace, when} from "./dom.js";
import {checkbox, field, group} from "./forms.js";
import {follow} from "./streams.js";

export const STATUSES = ["pending", "provisioning", "running", "completed", "failed", "stopping", "stopped", "unknown"];
const PAGE_SIZE = 20;
const POLL_MS = 5000;

// Kept while the tab lives, so that coming back from a job finds the same filters.
const filters = {statuses: new Set(), labels: ""};

export function render(main) {
  let alive = true;
  let cursors = [null];
  let page = 0;
  let pollTimer = 0;
  let refetchTimer = 0;
  let ageTimer = 0;
  const rows = new Map();

  const statusBoxes = STATUSES.map((status) =>
    checkbox(status, {name: "status", value: status, checked: filters.statuses.has(status)}));
  const labelInput = h("input", {type: "text", name: "label", value: filters.labels, placeholder: "team=nlp", autocomplete: "off"});
  const filterError = h("p", {class: "form-error", role: "alert", hidden: true});
  const filterForm = h("form", {class: "filters card", "aria-label": "Filter jobs"},
    group("Status", statusBoxes),
    field("Labels", labelInput, {hint: "key=value; several separated by spaces must all match."}),
    h("div", {class: "actions"},
      h("button", {type: "submit"}, "Apply filters"),
      h("button", {type: "button", class: "secondary", onclick: resetFilters}, "Clear")),
    filterError);
  filterForm.addEventListener("submit", (event) => {
    event.preventDefault();
    filters.statuses = new Set([...filterForm.querySelectorAll("input[name=status]:checked")].map((box) => box.value));
    filters.labels = labelInput.value.trim();
    firstPage();
  });

  const liveState = h("p", {class: "live-state muted", "data-live": "connecting"}, "Connecting to live updates…");
  const summary = h("p", {class: "muted"});
  const tbody = h("tbody");
  const table = h("table", {class: "jobs"},
    h("caption", {class: "visually-hidden"}, "Jobs, newest first"),
    h("thead", {}, h("tr", {}, ["Name", "Status", "Owner", "Backend / infra", "Template", "Age", "Last loss"]
      .map((title) => h("th", {scope: "col"}, title)))),
    tbody);
  const firstButton = h("button", {type: "button", class: "secondary", onclick: firstPage}, "First page");
  const nextButton = h("button", {type: "button", class: "secondary", onclick: nextPage}, "Next page");
  main.append(
    h("div", {class: "page-head"}, h("h1", {}, "Jobs"), h("a", {class: "button", href: "#/launch"}, "Launch a job")),
    filterForm,
    liveState,
    h("div", {class: "table-scroll", role: "region", "aria-label": "Jobs table", tabindex: 0}, table),
    h("div", {class: "pager"}, firstButton, nextButton, summary));

  async function load() {
    const query = new URLSearchParams({limit: String(PAGE_SIZE)});
    if (cursors[page]) query.set("after", cursors[page]);
    if (filters.statuses.size) query.set("status", [...filters.statuses].join(","));
    for (const label of filters.labels.split(/\s+/).filter(Boolean)) query.append("label", label);
    try {
      const answer = await get(`${API}/jobs?${query}`);
      if (!alive) return;
      filterError.hidden = true;
      cursors = cursors.slice(0, page + 1);
      if (answer.next_cursor) cursors[page + 1] = answer.next_cursor;
      show(answer.jobs, answer.total);
    } catch (error) {
      if (!alive) return;
      filterError.hidden = false;
      filterError.textContent = error.fieldErrors.length
        ? error.fieldErrors.map((e) => `${e.field}: ${e.message}`).join("; ")
        : error.message;
    }
  }

  function show(jobs, total) {
    rows.clear();
    replace(tbody, jobs.length ? jobs.map(row) : h("tr", {}, h("td", {colspan: 7, class: "muted"}, "No jobs match.")));
    firstButton.disabled = page === 0;
    nextButton.disabled = !cursors[page + 1];
    summary.textContent = `Page ${page + 1} · ${total} job${total === 1 ? "" : "s"} in all`;
  }

  function row(job) {
    const status = h("td", {class: "status"}, badge(job.status));
    const loss = h("td", {class: "loss num"}, num(job.training_metrics?.loss));
    const created = h("td", {class: "age", title: when(job.created_at), "data-at": job.created_at}, age(job.created_at));
    const infra = job.resources?.infra ? `${job.backend} / ${job.resources.infra}` : job.backend;
    const tr = h("tr", {"data-job": job.job_name},
      h("th", {scope: "row"}, h("a", {href: `#/jobs/${encodeURIComponent(job.job_name)}`}, job.job_name)),
      status, h("td", {}, job.owner), h("td", {}, infra), h("td", {}, job.template), created, loss);
    const entry = {tr, status, loss, current: job.status};
    rows.set(job.job_name, [...(rows.get(job.job_name) || []), entry]);
    return tr;
  }

  function onStatus(event) {
    const entries = rows.get(event.job_name);
    if (!entries) {
      // A job this page does not show: new ones appear on the first page only.
      if (page === 0) refetchSoon();
      return;
    }
    if (entries.length > 1) {
      // The same name under two owners (an admin's view): the event does not say which; the page is asked again.
      refetchSoon();
      return;
    }
    const entry = entries[0];
    if (entry.current !== event.status && event.status) {
      entry.current = event.status;
      replace(entry.status, badge(event.status));
      announce(`Job ${event.job_name} is now ${event.status}.`);
    }
  }

  function onMetrics(event) {
    const loss = event.training_metrics?.loss;
    const entries = rows.get(event.job_name);
    if (entries && entries.length === 1 && loss !== undefined) entries[0].loss.textContent = num(loss);
  }

  function refetchSoon() {
    clearTimeout(refetchTimer);
    refetchTimer = setTimeout(load, 300);
  }

  function firstPage() {
    page = 0;
    cursors = [null];
    load();
  }

  function nextPage() {
    if (!cursors[page + 1]) return;
    page += 1;
    load().then(() => main.querySelector("h1")?.focus());
  }

  function resetFilters() {
    filterForm.querySelectorAll("input[name=status]").forEach((box) => { box.checked = false; });
    labelInput.value = "";
    filters.statuses = new Set();
    filters.labels = "";
    firstPage();
  }

  function setLive(live) {
    liveState.dataset.live = live ? "live" : "polling";
    liveState.textContent = live ? "Live: updates as jobs change." : `Live updates unavailable; refreshing every ${POLL_MS / 1000} s.`;
    clearInterval(pollTimer);
    if (!live) pollTimer = setInterval(load, POLL_MS);
    // Events missed while (re)connecting are caught up by asking for the page again.
    load();
  }

  const stream = follow(`${API}/events/stream`, {events: {status: onStatus, metrics: onMetrics}, onLive: setLive});
  ageTimer = setInterval(() => {
    for (const cell of tbody.querySelectorAll("td.age")) cell.textContent = age(cell.dataset.at);
  }, 15000);
  main.querySelector("h1").setAttribute("tabindex", "-1");
  load();

  return () => {
    alive = false;
    stream.close();
    clearInterval(pollTimer);
    clearInterval(ageTimer);
    clearTimeout(refetchTimer);
  };
}
