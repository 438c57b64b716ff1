"""The dashboard in a real browser (the system Chromium, headless) against the packaged service: sign-in, launching
from the form, live job and jobs pages, stopping, what a user may see, validation errors next to their fields, stream
tickets, and the layout at phone and desktop widths.

Run: ./scripts/setup-browser.sh && ./mvnw -B -o -q package -DskipTests && .venv-browser/bin/python -m pytest
src/test/browser -q. Screenshots go to target/browser-screenshots (or $AINFINITY_SCREENSHOTS)."""
import re

import pytest

from conftest import TICKET_SECONDS, missing

why = missing()
if why:
    pytest.skip(why, allow_module_level=True)

from playwright.sync_api import expect  # noqa: E402

JOB_END = 90_000  # a short local task, on a 2-core machine that also runs the service and the browser


def sign_in(page, token):
    page.goto("/ui/#/signin")
    page.get_by_label("API token").fill(token)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Jobs", exact=True)).to_be_visible()
    # Set once: if the page reloads, it is gone, and the tests that say "without reload" check for it.
    page.evaluate("window.__noReload = true")


def assert_not_reloaded(page):
    assert page.evaluate("window.__noReload === true"), "the page was reloaded"


def launch(service, name, envs=None, token=None, labels=None):
    body = {"job_name": name, "template": "local-smoke", "resources": {"infra": "local"}, "envs": envs or {},
            "labels": labels or {}}
    answer = service.post("/api/v1/jobs", body, token=token)
    assert answer.status == 201, answer.body
    return answer.json()["job_info"]


def test_launch_from_the_form_follows_the_job_to_completed(page, service, screenshots):
    sign_in(page, service.token)
    page.get_by_role("link", name="Launch", exact=True).click()
    page.get_by_label("Template").select_option("local-smoke")
    page.get_by_label("Job name").fill("ui-smoke")
    page.get_by_label("SMOKE_STEPS").fill("10")
    page.get_by_label("SMOKE_SLEEP_SECONDS").fill("0.3")
    page.get_by_role("button", name="Launch", exact=True).click()

    expect(page).to_have_url(re.compile(r"#/jobs/ui-smoke$"))
    expect(page.locator(".job-status")).to_have_text("completed", timeout=JOB_END)
    expect(page.locator("pre.log")).to_contain_text("smoke finished with exit code 0", timeout=15_000)
    expect(page.locator(".timeline li").last).to_contain_text("completed")
    loss = page.locator("figure.chart", has_text="Loss").first
    # Each metrics event adds the step it reports: several steps make a curve, not a lone point.
    expect(loss.locator("circle.point-train").nth(1)).to_be_attached()
    expect(loss.locator("svg")).to_have_attribute("role", "img")
    expect(page.get_by_role("button", name="Stop")).to_be_disabled()
    expect(page.get_by_role("button", name="Delete")).to_be_enabled()
    assert_not_reloaded(page)
    page.locator("details summary", has_text="Task YAML").click()
    expect(page.locator("pre.task")).to_contain_text("SMOKE_STEPS: '10'")
    screenshots(page, "job-completed")


def test_stop_button_stops_a_long_job(page, service):
    launch(service, "ui-long", {"SMOKE_STEPS": "600", "SMOKE_SLEEP_SECONDS": "0.5"})
    sign_in(page, service.token)
    page.goto("/ui/#/jobs/ui-long")
    expect(page.locator(".job-status")).to_have_text("running", timeout=JOB_END)
    expect(page.locator(".live-state")).to_have_text(re.compile(r"^Live:"))
    expect(page.locator(".log-state")).to_have_text("Following the log.")
    # Watched for longer than a ticket lives: the log goes on through each renewal, no line lost or shown twice.
    last = 4 * TICKET_SECONDS
    expect(page.locator("pre.log")).to_contain_text("smoke step %d/600" % last, timeout=JOB_END)
    steps = [int(n) for n in re.findall(r"^smoke step (\d+)/600$", page.locator("pre.log").text_content(), re.M)]
    assert steps[: last] == list(range(1, last + 1)), steps
    renewals = [url for url in page.requested if url.endswith("/api/v1/stream-tickets")]
    assert len(renewals) >= 6, "the job's two streams were not renewed as their tickets ran out: %s" % renewals
    page.get_by_role("button", name="Stop").click()  # the confirm() dialog is accepted by the fixture
    expect(page.locator(".job-status")).to_have_text("stopped", timeout=60_000)
    expect(page.locator(".timeline")).to_contain_text("stopped")
    assert service.job("ui-long")["status"] == "stopped"


