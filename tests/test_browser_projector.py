"""The projector in real Chromium, as the room sees it at 1920x1080 and 1280x720: the big
join screen in the lobby and on the facilitator's "Show join screen", the current step's
questions with live answer counts and a slim join strip, revealed themes under their
question's prompt (also one from an earlier step) with quotes, and the closing screen;
and a worksheet of extremes (no purpose, one short question, five long ones).

Every state is screenshotted to test-output/projector-*.png, checked with axe-core, and
checked to fit the screen with nothing cut off and its text at least 7:1 against its
background (projectors wash colours out)."""

import json
import shutil

import pytest
from playwright.sync_api import expect

from support import (
    ANSWERS,
    FONT_PX,
    PII,
    PROJECTOR_SIZES,
    RAW,
    ROOT,
    SEED,
    STEP_1,
    Phone,
    check_projector,
    connect_host,
    disconnect_all,
    new_session,
    page_log_in,
    resize_projector,
    server_env,
    sqlite_url,
    start_server,
    wait_for,
)

pytestmark = pytest.mark.browser
STEP_1_PROMPTS = [
    "How do I maintain my independence in my relationships (e.g., pursuing personal hobbies, setting boundaries,"
    " having alone time)?",
    "How comfortable am I with being independent in my relationships?",
    "Are there any relationships where I feel like I lose my sense of self or struggle to assert my independence?",
]
LONG = "Reading alone in the garden, " * 40  # 1,200 characters: a quote must stay a few lines
STEP_2_FIRST = (
    "In what ways do I rely on others in my relationships (e.g., emotional support, help with tasks, encouragement)?"
)

# No purpose (so the session starts on a step with questions), a lone short question, and
# a step with a long title and five long questions: the projector must fit them all.
LONG_PROMPTS = [
    f"Question {n}: thinking about the last month at work and at home, which moments made you feel most like"
    " yourself, which made you feel you were carrying other people's needs more than your own, and what would"
    " you change first if you could change one thing?"
    for n in range(1, 6)
]
LONG_TITLE = "A step with a long title, to see that it wraps and still leaves the questions enough room to read"
EXTREMES = "\n".join(
    [
        "title: Projector extremes",
        "steps:",
        "  - title: One question",
        "    questions:",
        "      - prompt: What did you notice today?",
        f"  - title: {json.dumps(LONG_TITLE)}",
        "    questions:",
        *(f"      - prompt: {json.dumps(prompt)}" for prompt in LONG_PROMPTS),
        "conclusion: Thank you for coming.",
    ]
)


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    """This module's server: the seed worksheet and the extremes."""
    folder = tmp_path_factory.mktemp("worksheets")
    shutil.copy(ROOT / "facilitator" / f"{SEED}.yaml", folder)
    (folder / "projector-extremes.yaml").write_text(EXTREMES, encoding="utf-8")
    database = sqlite_url(tmp_path_factory.mktemp("live"))
    server = start_server(server_env(database, FULCRUM_WORKSHEETS=str(folder)))
    yield server
    server.stop()


def big_join_screen(page):
    expect(page.locator("#projector")).to_have_attribute("data-mode", "join")
    expect(page.locator(".projector-hint")).to_be_visible()
    qr = page.locator("#projector-qr").bounding_box()
    assert qr and qr["height"] > 0.3 * page.viewport_size["height"], qr  # scannable from the room
    expect(page.locator("#projector-questions")).to_be_hidden()


def join_strip(page, code):
    """The slim strip: code, short link (no scheme), small QR, all in the top sixth."""
    expect(page.locator("#projector-code")).to_have_text(code)
    expect(page.locator("#projector-url")).to_be_visible()
    assert "http" not in page.locator("#projector-url").inner_text()
    strip = page.locator(".projector-main").bounding_box()
    assert strip["height"] < page.viewport_size["height"] / 6, strip
    assert page.locator("#projector-qr").evaluate("img => img.complete && img.naturalWidth > 0")
    expect(page.locator(".projector-hint")).to_be_hidden()


