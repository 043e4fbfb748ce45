"""In real Chromium: a phone takes its answers home at the end, the facilitator makes a
share link, and a reviewer with no account reads the report through it and downloads it;
the facilitator sees the link's label and openings, and "Turn off" asks first.

Screenshots: test-output/phone-takehome.png (and -link: the step screen), shares.png,
shared-report.png, sessions-list.png, delete-session.png; shares-labelled.png,
share-revoke.png, shared-report-1366.png, shared-report-phone.png, shared-report-pdf-1.png.
"""

import csv
import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import (
    PII,
    RAW,
    SEED,
    SMALL_PHONE,
    Phone,
    assert_accessible,
    disconnect_all,
    new_session,
    page_log_in,
    pdf_first_page,
)

pytestmark = pytest.mark.browser
FIRST = "Long walks alone on Sunday mornings"
SECOND = "I say no to plans when I need a quiet evening,\nand I keep Thursday for my pottery class"


def test_takehome_share_link_and_reviewer(browser, playwright, live_server, output_dir):
    live_server.token_for("sharer@example.com")
    errors = []
    laptop = browser.new_context(viewport={"width": 1280, "height": 860}, bypass_csp=True)
    host = laptop.new_page()
    host.on("pageerror", lambda e: errors.append(f"dashboard: {e}"))
    page_log_in(host, live_server.url, "sharer@example.com")
    host.select_option("#worksheet", SEED)
    host.fill("#title", "Spring offsite")
    host.fill("#min_group", "1")  # one phone here: its answers may show in the report
    host.click("#start-session")
    expect(host.locator("#step-title")).to_have_text("Purpose")
    code = host.locator("#room-code").inner_text().strip()

    # A phone joins, answers two questions; the small take-home link is there all along.
    phone_context = browser.new_context(**playwright.devices["iPhone 13"], accept_downloads=True, bypass_csp=True)
    phone = phone_context.new_page()
    phone.on("pageerror", lambda e: errors.append(f"phone: {e}"))
    phone.goto(f"{live_server.url}/j/{code}")
    expect(phone.locator("#step-title")).to_have_text("Purpose")
    expect(phone.locator("#takehome-link")).to_be_visible()
    host.click("#next-step")
    expect(phone.locator("#questions textarea")).to_have_count(3)
    for qid, text in (("s1q1", FIRST), ("s1q2", SECOND)):
        phone.fill(f"#answer-{qid}", text)
        phone.click(f"form[data-question-id='{qid}'] .send-button")
        expect(phone.locator(f"#status-{qid}")).to_have_text("Sent ✓")
    expect(phone.locator("#takehome-link")).to_be_visible()
    phone.screenshot(path=str(output_dir / "phone-takehome-link.png"), full_page=True)

    # The facilitator ends: the phone offers the download, made on the phone.
    requests_after_end = []
    host.click("#end-session")
    host.click("#end-confirm")  # the page asks first
    expect(phone.locator("#ended-banner")).to_be_visible()
    expect(phone.locator("#takehome-download")).to_be_visible()
    expect(phone.locator("#takehome-link")).to_be_hidden()
    phone.on("request", lambda request: requests_after_end.append(request.url))
    with phone.expect_download() as info:
        phone.click("#takehome-download")
    download = info.value
    # A Markdown file (tests/test_browser_phone.py covers it in detail).
    assert download.suggested_filename == "the-balance-between-independence-and-interdependence-my-answers.md"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("# The Balance Between Independence and Interdependence\n\nSpring offsite · My answers, ")
    assert "## Understanding Independence in Relationships" in text
    assert "How do I maintain my independence in my relationships" in text  # a prompt
    assert f"> {FIRST}" in text
    assert "> I say no to plans when I need a quiet evening,\n> and I keep Thursday for my pottery class" in text
    assert "_No answer._" in text and "Not sent" not in text
    assert text.count("\n## ") == 3  # purpose, the one step the session reached, conclusion
    assert not [url for url in requests_after_end if not url.startswith("blob:")]
    phone.evaluate("window.scrollTo(0, 0)")
    phone.screenshot(path=str(output_dir / "phone-takehome.png"))
    assert_accessible(phone, "phone at the end")

    # The facilitator makes a share link.
    host.click("#open-shares")
    expect(host.locator("#no-shares")).to_be_visible()
    host.fill("#days", "7")
    host.click("#create-share")
    item = host.locator(".share-item").first
    expect(item).to_contain_text("Active")
    url = item.locator(".share-url").input_value()
    assert url.startswith(f"{live_server.url}/shared/")
    item.locator(".copy-button").click()
    expect(item.locator(".copy-button")).to_have_text("Copied ✓")
    host.screenshot(path=str(output_dir / "shares.png"), full_page=True)
    assert_accessible(host, "shares page")

    # A reviewer in a fresh browser: no cookies, the report, nothing else.
    reviewer_context = browser.new_context(viewport={"width": 1100, "height": 900}, bypass_csp=True)
    reviewer = reviewer_context.new_page()
    reviewer.on("pageerror", lambda e: errors.append(f"reviewer: {e}"))
    response = reviewer.goto(url)
    assert response.status == 200 and response.headers["referrer-policy"] == "no-referrer"
    expect(reviewer.locator("#report-title")).to_have_text("Spring offsite")
    expect(reviewer.locator(".shared-note")).to_have_text("Shared report · read-only")
    question = reviewer.locator(".report-question[data-question-id='s1q1']")
    expect(question).to_contain_text(FIRST)
    expect(reviewer.locator("a[href*='/sessions/']")).to_have_count(0)
    assert reviewer_context.cookies() == []
    reviewer.screenshot(path=str(output_dir / "shared-report.png"), full_page=True)
    assert_accessible(reviewer, "shared report")

    # Turned off (after a confirmation page; tested in detail below): the reviewer's next visit is refused.
    item.locator(".revoke-button").click()
    host.click("#confirm-revoke")
    expect(host.locator(".share-item").first).to_contain_text("Turned off")
    assert reviewer.goto(url).status == 410
    expect(reviewer.locator("h1")).to_have_text("This link no longer works")

    # Deleting the session, from the sessions list, after a confirmation page.
    host.goto(f"{live_server.url}/")
    # The list names the worksheet by its title and shows times in the reader's zone.
    item = host.locator(".session-item").first
    expect(item.locator(".session-worksheet")).to_have_text("The Balance Between Independence and Interdependence")
    expect(item.locator("time[data-local]")).not_to_contain_text("UTC")
    host.screenshot(path=str(output_dir / "sessions-list.png"), full_page=True)
    host.click(".session-item .delete-link")
    expect(host.locator("#delete-title")).to_have_text("Delete “Spring offsite”?")
    host.screenshot(path=str(output_dir / "delete-session.png"))
    host.click("#confirm-delete")
    expect(host.locator(".flash")).to_contain_text("“Spring offsite” and all its answers are deleted.")
    expect(host.locator(".session-item")).to_have_count(0)
    assert not errors, errors


