// A job's log, following its log stream: the last lines first, then new ones as they are written. It scrolls with
// the log unless the user has scrolled up to read, and resumes after the last line it has (the line number is the
// stream's event id) when the stream drops or its ticket is renewed.
// Without a stream it shows the log's tail, fetched again every few seconds.

import {get, jobPath} from "./api.js";
import {h} from "./dom.js";
import {follow} from "./streams.js";

const TAIL = 200;
const KEEP = 5000;
const POLL_MS = 3000;

export function logPane(name, {isEnded}) {
  let lastN = 0;
  let count = 0;
  let stick = true;
  let stream = null;
  let pollTimer = 0;
  let polled = false;

  const pre = h("pre", {class: "log", "aria-live": "polite", "aria-label": "Job log", tabindex: 0});
  const state = h("p", {class: "muted log-state"}, "Connecting…");
  const jump = h("button", {type: "button", class: "secondary", hidden: true, onclick: toEnd}, "Jump to the newest line");
  const el = h("section", {class: "card", "aria-labelledby": "log-heading"},
    h("div", {class: "section-head"}, h("h2", {id: "log-heading"}, "Log"), jump), state, pre);

  pre.addEventListener("scroll", () => {
    stick = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
    jump.hidden = stick;
  });

  function append(n, line) {
    if (n <= lastN) return;
    lastN = n;
    pre.append(`${line}\n`);
    count += 1;
    // Very long logs keep their newest lines only, so the page stays light.
    while (count > KEEP) {
      pre.firstChild.remove();
      count -= 1;
    }
    if (stick) pre.scrollTop = pre.scrollHeight;
  }

  function toEnd() {
    stick = true;
    jump.hidden = true;
    pre.scrollTop = pre.scrollHeight;
    pre.focus();
  }

  function start() {
    stream = follow(`${jobPath(name)}/logs/stream`, {
      params: {tail: TAIL},
      events: {log: (data) => append(data.n, data.line)},
      isDone: () => {
        if (!isEnded()) return false;
        state.textContent = "The job has ended; this is its log.";
        return true;
      },
      onLive,
    });
  }

  function onLive(live) {
    clearInterval(pollTimer);
    if (live) {
      state.textContent = "Following the log.";
      if (polled) {
        // The polled tail has no line numbers: start over from the stream's own tail.
        polled = false;
        stream.close();
        clear();
        start();
      }
      return;
    }
    state.textContent = `Live log unavailable; showing the last ${TAIL} lines, refreshed every ${POLL_MS / 1000} s.`;
    poll();
    pollTimer = setInterval(poll, POLL_MS);
  }

  async function poll() {
    try {
      const answer = await get(`${jobPath(name)}/logs?tail=${TAIL}`);
      polled = true;
      pre.textContent = answer.logs ? `${answer.logs}\n` : "";
      if (stick) pre.scrollTop = pre.scrollHeight;
      if (isEnded()) clearInterval(pollTimer);
    } catch {
      // The next tick tries again; the page shows the job's own errors.
    }
  }

  function clear() {
    pre.replaceChildren();
    lastN = 0;
    count = 0;
  }

  start();
  return {el, close: () => { stream.close(); clearInterval(pollTimer); }};
}