@pytest.fixture
def screen(browser, live_server):
    """A logged-in projector page (1920x1080) that records its page errors."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, bypass_csp=True)
    page = context.new_page()
    page.errors = []
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    assert page.evaluate("window.__pwned") is None
    assert not page.errors, page.errors
    context.close()


def host_socket(live_server, token, session_id):
    host = connect_host(live_server, token)
    assert host.call("host", {"session_id": session_id}, timeout=10)["ok"]
    return host


def test_lobby_step_counts_and_the_join_toggle(screen, live_server, output_dir):
    token = live_server.token_for("projector-step@example.com")
    created = new_session(live_server, token, min_group=2)
    page_log_in(screen, live_server.url, "projector-step@example.com")
    screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
    host = host_socket(live_server, token, created["id"])
    phones = []
    try:
        # The lobby: the big join screen, also once phones are in, until the first move.
        expect(screen.locator("#projector-step-title")).to_have_text("Purpose")
        big_join_screen(screen)
        check_projector(screen, output_dir, "lobby", "#projector-code, #projector-url, #projector-step-title")
        phones = [Phone(live_server.url) for _ in range(3)]
        for phone in phones:
            phone.join(created["code"])
        expect(screen.locator("#projector-status")).to_have_text("3 people connected")
        big_join_screen(screen)

        # The first step: its three questions are the screen, with a count each.
        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator("#projector-step-title")).to_have_text(STEP_1)
        expect(screen.locator(".projector-prompt")).to_have_text(STEP_1_PROMPTS)
        counts = screen.locator(".projector-count")
        expect(counts).to_have_text(["No answers yet"] * 3)
        join_strip(screen, created["code"])

        # Counts follow the answers live, without a reload.
        assert phones[0].answer("Long walks on my own", "s1q1")["ok"]
        expect(counts).to_have_text(["1 answer", "No answers yet", "No answers yet"])
        assert phones[1].answer("Painting alone", "s1q1")["ok"]
        assert phones[1].answer("Quite comfortable", "s1q2")["ok"]
        expect(counts).to_have_text(["2 answers", "1 answer", "No answers yet"])
        assert phones[1].answer("Painting alone, and a class", "s1q1")["ok"]  # a revision is no new answer
        screen.wait_for_timeout(1200)  # counts are coalesced: let a push that should not come arrive
        expect(counts).to_have_text(["2 answers", "1 answer", "No answers yet"])
        check_projector(screen, output_dir, "step", ".projector-prompt, .projector-count, #projector-step-title")
        for width, height in PROJECTOR_SIZES:  # big enough to read from the back of the room
            resize_projector(screen, width, height)
            prompt_px = screen.locator(".projector-prompt").first.evaluate(FONT_PX)
            assert prompt_px >= 0.035 * height, (width, prompt_px)
            assert screen.locator(".projector-count").first.evaluate(FONT_PX) >= 0.018 * height
        screen.set_viewport_size({"width": 1920, "height": 1080})
        # Counts only, never answers: the counts above prove the page heard of these answers.
        for text in ("Long walks on my own", "Painting alone", "Quite comfortable"):
            assert text not in screen.inner_text("main")

        # The facilitator shows the join screen, and takes it away again.
        assert host.call("show_join", {"shown": True}, timeout=10)["ok"]
        big_join_screen(screen)
        check_projector(screen, output_dir, "join-shown", "#projector-code, #projector-url, #projector-step-title")
        screen.reload()  # a projector that (re)connects now gets it from the state
        big_join_screen(screen)
        assert host.call("show_join", {"shown": False}, timeout=10)["ok"]
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        join_strip(screen, created["code"])

        # Back on the Purpose after the first move, with people in: its text, read along.
        assert host.call("goto", {"index": 0}, timeout=10)["ok"]
        expect(screen.locator("#projector-step-title")).to_have_text("Purpose")
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator("#projector-guidance p").first).to_contain_text("Healthy relationships require")
        expect(screen.locator("#projector-questions")).to_be_hidden()
        check_projector(screen, output_dir, "purpose", "#projector-guidance p, #projector-step-title")
        # …and when everybody has left, the Purpose is the lobby again.
        disconnect_all([p.client for p in phones])
        expect(screen.locator("#projector-status")).to_have_text("0 people connected")
        big_join_screen(screen)
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_revealed_themes_keep_their_prompt_and_show_quotes(screen, live_server, output_dir):
    token = live_server.token_for("projector-themes@example.com")
    created = new_session(live_server, token, min_group=3)
    page_log_in(screen, live_server.url, "projector-themes@example.com")
    host = host_socket(live_server, token, created["id"])
    assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    # Four clear groups, one answer full of personal details, one far too long for a quote.
    texts = [*ANSWERS, PII, LONG]
    phones = [Phone(live_server.url) for _ in texts]
    try:
        for phone, text in zip(phones, texts):
            phone.join(created["code"])
            assert phone.answer(text, "s1q1")["ok"]
        screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
        expect(screen.locator(".projector-count").first).to_have_text(f"{len(texts)} answers")

        # Revealed with quotes: the prompt above, big bars, at most two quotes a theme.
        assert host.call("reveal", {"question_id": "s1q1", "quotes": True}, timeout=10)["ok"]
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "themes")
        expect(screen.locator("#projector-themes-title")).to_have_text(STEP_1_PROMPTS[0])
        themes = screen.locator("li.projector-theme")
        expect(themes.nth(1)).to_be_visible(timeout=90_000)  # the engine, on a busy machine
        expect(themes.first.locator(".projector-quote").first).to_be_visible(timeout=30_000)
        for i in range(themes.count()):
            assert themes.nth(i).locator(".projector-quote").count() <= 2
        join_strip(screen, created["code"])
        check_projector(
            screen,
            output_dir,
            "themes-quotes",
            "#projector-themes-title, .projector-theme-label, .projector-theme-size, .projector-quote",
        )
        for width, height in PROJECTOR_SIZES:  # labels and quotes readable from the back, even four themes with quotes
            resize_projector(screen, width, height)
            assert themes.first.locator(".projector-theme-label").evaluate(FONT_PX) >= 0.035 * height
            assert themes.first.locator(".projector-quote").first.evaluate(FONT_PX) >= 0.022 * height
        shown = screen.inner_text("main")
        assert "“" in shown  # quotes are on screen…
        for raw in RAW:  # …scrubbed, as everything participant-written on the projector
            assert raw not in shown, raw
        assert screen.locator("main img[src='x'], main script").count() == 0

        # The next step, revealing a question of the earlier one, without quotes: its prompt
        # still comes first. The same list showed quotes a moment ago, so none now means none.
        assert host.call("goto", {"index": 2}, timeout=10)["ok"]
        expect(screen.locator("#projector-step-progress")).to_have_text("Step 3 of 9")
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "themes")  # still revealed…
        expect(screen.locator("#projector-themes-title")).to_have_text(STEP_1_PROMPTS[0])  # …under its prompt
        assert host.call("reveal", {"question_id": "s1q1"}, timeout=10)["ok"]
        expect(screen.locator(".projector-quote")).to_have_count(0)
        expect(themes.nth(1)).to_be_visible()
        expect(screen.locator("#projector-themes-title")).to_have_text(STEP_1_PROMPTS[0])
        check_projector(screen, output_dir, "themes", "#projector-themes-title, .projector-theme-label")

        # A question under the group size: its prompt and how many more answers it needs.
        assert phones[0].answer("Friends who listen", "s2q1")["ok"]
        assert host.call("reveal", {"question_id": "s2q1", "quotes": True}, timeout=10)["ok"]
        expect(screen.locator("#projector-themes-title")).to_have_text(STEP_2_FIRST)
        expect(screen.locator("#projector-themes-note")).to_have_text("Themes appear from 3 answers · 1 so far")
        expect(themes).to_have_count(0)
        check_projector(screen, output_dir, "themes-waiting", "#projector-themes-title, #projector-themes-note")

        # Hiding the themes brings the current step's questions back.
        assert host.call("reveal", {"question_id": None}, timeout=10)["ok"]
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator(".projector-prompt").first).to_have_text(STEP_2_FIRST)
        expect(screen.locator(".projector-count").first).to_have_text("1 answer")

        # The end: the closing screen, no join details.
        assert host.call("end", {}, timeout=10)["ok"]
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "ended")
        expect(screen.locator("#projector-closing")).to_contain_text("Thank you")
        for hidden in ("#projector-code", "#projector-qr", "#projector-url", ".projector-prompt"):
            expect(screen.locator(hidden).first).to_be_hidden()
        check_projector(screen, output_dir, "ended", ".projector-closing-title, .projector-closing-text")
        assert wait_for(lambda: all(p.ended.is_set() for p in phones))
    finally:
        disconnect_all([host, *(p.client for p in phones)])


def test_one_short_question_and_five_long_ones_fit(screen, live_server, output_dir):
    token = live_server.token_for("projector-extremes@example.com")
    created = new_session(live_server, token, worksheet="projector-extremes")
    page_log_in(screen, live_server.url, "projector-extremes@example.com")
    screen.goto(f"{live_server.url}/sessions/{created['id']}/projector")
    host = host_socket(live_server, token, created["id"])
    phone = None
    try:
        # No purpose: the first step is the lobby while nobody is in, its question once someone is.
        expect(screen.locator("#projector-step-title")).to_have_text("One question")
        big_join_screen(screen)
        phone = Phone(live_server.url)
        phone.join(created["code"])
        expect(screen.locator("#projector")).to_have_attribute("data-mode", "step")
        expect(screen.locator(".projector-prompt")).to_have_text(["What did you notice today?"])
        check_projector(
            screen, output_dir, "one-question", ".projector-prompt, .projector-count, #projector-step-title"
        )
        for width, height in PROJECTOR_SIZES:  # a lone short question is shown bigger still
            resize_projector(screen, width, height)
            assert screen.locator(".projector-prompt").evaluate(FONT_PX) >= 0.06 * height

        assert host.call("goto", {"index": 1}, timeout=10)["ok"]
        expect(screen.locator("#projector-step-title")).to_have_text(LONG_TITLE)
        expect(screen.locator(".projector-prompt")).to_have_text(LONG_PROMPTS)
        check_projector(screen, output_dir, "five-long", ".projector-prompt, .projector-count, #projector-step-title")
        for width, height in PROJECTOR_SIZES:  # smaller, to fit, but still readable from the middle of the room
            resize_projector(screen, width, height)
            assert screen.locator(".projector-prompt").first.evaluate(FONT_PX) >= 0.022 * height
        assert host.call("show_join", {"shown": True}, timeout=10)["ok"]  # the long title under the join screen
        big_join_screen(screen)
        check_projector(screen, output_dir, "join-long-title", "#projector-code, #projector-url, #projector-step-title")
    finally:
        disconnect_all([host, *([phone.client] if phone else [])])
