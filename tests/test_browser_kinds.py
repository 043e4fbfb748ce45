"""Scale and choice questions in real Chromium (issue 14): two 360×740 phones answer by
tapping big targets (and eight socket phones beside them), the dashboard draws the live
distribution — bars with counts, a scale's mean and median — and follows a revision; an
empty choice cannot be sent; a scale answered offline arrives after reconnecting; a reload
shows the phone's own choice again; the take-home says what was chosen; the step's notes
show on the dashboard only, and the timer offers the step's suggested minutes.

Screenshots go to test-output/: kinds-phone-scale-360.png, kinds-phone-choice-360.png,
kinds-phone-empty-choice-360.png, kinds-phone-offline-360.png, kinds-phone-wide-scales-360.png,
kinds-dashboard-1366.png, kinds-dashboard-choice-1366.png, kinds-dashboard-1920.png,
kinds-dashboard-timer-1366.png.
"""

import json
import statistics
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import expect

from support import (
    BALANCE_SCALE,
    RELY_CHOICE,
    RELY_OPTIONS,
    SMALL_PHONE,
    Phone,
    assert_accessible,
    connect_host,
    disconnect_all,
    join_all,
    new_session,
    no_sideways_scroll,
    open_dashboard,
    own_worksheet,
    send_button,
    settles,
)

pytestmark = pytest.mark.browser

NOTES = "Read the guidance aloud first.\nThen give people a quiet minute before anyone answers."
SCALE_PROMPT, OPTIONS = BALANCE_SCALE["prompt"], RELY_OPTIONS
WORKSHEET = {
    "title": "Balance check-in",
    "purpose": "A quick look at where we stand.",
    "steps": [
        {
            "title": "Where are we?",
            "guidance": "Think of one relationship that matters to you.",
            "notes": NOTES,
            "minutes": 6,
            "questions": [
                BALANCE_SCALE,
                RELY_CHOICE,
                {"prompt": "Which matters most to you right now?", "kind": "choice",
                 "options": ["Time", "Trust", "Space"]},
            ],
        },
        {
            "title": "Wider scales",
            "questions": [
                {"prompt": "How likely are you to try this week?", "kind": "scale", "min": 0, "max": 10,
                 "left": "Not at all", "right": "Certainly"},
                {"prompt": "How settled do you feel?", "kind": "scale", "min": 1, "max": 7,
                 "left": "Unsettled", "middle": "Neither", "right": "Settled"},
            ],
        },
    ],
    "conclusion": "Thank you.",
}  # fmt: skip
SCALE, MANY, ONE = "s1q1", "s1q2", "s1q3"
WIDE, SEVEN = "s2q1", "s2q2"
# The eight socket phones' answers.
SOCKET_VALUES = [1, 2, 3, 3, 3, 4, 5, 5]
SOCKET_CHOICES = [["Advice"], ["Emotional support", "Advice"], ["Other"], ["Encouragement"]] * 2


class Room:
    """A session of WORKSHEET on its first step, a facilitator socket recording everything."""

    def __init__(self, server, email, min_group=12):
        self.url, self.email = server.url, email
        self.token = server.token_for(email)
        slug = own_worksheet(server, self.token, WORKSHEET)
        self.session = new_session(server, self.token, worksheet=slug, title="Kinds circle", min_group=min_group)
        self.host = connect_host(server, self.token, record=True)
        assert self.host.call("host", {"session_id": self.session["id"]}, timeout=10)["ok"]
        self.goto(1)

    @property
    def code(self):
        return self.session["code"]

    def goto(self, index):
        ack = self.host.call("goto", {"index": index}, timeout=10)
        assert ack["ok"], ack

    def answers(self, question_id):
        return [a for b in self.host.recorder.of("answers") for a in b["answers"] if a["question_id"] == question_id]

    def chart(self, question_id):
        """The latest `chart` push for a question (None before any)."""
        charts = [c for c in self.host.recorder.of("chart") if c["question_id"] == question_id]
        return charts[-1]["chart"] if charts else None


@pytest.fixture
def room(request, live_server):
    room = Room(live_server, f"{request.node.originalname[:40]}@example.com")
    yield room
    disconnect_all([room.host])


def open_phone(browser, room, contexts):
    context = browser.new_context(**SMALL_PHONE, bypass_csp=True, accept_downloads=True)
    contexts.append(context)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.goto(f"{room.url}/j/{room.code}")
    expect(page.locator("#connection")).to_have_text("Connected")
    expect(page.locator("#step-title")).to_have_text("Where are we?")
    return page


