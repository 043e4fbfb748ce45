"""Scale and choice questions drawn as charts, in real Chromium: the projector (1920x1080
and 1280x720) waits for min_group answers, then shows a scale's columns with its labels,
counts and "Mean · Median", updated in place as answers arrive, and a choice's bars in the
worksheet's order with counts and shares; the report page draws the same as bars with
numbers (a question under min_group hidden), and the PDF and Markdown carry them too.

Screenshots: test-output/projector-chart-*.png, report-charts-laptop.png,
report-charts-phone.png, report-charts-pdf-1.png (the PDF's chart page)."""

import io
import uuid

import pytest
import requests
from playwright.sync_api import expect

from support import (
    BALANCE_SCALE,
    FONT_PX,
    OVERLAPS,
    PROJECTOR_SIZES,
    RELY_CHOICE,
    RELY_OPTIONS,
    SMALL_PHONE,
    Phone,
    assert_accessible,
    auth,
    check_projector,
    connect_host,
    disconnect_all,
    new_session,
    no_sideways_scroll,
    own_worksheet,
    page_log_in,
    pdf_first_page,
    resize_projector,
)

pytestmark = pytest.mark.browser

SCALE_PROMPT, MANY_PROMPT, OPTIONS = BALANCE_SCALE["prompt"], RELY_CHOICE["prompt"], RELY_OPTIONS
WORKSHEET = {
    "title": "Balance check-in",
    "purpose": "A quick look at where we stand.",
    "steps": [
        {
            "title": "Where are we?",
            "questions": [
                BALANCE_SCALE,
                RELY_CHOICE,
                {"prompt": "Which one matters most?", "kind": "choice", "options": ["Time", "Trust"]},
                {"prompt": "Anything else?"},
            ],
        }
    ],
    "conclusion": "Thank you.",
}  # fmt: skip
SCALE, MANY, ONE, TEXT = "s1q1", "s1q2", "s1q3", "s1q4"
MIN_GROUP = 3
VALUES = [2, 3, 3, 4, 3, 5, 1, 4]  # 1:1 2:1 3:3 4:2 5:1 → mean 3.1 (25/8), median 3
CHOICES = [
    ["Emotional support", "Advice"],
    ["Advice"],
    ["Help with tasks"],
    ["Emotional support", "Encouragement", "Advice"],
    ["Advice"],
    ["Emotional support"],
    ["Advice", "Help with tasks"],
    ["Encouragement"],
]  # Emotional support 3, Help with tasks 2, Encouragement 2, Advice 5, Other 0 (of 8)
MANY_COUNTS = ["3", "2", "2", "5", "0"]
MANY_SHARES = ["38%", "25%", "25%", "63%", "0%"]

SCALE_TEXT = "#projector-themes-title, .projector-point-count, .projector-point-value, .projector-chart-summary"
CHOICE_TEXT = "#projector-themes-title, .projector-option-label, .projector-option-count"
SCALE_PARTS = [
    "#projector-themes-title",
    ".projector-chart-answers",
    ".projector-main",
    ".projector-point-count",
    ".projector-point-fill",
    ".projector-point-value",
    ".projector-scale-end",
    ".projector-chart-summary",
]
CHOICE_PARTS = [
    "#projector-themes-title",
    ".projector-chart-answers",
    ".projector-main",
    ".projector-option-label",
    ".projector-option-bar",
    ".projector-option-count",
    ".projector-option-share",
]


def send(phone, question_id, **answer):
    ack = phone.call("answer", {"question_id": question_id, "client_id": str(uuid.uuid4()), **answer})
    assert ack["ok"], ack
    return ack


def charted_session(live_server, email):
    """A session of the check-in worksheet (min_group 3): its token and created dict."""
    token = live_server.token_for(email)
    slug = own_worksheet(live_server, token, WORKSHEET)
    return token, new_session(live_server, token, worksheet=slug, title="Check-in", min_group=MIN_GROUP)


