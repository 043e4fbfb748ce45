"""The themes panel in real Chromium: bars with labels appear as answers arrive, and a
rename and a merge made in the panel persist through later recomputes."""

import uuid

import pytest
from playwright.sync_api import expect

from support import ANSWERS, Phone, assert_accessible, disconnect_all, new_session, page_log_in

pytestmark = pytest.mark.browser


def test_themes_panel_rename_merge_and_projector(browser, live_server, output_dir):
    token = live_server.token_for("panel@example.com")
    created = new_session(live_server, token)
    laptop = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    host = laptop.new_page()
    page_log_in(host, live_server.url, "panel@example.com")
    host.goto(f"{live_server.url}/sessions/{created['id']}")
    host.click("#next-step")
    expect(host.locator("#step-title")).to_have_text("Understanding Independence in Relationships")

    phones = [Phone(live_server.url) for _ in range(18)]
    try:
        panel = host.locator("section.themes-panel[data-themes-for='s1q1']")
        first = phones[0]
        first.call("join", {"code": created["code"]})
        first.call("answer", {"question_id": "s1q1", "text": ANSWERS[0], "client_id": str(uuid.uuid4())})
        expect(panel.locator("ol.theme-words > li").first).to_be_visible()  # too few to theme: words

        for phone, text in zip(phones[1:], ANSWERS[1:9] + ANSWERS[9:18]):
            phone.call("join", {"code": created["code"]})
            phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
        themes = panel.locator("li.theme")
        expect(themes.nth(1)).to_be_visible(timeout=30_000)
        expect(host.locator("[data-count-for='s1q1']")).to_have_text("18 of 18 connected answered")
        host.screenshot(path=str(output_dir / "dashboard-themes.png"), full_page=True)

        # Rename the biggest theme.
        biggest = themes.first
        biggest_id = biggest.get_attribute("data-theme-id")
        biggest.locator("button.theme-toggle").click()
        biggest.locator("form.theme-rename input[name=label]").fill("Time for myself")
        biggest.locator("form.theme-rename button[type=submit]").click()
        renamed = panel.locator(f"li.theme[data-theme-id='{biggest_id}'] .theme-label")
        expect(renamed).to_have_text("Time for myself")
        assert_accessible(host, "dashboard with themes panel")

        # Merge the second theme into it.
        second_id = themes.nth(1).get_attribute("data-theme-id")
        second_size = int(themes.nth(1).locator(".theme-size").inner_text().split()[0])
        first_size = int(panel.locator(f"li.theme[data-theme-id='{biggest_id}'] .theme-size").inner_text().split()[0])
        second = panel.locator(f"li.theme[data-theme-id='{second_id}']")
        second.locator("button.theme-toggle").click()
        second.locator("form.theme-merge select[name=into]").select_option(biggest_id)
        second.locator("form.theme-merge button[type=submit]").click()
        expect(panel.locator(f"li.theme[data-theme-id='{second_id}']")).to_have_count(0)
        expect(panel.locator(f"li.theme[data-theme-id='{biggest_id}'] .theme-size")).to_contain_text(
            str(first_size + second_size)
        )

        # More answers arrive and themes are recomputed: the edits stay.
        extra = [Phone(live_server.url) for _ in range(6)]
        phones += extra
        for phone, text in zip(extra, ANSWERS[18:24]):
            phone.call("join", {"code": created["code"]})
            phone.call("answer", {"question_id": "s1q1", "text": text, "client_id": str(uuid.uuid4())})
        expect(host.locator("[data-count-for='s1q1']")).to_have_text("24 of 24 connected answered")
        # At least one recompute after the last answer: its push counts all 24.
        expect(panel.locator(".themes-summary")).to_contain_text("in 24 answers", timeout=30_000)
        expect(renamed).to_have_text("Time for myself")
        expect(panel.locator(f"li.theme[data-theme-id='{second_id}']")).to_have_count(0)
        host.reload()
        expect(panel.locator(f"li.theme[data-theme-id='{biggest_id}'] .theme-label")).to_have_text("Time for myself")

        # Reveal on the projector.
        projector = laptop.new_page()
        projector.set_viewport_size({"width": 1920, "height": 1080})
        projector.goto(f"{live_server.url}/sessions/{created['id']}/projector")
        host.click("button.reveal-toggle[data-question-id='s1q1']")
        expect(projector.locator("#projector-themes li.projector-theme").first).to_contain_text("Time for myself")
        projector.screenshot(path=str(output_dir / "projector-themes.png"))
        host.screenshot(path=str(output_dir / "dashboard-themes-edited.png"), full_page=True)
    finally:
        disconnect_all([p.client for p in phones])