def tap_point(page, qid, point):
    page.tap(f"label[for='scale-{qid}-{point}']")


def tap_option(page, qid, option):
    page.locator(f"form[data-question-id='{qid}'] label.option", has_text=option).tap()


def form(page, qid):
    return page.locator(f"form[data-question-id='{qid}']")


def outbox(page, code):
    raw = page.evaluate("key => window.localStorage.getItem(key)", f"fulcrum:outbox:{code}")
    return json.loads(raw) if raw else {}


def show(page, qid):
    """Scroll a question's form to just under the header, as a participant sees it."""
    page.evaluate(
        """qid => {
        const form = document.querySelector(`form[data-question-id="${qid}"]`);
        window.scrollTo(0, form.getBoundingClientRect().top + window.scrollY - 70);
    }""",
        qid,
    )
    page.wait_for_timeout(150)


def boxes(page, selector):
    return page.eval_on_selector_all(
        selector, "els => els.map((el) => { const r = el.getBoundingClientRect(); return [r.width, r.height, r.top]; })"
    )


# Scale labels that overflow their place, or leave their card.
LABELS_OUT = """() => {
  const bad = [];
  for (const end of document.querySelectorAll(".scale-end")) {
    const card = end.closest("form").getBoundingClientRect();
    const r = end.getBoundingClientRect();
    if (end.scrollWidth > end.clientWidth + 1 || r.left < card.left || r.right > card.right) bad.push(end.textContent);
  }
  return bad;
}"""


CHART_ROWS = """rows => rows.map((r) => [
  r.querySelector(".chart-point").textContent, Number(r.querySelector(".chart-count-n").textContent),
])"""


def chart_counts(page, qid):
    """What the dashboard's chart of a question shows: [(label, count)] in order."""
    return page.eval_on_selector_all(
        f"section.chart-panel[data-chart-for='{qid}'] .chart-row",
        CHART_ROWS,
    )


def expected_stats(values):
    return f"{round(statistics.fmean(values), 1):g}", f"{float(statistics.median(values)):g}"


