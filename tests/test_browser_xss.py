"""Classic script-injection payloads as participant text, session title and worksheet
text: every page shows them as text and none runs."""

import uuid

import pytest
import requests
from playwright.sync_api import expect

from support import Phone, auth, disconnect_all, page_log_in, server_env, sqlite_url, start_server

pytestmark = [pytest.mark.browser, pytest.mark.live]
PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=1">',
    '<svg onload="window.__pwned=1"></svg>',
    '"><script>window.__pwned=1</script>',
    "javascript:window.__pwned=1",
    '<iframe srcdoc="<script>parent.__pwned=1</script>"></iframe>',
    "{{7*7}} ${7*7}",
]
TITLE = '<script>window.__pwned=1</script>Team "offsite"'


@pytest.fixture
def hostile_server(tmp_path):
    """A server whose worksheet library holds a worksheet with markup in every text."""
    library = tmp_path / "sheets"
    library.mkdir()
    (library / "hostile.yaml").write_text(
        'title: "<b>Bold</b> <script>window.__pwned=1</script>"\n'
        'purpose: "<img src=x onerror=\\"window.__pwned=1\\">Purpose"\n'
        "steps:\n"
        '  - title: "<svg onload=\\"window.__pwned=1\\"></svg>Step"\n'
        '    guidance: "<script>window.__pwned=1</script>Guidance"\n'
        "    questions:\n"
        '      - prompt: "<img src=x onerror=\\"window.__pwned=1\\">Question?"\n'
    )
    env = server_env(sqlite_url(tmp_path, "x.sqlite3"), FULCRUM_WORKSHEETS=str(library))
    server = start_server(env)
    yield server
    server.stop()


def test_payloads_render_as_text_everywhere(browser, playwright, hostile_server, output_dir):
    server = hostile_server
    token = server.token_for("xss@example.com")
    created = requests.post(
        f"{server.url}/api/v1/sessions", json={"worksheet": "hostile", "title": TITLE}, headers=auth(token), timeout=10
    ).json()
    laptop = browser.new_context(viewport={"width": 1280, "height": 900})
    host = laptop.new_page()
    dialogs = []
    host.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page_log_in(host, server.url, "xss@example.com")
    assert TITLE in host.inner_text("main")  # the sessions list

    phone_page = browser.new_context(**playwright.devices["Pixel 5"]).new_page()
    phone_page.goto(f"{server.url}/j/{created['code']}")
    phone_page.wait_for_selector("#step-title")
    assert phone_page.inner_text("#step-guidance") == '<img src=x onerror="window.__pwned=1">Purpose'

    host.goto(f"{server.url}/sessions/{created['id']}")
    host.click("#next-step")
    phone_page.wait_for_selector("#questions textarea")
    phones = [Phone(server.url) for _ in PAYLOADS]
    try:
        for phone, payload in zip(phones, PAYLOADS):
            phone.call("join", {"code": created["code"]})
            assert phone.call("answer", {"question_id": "s1q1", "text": payload, "client_id": str(uuid.uuid4())})["ok"]
        expect(host.locator("li.answer-card")).to_have_count(len(PAYLOADS))
        dashboard_text = host.inner_text("main")
        for payload in PAYLOADS:
            assert payload in dashboard_text
        assert '<svg onload="window.__pwned=1"></svg>Step' in host.inner_text("#step-title")
        assert "<script>window.__pwned=1</script>Guidance" in phone_page.inner_text("#step-guidance")

        projector = laptop.new_page()
        projector.goto(f"{server.url}/sessions/{created['id']}/projector")
        # The page shows the session title until its `host` ack brings the step: wait for it.
        expect(projector.locator("#projector-step-title")).to_contain_text('<svg onload="window.__pwned=1"></svg>Step')

        report = laptop.new_page()
        report.goto(f"{server.url}/sessions/{created['id']}/report")
        # A theme's answers beyond its quotes (and Other's) are folded: open them, as a reader would.
        for fold in report.locator("main details summary").all():
            fold.click()
        report_text = report.inner_text("main")
        from server.domain.privacy import scrub  # the report shows answers scrubbed

        for payload in PAYLOADS:
            assert scrub(payload) in report_text
        assert TITLE in report_text
        assert '<img src=x onerror="window.__pwned=1">Question?' in report_text
        report.screenshot(path=str(output_dir / "report-xss.png"), full_page=True)

        for page in (host, phone_page, projector, report):
            assert page.evaluate("window.__pwned") is None, page.url
            assert page.locator("script:not([src])").count() == 0, page.url  # no injected inline script element
            assert page.locator("main img[src='x'], main svg[onload], main iframe").count() == 0, page.url
        assert not dialogs
    finally:
        disconnect_all([p.client for p in phones])