@pytest.fixture
def screen(browser):
    """A projector page (1920x1080) that records its page errors."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert not page.errors, page.errors
    context.close()


def nothing_overlaps(page, parts):
    for width, height in PROJECTOR_SIZES:
        resize_projector(page, width, height)
        assert page.evaluate(OVERLAPS, parts) == [], (width, height)
    page.set_viewport_size({"width": 1920, "height": 1080})


def readable(page, selectors, share=0.035):
    """Every element matching each selector is at least `share` of the screen's height."""
    for width, height in PROJECTOR_SIZES:
        resize_projector(page, width, height)
        for selector in selectors:
            sizes = page.locator(selector).evaluate_all(f"(els) => els.map({FONT_PX})")
            assert sizes and min(sizes) >= share * height, (selector, width, sizes)
    page.set_viewport_size({"width": 1920, "height": 1080})


def test_projector_waits_then_charts_a_scale_and_a_choice(screen, live_server, output_dir):
    token, created = charted_session(live_server, "charts-projector@example.com")
    page_log_in(screen, live_server.url, "charts-projector@example.com")
    screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
    host = connect_host(live_server, token)
    phones = [Phone(live_server.url) for _ in range(len(VALUES) + 1)]
    try:
        assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        for phone in phones:
            phone.join(created["code"])
        root = screen.locator("#projector")
        note = screen.locator("#projector-themes-note")

        # Revealed before anyone answered: the prompt, and what it takes.
        assert host.call("reveal", {"question_id": SCALE}, timeout=10)["ok"]
        expect(root).to_have_attribute("data-mode", "chart")
        expect(screen.locator("#projector-themes-title")).to_have_text(SCALE_PROMPT)
        expect(note).to_have_text("Results appear from 3 answers · 0 so far")
        for phone, value in zip(phones[:2], VALUES):
            send(phone, SCALE, value=value)
        expect(note).to_have_text("Results appear from 3 answers · 2 so far")
        expect(screen.locator(".projector-point")).to_have_count(0)  # no counts below min_group
        check_projector(screen, output_dir, "chart-waiting", "#projector-themes-title, #projector-themes-note")
        readable(screen, ["#projector-themes-note"])

        # Past min_group: a column per point, counts on top, labels under the ends and middle.
        for phone, value in zip(phones[2 : len(VALUES)], VALUES[2:]):
            send(phone, SCALE, value=value)
        counts = screen.locator(".projector-point-count")
        expect(counts).to_have_text(["1", "1", "3", "2", "1"])
        expect(screen.locator(".projector-point-value")).to_have_text(["1", "2", "3", "4", "5"])
        expect(screen.locator(".projector-scale-end")).to_have_text(
            ["More independent", "Balanced", "More interdependent"]
        )
        expect(screen.locator(".projector-chart-summary")).to_have_text("Mean 3.1 · Median 3")
        answered = screen.locator(".projector-chart-answers")
        expect(answered).to_have_text("8 answers")
        expect(note).to_be_hidden()  # the chart's own last line says it
        check_projector(screen, output_dir, "chart-scale", SCALE_TEXT + ", .projector-scale-end")
        readable(
            screen,
            [".projector-point-count", ".projector-point-value", ".projector-scale-end", ".projector-chart-summary"],
        )
        nothing_overlaps(screen, SCALE_PARTS)
        # The ends' labels sit under the first and last columns, the middle's under the middle one.
        boxes = {
            name: screen.locator(selector).bounding_box()
            for name, selector in (
                ("first", ".projector-point-value >> nth=0"),
                ("middle", ".projector-point-value >> nth=2"),
                ("last", ".projector-point-value >> nth=4"),
                ("left", ".projector-scale-end[data-end='left']"),
                ("centre", ".projector-scale-end[data-end='middle']"),
                ("right", ".projector-scale-end[data-end='right']"),
            )
        }
        assert boxes["left"]["x"] <= boxes["first"]["x"] + boxes["first"]["width"] / 2
        centre = lambda b: b["x"] + b["width"] / 2  # noqa: E731
        assert abs(centre(boxes["centre"]) - centre(boxes["middle"])) < 0.02 * 1920
        assert boxes["right"]["x"] + boxes["right"]["width"] >= centre(boxes["last"])
        # Columns as tall as their counts: the 3 twice the 1, 1.5 times the 2, and a big chart.
        heights = screen.locator(".projector-point-fill").evaluate_all(
            "(els) => els.map((e) => e.getBoundingClientRect().height)"
        )
        assert heights[2] > 0.25 * 1080, heights
        assert abs(heights[2] / heights[0] - 3) < 0.1 and abs(heights[2] / heights[3] - 1.5) < 0.1, heights

        # A new answer updates the same columns: nothing is rebuilt, nothing blinks.
        screen.evaluate("() => document.querySelectorAll('.projector-point').forEach((li) => { li.__kept = true; })")
        send(phones[-1], SCALE, value=3)
        expect(counts).to_have_text(["1", "1", "4", "2", "1"])
        expect(answered).to_have_text("9 answers")
        expect(screen.locator(".projector-chart-summary")).to_have_text("Mean 3.1 · Median 3")  # 28/9
        assert screen.evaluate("() => [...document.querySelectorAll('.projector-point')].every((li) => li.__kept)")
        screen.reload()  # a projector that (re)connects gets the chart from the state
        expect(counts).to_have_text(["1", "1", "4", "2", "1"])

        # A choice: bars in the worksheet's order, counts and shares of those who answered.
        for phone, chosen in zip(phones, CHOICES):
            send(phone, MANY, choices=chosen)
        assert host.call("reveal", {"question_id": MANY}, timeout=10)["ok"]
        expect(screen.locator("#projector-themes-title")).to_have_text(MANY_PROMPT)
        expect(screen.locator(".projector-option-label")).to_have_text(OPTIONS)
        expect(screen.locator(".projector-option-count")).to_have_text(MANY_COUNTS)
        expect(screen.locator(".projector-option-share")).to_have_text(MANY_SHARES)
        expect(answered).to_have_text("8 answers · each person could pick more than one")
        expect(screen.locator(".projector-point")).to_have_count(0)
        check_projector(screen, output_dir, "chart-choice", CHOICE_TEXT + ", .projector-option-share")
        readable(screen, [".projector-option-label", ".projector-option-count"])
        nothing_overlaps(screen, CHOICE_PARTS)
        widths = screen.locator(".projector-option-fill").evaluate_all(
            "(els) => els.map((e) => e.getBoundingClientRect().width)"
        )
        assert abs(widths[3] / widths[0] - 5 / 3) < 0.05 and widths[4] == 0, widths
        screen.evaluate("() => document.querySelectorAll('.projector-option').forEach((li) => { li.__kept = true; })")
        send(phones[-1], MANY, choices=["Other"])
        expect(screen.locator(".projector-option-count")).to_have_text(["3", "2", "2", "5", "1"])
        expect(answered).to_have_text("9 answers · each person could pick more than one")
        assert screen.evaluate(
            "() => [...document.querySelectorAll('.projector-option').values()].every((li) => li.__kept)"
        )

        # A text question's reveal is themes again; hiding it brings the step back.
        assert host.call("reveal", {"question_id": TEXT}, timeout=10)["ok"]
        expect(root).to_have_attribute("data-mode", "themes")
        expect(screen.locator("#projector-chart")).to_be_hidden()
        expect(note).to_have_text("Themes appear from 3 answers · 0 so far")
        assert host.call("reveal", {"question_id": None}, timeout=10)["ok"]
        expect(root).to_have_attribute("data-mode", "step")
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_report_page_pdf_and_markdown_chart_both_kinds(browser, live_server, output_dir):
    token, created = charted_session(live_server, "charts-report@example.com")
    phones = [Phone(live_server.url) for _ in VALUES]
    try:
        for n, (phone, value, chosen) in enumerate(zip(phones, VALUES, CHOICES)):
            phone.join(created["code"])
            send(phone, SCALE, value=value)
            send(phone, MANY, choices=chosen)
            if n < MIN_GROUP - 1:
                send(phone, ONE, choices=["Trust"])  # two answers: under min_group, hidden
    finally:
        disconnect_all([p.client for p in phones])
    report_url = f"{live_server.url}/sessions/{created['id']}/report"

    for name, options in (
        ("laptop", {"viewport": {"width": 1366, "height": 768}}),
        ("phone", SMALL_PHONE),
    ):
        context = browser.new_context(**options, bypass_csp=True)  # for axe-core's script
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
        page_log_in(page, live_server.url, "charts-report@example.com")
        page.goto(report_url)
        scale = page.locator(".report-question[data-question-id='s1q1']")
        expect(scale.locator("table.dist tbody tr")).to_have_count(5)
        expect(scale.locator(".dist-label")).to_have_text(
            ["1 More independent", "2", "3 Balanced", "4", "5 More interdependent"]
        )
        expect(scale.locator(".dist-count")).to_have_text(["1", "1", "3", "2", "1"])
        expect(scale.locator(".dist-share")).to_have_text(["13%", "13%", "38%", "25%", "13%"])
        expect(scale.locator(".dist-stats")).to_have_text("Mean 3.1 · Median 3")
        # Each bar is its share of the 8 who answered (as on the projector and the dashboard).
        assert scale.locator("meter").evaluate_all("(ms) => ms.map((m) => [m.value, m.max])") == [
            [1, 8],
            [1, 8],
            [3, 8],
            [2, 8],
            [1, 8],
        ]
        expect(scale.locator(".report-answers")).to_have_count(0)  # the distribution says them all
        many = page.locator(".report-question[data-question-id='s1q2']")
        expect(many.locator(".dist-label")).to_have_text(OPTIONS)
        expect(many.locator(".dist-count")).to_have_text(MANY_COUNTS)
        expect(many.locator(".dist-share")).to_have_text(MANY_SHARES)
        expect(many.locator(".dist-legend")).to_contain_text("more than one option")
        expect(many.locator(".report-answers")).to_have_count(0)
        one = page.locator(".report-question[data-question-id='s1q3']")
        expect(one.locator(".report-hidden")).to_have_text("Hidden until 3 people answer (2 so far).")
        expect(one.locator("table, meter")).to_have_count(0)
        assert "Trust" not in one.inner_text()
        # The bars are drawn (the meter has a width) and the numbers sit beside them, on screen.
        for locator in (scale, many):
            bars = locator.locator("meter").evaluate_all("(ms) => ms.map((m) => m.getBoundingClientRect().width)")
            assert min(bars) > 40, (name, bars)
            assert locator.locator(".dist").evaluate("(t) => t.getBoundingClientRect().right <= innerWidth")
        assert no_sideways_scroll(page), name
        assert page.locator("main [style]").count() == 0  # bars by <meter> values: nothing the CSP would block
        scale.scroll_into_view_if_needed()
        page.screenshot(path=str(output_dir / f"report-charts-{name}.png"), full_page=True)
        assert_accessible(page, f"report charts {name}")
        assert not errors, errors
        context.close()

    # The PDF: the same bars' numbers and the mean and median.
    pdf = requests.get(f"{report_url.replace('/sessions/', '/api/v1/sessions/')}.pdf", headers=auth(token), timeout=30)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.content)).pages)
    flat = " ".join(text.split())
    assert "Mean 3.1 · Median 3" in flat, flat
    for row in ("1 · More independent 1 13%", "3 · Balanced 3 38%", "5 · More interdependent 1 13%"):
        assert row in flat, (row, flat)
    for label, count, share in zip(OPTIONS, MANY_COUNTS, MANY_SHARES):
        assert f"{label} {count} {share}" in flat, (label, flat)
    assert "Hidden until 3 people answer (2 so far)." in flat and "Trust" not in flat
    saved = output_dir / "report-charts.pdf"
    saved.write_bytes(pdf.content)
    pdf_first_page(saved, output_dir / "report-charts-pdf-1")

    # The Markdown: a table of point or option → count and share, and the mean and median.
    markdown = requests.get(
        f"{report_url.replace('/sessions/', '/api/v1/sessions/')}.md", headers=auth(token), timeout=30
    ).text
    assert "| Point | Answers | Share |\n| --- | ---: | ---: |\n| 1 · More independent | 1 | 13% |" in markdown
    assert "| 3 · Balanced | 3 | 38% |" in markdown and "**Mean 3.1 · Median 3**" in markdown
    assert "| Option | Answers | Share |" in markdown and "| Advice | 5 | 63% |" in markdown
    assert "Hidden until 3 people answer (2 so far)" in markdown and "Trust" not in markdown