def test_jobs_table_shows_a_job_launched_elsewhere_and_its_end(page, service, screenshots):
    sign_in(page, service.token)
    expect(page.locator(".live-state")).to_have_attribute("data-live", "live")
    launch(service, "api-live", {"SMOKE_STEPS": "3", "SMOKE_SLEEP_SECONDS": "0.5"}, labels={"suite": "browser"})
    row = page.locator('tr[data-job="api-live"]')
    expect(row).to_be_visible(timeout=30_000)
    expect(row.locator("td.status")).to_have_text("completed", timeout=JOB_END)
    expect(row.locator("td.loss")).not_to_have_text("", timeout=15_000)
    assert_not_reloaded(page)
    screenshots(page, "jobs")

    page.get_by_label("failed", exact=True).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(row).to_have_count(0)
    page.get_by_label("failed", exact=True).uncheck()
    page.get_by_label("completed", exact=True).check()
    page.get_by_label("Labels").fill("suite=browser")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("tbody tr th")).to_have_text(["api-live"])
    # The service's message echoes the filter; it is shown as text, never parsed as markup.
    page.get_by_label("Labels").fill("<b>bold</b>")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".filters .form-error")).to_contain_text("got '<b>bold</b>'")
    expect(page.locator(".filters .form-error b")).to_have_count(0)


def test_without_stream_tickets_the_pages_poll(page, service):
    # As against a service that has no tickets (or cannot give one): the pages fall back to fetching.
    page.route("**/api/v1/stream-tickets", lambda route: route.fulfill(status=404, content_type="application/problem+json",
                                                                        body='{"status": 404, "detail": "no such resource"}'))
    sign_in(page, service.token)
    expect(page.locator(".live-state")).to_have_attribute("data-live", "polling")
    launch(service, "polled", {"SMOKE_STEPS": "6", "SMOKE_SLEEP_SECONDS": "0.5"})
    expect(page.locator('tr[data-job="polled"] td.status')).to_have_text("completed", timeout=JOB_END)
    page.goto("/ui/#/jobs/polled")
    expect(page.locator(".job-status")).to_have_text("completed")
    expect(page.locator("pre.log")).to_contain_text("smoke finished with exit code 0")
    expect(page.locator("figure.chart circle.point-train").first).to_be_attached()

    launch(service, "polled-live", {"SMOKE_STEPS": "8", "SMOKE_SLEEP_SECONDS": "0.5"})
    page.goto("/ui/#/jobs/polled-live")
    expect(page.locator(".live-state")).to_have_text(re.compile(r"refreshing every"))
    expect(page.locator(".job-status")).to_have_text("completed", timeout=JOB_END)
    expect(page.locator(".timeline li").last).to_contain_text("completed")
    expect(page.locator("pre.log")).to_contain_text("smoke finished with exit code 0", timeout=10_000)

    page.get_by_role("button", name="Delete").click()  # confirmed by the fixture
    expect(page).to_have_url(re.compile(r"#/jobs$"))
    expect(page.locator('tr[data-job="polled"]')).to_be_visible()
    expect(page.locator('tr[data-job="polled-live"]')).to_have_count(0)
    assert service.get("/api/v1/jobs/polled-live").status == 404


def test_a_user_sees_only_their_jobs_and_no_tokens(page, service):
    launch(service, "admin-only")
    launch(service, "user-job", token=service.user_token)
    sign_in(page, service.user_token)
    expect(page.locator('tr[data-job="user-job"]')).to_be_visible()
    expect(page.locator('tr[data-job="admin-only"]')).to_have_count(0)
    expect(page.locator("tbody tr th")).to_have_text(["user-job"])
    expect(page.get_by_role("link", name="Tokens")).to_have_count(0)
    page.goto("/ui/#/tokens")
    expect(page.get_by_text("Only admins may see and mint service tokens.")).to_be_visible()
    expect(page.locator("table")).to_have_count(0)
    page.goto("/ui/#/jobs/admin-only")
    expect(page.get_by_role("alert")).to_contain_text("There is no job named admin-only")

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, service.token)
    row = page.locator('tr[data-job="user-job"]')
    expect(row).to_be_visible()
    expect(row).to_contain_text("service:browser-user")
    expect(page.get_by_role("link", name="Tokens")).to_be_visible()