def test_phones_tap_scales_and_choices_and_the_dashboard_draws_them(browser, live_server, room, output_dir):
    contexts, errors = [], []
    sockets = [Phone(live_server.url) for _ in SOCKET_VALUES]
    try:
        dashboard = open_dashboard(browser, live_server, room.email, room.session["id"], errors=errors)
        contexts.append(dashboard.context)

        # The step's notes, on the dashboard only, plainly labelled.
        notes = dashboard.locator("#notes-panel")
        expect(notes).to_be_visible()
        expect(dashboard.locator("#notes-title")).to_have_text("Your notes — only you see these")
        expect(dashboard.locator("#notes-text p")).to_have_text(NOTES)
        expect(dashboard.locator("#notes-minutes")).to_have_text("Suggested time: 6 min")

        a, b = open_phone(browser, room, contexts), open_phone(browser, room, contexts)
        assert NOTES.split("\n")[0] not in a.content()  # the notes never reach a phone

        # Big targets, one row of five, the end and middle labels under it.
        tiles = boxes(a, f"form[data-question-id='{SCALE}'] .scale-tile")
        assert len(tiles) == 5 and all(w >= 44 and h >= 44 for w, h, _ in tiles), tiles
        assert len({round(top) for _, _, top in tiles}) == 1, "the five points are not on one row"
        expect(form(a, SCALE).locator(".scale-ends")).to_contain_text("More independent")
        expect(form(a, SCALE).locator(".scale-end-middle .scale-end-text")).to_have_text("Balanced")
        options = boxes(a, f"form[data-question-id='{MANY}'] .option")
        assert len(options) == 5 and all(h >= 44 for _, h, _ in options), options
        assert no_sideways_scroll(a)
        assert a.evaluate(LABELS_OUT) == []
        expect(form(a, SCALE).locator("fieldset.pick-field")).to_have_attribute("role", "radiogroup")
        expect(a.locator(f"#scale-{SCALE}-4")).to_have_attribute("type", "radio")
        expect(a.locator(f"#choice-{MANY}-1")).to_have_attribute("type", "checkbox")
        expect(a.locator(f"#choice-{ONE}-1")).to_have_attribute("type", "radio")

        # Phone A taps a 4 and sends it; the chosen tile is filled, the button says so.
        tap_point(a, SCALE, 4)
        expect(a.locator(f"#scale-{SCALE}-4")).to_be_checked()
        send_button(a, SCALE).tap()
        expect(send_button(a, SCALE)).to_have_text("Sent ✓")
        chosen = a.locator(f"label[for='scale-{SCALE}-4']")
        assert chosen.evaluate("el => getComputedStyle(el).backgroundColor") != a.locator(
            f"label[for='scale-{SCALE}-3']"
        ).evaluate("el => getComputedStyle(el).backgroundColor")
        show(a, SCALE)
        a.screenshot(path=str(output_dir / "kinds-phone-scale-360.png"))
        assert_accessible(a, "phone with a scale")

        # Several options, then the single choice (radio behaviour: a second tap replaces the first).
        tap_option(a, MANY, "Emotional support")
        tap_option(a, MANY, "Advice")
        send_button(a, MANY).tap()
        expect(send_button(a, MANY)).to_have_text("Sent ✓")
        tap_option(a, ONE, "Time")
        tap_option(a, ONE, "Trust")
        expect(a.locator(f"#choice-{ONE}-1")).not_to_be_checked()
        expect(a.locator(f"#choice-{ONE}-2")).to_be_checked()
        expect(send_button(a, ONE)).to_have_text("Send")
        show(a, MANY)
        a.screenshot(path=str(output_dir / "kinds-phone-choice-360.png"))
        send_button(a, ONE).tap()
        expect(send_button(a, ONE)).to_have_text("Sent ✓")

        # Phone B: an empty choice cannot be sent — said at the field, nothing goes out.
        send_button(b, MANY).tap()
        expect(b.locator(f"#status-{MANY}")).to_have_text("Choose at least one option first.")
        expect(form(b, MANY).locator("fieldset.pick-field")).to_have_attribute("aria-invalid", "true")
        show(b, MANY)
        b.screenshot(path=str(output_dir / "kinds-phone-empty-choice-360.png"))
        send_button(b, ONE).tap()
        expect(b.locator(f"#status-{ONE}")).to_have_text("Choose an option first.")
        send_button(b, SCALE).tap()
        expect(b.locator(f"#status-{SCALE}")).to_have_text("Choose a number first.")
        # The keyboard works as for any radio group: focus a point, arrows move the choice.
        b.focus(f"#scale-{SCALE}-1")
        b.keyboard.press("Space")
        b.keyboard.press("ArrowRight")
        expect(b.locator(f"#scale-{SCALE}-2")).to_be_checked()
        expect(b.locator(f"#status-{SCALE}")).to_have_text("")  # choosing clears the error
        b.keyboard.press("Enter")  # submits the form, as Enter does in a text box
        expect(send_button(b, SCALE)).to_have_text("Sent ✓")
        tap_option(b, MANY, "Advice")
        send_button(b, MANY).tap()
        expect(send_button(b, MANY)).to_have_text("Sent ✓")
        assert all(len(room.answers(q)) for q in (SCALE, MANY))
        assert not [x for x in room.answers(MANY) if not x.get("choices")]

        # Eight more phones over sockets.
        join_all(sockets, room.code)
        for phone, value, choices in zip(sockets, SOCKET_VALUES, SOCKET_CHOICES, strict=True):
            assert phone.call("answer", {"question_id": SCALE, "value": value, "client_id": str(uuid.uuid4())})["ok"]
            assert phone.call("answer", {"question_id": MANY, "choices": choices, "client_id": str(uuid.uuid4())})["ok"]

        values = [4, 2, *SOCKET_VALUES]
        expect_scale(dashboard, values)
        panel = dashboard.locator(f"section.chart-panel[data-chart-for='{SCALE}']")
        expect(panel.locator(".chart-summary")).to_have_text(" · 10 answers")
        expect(panel.locator(".chart-row").first).to_contain_text("More independent")
        expect(panel.locator(".chart-row").nth(2)).to_contain_text("Balanced")
        expect(panel.locator(".chart-row").last).to_contain_text("More interdependent")
        expect(panel.locator(".chart-note")).to_contain_text(
            "The projector shows it from 12 answers: 2 more answers to go."
        )
        dashboard.evaluate("document.querySelector('#current-step').scrollIntoView()")
        dashboard.wait_for_timeout(300)
        dashboard.screenshot(path=str(output_dir / "kinds-dashboard-1366.png"))
        assert no_sideways_scroll(dashboard)
        assert_accessible(dashboard, "dashboard with a scale's chart")

        # Phone A revises its 4 to a 5: Update, then the dashboard follows.
        tap_point(a, SCALE, 5)
        expect(send_button(a, SCALE)).to_have_text("Update")
        expect(a.locator(f"#status-{SCALE}")).to_have_text("Changed — not sent yet.")
        send_button(a, SCALE).tap()
        expect(send_button(a, SCALE)).to_have_text("Sent ✓")
        values = [5, 2, *SOCKET_VALUES]
        expect_scale(dashboard, values)

        # The choice's chart, in the worksheet's order.
        dashboard.click(f"#tab-{MANY}")
        chosen_lists = [["Emotional support", "Advice"], ["Advice"], *SOCKET_CHOICES]
        wanted = [[o, sum(o in c for c in chosen_lists)] for o in OPTIONS]
        assert settles(dashboard, lambda: chart_counts(dashboard, MANY) == wanted), chart_counts(dashboard, MANY)
        many = dashboard.locator(f"section.chart-panel[data-chart-for='{MANY}']")
        expect(many.locator(".chart-stats")).to_be_hidden()
        expect(many.locator(".chart-note")).to_contain_text("could choose several")
        dashboard.screenshot(path=str(output_dir / "kinds-dashboard-choice-1366.png"))

        # Reveal: the button shows the chart on the projector, as for themes.
        dashboard.click(f"#tab-{SCALE}")
        reveal = panel.locator("button.reveal-toggle")
        reveal.click()
        expect(reveal).to_have_attribute("aria-pressed", "true")
        assert settles(dashboard, lambda: any(r["question_id"] == SCALE for r in room.host.recorder.of("reveal")))

        # The timer offers the suggested minutes first, and prefills the custom time.
        dashboard.click("#timer-button")
        suggested = dashboard.locator("#timer-suggested")
        expect(suggested).to_be_visible()
        expect(suggested).to_have_text("6 min (suggested)")
        expect(dashboard.locator("#timer-minutes")).to_have_value("6")
        above = suggested.bounding_box()["y"] < dashboard.locator("#timer-presets").bounding_box()["y"]
        assert above, "the suggestion is not the first choice"
        dashboard.screenshot(path=str(output_dir / "kinds-dashboard-timer-1366.png"))
        dashboard.keyboard.press("Escape")
        dashboard.keyboard.press("t")
        expect(suggested).to_be_focused()
        suggested.click()
        assert settles(dashboard, lambda: any(t and t.get("seconds") == 360 for t in room.host.recorder.of("timer")))

        dashboard.set_viewport_size({"width": 1920, "height": 1080})
        dashboard.evaluate("document.querySelector('#current-step').scrollIntoView()")
        dashboard.wait_for_timeout(300)
        assert no_sideways_scroll(dashboard)
        dashboard.screenshot(path=str(output_dir / "kinds-dashboard-1920.png"))

        # A reload shows phone A its own answers again, from the join ack's values.
        a.reload()
        expect(a.locator("#connection")).to_have_text("Connected")
        expect(a.locator(f"#scale-{SCALE}-5")).to_be_checked()
        expect(send_button(a, SCALE)).to_have_text("Sent ✓")
        expect(a.locator(f"#choice-{MANY}-1")).to_be_checked()
        expect(a.locator(f"#choice-{MANY}-4")).to_be_checked()
        expect(a.locator(f"#choice-{MANY}-2")).not_to_be_checked()
        expect(send_button(a, MANY)).to_have_text("Sent ✓")
        expect(a.locator(f"#choice-{ONE}-2")).to_be_checked()

        # A choice tapped but not sent is a draft: a reload keeps it, still to send.
        tap_option(b, ONE, "Space")
        b.reload()
        expect(b.locator("#connection")).to_have_text("Connected")
        expect(b.locator(f"#choice-{ONE}-3")).to_be_checked()
        expect(send_button(b, ONE)).to_have_text("Send")
        expect(b.locator(f"#scale-{SCALE}-2")).to_be_checked()
        assert not room.answers(ONE)[1:], "a draft was sent"

        # The take-home says what was chosen.
        with a.expect_download() as info:
            a.click("#takehome-link")
        text = Path(info.value.path()).read_text(encoding="utf-8")
        assert f"### {SCALE_PROMPT}\n\n> 5 — More interdependent, on a scale from 1 (More independent)" in text
        assert "> Emotional support\n> Advice\n" in text
        assert "> Trust\n" in text
        assert not a.errors and not b.errors and not errors, (a.errors, b.errors, errors)
    finally:
        disconnect_all([p.client for p in sockets])
        for context in contexts:
            context.close()


