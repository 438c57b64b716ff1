// Live streams in a browser. EventSource cannot send an Authorization header, so each stream is opened with a
// short-lived ticket (POST /api/v1/stream-tickets) that is good for that one path only. A ticket expires after a
// few minutes: the stream is reopened with a fresh one shortly before that, and whenever the browser's own reconnect
// is refused, resuming after the last id seen so that nothing is lost or shown twice. Where no ticket can be had
// (an older service, a failure) the caller is told to poll instead, and the stream keeps trying in the background.

import {API, post} from "./api.js";

// A ticket is renewed 30 s before it expires, or once 80% of its life has passed when that comes later (a short
// lifetime, as in tests), so that a stream is never left to run into its ticket's end.
const RENEW_BEFORE_MS = 30_000;
const RENEW_AT_SHARE = 0.8;
const SLOW_RETRY_MS = 30_000;

/**
 * Follows the server-sent events at `path` (as the URL spells it). Options:
 * - events: {type: (data, id) => void}, one handler per event type (status, metrics, log);
 * - params: query parameters of an opening before any event was seen (such as tail); later ones send
 *   after=<the last id seen> instead;
 * - after: the id to resume after from the start, if known;
 * - isDone(): true once the stream has nothing more to say (its end is then not retried);
 * - onLive(live): true when events flow, false when the caller should poll meanwhile;
 * - onProblem(message): a failure the server reported on the stream.
 * Returns {close()}.
 */
export function follow(path, options) {
  let source = null;
  let lastId = options.after ?? null;
  let closed = false;
  let failures = 0;
  let live = null;
  let renewTimer = 0;
  let retryTimer = 0;

  function setLive(value) {
    if (live !== value) {
      live = value;
      options.onLive?.(value);
    }
  }

  function params() {
    if (lastId === null || lastId === undefined) return options.params || {};
    return {after: lastId};
  }

  async function open() {
    if (closed) return;
    clearTimeout(retryTimer);
    let ticket;
    try {
      ticket = await post(`${API}/stream-tickets`, {path});
    } catch (error) {
      if (closed || error.status === 401) return; // a 401 signs the user out
      setLive(false);
      if (options.isDone?.()) {
        close();
        return;
      }
      retry(error.status === 404 || error.status === 405 ? SLOW_RETRY_MS : backoff());
      return;
    }
    if (closed) return;
    const url = new URL(ticket.path || path, location.origin);
    for (const [key, value] of Object.entries(params())) url.searchParams.set(key, value);
    url.searchParams.set("ticket", ticket.ticket);
    const current = new EventSource(url.pathname + url.search);
    source = current;
    for (const [type, handler] of Object.entries(options.events)) {
      current.addEventListener(type, (event) => deliver(event, handler));
    }
    current.addEventListener("open", () => {
      failures = 0;
      setLive(true);
    });
    current.addEventListener("reconnect", (event) => {
      const data = parse(event.data);
      if (data && data.last_event_id !== undefined) lastId = String(data.last_event_id);
      reopen(0);
    });
    current.addEventListener("error", (event) => onError(event, current));
    scheduleRenewal(ticket.expires_at);
  }

  function deliver(event, handler) {
    const id = event.lastEventId;
    // A reopening resumes after the last id seen; anything at or before it was shown already.
    if (id && lastId !== null && Number(id) <= Number(lastId)) return;
    if (id) lastId = id;
    const data = parse(event.data);
    if (data !== null) handler(data, id);
  }

  function onError(event, current) {
    if (current !== source || closed) return;
    if (event.data) {
      // The server's own `error` event: a problem, then the stream ends; resume once it says it may.
      const problem = parse(event.data) || {};
      options.onProblem?.(problem.detail || "the stream failed");
      reopen(1000 * (problem.retry_after || 5));
      return;
    }
    if (options.isDone?.()) {
      close();
      return;
    }
    if (current.readyState === EventSource.CLOSED) {
      // Refused outright (an expired ticket's 401, a 429, a 503): a new ticket, after a pause that grows.
      setLive(false);
      reopen(backoff());
    }
    // Otherwise the browser reconnects by itself, with Last-Event-ID, on the same ticket.
  }

  function backoff() {
    failures += 1;
    return Math.min(SLOW_RETRY_MS, 500 * 2 ** failures);
  }

  function scheduleRenewal(expiresAt) {
    clearTimeout(renewTimer);
    const at = Date.parse(expiresAt);
    if (Number.isNaN(at)) return;
    const left = at - Date.now();
    renewTimer = setTimeout(() => reopen(0), Math.max(1000, left - RENEW_BEFORE_MS, left * RENEW_AT_SHARE));
  }

  function reopen(delay) {
    drop();
    retry(delay);
  }

  function retry(delay) {
    clearTimeout(retryTimer);
    if (!closed) retryTimer = setTimeout(open, delay);
  }

  function drop() {
    clearTimeout(renewTimer);
    if (source) source.close();
    source = null;
  }

  function close() {
    closed = true;
    clearTimeout(retryTimer);
    drop();
  }

  open();
  return {close, lastId: () => lastId};
}

function parse(text) {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
