"""The facilitator's dashboard as a presenter view, in real Chromium, with a room of 35
phones (python-socketio clients): a sticky bar that stays in view on a 1366×768 laptop,
one question in focus at a time with its themes beside its answers, "n of N connected
answered" and "3 writing…" per question, long answers clamped with "Read all", the End
question asked in the page (with how many answers are still being written), the "Show
join screen" toggle and quotes on the projector (followed across two dashboards), and
tablet (768 px) and phone (390 px) widths without overlaps, sideways scrolling or words
broken mid-word.

Screenshots go to test-output/: dashboard-1366.png, dashboard-1366-scrolled.png,
dashboard-1366-expanded.png, dashboard-768.png, dashboard-390.png, dashboard-390-scrolled.png,
dashboard-steps-menu.png, dashboard-end-confirm.png, dashboard-join-quotes.png.
"""

import uuid

import pytest
import requests
from playwright.sync_api import expect

from support import (
    ANSWERS,
    OVERLAPS,
    STEP_1,
    Phone,
    answer_all,
    assert_accessible,
    auth,
    connect_host,
    disconnect_all,
    join_all,
    new_session,
    no_sideways_scroll,
    open_dashboard,
    wait_for,
)

pytestmark = pytest.mark.browser
PHONES = 35
LONG = (
    "I keep my independence mostly through running and painting, but honestly it took years to "
    "get there. When I moved in with my partner I dropped almost everything I did on my own, "
    "because it felt selfish to want an evening alone. Now we plan our weeks together on Sunday "
    "and each of us blocks out two evenings that are ours, no questions asked. It sounds rigid "
    "written down, yet it is the thing that made us both less resentful and more generous with "
    "the time we do spend together. I would recommend it to anyone who feels they have lost "
    "themselves a little."
)
# 32 answers to the first question (the long one among them), 12 to the second, none to the third.
FIRST = ANSWERS[:15] + [LONG] + ANSWERS[15:] + ["Evening classes in pottery"]
SECOND = [f"Asking for help with the children, reason {i}" for i in range(12)]

# Every visible word of the page on one line (a word split over two lines is broken mid-word;
# hyphens, dashes and slashes are break points of their own). Links may wrap anywhere.
BROKEN_WORDS = """() => {
  const broken = [];
  const range = document.createRange();
  const walker = document.createTreeWalker(document.querySelector("main"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || !parent.checkVisibility() || parent.closest("a[href^='http']")) continue;
    for (const match of node.nodeValue.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]+/g)) {
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set(Array.from(range.getClientRects()).filter((r) => r.width > 0).map((r) => Math.round(r.top)));
      if (tops.size > 1) broken.push(match[0]);
    }
  }
  return broken;
}"""

BAR_PARTS = [
    ".step-menu-button",
    "#step-title",
    "#prev-step",
    "#next-step",
    "#participant-count",
    "#connection",
    "#show-join",
    "#end-session",
]
LAYOUT_PARTS = [
    *BAR_PARTS,
    ".qtab",
    ".question-block:not([hidden]) .question-head h3",
    ".question-block:not([hidden]) .question-head .progress",
    ".question-block:not([hidden]) .themes-panel",
    ".question-block:not([hidden]) .question-answers",
    ".dash-session h1",
    ".dash-code",
    ".dash-join",
    ".dash-links .button",
]


def box(page, selector):
    return page.locator(selector).first.bounding_box()


def in_view(page, selector):
    """The element's whole box is inside the viewport."""
    b = box(page, selector)
    size = page.viewport_size
    return b is not None and b["y"] >= -0.5 and b["y"] + b["height"] <= size["height"] + 0.5 and b["x"] >= 0


def scroll_to_bottom(page):
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(150)
    return page.evaluate("window.scrollY")


def hint(phones, question_id):
    """These phones are writing an answer to question_id (one `writing` hint each)."""
    for phone in phones:
        assert phone.call("writing", {"question_id": question_id})["ok"]


