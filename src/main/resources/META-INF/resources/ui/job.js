// One job: its status and actions (stop, delete), the timeline of its status changes, its metrics, its log and its
// task. The history comes from GET …/events, then the job's event stream carries on after the last event seen; when
// no stream can be had, the job and its new events are fetched every few seconds instead.

import {get, del, jobPath} from "./api.js";
import {announce, badge, FINAL, h, replace, when} from "./dom.js";
import {logPane} from "./logpane.js";
import {metricsPanel} from "./metrics.js";
import {follow} from "./streams.js";

const POLL_MS = 3000;

export function render(main, {params}) {
  const name = params[0];
  let alive = true;
  let job = null;
  let lastSeq = 0;
  let stream = null;
  let pollTimer = 0;

  const heading = h("h1", {tabindex: -1}, name);
  const status = h("span", {class: "job-status", "data-status": ""});
  const facts = h("dl", {class: "facts"});
  const problem = h("p", {class: "form-error", role: "alert", hidden: true});
  const stopButton = h("button", {type: "button", class: "danger", disabled: true, onclick: stop}, "Stop");
  const deleteButton = h("button", {type: "button", class: "secondary", disabled: true, onclick: remove}, "Delete");
  const liveState = h("p", {class: "muted live-state"}, "Loading…");
  const timeline = h("ol", {class: "timeline"});
  const metrics = metricsPanel();
  const logs = logPane(name, {isEnded: () => ended()});
  const task = h("pre", {class: "task"}, "Loading…");
  const details = h("details", {class: "card"}, h("summary", {}, "Task YAML"), task);
  details.addEventListener("toggle", loadTask, {once: true});

  main.append(
    h("p", {class: "crumbs"}, h("a", {href: "#/jobs"}, "Jobs")),
    h("div", {class: "page-head"}, heading, status),
    h("section", {class: "card", "aria-label": "Job"}, facts,
      h("div", {class: "actions"}, stopButton, deleteButton), problem, liveState),
    h("section", {class: "card", "aria-labelledby": "timeline-heading"},
      h("h2", {id: "timeline-heading"}, "Timeline"), timeline),
    metrics.el,
    logs.el,
    details);

  function ended() {
    return job !== null && FINAL.has(job.status);
  }

  function showJob(info) {
    const changed = job && job.status !== info.status;
    job = info;
    status.dataset.status = info.status;
    replace(status, badge(info.status));
    const rows = [
      ["Owner", info.owner],
      ["Template", info.template],
      ["Backend / infra", `${info.backend}${info.resources?.infra ? ` / ${info.resources.infra}` : ""}`],
      ["Created", when(info.created_at)],
      ["Started", when(info.started_at)],
      ["Ended", when(info.ended_at)],
      ["Labels", Object.entries(info.labels || {}).map(([k, v]) => `${k}=${v}`).join(", ")],
      ["Error", info.error_message],
    ].filter(([, value]) => value);
    replace(facts, rows.flatMap(([key, value]) => [h("dt", {}, key), h("dd", {}, value)]));
    stopButton.disabled = FINAL.has(info.status) || info.status === "stopping";
    deleteButton.disabled = !FINAL.has(info.status);
    if (changed) announce(`Job ${name} is now ${info.status}.`);
  }

  function apply(event) {
    if (event.seq <= lastSeq) return;
    lastSeq = event.seq;
    if (event.type === "metrics") {
      metrics.add(event);
      return;
    }
    timeline.append(h("li", {"data-status": event.status},
      h("time", {datetime: event.at}, when(event.at)), " ",
      event.previous_status ? [badge(event.previous_status), " → "] : null, badge(event.status),
      event.message ? h("span", {class: "message"}, ` ${event.message}`) : null));
    if (job && event.status && job.status !== event.status) {
      showJob({...job, status: event.status});
      // The record has what the event does not (end time, error message).
      if (FINAL.has(event.status)) refresh();
    }
    if (FINAL.has(event.status)) {
      if (stream) stream.close();
      clearInterval(pollTimer);
      liveState.textContent = "The job has ended.";
    }
  }

  async function refresh() {
    try {
      const answer = await get(jobPath(name));
      if (alive) showJob(answer.job_info);
    } catch (error) {
      if (alive) fail(error);
    }
  }

  async function history() {
    for (let page = 0; page < 100; page += 1) {
      const answer = await get(`${jobPath(name)}/events?limit=500${lastSeq ? `&after=${lastSeq}` : ""}`);
      if (!alive) return;
      answer.events.forEach(apply);
      if (answer.next_after === null || answer.next_after === undefined) return;
    }
  }

  async function start() {
    try {
      showJob((await get(jobPath(name))).job_info);
      await history();
    } catch (error) {
      if (alive) fail(error);
      return;
    }
    if (!alive) return;
    if (ended()) {
      liveState.textContent = "The job has ended.";
      return;
    }
    stream = follow(`${jobPath(name)}/events/stream`, {
      after: lastSeq ? String(lastSeq) : null,
      events: {status: apply, metrics: apply},
      isDone: ended,
      onLive: setLive,
      onProblem: (message) => { liveState.textContent = `Live updates interrupted: ${message}`; },
    });
  }

  function setLive(live) {
    clearInterval(pollTimer);
    if (live) {
      liveState.textContent = "Live: this page updates as the job changes.";
      return;
    }
    liveState.textContent = `Live updates unavailable; refreshing every ${POLL_MS / 1000} s.`;
    pollTimer = setInterval(poll, POLL_MS);
  }

  async function poll() {
    if (ended()) {
      clearInterval(pollTimer);
      liveState.textContent = "The job has ended.";
      return;
    }
    try {
      await history();
      await refresh();
    } catch (error) {
      if (alive) fail(error);
    }
  }

  async function stop() {
    if (!window.confirm(`Stop job ${name}? Its task is killed.`)) return;
    await act(() => del(jobPath(name)), "Stop requested.");
  }

  async function remove() {
    if (!window.confirm(`Delete job ${name}? Its record and run files are removed.`)) return;
    if (await act(() => del(`${jobPath(name)}/delete`), `Job ${name} deleted.`)) location.hash = "#/jobs";
  }

  async function act(request, message) {
    problem.hidden = true;
    try {
      const answer = await request();
      announce(message);
      if (alive && answer?.job_info) showJob(answer.job_info);
      return true;
    } catch (error) {
      fail(error);
      return false;
    }
  }

  function fail(error) {
    problem.hidden = false;
    problem.textContent = error.status === 404 ? `There is no job named ${name} that you may see.` : error.message;
  }

  async function loadTask() {
    try {
      task.textContent = await get(`${jobPath(name)}/task`, {accept: "application/yaml"});
    } catch (error) {
      task.textContent = error.message;
    }
  }

  heading.focus();
  start();
  return () => {
    alive = false;
    if (stream) stream.close();
    logs.close();
    clearInterval(pollTimer);
  };
}