def expect_scale(dashboard, values):
    counts = [[str(p), values.count(p)] for p in range(1, 6)]
    assert settles(dashboard, lambda: chart_counts(dashboard, SCALE) == counts), (
        chart_counts(dashboard, SCALE),
        counts,
    )
    mean, median = expected_stats(values)
    panel = dashboard.locator(f"section.chart-panel[data-chart-for='{SCALE}']")
    expect(panel.locator(".chart-mean")).to_have_text(mean)
    expect(panel.locator(".chart-median")).to_have_text(median)
    expect(panel.locator(".chart-answers")).to_have_text(str(len(values)))


def test_a_scale_answered_offline_arrives_after_reconnecting(browser, room, output_dir):
    contexts = []
    try:
        page = open_phone(browser, room, contexts)
        context = contexts[0]
        context.set_offline(True)
        expect(page.locator("#connection")).to_have_attribute("data-state", "offline")
        tap_point(page, SCALE, 3)
        send_button(page, SCALE).tap()
        expect(page.locator(f"#status-{SCALE}")).to_contain_text("Offline — saved on this phone")
        queued = outbox(page, room.code)[SCALE]
        assert queued["kind"] == "scale" and queued["value"] == 3 and "text" not in queued, queued
        tap_option(page, MANY, "Other")
        send_button(page, MANY).tap()
        assert outbox(page, room.code)[MANY]["choices"] == ["Other"]
        show(page, SCALE)
        page.screenshot(path=str(output_dir / "kinds-phone-offline-360.png"))
        page.wait_for_timeout(500)
        assert room.answers(SCALE) == [], "sent while offline"

        context.set_offline(False)
        expect(send_button(page, SCALE)).to_have_text("Sent ✓", timeout=15_000)
        expect(send_button(page, MANY)).to_have_text("Sent ✓")
        assert settles(page, lambda: len(room.answers(SCALE)) == 1 and len(room.answers(MANY)) == 1)
        assert room.answers(SCALE)[0]["value"] == 3 and room.answers(MANY)[0]["choices"] == ["Other"]
        assert outbox(page, room.code) == {}
        # Sent once, stored once: the counts the facilitator gets agree.
        assert settles(page, lambda: (room.chart(SCALE) or {}).get("answers") == 1)
        assert not page.errors, page.errors
    finally:
        for context in contexts:
            context.close()


