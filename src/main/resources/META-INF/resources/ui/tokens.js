// Service tokens (admins only): the minted tokens, minting one (its value is shown this once, with a copy button),
// and revoking one. The service says who is an admin; other users are told the page is not for them.

import {API, get, post, del} from "./api.js";
import {announce, h, replace, when} from "./dom.js";
import {checkbox, clearErrors, field, group, showErrors} from "./forms.js";

export function render(main, {session}) {
  main.append(h("h1", {tabindex: -1}, "Service tokens"));
  if (!session.admin) {
    main.append(h("p", {class: "notice", role: "alert"}, "Only admins may see and mint service tokens."));
    return null;
  }
  let alive = true;
  const tbody = h("tbody");
  const listError = h("p", {class: "form-error", role: "alert", hidden: true});
  const minted = h("div", {class: "minted", hidden: true});

  const name = h("input", {type: "text", name: "name", autocomplete: "off", spellcheck: "false"});
  const roles = ["admin", "user", "viewer"].map((role) => checkbox(role, {name: "roles", value: role, checked: role === "user"}));
  const days = h("input", {type: "text", name: "expires_in_days", inputmode: "numeric", placeholder: "90"});
  const summary = h("div", {class: "form-error", role: "alert", tabindex: -1, hidden: true});
  const submit = h("button", {type: "submit"}, "Mint token");
  const form = h("form", {class: "card", novalidate: true, "aria-labelledby": "mint-heading"},
    h("h2", {id: "mint-heading"}, "Mint a token"),
    summary,
    field("Name", name, {path: "name", hint: "The service account: its jobs are owned by service:<name>."}),
    group("Roles", roles, {path: "roles"}),
    field("Expires in days", days, {path: "expires_in_days", hint: "Empty: 90."}),
    h("div", {class: "actions"}, submit),
    minted);

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors(form, summary);
    const body = {name: name.value.trim(), roles: [...form.querySelectorAll("input[name=roles]:checked")].map((box) => box.value)};
    if (days.value.trim()) body.expires_in_days = /^\d+$/.test(days.value.trim()) ? Number(days.value.trim()) : days.value.trim();
    submit.disabled = true;
    try {
      const answer = await post(`${API}/tokens`, body);
      showMinted(answer.token, answer.token_info);
      name.value = "";
      load();
    } catch (error) {
      showErrors(form, error, summary);
    } finally {
      submit.disabled = false;
    }
  });

  function showMinted(token, info) {
    const value = h("textarea", {readonly: true, rows: 3, id: "minted-token", spellcheck: "false"});
    value.value = token;
    const copied = h("span", {class: "muted", role: "status"});
    const copy = h("button", {type: "button", onclick: async () => {
      try {
        await navigator.clipboard.writeText(token);
        copied.textContent = "Copied.";
      } catch {
        value.select();
        copied.textContent = "Selected: press Ctrl+C (or ⌘C) to copy.";
      }
    }}, "Copy token");
    minted.hidden = false;
    replace(minted,
      h("p", {}, h("strong", {}, `Token for ${info.subject}. `), "It is shown this once: copy it now."),
      h("label", {for: "minted-token"}, "New token"), value,
      h("div", {class: "actions"}, copy, copied));
    announce(`Token ${info.name} minted.`);
    value.focus();
  }

  async function load() {
    try {
      const answer = await get(`${API}/tokens`);
      if (!alive) return;
      listError.hidden = true;
      replace(tbody, answer.tokens.length ? answer.tokens.map(row) : h("tr", {}, h("td", {colspan: 7}, "No tokens minted yet.")));
    } catch (error) {
      if (!alive) return;
      listError.hidden = false;
      listError.textContent = error.message;
    }
  }

  function row(token) {
    const revoke = token.revoked_at
      ? h("span", {class: "muted"}, `revoked ${when(token.revoked_at)}`)
      : h("button", {type: "button", class: "danger", "aria-label": `Revoke ${token.name}`, onclick: () => revokeToken(token)}, "Revoke");
    return h("tr", {"data-token": token.id},
      h("th", {scope: "row"}, token.name), h("td", {}, token.subject), h("td", {}, token.roles.join(", ")),
      h("td", {}, token.created_by), h("td", {}, when(token.created_at)), h("td", {}, when(token.expires_at)), h("td", {}, revoke));
  }

  async function revokeToken(token) {
    if (!window.confirm(`Revoke the token ${token.name} (${token.subject})? It is refused from then on.`)) return;
    try {
      await del(`${API}/tokens/${encodeURIComponent(token.id)}`);
      announce(`Token ${token.name} revoked.`);
      load();
    } catch (error) {
      listError.hidden = false;
      listError.textContent = error.message;
    }
  }

  main.append(form,
    h("section", {class: "card", "aria-labelledby": "tokens-heading"},
      h("h2", {id: "tokens-heading"}, "Minted tokens"), listError,
      h("div", {class: "table-scroll", role: "region", "aria-label": "Tokens table", tabindex: 0},
        h("table", {},
          h("thead", {}, h("tr", {}, ["Name", "Subject", "Roles", "Minted by", "Minted", "Expires", ""].map((t) =>
            h("th", {scope: "col"}, t || h("span", {class: "visually-hidden"}, "Actions"))))),
          tbody))));
  load();
  return () => { alive = false; };
}
