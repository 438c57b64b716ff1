"""Fixtures of the browser tests: the packaged service on a free loopback port with a throwaway data directory (the
way bench/harness.py runs it, whose Service class this reuses), its admin token and a user-role token, and the system
Chromium driven by Playwright.

Every page and asset must come with the CSP the service sends on / and /ui/, so that a script, style or request the
policy would block fails the test; the page's CSP reports, script errors and requests to any
other host are collected and checked when the test ends."""
import os
import sys
import tempfile

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
sys.path.insert(0, os.path.join(ROOT, "bench"))
import harness  # noqa: E402  (bench/harness.py: starts the jar in the local profile, reads <data>/admin-token)

JAR = os.path.join(ROOT, "target", "quarkus-app", "quarkus-run.jar")
CHROMIUM = os.environ.get("AINFINITY_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = os.environ.get("AINFINITY_SCREENSHOTS", os.path.join(ROOT, "target", "browser-screenshots"))
TICKET_SECONDS = 8
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def missing():
    """Why the browser tests cannot run here, or None."""
    if not os.path.isfile(JAR):
        return "no packaged service at %s: run ./mvnw -B -o -q package -DskipTests first" % JAR
    if not (os.path.isfile(CHROMIUM) and os.access(CHROMIUM, os.X_OK)):
        return "no Chromium at %s: apt-get install chromium, or set AINFINITY_CHROMIUM" % CHROMIUM
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run ./scripts/setup-browser.sh, then .venv-browser/bin/python -m pytest"
    return None


@pytest.fixture(scope="session")
def service():
    workdir = tempfile.mkdtemp(prefix="ainfinity-browser-")
    # Tickets live 8 s instead of 5 min, so that a test watching a job for longer sees its streams renewed.
    svc = harness.Service(workdir, jar=JAR, java_opts=["-XX:MaxRAM=1g", "-XX:TieredStopAtLevel=1"],
                          env={"AINFINITY_SECURITY_STREAM_TICKET_LIFETIME": "%dS" % TICKET_SECONDS})
    try:
        svc.start(timeout=120)
        svc.wait_ready(timeout=60)
    except SystemExit as failure:  # the harness ends a bench this way; here it is a failed fixture
        svc.stop()
        pytest.fail("the service did not start: %s (log: %s)" % (failure, svc.log))
    minted = svc.post("/api/v1/tokens", {"name": "browser-user", "roles": ["user"], "expires_in_days": 1})
    assert minted.status == 201, minted.body
    svc.user_token = minted.json()["token"]
    yield svc
    svc.stop()
    # Task processes live in process groups of their own; a test that failed may leave one running.
    harness.kill_processes_under(workdir)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, service):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, base_url=service.base)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.csp_reports, page.errors, page.foreign = [], [], []
    page.requested = []

    page.unprotected = []

    def check_policy(response):
        # The page and every asset of it must come with the service's policy; the browser then enforces it.
        url = response.url.split("?")[0]
        if (url == service.base + "/" or url.startswith(service.base + "/ui/")) \
                and "'self'" not in response.headers.get("content-security-policy", ""):
            page.unprotected.append(url)

    page.on("response", check_policy)
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("request", lambda request: None if request.url.startswith(service.base + "/")
            or request.url.startswith("data:") else page.foreign.append(request.url))
    page.on("console", lambda message: page.csp_reports.append(message.text)
            if "Content Security Policy" in message.text else None)
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    yield page
    context.close()
    assert page.csp_reports == [], "the CSP blocked something: %s" % page.csp_reports
    assert page.errors == [], "script errors: %s" % page.errors
    assert page.foreign == [], "requests to other hosts: %s" % page.foreign
    assert page.unprotected == [], "served without a Content-Security-Policy: %s" % page.unprotected


@pytest.fixture(scope="session")
def screenshots():
    os.makedirs(SCREENSHOTS, exist_ok=True)
    return lambda page, name: page.screenshot(path=os.path.join(SCREENSHOTS, name + ".png"), full_page=True)
