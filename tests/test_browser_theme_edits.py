"""Editing themes on the dashboard like sorting sticky notes (issue 15), in real Chromium
against a real server: select answers and make a new theme from them (a second dashboard
shows the same; undo and redo on one screen show on both), drag a card with the mouse, move
one with the keyboard only, "Regroup automatically" asks before it replaces edits made by
hand (and keeps them on "Keep my groups"), and "Other" is last and never counted as a theme.

One room answers the step's three questions; each test edits its own question, so their
undo histories stay apart. Screenshots go to test-output/theme-edits-*.png.
"""

import uuid

import pytest
from playwright.sync_api import expect

from support import (
    ANSWERS,
    STEP_1,
    Phone,
    assert_accessible,
    connect_host,
    disconnect_all,
    new_session,
    page_log_in,
)

pytestmark = pytest.mark.browser

EMAIL = "sorter@example.com"
QUESTIONS = ("s1q1", "s1q2", "s1q3")


@pytest.fixture(scope="module")
def room(live_server):
    """A session on step 1 whose three questions each have 24 answers (four clear groups)."""
    token = live_server.token_for(EMAIL)
    created = new_session(live_server, token)
    host = connect_host(live_server, token)
    assert host.call("host", {"session_id": created["id"]}, timeout=10)["ok"]
    assert host.call("goto", {"index": 1}, timeout=10)["ok"]
    phones = [Phone(live_server.url) for _ in range(24)]
    try:
        for phone, text in zip(phones, ANSWERS):
            phone.join(created["code"])
            for qid in QUESTIONS:
                assert phone.call("answer", {"question_id": qid, "text": text, "client_id": str(uuid.uuid4())})["ok"]
        yield {**created, "token": token}
    finally:
        disconnect_all([p.client for p in phones] + [host])


def dashboard(browser, live_server, room, qid, width=1366, height=768, csp=False):
    """A logged-in dashboard on step 1 with question `qid` in focus: (page, its themes panel).
    With `csp` the server's Content-Security-Policy holds (no axe checks then: axe is injected)."""
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=not csp)
    page = context.new_page()
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page_log_in(page, live_server.url, EMAIL)
    page.goto(f"{live_server.url}/sessions/{room['id']}")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    page.click(f"#tab-{qid}")
    panel = page.locator(f"section.themes-panel[data-themes-for='{qid}']")
    expect(panel.locator("li.theme").nth(1)).to_be_visible(timeout=30_000)
    return page, panel


def sort_mode(panel):
    panel.locator("button.themes-sort").click()
    expect(panel.locator(".theme-board")).to_be_visible()
    return panel.locator(".theme-board")


def bring_into_view(page, locator):
    """Scroll so `locator` starts just under the sticky bar (a drag near the window's edge
    would scroll the page: SortableJS scrolls while a card is held there, as it should)."""
    locator.evaluate(
        "node => window.scrollTo(0, node.getBoundingClientRect().top + window.scrollY"
        " - document.getElementById('dash-bar').offsetHeight - 24)"
    )


def drag(page, item, target):
    """Hold `item` with the mouse and drop it in `target`, with real pointer moves."""
    start, end = item.bounding_box(), target.bounding_box()
    x, y = start["x"] + 24, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] - 6, steps=15)
    return page.mouse.up


def column(board, theme_id):
    return board.locator(f"section.board-column[data-theme-id='{theme_id}']")


def card(board, answer_id):
    return board.locator(f"li.theme-answer[data-answer-id='{answer_id}']")


def column_of(board, answer_id):
    """The board column (theme id, or "none" for Other) that holds an answer's card."""
    return card(board, answer_id).evaluate("li => li.closest('section.board-column').dataset.themeId")


def theme_ids(panel):
    return panel.locator("li.theme").evaluate_all("items => items.map((li) => li.dataset.themeId)")