def test_reviewer_downloads_and_the_owner_sees_label_and_views(browser, live_server, output_dir):
    from pypdf import PdfReader

    token = live_server.token_for("reviewed@example.com")
    created = new_session(live_server, token, title="Spring review")
    texts = ["Time alone with a good book", "Long walks on my own", PII, "Evenings for my own hobbies"]
    phones = [Phone(live_server.url) for _ in texts]
    errors = []
    try:
        for phone, text in zip(phones, texts):
            phone.join(created["code"])
            assert phone.answer(text)["ok"]
    finally:
        disconnect_all([p.client for p in phones])

    # The facilitator makes a labelled link on the shares page.
    laptop = browser.new_context(viewport={"width": 1366, "height": 768}, bypass_csp=True)
    host = laptop.new_page()
    host.on("pageerror", lambda e: errors.append(f"host: {e}"))
    page_log_in(host, live_server.url, "reviewed@example.com")
    shares_page = f"{live_server.url}/sessions/{created['id']}/shares"
    host.goto(shares_page)
    expect(host.locator("#label")).to_have_attribute("maxlength", "80")
    host.fill("#label", "  for the   supervisor ")
    host.fill("#days", "7")
    host.click("#create-share")
    item = host.locator(".share-item").first
    expect(item.locator(".share-label")).to_have_text("for the supervisor")
    expect(item.locator(".share-views")).to_have_text("Not opened yet")
    url = item.locator(".share-url").input_value()

    # A reviewer on a laptop: the page, then each download through its link.
    reviewer_context = browser.new_context(
        viewport={"width": 1366, "height": 768}, accept_downloads=True, bypass_csp=True
    )
    reviewer = reviewer_context.new_page()
    reviewer.on("pageerror", lambda e: errors.append(f"reviewer: {e}"))
    assert reviewer.goto(url).status == 200
    expect(reviewer.locator("#report-title")).to_have_text("Spring review")
    downloads = reviewer.locator("#report-downloads")
    expect(downloads.locator("a")).to_have_text(["PDF", "CSV", "Markdown"])
    expect(reviewer.locator("text=for the supervisor")).to_have_count(0)  # the label is the owner's
    reviewer.screenshot(path=str(output_dir / "shared-report-1366.png"))
    assert_accessible(reviewer, "shared report with downloads")
    files = {}
    for name in ("PDF", "CSV", "Markdown"):
        with reviewer.expect_download() as info:
            downloads.locator(f"a:has-text('{name}')").click()
        download = info.value
        # Named by date and title only: no session or link id.
        assert re.fullmatch(r"report-\d{4}-\d{2}-\d{2}-spring-review\.(pdf|csv|md)", download.suggested_filename)
        files[name] = output_dir / f"shared-{download.suggested_filename}"
        download.save_as(files[name])
    reader = PdfReader(files["PDF"])
    first = reader.pages[0].extract_text()
    assert files["PDF"].read_bytes().startswith(b"%PDF") and "Spring review" in first, first[:300]
    every_page = " ".join(page.extract_text() for page in reader.pages)
    assert not [raw for raw in RAW if raw in every_page] and "[email]" in every_page
    pdf_first_page(files["PDF"], output_dir / "shared-report-pdf-1", dpi=60)
    rows = list(csv.DictReader(io.StringIO(files["CSV"].read_text(encoding="utf-8"))))
    assert {row["text"] for row in rows if row["question_id"] == "s1q1"} >= set(texts[:2])
    markdown = files["Markdown"].read_text(encoding="utf-8")
    assert markdown.startswith("# Spring review") and "Long walks on my own" in markdown
    for raw in RAW:
        assert raw not in files["CSV"].read_text(encoding="utf-8") and raw not in markdown, raw

    # The same page on a 360-px phone: a second opening.
    phone_context = browser.new_context(**SMALL_PHONE, bypass_csp=True)
    on_phone = phone_context.new_page()
    on_phone.on("pageerror", lambda e: errors.append(f"reviewer phone: {e}"))
    assert on_phone.goto(url).status == 200
    expect(on_phone.locator("#report-downloads a").first).to_be_visible()
    width = on_phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"the shared page scrolls sideways on a phone ({width} px)"
    on_phone.screenshot(path=str(output_dir / "shared-report-phone.png"))

    # The owner sees the label and two openings (the downloads do not count).
    host.reload()
    item = host.locator(".share-item").first
    expect(item.locator(".share-views")).to_have_text(
        re.compile(r"^Opened 2 times, last on \d{1,2} [A-Z][a-z]{2} \d{4}$")
    )
    host.screenshot(path=str(output_dir / "shares-labelled.png"), full_page=True)
    assert_accessible(host, "shares page with a labelled link")

    # "Turn off" asks first: keeping it leaves it on (and the reviewer's page opens) ...
    item.locator(".revoke-button").click()
    expect(host.locator("#revoke-title")).to_have_text("Turn off the link “for the supervisor”?")
    host.screenshot(path=str(output_dir / "share-revoke.png"))
    assert_accessible(host, "turn off a share link")
    host.click("#keep-share")
    expect(host.locator(".share-item").first).to_contain_text("Active")
    assert reviewer.goto(url).status == 200
    # ... and confirming turns it off: the page and its downloads are refused.
    host.locator(".share-item .revoke-button").first.click()
    host.click("#confirm-revoke")
    expect(host.locator(".flash")).to_contain_text("Link turned off")
    expect(host.locator(".share-item").first).to_contain_text("Turned off")
    expect(host.locator(".share-item .revoke-button")).to_have_count(0)
    assert reviewer.goto(url).status == 410
    assert reviewer.request.get(url + "/report.pdf").status == 410
    laptop.close()
    reviewer_context.close()
    phone_context.close()
    assert not errors, errors