LONG_PROMPT = (
    "Thinking about the people you rely on most, at work and at home, where would you put yourself today,"
    " and would the people closest to you put you in the same place?"
)
LONG_OPTIONS = [
    f"{n}. A longer option that a facilitator wrote out in full, so that it wraps on the projector"[:80]
    for n in range(1, 13)
]
TWELVE = [
    "Talking it through with a close friend",
    "Asking my partner for help",
    "Family, when something big happens",
    "Colleagues I trust at work",
    "A neighbour who checks in on me",
    "Online groups and forums",
    "My manager, for practical things",
    "Nobody: I sort things out alone",
    "A therapist or counsellor",
    "Old friends from school",
    "My children, now they are older",
    "Something else",
]
EXTREMES = {
    "title": "Chart extremes",
    "purpose": "Two charts at their extremes.",
    "steps": [
        {
            "title": "Wide and long",
            "questions": [
                {"prompt": LONG_PROMPT, "kind": "scale", "min": 0, "max": 10,
                 "left": "Not at all like me, even on my best days", "middle": "Sometimes, depending on who is there",
                 "right": "Completely like me, whoever I am with"},
                {"prompt": LONG_PROMPT, "kind": "choice", "options": LONG_OPTIONS},
                {"prompt": "Who do I turn to first?", "kind": "choice", "options": TWELVE},
            ],
        }
    ],
}  # fmt: skip


