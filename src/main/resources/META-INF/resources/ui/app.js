// The dashboard's shell: hash routes to pages, the header (navigation, who is signed in, sign-out), and the session
// (the token and whether it may administer tokens). Each page renders into <main> and returns a cleanup function
// that closes its streams and timers when the user goes elsewhere.

import {claims, clearToken, get, getToken, onUnauthorized} from "./api.js";
import {announce, h, replace} from "./dom.js";
import * as jobPage from "./job.js";
import * as jobsPage from "./jobs.js";
import * as launchPage from "./launch.js";
import * as signinPage from "./signin.js";
import * as tokensPage from "./tokens.js";

const ROUTES = [
  {pattern: /^#\/signin$/, page: signinPage, open: true},
  {pattern: /^#\/jobs$/, page: jobsPage, nav: "jobs"},
  {pattern: /^#\/jobs\/([^/]+)$/, page: jobPage, nav: "jobs"},
  {pattern: /^#\/launch$/, page: launchPage, nav: "launch"},
  {pattern: /^#\/tokens$/, page: tokensPage, nav: "tokens"},
];

// admin: null until asked; the service's answer to GET /tokens decides, never the token's claims.
const session = {admin: null};
let cleanup = null;
let generation = 0;

async function route() {
  const hash = location.hash && location.hash !== "#" ? location.hash : "#/jobs";
  if (!hash.startsWith("#/")) return;
  const gen = ++generation;
  if (cleanup) cleanup();
  cleanup = null;
  const match = ROUTES.map((r) => ({route: r, found: hash.match(r.pattern)})).find((m) => m.found);
  if (!match) {
    location.replace("#/jobs");
    return;
  }
  if (!match.route.open && !getToken()) {
    location.replace("#/signin");
    return;
  }
  if (getToken() && session.admin === null) {
    session.admin = await isAdmin();
    if (gen !== generation) return;
    if (!getToken()) return; // refused meanwhile: onUnauthorized took the user to sign-in
  }
  renderHeader(match.route.nav);
  const main = document.getElementById("main");
  main.replaceChildren();
  const params = match.found.slice(1).map(decodeURIComponent);
  cleanup = match.route.page.render(main, {session, params, signedIn}) || null;
  settle(main);
}

/** After a route change: the tab's title names the page, and focus moves to its heading unless the page put it. */
function settle(main) {
  const heading = main.querySelector("h1");
  if (!heading) return;
  document.title = `${heading.textContent} · ainfinity`;
  if (!main.contains(document.activeElement)) {
    heading.tabIndex = -1;
    heading.focus({preventScroll: true});
  }
}

async function isAdmin() {
  try {
    await get("/api/v1/tokens");
    return true;
  } catch (error) {
    return false;
  }
}

/** Goes to a route, rendering it again when it is the current one (no hashchange fires then). */
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

/** After a successful sign-in: forget what the previous token could do and go to the jobs. */
function signedIn() {
  session.admin = null;
  go("#/jobs");
}

function signOut() {
  clearToken();
  session.admin = null;
  announce("Signed out.");
  go("#/signin");
}

function renderHeader(current) {
  const nav = document.getElementById("nav");
  const who = document.getElementById("who");
  if (!getToken()) {
    nav.replaceChildren();
    who.replaceChildren();
    return;
  }
  const links = [["jobs", "#/jobs", "Jobs"], ["launch", "#/launch", "Launch"]];
  if (session.admin) links.push(["tokens", "#/tokens", "Tokens"]);
  replace(nav, links.map(([key, href, text]) =>
    h("li", {}, h("a", {href, "aria-current": key === current ? "page" : null}, text))));
  const c = claims();
  const roles = Array.isArray(c.groups) ? c.groups.join(", ") : "";
  replace(who,
    h("span", {class: "who-name", title: roles ? `roles: ${roles}` : null}, c.sub || "signed in", roles ? ` (${roles})` : ""),
    h("button", {type: "button", class: "secondary", onclick: signOut}, "Sign out"));
}

onUnauthorized(() => {
  if (!getToken()) return;
  clearToken();
  session.admin = null;
  signinPage.flash("The service refused your token (invalid, expired or revoked). Sign in again.");
  go("#/signin");
});

document.querySelector(".skip")?.addEventListener("click", (event) => {
  event.preventDefault();
  document.getElementById("main").focus();
});
window.addEventListener("hashchange", route);
route();
