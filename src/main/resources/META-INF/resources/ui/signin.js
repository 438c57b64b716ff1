// Sign-in: the user pastes a token, which is checked against the service before it is kept (in sessionStorage, for
// this tab only). Nothing else is asked for: the dashboard holds no accounts of its own.

import {get, setToken} from "./api.js";
import {announce, h} from "./dom.js";
import {field} from "./forms.js";

let pending = "";

/** A message to show on the next sign-in page, such as why the user was sent back to it. */
export function flash(message) {
  pending = message;
}

export function render(main, {signedIn}) {
  const input = h("textarea", {name: "token", rows: 4, autocomplete: "off", spellcheck: "false", required: true});
  const error = h("p", {class: "form-error", role: "alert", tabindex: "-1", hidden: !pending}, pending);
  pending = "";
  const submit = h("button", {type: "submit"}, "Sign in");
  const form = h("form", {class: "card narrow", novalidate: true},
    field("API token", input, {hint: "A bearer token (JWT) minted by this service."}),
    error,
    h("div", {class: "actions"}, submit));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const token = input.value.trim();
    if (!token) {
      showError("Paste a token first.");
      return;
    }
    submit.disabled = true;
    try {
      await get("/api/v1/jobs?limit=1", {token, quiet401: true});
      setToken(token);
      announce("Signed in.");
      signedIn();
    } catch (failure) {
      showError(failure.status === 401
        ? "The service refused this token: it is invalid, expired or revoked."
        : failure.message);
    } finally {
      submit.disabled = false;
    }
  });

  function showError(message) {
    error.hidden = false;
    error.textContent = message;
    input.setAttribute("aria-invalid", "true");
    error.focus();
  }

  main.append(
    h("h1", {}, "Sign in"),
    form,
    h("p", {class: "note"},
      "Running the service with ", h("code", {}, "./scripts/run.sh"), "? Your admin token is in ",
      h("code", {}, "data/admin-token"), "."),
    h("p", {class: "note muted"}, "The token is kept in this tab's session storage only, and sent to this service alone."));
  input.focus();
}