class Room:
    """A session of the seed worksheet on step 1 with 35 phones joined: 32 answered the first
    question, 12 the second, none the third."""

    def __init__(self, live_server, email):
        self.email = email
        self.token = live_server.token_for(email)
        self.session = new_session(live_server, self.token, title="Team offsite, spring")
        self.phones = [Phone(live_server.url) for _ in range(PHONES)]
        join_all(self.phones, self.session["code"])
        host = connect_host(live_server, self.token)
        try:
            assert host.call("host", {"session_id": self.session["id"]}, timeout=10)["ok"]
            assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        finally:
            host.disconnect()
        answer_all(zip(self.phones, FIRST), "s1q1")
        answer_all(zip(self.phones[10:], SECOND), "s1q2")

    def close(self):
        disconnect_all([p.client for p in self.phones])


@pytest.fixture(scope="module")
def room(live_server):
    room = Room(live_server, "presenter@example.com")
    yield room
    room.close()


def test_presenter_layout_fits_a_laptop(browser, live_server, room, output_dir):
    errors = []
    page = open_dashboard(browser, live_server, room.email, room.session["id"], errors=errors)
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    expect(page.locator("#participant-count")).to_have_text("35 connected")
    expect(page.locator("#step-progress")).to_have_text("Step 2 of 9")
    expect(page.locator("ol[data-answers-for='s1q1'] > li")).to_have_count(len(FIRST))

    # One question in focus: tabs with the room's progress on each; the first is shown.
    tabs = page.locator("#question-tabs [role=tab]")
    expect(tabs).to_have_count(3)
    expect(page.locator("#tab-s1q1")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#tab-s1q1 .answered")).to_have_text(f"{len(FIRST)} of 35 connected answered")
    expect(page.locator("#tab-s1q2 .answered")).to_have_text(f"{len(SECOND)} of 35 connected answered")
    expect(page.locator("#tab-s1q3 .answered")).to_have_text("0 of 35 connected answered")
    expect(page.locator("[data-count-for='s1q1']")).to_have_text(f"{len(FIRST)} of 35 connected answered")
    expect(page.locator("#panel-s1q1")).to_be_visible()
    expect(page.locator("#panel-s1q2")).to_be_hidden()
    # Themes beside the answers, not above them.
    themes, answers = box(page, "#panel-s1q1 .themes-panel"), box(page, "#panel-s1q1 .question-answers")
    assert themes["x"] + themes["width"] <= answers["x"] and abs(themes["y"] - answers["y"]) < 2, (themes, answers)
    # No step badge adding up answers across questions: the steps menu lists names only.
    steps = page.locator("#step-list .step-button")
    expect(steps).to_have_count(9)
    expect(steps.nth(1)).to_have_text(f"2.{STEP_1}")  # rendered, and nothing else in it
    expect(page.locator("#step-list .step-answers")).to_have_count(0)

    # Guidance collapsed by default, there when asked for.
    guidance = page.locator("#guidance-box")
    assert guidance.evaluate("d => !d.open")
    expect(page.locator("#step-guidance")).to_be_hidden()
    expect(page.locator("#step-guidance")).to_contain_text("Independence refers to")

    # "3 writing…": the phones hint, the dashboard counts per question.
    hint(room.phones[31:34], "s1q1")
    hint(room.phones[:2], "s1q3")
    expect(page.locator("#tab-s1q1 .writing")).to_have_text("3 writing…")
    expect(page.locator("#tab-s1q3 .writing")).to_have_text("2 writing…")
    expect(page.locator("#tab-s1q2 .writing")).to_be_hidden()  # nobody writes it (the others show it can)

    # The bar: compact, two rows at this width (moving the room; running it: timer, close
    # step, pacing, End, issue 13), and the first answers above the fold.
    bar = box(page, "#dash-bar")
    assert bar["height"] <= 125, bar
    first_card = box(page, "ol[data-answers-for='s1q1'] > li")
    assert first_card["y"] < 768 - 40, first_card
    assert no_sideways_scroll(page)
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(OVERLAPS, LAYOUT_PARTS) == []
    page.screenshot(path=str(output_dir / "dashboard-1366.png"))
    assert_accessible(page, "dashboard at 1366")

    # Scrolled to the last answer, the bar is still at the top with everything in it.
    assert scroll_to_bottom(page) > 600  # the page is long enough for this to mean something
    bar = box(page, "#dash-bar")
    assert abs(bar["y"]) <= 1 and bar["height"] <= 125, bar
    for part in ["#step-progress", "#step-title", "#prev-step", "#next-step", "#participant-count", "#end-session"]:
        assert in_view(page, part), part
    expect(page.locator("#next-step")).to_be_enabled()
    page.screenshot(path=str(output_dir / "dashboard-1366-scrolled.png"))

    # A long answer is clamped (its row stays short) and opens across the row with "Read all".
    page.evaluate("window.scrollTo(0, 0)")
    long_card = page.locator("li.answer-card", has_text="I keep my independence mostly")
    clamped = long_card.locator(".answer-text").evaluate("p => [p.scrollHeight, p.clientHeight]")
    assert clamped[0] > clamped[1] * 1.5, clamped
    neighbour = page.locator("ol[data-answers-for='s1q1'] > li", has_not_text="I keep my independence").first
    expect(long_card.locator("button.answer-more")).to_be_visible()
    expect(neighbour.locator("button.answer-more")).to_be_hidden()  # short ones have none
    assert long_card.bounding_box()["height"] < 200
    long_card.locator("button.answer-more").click()
    expect(long_card.locator("button.answer-more")).to_have_attribute("aria-expanded", "true")
    expect(long_card.locator("button.answer-more")).to_have_text("Show less")
    opened = long_card.bounding_box()
    row = box(page, "ol[data-answers-for='s1q1']")
    assert opened["width"] > row["width"] - 2 and opened["height"] > 200, (opened, row)
    text = long_card.locator(".answer-text").evaluate("p => [p.scrollHeight, p.clientHeight]")
    assert text[0] <= text[1] + 1, text  # all of it shows
    long_card.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "dashboard-1366-expanded.png"))
    assert_accessible(page, "dashboard with an answer opened")
    long_card.locator("button.answer-more").click()
    expect(long_card.locator("button.answer-more")).to_have_text("Read all")

    # Switching questions: by click, and by arrow keys on the tabs (which then do not change the step).
    page.evaluate("window.scrollTo(0, 0)")
    page.click("#tab-s1q2")
    expect(page.locator("#panel-s1q2")).to_be_visible()
    expect(page.locator("#panel-s1q1")).to_be_hidden()
    expect(page.locator("#tab-s1q2")).to_have_attribute("aria-selected", "true")
    expect(page.locator("ol[data-answers-for='s1q2'] > li")).to_have_count(len(SECOND))
    page.keyboard.press("ArrowRight")
    expect(page.locator("#tab-s1q3")).to_be_focused()
    expect(page.locator("#tab-s1q3")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-s1q3 .no-answers")).to_be_visible()
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    page.keyboard.press("Home")
    expect(page.locator("#tab-s1q1")).to_be_focused()
    assert_accessible(page, "dashboard, second question")

    # The steps menu in the bar: opens over the page, Escape closes it and returns to its button.
    page.click("#step-menu summary")
    expect(page.locator("#step-list")).to_be_visible()
    assert in_view(page, "#step-menu .step-nav")  # a long list scrolls inside the menu
    page.screenshot(path=str(output_dir / "dashboard-steps-menu.png"))
    assert_accessible(page, "dashboard, steps menu open")
    page.keyboard.press("Escape")
    expect(page.locator("#step-list")).to_be_hidden()
    expect(page.locator("#step-menu summary")).to_be_focused()
    assert not errors, errors


def test_question_focus_follows_the_step(browser, live_server, output_dir):
    """Arrow keys outside the tabs do move the step (the control for the tabs' keys), and a
    step remembers its question in focus."""
    email = "focus@example.com"
    token = live_server.token_for(email)
    created = new_session(live_server, token)
    page = open_dashboard(browser, live_server, email, created["id"])
    expect(page.locator("#step-title")).to_have_text("Purpose")
    expect(page.locator("#question-tabs")).to_be_hidden()  # no questions, no tabs
    expect(page.locator("#read-along")).to_be_visible()
    expect(page.locator("#guidance-box")).to_have_attribute("open", "")  # a reading step shows its text
    assert_accessible(page, "dashboard, purpose step")
    page.locator("body").press("ArrowRight")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    assert page.locator("#guidance-box").evaluate("d => !d.open")
    page.click("#tab-s1q3")
    page.evaluate("document.activeElement.blur()")  # off the tabs, the arrows are the step's again
    page.keyboard.press("ArrowRight")
    expect(page.locator("#step-progress")).to_have_text("Step 3 of 9")
    expect(page.locator("#tab-s2q1")).to_have_attribute("aria-selected", "true")
    page.click("#prev-step")
    expect(page.locator("#tab-s1q3")).to_have_attribute("aria-selected", "true")
    expect(page.locator("#panel-s1q3")).to_be_visible()
    # The steps menu jumps anywhere.
    page.click("#step-menu summary")
    page.click("#step-list .step-button[data-index='8']")
    expect(page.locator("#step-title")).to_have_text("Conclusion")
    expect(page.locator("#step-list")).to_be_hidden()
    expect(page.locator("#next-step")).to_be_disabled()


@pytest.mark.parametrize("width,height", [(768, 1024), (390, 844)])
def test_tablet_and_phone_widths(browser, live_server, room, output_dir, width, height):
    errors = []
    page = open_dashboard(browser, live_server, room.email, room.session["id"], width, height, errors)
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    expect(page.locator("ol[data-answers-for='s1q1'] > li")).to_have_count(len(FIRST))
    expect(page.locator("#tab-s1q1 .answered")).to_have_text(f"{len(FIRST)} of 35 connected answered")
    hint(room.phones[31:34], "s1q1")
    expect(page.locator("#tab-s1q1 .writing")).to_have_text("3 writing…")
    page.wait_for_timeout(300)  # fonts and the clamp measure settle

    assert no_sideways_scroll(page), page.evaluate("[document.documentElement.scrollWidth, innerWidth]")
    assert page.evaluate(BROKEN_WORDS) == []
    assert page.evaluate(OVERLAPS, LAYOUT_PARTS) == []
    page.screenshot(path=str(output_dir / f"dashboard-{width}.png"))
    assert_accessible(page, f"dashboard at {width}")

    # The bar stays, and leaves most of the screen to the answers.
    assert scroll_to_bottom(page) > 600
    bar = box(page, "#dash-bar")
    assert abs(bar["y"]) <= 1 and bar["height"] <= height * 0.3, bar
    for part in ["#step-title", "#prev-step", "#next-step", "#participant-count", "#end-session"]:
        assert in_view(page, part), part
    assert page.evaluate(OVERLAPS, BAR_PARTS) == []
    assert no_sideways_scroll(page)
    page.screenshot(path=str(output_dir / f"dashboard-{width}-scrolled.png"))

    # The end question fits too.
    page.click("#end-session")
    expect(page.locator("#end-dialog")).to_be_visible()
    assert in_view(page, "#end-confirm") and in_view(page, "#end-cancel")
    assert page.evaluate(OVERLAPS, ["#end-dialog h2", "#end-dialog p", "#end-cancel", "#end-confirm"]) == []
    assert page.evaluate(BROKEN_WORDS) == []
    assert_accessible(page, f"end question at {width}")
    page.keyboard.press("Escape")
    expect(page.locator("#end-dialog")).to_be_hidden()
    assert not errors, errors


def test_end_asks_in_the_page_and_counts_unsent_answers(browser, live_server, output_dir):
    email = "ending@example.com"
    token = live_server.token_for(email)
    created = new_session(live_server, token)
    errors = []
    page = open_dashboard(browser, live_server, email, created["id"], errors=errors)
    native = []
    page.on("dialog", lambda d: (native.append(d.message), d.dismiss()))
    page.click("#next-step")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    phones = [Phone(live_server.url) for _ in range(5)]
    try:
        join_all(phones, created["code"])
        expect(page.locator("#participant-count")).to_have_text("5 connected")
        hint(phones[:2], "s1q1")
        hint(phones[2:3], "s1q2")
        expect(page.locator("#tab-s1q2 .writing")).to_have_text("1 writing…")
        expect(page.locator("#tab-s1q1 .writing")).to_have_text("2 writing…")

        # Asked in the page, focus on Cancel, with the answers still being written.
        page.click("#end-session")
        dialog = page.locator("#end-dialog")
        expect(dialog).to_be_visible()
        expect(page.locator("#end-cancel")).to_be_focused()
        expect(page.locator("#end-dialog-writing")).to_have_text(
            "3 answers are still being written on phones and will not be sent."
        )
        # One more phone starts writing while the question is open: the count follows.
        hint(phones[3:4], "s1q3")
        expect(page.locator("#end-dialog-writing")).to_have_text(
            "4 answers are still being written on phones and will not be sent."
        )
        page.screenshot(path=str(output_dir / "dashboard-end-confirm.png"))
        assert_accessible(page, "dashboard, end question")

        # Arrow keys do not change the step behind it; Escape cancels, focus back on End.
        page.keyboard.press("ArrowRight")
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        expect(page.locator("#end-session")).to_be_focused()
        expect(page.locator("#step-title")).to_have_text(STEP_1)
        # Cancel cancels too.
        page.click("#end-session")
        expect(dialog).to_be_visible()
        page.click("#end-cancel")
        expect(dialog).to_be_hidden()
        page.wait_for_timeout(300)
        state = requests.get(f"{live_server.url}/api/v1/sessions/{created['id']}", headers=auth(token), timeout=10)
        assert state.json()["status"] == "live"
        assert not any(p.ended.is_set() for p in phones)

        # An answer sent clears its writer: the count drops.
        assert phones[0].answer("Reading on the train", "s1q1")["ok"]
        expect(page.locator("#tab-s1q1 .writing")).to_have_text("1 writing…")

        page.click("#end-session")
        expect(page.locator("#end-dialog-writing")).to_have_text(
            "3 answers are still being written on phones and will not be sent."
        )
        page.click("#end-confirm")
        expect(page.locator("#ended-banner")).to_be_visible()
        expect(dialog).to_be_hidden()
        expect(page.locator("#end-session")).to_be_hidden()
        expect(page.locator("#show-join")).to_be_hidden()
        expect(page.locator("#next-step")).to_be_disabled()
        assert wait_for(lambda: all(p.ended.is_set() for p in phones))
        assert_accessible(page, "dashboard ended")

        # No native confirm() was ever shown; the listener does hear one (the control).
        assert native == []
        page.evaluate("setTimeout(() => window.alert('probe'))")
        page.wait_for_timeout(500)  # (through Playwright, so its handler runs)
        assert native == ["probe"]
        assert not errors, errors
    finally:
        disconnect_all([p.client for p in phones])


def test_join_screen_and_quotes_follow_every_dashboard(browser, live_server, output_dir):
    """Two dashboards host one session: what one turns on, the other shows, and a third
    screen (a recording host socket) hears `join` and `reveal` with quotes."""
    email = "screens@example.com"
    token = live_server.token_for(email)
    created = new_session(live_server, token)
    laptop = open_dashboard(browser, live_server, email, created["id"])
    tablet = open_dashboard(browser, live_server, email, created["id"], 768, 1024)
    for page in (laptop, tablet):
        expect(page.locator("#step-title")).to_have_text("Purpose")
        expect(page.locator("#show-join")).to_have_attribute("aria-pressed", "false")
        expect(page.locator("#show-join")).to_be_enabled()
    listener = connect_host(live_server, token, record=True)
    phones = [Phone(live_server.url) for _ in range(4)]
    try:
        assert listener.call("host", {"session_id": created["id"]}, timeout=10)["ok"]

        laptop.click("#show-join")
        for page in (laptop, tablet):
            expect(page.locator("#show-join")).to_have_attribute("aria-pressed", "true")
        assert wait_for(lambda: {"shown": True} in listener.recorder.of("join"))
        tablet.click("#show-join")
        for page in (laptop, tablet):
            expect(page.locator("#show-join")).to_have_attribute("aria-pressed", "false")
        assert wait_for(lambda: listener.recorder.of("join")[-1:] == [{"shown": False}])

        laptop.click("#next-step")
        join_all(phones, created["code"])
        answer_all(zip(phones, ANSWERS[9:13]), "s1q1")
        expect(laptop.locator("#tab-s1q1 .answered")).to_have_text("4 of 4 connected answered")
        expect(laptop.locator("#tab-s1q1 .progress")).to_have_class("progress is-done")

        # Quotes: shows the question with quotes; both dashboards follow.
        laptop.click("#panel-s1q1 button.quotes-toggle")
        for page in (laptop, tablet):
            expect(page.locator("#panel-s1q1 button.quotes-toggle")).to_have_attribute("aria-pressed", "true")
            expect(page.locator("#panel-s1q1 button.reveal-toggle")).to_have_attribute("aria-pressed", "true")
        assert wait_for(lambda: {"question_id": "s1q1", "quotes": True} in listener.recorder.of("reveal"))
        laptop.click("#show-join")
        expect(tablet.locator("#show-join")).to_have_attribute("aria-pressed", "true")
        laptop.screenshot(path=str(output_dir / "dashboard-join-quotes.png"))
        assert_accessible(laptop, "dashboard, join screen and quotes on")

        # A reload starts from the server's state.
        tablet.reload()
        expect(tablet.locator("#panel-s1q1 button.quotes-toggle")).to_have_attribute("aria-pressed", "true")
        expect(tablet.locator("#show-join")).to_have_attribute("aria-pressed", "true")

        # Quotes off keeps the themes shown; "Show on projector" again hides them.
        tablet.click("#panel-s1q1 button.quotes-toggle")
        for page in (laptop, tablet):
            expect(page.locator("#panel-s1q1 button.quotes-toggle")).to_have_attribute("aria-pressed", "false")
            expect(page.locator("#panel-s1q1 button.reveal-toggle")).to_have_attribute("aria-pressed", "true")
        tablet.click("#panel-s1q1 button.reveal-toggle")
        for page in (laptop, tablet):
            expect(page.locator("#panel-s1q1 button.reveal-toggle")).to_have_attribute("aria-pressed", "false")
        assert wait_for(lambda: listener.recorder.of("reveal")[-1:] == [{"question_id": None, "quotes": False}])

        # Someone answered and left: the count says so instead of "5 of 4".
        disconnect_all([phones[0].client])
        expect(laptop.locator("#participant-count")).to_have_text("3 connected · 4 joined")
        expect(laptop.locator("#tab-s1q1 .answered")).to_have_text("4 answered · 3 connected now")
    finally:
        disconnect_all([p.client for p in phones] + [listener])


def test_a_revised_answer_keeps_its_card_and_clamp(browser, live_server, output_dir):
    """A revision that makes an answer long gets "Read all" in place (measured again)."""
    email = "revise@example.com"
    token = live_server.token_for(email)
    created = new_session(live_server, token)
    page = open_dashboard(browser, live_server, email, created["id"])
    page.click("#next-step")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    phone = Phone(live_server.url)
    try:
        phone.join(created["code"])
        client_id = str(uuid.uuid4())
        assert phone.answer("Short", "s1q1", client_id)["ok"]
        card = page.locator("ol[data-answers-for='s1q1'] > li")
        expect(card).to_have_count(1)
        expect(card.locator("button.answer-more")).to_be_hidden()
        assert phone.answer(LONG, "s1q1")["ok"]
        expect(card.locator(".answer-text")).to_have_text(LONG)
        expect(card).to_have_count(1)
        expect(card.locator("button.answer-more")).to_be_visible()
        expect(page.locator("[data-count-for='s1q1']")).to_have_text("1 of 1 connected answered")
    finally:
        disconnect_all([phone.client])