def test_wide_scales_keep_big_targets_on_a_small_phone(browser, room, output_dir):
    contexts = []
    try:
        room.goto(2)
        context = browser.new_context(**SMALL_PHONE, bypass_csp=True)
        contexts.append(context)
        page = context.new_page()
        page.goto(f"{room.url}/j/{room.code}")
        expect(page.locator("#step-title")).to_have_text("Wider scales")
        for qid, points in ((WIDE, 11), (SEVEN, 7)):
            tiles = boxes(page, f"form[data-question-id='{qid}'] .scale-tile")
            assert len(tiles) == points
            assert all(w >= 44 and h >= 44 for w, h, _ in tiles), (qid, tiles)
        rows = lambda qid: len({round(top) for _, _, top in boxes(page, f"form[data-question-id='{qid}'] .scale-tile")})  # noqa: E731
        assert rows(SEVEN) == 1, "seven points fit one row at 360 px"
        assert rows(WIDE) == 2, "eleven points wrap into two rows"
        # Wrapped, the end labels say which number they name.
        expect(form(page, WIDE).locator(".scale-end-left .scale-end-number")).to_be_visible()
        expect(form(page, SEVEN).locator(".scale-end-left .scale-end-number")).to_be_hidden()
        assert no_sideways_scroll(page)
        assert page.evaluate(LABELS_OUT) == []
        tap_point(page, WIDE, 10)
        expect(page.locator(f"#scale-{WIDE}-10")).to_be_checked()
        show(page, WIDE)
        page.screenshot(path=str(output_dir / "kinds-phone-wide-scales-360.png"))
        assert_accessible(page, "phone with wide scales")
    finally:
        for context in contexts:
            context.close()
