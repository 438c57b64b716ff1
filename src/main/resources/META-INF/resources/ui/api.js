// The API client: the bearer token (kept in sessionStorage, so it dies with the tab), JSON calls, and the
// service's problem+json errors turned into ApiError with the fields at fault.

const TOKEN_KEY = "ainfinity.token";
export const API = "/api/v1";

export function getToken() {
  return sessionStorage.getItem(TOKEN_KEY);
}

export function setToken(token) {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken() {
  sessionStorage.removeItem(TOKEN_KEY);
}

/** The token's claims, decoded for display only: the service alone decides what a token may do. */
export function claims(token = getToken()) {
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(part + "=".repeat((4 - (part.length % 4)) % 4)), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return {};
  }
}

/** A failed call: the HTTP status, the problem body when there is one, and its per-field errors. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problemText(status, problem));
    this.status = status;
    this.problem = problem || {};
    this.fieldErrors = Array.isArray(this.problem.errors) ? this.problem.errors : [];
  }
}

function problemText(status, problem) {
  if (problem && (problem.detail || problem.message)) return problem.detail || problem.message;
  if (status === 401) return "The service refused the token (missing, invalid, expired or revoked).";
  if (status === 403) return "This token may not do that.";
  if (status === 0) return "The service could not be reached.";
  return `The service answered ${status}.`;
}

const listeners = new Set();

/** Called with every 401, so the app can send the user back to sign-in. */
export function onUnauthorized(listener) {
  listeners.add(listener);
}

/**
 * Calls the API. Resolves to the parsed JSON (or text, for other types); rejects with ApiError. `token` overrides
 * the stored one (sign-in checks a token before keeping it); `quiet401` keeps a 401 from signing the user out.
 */
export async function call(method, path, {body, token, quiet401 = false, accept = "application/json"} = {}) {
  const headers = {Accept: accept};
  const bearer = token ?? getToken();
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path.startsWith("/") ? path : `${API}/${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
      cache: "no-store",
    });
  } catch {
    throw new ApiError(0, null);
  }
  const type = response.headers.get("Content-Type") || "";
  const payload = type.includes("json") ? await response.json().catch(() => null) : await response.text();
  if (!response.ok) {
    const error = new ApiError(response.status, typeof payload === "object" ? payload : null);
    if (response.status === 401 && !quiet401) listeners.forEach((listener) => listener(error));
    throw error;
  }
  return payload;
}

export const get = (path, options) => call("GET", path, options);
export const post = (path, body, options) => call("POST", path, {...options, body});
export const del = (path, options) => call("DELETE", path, options);

/** The URL path of a job (its name encoded as one path segment). */
export function jobPath(name) {
  return `${API}/jobs/${encodeURIComponent(name)}`;
}