def test_eleven_points_and_twelve_long_options_fit(screen, live_server, output_dir):
    token = live_server.token_for("charts-extremes@example.com")
    slug = own_worksheet(live_server, token, EXTREMES)
    created = new_session(live_server, token, worksheet=slug, min_group=MIN_GROUP)
    page_log_in(screen, live_server.url, "charts-extremes@example.com")
    screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
    host = connect_host(live_server, token)
    phones = [Phone(live_server.url) for _ in range(12)]
    try:
        assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        for n, phone in enumerate(phones):
            phone.join(created["code"])
            send(phone, "s1q1", value=[0, 3, 5, 5, 6, 7, 7, 7, 8, 10, 10, 10][n])
            send(phone, "s1q2", choices=[LONG_OPTIONS[n % 7]])
            send(phone, "s1q3", choices=[TWELVE[n % 5]])
        assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
        expect(screen.locator(".projector-point-count")).to_have_count(11)
        expect(screen.locator(".projector-chart-summary")).to_have_text("Mean 6.5 · Median 7")
        check_projector(screen, output_dir, "chart-scale-eleven", SCALE_TEXT + ", .projector-scale-end")
        nothing_overlaps(screen, SCALE_PARTS)
        readable(screen, [".projector-point-count", ".projector-point-value", ".projector-chart-summary"])
        readable(screen, [".projector-scale-end"], share=0.03)

        assert host.call("reveal", {"question_id": "s1q2"}, timeout=10)["ok"]
        expect(screen.locator(".projector-option-label")).to_have_text(LONG_OPTIONS)
        check_projector(screen, output_dir, "chart-choice-twelve", CHOICE_TEXT + ", .projector-option-share")
        nothing_overlaps(screen, CHOICE_PARTS)
        # Twelve options of 80 characters each: all there, smaller (readable from the middle of the room).
        readable(screen, [".projector-option-label", ".projector-option-count"], share=0.018)

        # Twelve options of a usual length: still big.
        assert host.call("reveal", {"question_id": "s1q3"}, timeout=10)["ok"]
        expect(screen.locator(".projector-option-label")).to_have_text(TWELVE)
        check_projector(screen, output_dir, "chart-choice-twelve-short", CHOICE_TEXT + ", .projector-option-share")
        nothing_overlaps(screen, CHOICE_PARTS)
        readable(screen, [".projector-option-label", ".projector-option-count"], share=0.03)
    finally:
        disconnect_all([host, *(p.client for p in phones)])