def test_new_theme_from_selection_on_two_screens_with_undo_and_redo(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q1")
    other_page, other_panel = dashboard(browser, live_server, room, "s1q1", 1920, 1080)
    page.screenshot(path=str(output_dir / "theme-edits-1366-list.png"))
    before = set(theme_ids(panel))
    board = sort_mode(panel)
    page.screenshot(path=str(output_dir / "theme-edits-1366-board.png"))

    # Two answers of the biggest theme: a theme of their own.
    biggest = column(board, theme_ids(panel)[0])
    picks = biggest.locator("li.theme-answer").evaluate_all("items => items.slice(-2).map((li) => li.dataset.answerId)")
    card(board, picks[0]).locator("label.theme-answer-text").click()  # a click on the card picks it
    card(board, picks[1]).locator("input.answer-check").check()
    bar = panel.locator(".theme-selection")
    expect(bar.locator(".selection-count")).to_have_text("2 answers selected")
    expect(bar.locator("button.selection-split")).to_be_visible()  # both in one theme
    page.screenshot(path=str(output_dir / "theme-edits-1366-selected.png"))
    assert_accessible(page, "the themes board with a selection")
    bar.locator("button.selection-new").click()

    expect(bar).to_be_hidden()  # cleared after success
    expect(panel.locator(".themes-status")).to_contain_text("new theme of 2 answers")
    made = [t for t in theme_ids(panel) if t not in before]
    assert len(made) == 1, theme_ids(panel)
    new_id = made[0]
    expect(column(board, new_id).locator("li.theme-answer")).to_have_count(2)
    expect(column(board, new_id).locator(".board-note")).to_have_text(" · made by hand")
    assert sorted(
        column(board, new_id).locator("li.theme-answer").evaluate_all("i => i.map((li) => li.dataset.answerId)")
    ) == sorted(picks)
    # The other screen shows the same theme with the same two answers.
    other_theme = other_panel.locator(f"li.theme[data-theme-id='{new_id}']")
    expect(other_theme.locator(".theme-size")).to_have_text("2")
    undo = other_panel.locator("button.theme-undo")
    expect(undo).to_be_enabled()
    expect(undo).to_have_attribute("title", "Undo new theme")
    other_page.screenshot(path=str(output_dir / "theme-edits-1920-second-screen.png"))

    # Undo on the second screen: gone on both.
    undo.click()
    expect(other_theme).to_have_count(0)
    expect(column(board, new_id)).to_have_count(0)
    for answer_id in picks:
        assert column_of(board, answer_id) != new_id
    redo = panel.locator("button.theme-redo")
    expect(redo).to_be_enabled()
    # Redo with the keyboard on the first screen (focus in the panel, not in a text field).
    card(board, picks[0]).locator("input.answer-check").focus()
    page.keyboard.press("Control+Shift+Z")
    expect(column(board, new_id).locator("li.theme-answer")).to_have_count(2)
    expect(other_panel.locator(f"li.theme[data-theme-id='{new_id}'] .theme-size")).to_have_text("2")
    page.screenshot(path=str(output_dir / "theme-edits-1366-redone.png"), full_page=True)
    other_board = sort_mode(other_panel)
    bring_into_view(other_page, other_panel)
    expect(column(other_board, new_id).locator("li.theme-answer")).to_have_count(2)
    other_page.screenshot(path=str(output_dir / "theme-edits-1920-board.png"))
    assert not page.errors + other_page.errors, page.errors + other_page.errors
    page.context.close()
    other_page.context.close()


def test_drag_a_card_with_the_mouse_and_other_is_last(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q2", csp=True)  # SortableJS under the real policy
    watcher, watched = dashboard(browser, live_server, room, "s1q2", 1280, 720)

    # "Other" is last and not a theme, in the list and on the board.
    count = panel.locator("li.theme").count()
    expect(panel.locator(".themes-summary")).to_contain_text(f"{count} theme")
    board = sort_mode(panel)
    columns = board.locator("section.board-column")
    expect(columns).to_have_count(count + 1)
    expect(columns.last).to_have_attribute("data-theme-id", "none")
    expect(columns.last.locator(".board-head")).to_contain_text("Other — not in a theme")
    assert "none" not in theme_ids(panel)

    ids = theme_ids(panel)
    source, target = column(board, ids[0]), column(board, ids[1])
    moving = source.locator("li.theme-answer").first
    answer_id = moving.get_attribute("data-answer-id")
    bring_into_view(page, board)
    drop = drag(page, moving, target.locator(".board-answers"))
    page.screenshot(path=str(output_dir / "theme-edits-1366-dragging.png"))
    drop()

    # The server moved it: the other screen (list view, the theme opened) shows it there.
    expect(card(board, answer_id)).to_have_count(1)
    watched.locator(f"li.theme[data-theme-id='{ids[1]}'] button.theme-toggle").click()
    expect(
        watched.locator(f"li.theme[data-theme-id='{ids[1]}'] li.theme-answer[data-answer-id='{answer_id}']")
    ).to_be_visible()
    expect(
        watched.locator(
            f"li.theme[data-theme-id='{ids[1]}'] li.theme-answer[data-answer-id='{answer_id}'] .theme-answer-hand"
        )
    ).to_be_visible()
    assert column_of(board, answer_id) == ids[1]
    bring_into_view(watcher, watched.locator(f"li.theme[data-theme-id='{ids[1]}']"))
    watcher.screenshot(path=str(output_dir / "theme-edits-1280-after-drag.png"))

    # Dragged to Other: out of every theme.
    bring_into_view(page, board)
    drag(page, card(board, answer_id), columns.last.locator(".board-answers .theme-answer").first)()
    expect(columns.last.locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    expect(watched.locator("button.themes-unthemed")).to_be_visible()
    page.screenshot(path=str(output_dir / "theme-edits-1366-other.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()
    watcher.context.close()


def test_keyboard_move_and_regroup_asks_before_replacing_hand_edits(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q3")
    board = sort_mode(panel)
    ids = theme_ids(panel)
    first = column(board, ids[0]).locator("li.theme-answer").first
    answer_id = first.get_attribute("data-answer-id")

    # Keyboard only: Tab to the card's box, then Alt+ArrowDown moves it to the next theme.
    first.locator("input.answer-check").focus()
    page.keyboard.press("Alt+ArrowDown")
    expect(column(board, ids[1]).locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    box = card(board, answer_id).locator("input.answer-check")
    expect(box).to_be_focused()  # the keyboard follows the card
    # And M opens "Move to…" for it: choose Other, press Move.
    page.keyboard.press("m")
    move_to = panel.locator(".theme-selection select[name=to]")
    expect(move_to).to_be_focused()
    move_to.select_option("none")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(column(board, "none").locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    expect(card(board, answer_id).locator("input.answer-check")).to_be_focused()  # not lost with the bar
    page.keyboard.press("Control+z")  # focus is in the panel: undo the move to Other
    expect(column(board, ids[1]).locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()

    # Regroup with a hand edit in effect: it asks, default on "Keep my groups".
    panel.locator("button.theme-regroup").click()
    dialog = page.locator("#regroup-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#regroup-text")).to_contain_text("1 change")
    expect(page.locator("#regroup-keep")).to_be_focused()
    page.screenshot(path=str(output_dir / "theme-edits-1366-regroup-dialog.png"))
    assert_accessible(page, "the regroup question")
    page.keyboard.press("Enter")  # on "Keep my groups"
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(500)
    # The hand edit is still there (the positive control for the check below).
    assert column_of(board, answer_id) == ids[1]
    expect(card(board, answer_id).locator(".theme-answer-hand")).to_be_visible()

    panel.locator("button.theme-regroup").click()
    page.locator("#regroup-confirm").click()
    expect(panel.locator(".themes-status")).to_contain_text("Regrouped automatically")
    expect(panel.locator(".theme-answer-hand:visible")).to_have_count(0)  # every hand placement dropped
    page.screenshot(path=str(output_dir / "theme-edits-1366-regrouped.png"), full_page=True)

    # The keys are in the shortcuts' help.
    page.keyboard.press("Escape")
    page.locator("#shortcuts-open").click()
    expect(page.locator("#shortcuts-dialog")).to_contain_text("to the previous / next theme")
    page.screenshot(path=str(output_dir / "theme-edits-1366-shortcuts.png"))
    page.locator("#shortcuts-close").click()

    # On a phone the board is one column, nothing wider than the screen.
    page.set_viewport_size({"width": 360, "height": 740})
    bring_into_view(page, board)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.screenshot(path=str(output_dir / "theme-edits-360-board.png"))
    assert not page.errors, page.errors
    page.context.close()


def test_a_refused_edit_keeps_the_selection_and_says_why(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q1")
    board = sort_mode(panel)
    picks = column(board, theme_ids(panel)[0]).locator("input.answer-check")
    picks.first.check()
    bar = panel.locator(".theme-selection")
    expect(bar.locator(".selection-count")).to_have_text("1 answer selected")
    # Logging out in another tab ends this login: the dashboard's socket may no longer edit.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.click("button:has-text('Log out')")
    expect(other.locator("#email")).to_be_visible()
    bar.locator("button.selection-new").click()
    expect(bar.locator(".selection-error")).to_contain_text("Could not make a new theme")
    expect(bar.locator(".selection-count")).to_have_text("1 answer selected")  # kept, to try again
    expect(picks.first).to_be_checked()
    bar.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "theme-edits-1366-refused.png"))
    page.context.close()