def test_launch_errors_are_shown_next_to_their_fields(page, service, screenshots):
    sign_in(page, service.token)
    page.goto("/ui/#/launch")
    page.get_by_label("Template").select_option("deepspeed")
    page.get_by_label("Job name").fill("bad name")
    page.get_by_text("Extra arguments").click()
    page.get_by_label("dataset.max_samples").fill("lots")
    page.get_by_role("button", name="Launch", exact=True).click()

    name = page.get_by_label("Job name")
    expect(name).to_have_attribute("aria-invalid", "true")
    error_id = name.get_attribute("aria-describedby").split()[0]
    expect(page.locator("#" + error_id)).to_contain_text("must match")
    samples = page.get_by_label("dataset.max_samples")
    expect(samples).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#" + samples.get_attribute("aria-describedby").split()[0])).to_contain_text("whole number")
    expect(page).to_have_url(re.compile(r"#/launch$"))
    screenshots(page, "launch-error")


def test_tokens_are_minted_once_and_revoked(page, service, screenshots):
    sign_in(page, service.token)
    page.get_by_role("link", name="Tokens").click()
    page.get_by_label("Name", exact=True).fill("browser-ci")
    page.get_by_role("button", name="Mint token").click()
    token = page.get_by_label("New token").input_value()
    assert token.count(".") == 2
    assert service.get("/api/v1/jobs?limit=1", token=token).status == 200
    row = page.locator("tr", has_text="browser-ci")
    screenshots(page, "tokens")
    row.get_by_role("button", name="Revoke browser-ci").click()
    expect(row).to_contain_text("revoked")
    assert service.get("/api/v1/jobs?limit=1", token=token).status == 401


def test_stream_tickets_open_event_sources_for_their_path_only(page, service):
    launch(service, "ticketed", {"SMOKE_STEPS": "2", "SMOKE_SLEEP_SECONDS": "0.1"})
    assert service.await_status("ticketed", ["completed"], 60) == "completed"
    sign_in(page, service.token)
    result = page.evaluate("""async () => {
      const auth = {Authorization: "Bearer " + sessionStorage.getItem("ainfinity.token"), "Content-Type": "application/json"};
      const ticket = async (path) => (await (await fetch("/api/v1/stream-tickets",
          {method: "POST", headers: auth, body: JSON.stringify({path})})).json()).ticket;
      const all = await ticket("/api/v1/events/stream");
      const first = await new Promise((resolve, reject) => {
        const source = new EventSource("/api/v1/events/stream?after=0&ticket=" + encodeURIComponent(all));
        source.addEventListener("status", (e) => { source.close(); resolve(JSON.parse(e.data)); });
        source.onerror = () => { if (source.readyState === EventSource.CLOSED) reject(new Error("refused")); };
        setTimeout(() => { source.close(); reject(new Error("no event in 10 s")); }, 10000);
      });
      const other = await fetch("/api/v1/jobs/ticketed/events/stream?ticket=" + encodeURIComponent(all));
      const none = await fetch("/api/v1/events/stream");
      return {first, other: other.status, none: none.status};
    }""")
    assert result["first"]["type"] == "status"
    assert result["other"] == 401
    assert result["none"] == 401
    assert all(url.startswith(service.base + "/") for url in page.requested)


def test_the_root_path_is_the_dashboard_in_a_browser(page, service):
    response = page.goto("/")
    assert response.headers["content-type"].startswith("text/html")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    assert service.get("/", headers={"Accept": "application/json"}).json()["api"] == "/api/v1"


@pytest.mark.parametrize("width", [390, 1280])
def test_layout_fits_and_every_control_is_named(page, service, screenshots, width):
    if service.job("layout-job") is None:
        launch(service, "layout-job", {"SMOKE_STEPS": "3", "SMOKE_SLEEP_SECONDS": "0.1"})
    assert service.await_status("layout-job", ["completed"], JOB_END / 1000) == "completed"
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, service.token)
    # Each page is measured once its content is in: the streams it holds open keep the network from going idle.
    ready = {
        "#/jobs": 'tr[data-job="layout-job"]',
        "#/launch": "form.launch select",
        "#/tokens": "tbody tr",
        "#/jobs/layout-job": "figure.chart svg",
    }
    for route, selector in ready.items():
        page.goto("/ui/" + route)
        expect(page.locator(selector).first).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, "%s overflows by %d px at %d px" % (route, overflow, width)
        unnamed = page.evaluate("""() => [...document.querySelectorAll("input, select, textarea, button")]
            .filter((el) => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                && !el.getAttribute("aria-labelledby") && !el.textContent.trim())
            .map((el) => el.outerHTML.slice(0, 80))""")
        assert unnamed == [], "controls without a name on %s: %s" % (route, unnamed)
        if route == "#/launch":
            for label in ["Template", "Job name", "Infra", "Accelerators", "Labels"]:
                expect(page.get_by_label(label, exact=True)).to_be_visible()
        if width == 390:
            screenshots(page, "390-" + route.strip("#/").replace("/", "-"))
