"""Editing themes on the dashboard like sorting sticky notes (issue 15), in real Chromium
against a real server: select answers (one by one and a shift-click range) and make a new
theme from them or split one (a second dashboard shows the same; undo and redo on one screen
show on both), drag a card with the mouse, move one with the keyboard only, "Regroup
automatically" asks before it replaces edits made by hand (and sends nothing on "Keep my
groups" or Escape), a double press sends one edit, and "Other" is last and never a theme.

The tests depend on the room's data only as far as "there are at least 2 themes": the
state they check they make with edits. One room answers the step's three questions; each
test edits its own question, so their undo histories stay apart. Screenshots go to
test-output/theme-edits-*.png.
"""

import re
import time
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
    settles,
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
    With `csp` the server's Content-Security-Policy holds (no axe checks then: axe is injected).
    `page.sent` collects what the page sends over its socket (websocket frames and polling posts)."""
    context = browser.new_context(viewport={"width": width, "height": height}, bypass_csp=not csp)
    page = context.new_page()
    errors, sent = [], []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(str(payload))))
    page.on("request", lambda r: "/socket.io/" in r.url and r.method == "POST" and sent.append(r.post_data or ""))
    page.errors, page.sent = errors, sent
    page_log_in(page, live_server.url, EMAIL)
    page.goto(f"{live_server.url}/sessions/{room['id']}")
    expect(page.locator("#step-title")).to_have_text(STEP_1)
    page.click(f"#tab-{qid}")
    panel = page.locator(f"section.themes-panel[data-themes-for='{qid}']")
    expect(panel.locator("li.theme").nth(1)).to_be_visible(timeout=30_000)
    return page, panel


def sent(page, event):
    """The socket packets this page sent for one event name."""
    return [packet for packet in page.sent if f'["{event}"' in packet]


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
    """Hold `item` with the mouse and drop it in `target`, with real pointer moves (the item
    first scrolled into its column's view: each column scrolls its own answers)."""
    item.evaluate("li => li.scrollIntoView({block: 'nearest'})")
    start, end = item.bounding_box(), target.bounding_box()
    x, y = start["x"] + 24, start["y"] + start["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 8, y + 8, steps=4)
    page.mouse.move(end["x"] + end["width"] / 2, end["y"] + min(end["height"] - 6, 30), steps=15)
    return page.mouse.up


def column(board, theme_id):
    return board.locator(f"section.board-column[data-theme-id='{theme_id}']")


def card(board, answer_id):
    return board.locator(f"li.theme-answer[data-answer-id='{answer_id}']")


def card_ids(locator):
    return locator.locator("li.theme-answer").evaluate_all("items => items.map((li) => li.dataset.answerId)")


def column_of(board, answer_id):
    """The board column (theme id, or "none" for Other) that holds an answer's card."""
    return card(board, answer_id).evaluate("li => li.closest('section.board-column').dataset.themeId")


def theme_ids(panel):
    return panel.locator("li.theme").evaluate_all("items => items.map((li) => li.dataset.themeId)")


def column_ids(board):
    return board.locator("section.board-column").evaluate_all("cols => cols.map((c) => c.dataset.themeId)")


def heads_out_of_view(page, board):
    """The board's column heads not wholly in the window under the presenter bar (after
    scrolling the board's top there): each column scrolls its own answers."""
    bring_into_view(page, board)
    return board.evaluate(
        """board => {
          const top = document.getElementById('dash-bar').getBoundingClientRect().bottom;
          return Array.from(board.querySelectorAll('.board-head'))
            .map((h) => [h.textContent, h.getBoundingClientRect()])
            .filter(([, r]) => r.top < top - 1 || r.bottom > window.innerHeight)
            .map(([text]) => text);
        }"""
    )


def one_line(row):
    """The tops of a row's visible buttons are all alike (nothing wrapped to a second line)."""
    tops = row.locator("button:visible").evaluate_all("bs => bs.map((b) => Math.round(b.getBoundingClientRect().top))")
    return len(tops) >= 3 and max(tops) - min(tops) <= 4


def test_new_theme_split_and_a_range_on_two_screens_with_undo_and_redo(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q1")
    other_page, other_panel = dashboard(browser, live_server, room, "s1q1", 1920, 1080)
    # The edit row fits one line of the laptop's themes column, Regroup at its end.
    assert one_line(panel.locator(".themes-edit")), "the edit row wraps at 1366 px"
    page.screenshot(path=str(output_dir / "theme-edits-1366-list.png"))
    before = set(theme_ids(panel))
    board = sort_mode(panel)
    assert heads_out_of_view(page, board) == []
    page.screenshot(path=str(output_dir / "theme-edits-1366-board.png"))

    # Two answers of the biggest column: a theme of their own.
    biggest = max(theme_ids(panel), key=lambda t: len(card_ids(column(board, t))))
    picks = card_ids(column(board, biggest))[-2:]
    card(board, picks[0]).locator("label.theme-answer-text").click()  # a click on the card picks it
    card(board, picks[1]).locator("input.answer-check").check()
    bar = panel.locator(".theme-selection")
    expect(bar.locator(".selection-count")).to_have_text("2 answers selected")
    expect(bar.locator("button.selection-split")).to_be_visible()  # both in one theme
    page.screenshot(path=str(output_dir / "theme-edits-1366-selected.png"))
    assert_accessible(page, "the themes board with a selection")
    bar.locator("button.selection-new").click()

    expect(bar).to_be_hidden()  # cleared after success
    status = panel.locator(".themes-status")
    expect(status).to_contain_text("new theme of 2 answers")
    said = time.monotonic()  # the status line clears itself after 8 s
    made = [t for t in theme_ids(panel) if t not in before]
    assert len(made) == 1, theme_ids(panel)
    new_id = made[0]
    expect(column(board, new_id).locator("li.theme-answer")).to_have_count(2)
    expect(column(board, new_id).locator(".board-note")).to_have_text(" · made by hand")
    assert sorted(card_ids(column(board, new_id))) == sorted(picks)
    # The other screen shows the same theme with the same two answers.
    other_theme = other_panel.locator(f"li.theme[data-theme-id='{new_id}']")
    expect(other_theme.locator(".theme-size")).to_have_text("2")
    undo = other_panel.locator("button.theme-undo")
    expect(undo).to_be_enabled()
    expect(undo).to_have_attribute("title", "Undo new theme")
    other_page.screenshot(path=str(output_dir / "theme-edits-1920-second-screen.png"))

    # Undo on the second screen: gone on both. Its Undo disables itself (nothing left to
    # undo): the keyboard goes to Redo, not to the page. Its own status stays; the first
    # screen's ("Made a new theme…") goes, since it no longer describes what is shown.
    undo.click()
    expect(other_theme).to_have_count(0)
    expect(column(board, new_id)).to_have_count(0)
    for answer_id in picks:
        assert column_of(board, answer_id) != new_id
    expect(undo).to_be_disabled()
    expect(other_panel.locator("button.theme-redo")).to_be_focused()
    expect(other_panel.locator(".themes-status")).to_have_text("Undid the new theme.")
    expect(status).to_have_text("")
    assert time.monotonic() - said < 7.5, "cleared by its own timer, not by the other screen's undo"
    redo = panel.locator("button.theme-redo")
    expect(redo).to_be_enabled()
    # Redo with the keyboard on the first screen (focus in the panel, not in a text field).
    card(board, picks[0]).locator("input.answer-check").focus()
    page.keyboard.press("Control+Shift+Z")
    expect(column(board, new_id).locator("li.theme-answer")).to_have_count(2)
    expect(other_panel.locator(f"li.theme[data-theme-id='{new_id}'] .theme-size")).to_have_text("2")
    page.screenshot(path=str(output_dir / "theme-edits-1366-redone.png"), full_page=True)

    # A shift-click range in one column: first box, then shift+click the third.
    widest = max(column_ids(board)[:-1], key=lambda t: len(card_ids(column(board, t))))
    assert len(card_ids(column(board, widest))) >= 3, "no theme of 3 answers to pick a range in"
    range_ids = card_ids(column(board, widest))[:3]
    card(board, range_ids[0]).locator("input.answer-check").click()
    card(board, range_ids[2]).locator("input.answer-check").click(modifiers=["Shift"])
    expect(bar.locator(".selection-count")).to_have_text("3 answers selected")
    for answer_id in range_ids:
        expect(card(board, answer_id).locator("input.answer-check")).to_be_checked()
    # "Clear selection" hides the bar: the keyboard goes back to the card it came from.
    bar.locator("button.selection-clear").click()
    expect(bar).to_be_hidden()
    expect(card(board, range_ids[2]).locator("input.answer-check")).to_be_focused()
    assert page.evaluate("document.activeElement !== document.body")

    # Split one answer off the hand-made theme: a proper subset becomes a new theme.
    split_id = card_ids(column(board, new_id))[0]
    card(board, split_id).locator("input.answer-check").check()
    expect(bar.locator("button.selection-split")).to_be_visible()
    known = set(theme_ids(panel))
    bar.locator("button.selection-split").click()
    expect(bar).to_be_hidden()
    expect(status).to_contain_text("Split 1 answer off")
    split = [t for t in theme_ids(panel) if t not in known]
    assert len(split) == 1, theme_ids(panel)
    expect(column(board, split[0]).locator("li.theme-answer")).to_have_count(1)
    assert column_of(board, split_id) == split[0]
    expect(column(board, new_id).locator("li.theme-answer")).to_have_count(1)
    expect(other_panel.locator(f"li.theme[data-theme-id='{split[0]}'] .theme-size")).to_have_text("1")
    expect(other_panel.locator("button.theme-undo")).to_have_attribute("title", "Undo split")

    other_board = sort_mode(other_panel)
    expect(column(other_board, new_id).locator("li.theme-answer")).to_have_count(1)
    assert heads_out_of_view(other_page, other_board) == []
    other_page.screenshot(path=str(output_dir / "theme-edits-1920-board.png"))
    assert not page.errors + other_page.errors, page.errors + other_page.errors
    page.context.close()
    other_page.context.close()


def test_drag_a_card_with_the_mouse_and_other_is_last(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q2", csp=True)  # SortableJS under the real policy
    watcher, watched = dashboard(browser, live_server, room, "s1q2", 1280, 720)

    # The summary counts the themes the server sent (Other is not one of them).
    host = connect_host(live_server, room["token"])
    try:
        ack = host.call("host", {"session_id": room["id"]}, timeout=10)
    finally:
        disconnect_all([host])
    sent_themes = ack["state"]["themes"]["s1q2"]["themes"]
    assert len(sent_themes) >= 2
    expect(panel.locator(".themes-summary")).to_have_text(f" · {len(sent_themes)} themes in 24 answers")
    expect(panel.locator("li.theme")).to_have_count(len(sent_themes))

    board = sort_mode(panel)
    columns = board.locator("section.board-column")
    expect(columns).to_have_count(len(sent_themes) + 1)
    expect(columns.last).to_have_attribute("data-theme-id", "none")
    expect(columns.last.locator(".board-head")).to_contain_text("Other — not in a theme")
    assert "none" not in theme_ids(panel)
    assert heads_out_of_view(page, board) == []

    ids = column_ids(board)[:-1]
    source, target = column(board, ids[0]), column(board, ids[1])
    moving = source.locator("li.theme-answer").first
    answer_id = moving.get_attribute("data-answer-id")
    bring_into_view(page, board)
    drop = drag(page, moving, target.locator(".board-answers"))
    page.screenshot(path=str(output_dir / "theme-edits-1366-dragging.png"))
    drop()

    # The server moved it: the other screen (list view, the theme opened) shows it there.
    expect(target.locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    watched.locator(f"li.theme[data-theme-id='{ids[1]}'] button.theme-toggle").click()
    moved = watched.locator(f"li.theme[data-theme-id='{ids[1]}'] li.theme-answer[data-answer-id='{answer_id}']")
    expect(moved).to_be_visible()
    expect(moved.locator(".theme-answer-hand")).to_be_visible()
    moved.scroll_into_view_if_needed()
    watcher.screenshot(path=str(output_dir / "theme-edits-1280-after-drag.png"))

    # Dragged to Other (onto its list, which may be empty): out of every theme.
    bring_into_view(page, board)
    drop = drag(page, card(board, answer_id), columns.last.locator(".board-answers"))
    page.screenshot(path=str(output_dir / "theme-edits-1366-dragging-to-other.png"))
    drop()
    expect(columns.last.locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    assert len(sent(page, "theme_move")) == 2

    # In the list view too Other comes last, after every theme, and is not counted as one.
    unthemed = watched.locator("button.themes-unthemed")
    expect(unthemed).to_be_visible()
    expect(unthemed).to_contain_text("Other — not in a theme")
    assert watched.evaluate(
        """panel => {
          const themes = panel.querySelectorAll('li.theme');
          const last = themes[themes.length - 1];
          const other = panel.querySelector('button.themes-unthemed');
          return Boolean(last.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING)
            && other.getBoundingClientRect().top >= last.getBoundingClientRect().bottom;
        }"""
    )
    expect(watched.locator(".themes-summary")).to_have_text(f" · {len(sent_themes)} themes in 24 answers")
    page.screenshot(path=str(output_dir / "theme-edits-1366-other.png"), full_page=True)
    assert not page.errors, page.errors
    page.context.close()
    watcher.context.close()


def test_keyboard_move_and_regroup_asks_before_replacing_hand_edits(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q3")
    board = sort_mode(panel)  # focus is on "Sort answers" now; from here the keyboard only
    order = column_ids(board)
    assert len(order) >= 3

    # Tab to the first card's box, then Alt+ArrowDown moves it to the next column (once,
    # however long the key is held).
    for _ in range(12):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('input.answer-check')"):
            break
    answer_id = page.evaluate("document.activeElement.dataset.answerId")
    assert answer_id, "Tab never reached an answer card"
    start = column_of(board, answer_id)
    step_to = order[order.index(start) + 1]
    page.keyboard.down("Alt")
    page.keyboard.down("ArrowDown")
    page.keyboard.down("ArrowDown")  # a held key repeats
    page.keyboard.up("ArrowDown")
    page.keyboard.up("Alt")
    expect(column(board, step_to).locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    box = card(board, answer_id).locator("input.answer-check")
    expect(box).to_be_focused()  # the keyboard follows the card
    assert len(sent(page, "theme_move")) == 1
    assert column_ids(board) == order  # the columns stay put while sorting
    expect(card(board, answer_id)).to_have_css("outline-style", "solid")  # the focused card shows it

    # And M opens "Move to…" for it: End picks Other, Tab to Move, Enter.
    page.keyboard.press("m")
    move_to = panel.locator(".theme-selection select[name=to]")
    expect(move_to).to_be_focused()
    page.keyboard.press("End")
    expect(move_to).to_have_value("none")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(column(board, "none").locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    expect(card(board, answer_id).locator("input.answer-check")).to_be_focused()  # not lost with the bar
    assert column_ids(board) == order
    page.keyboard.press("Control+z")  # focus is in the panel: undo the move to Other
    expect(column(board, step_to).locator(f"li.theme-answer[data-answer-id='{answer_id}']")).to_be_visible()
    undo = panel.locator("button.theme-undo")
    expect(undo).to_have_attribute("title", "Undo move")

    # The dashboard's letter keys work with a card's box focused, as the help says.
    card(board, answer_id).locator("input.answer-check").focus()
    page.keyboard.press("?")
    expect(page.locator("#shortcuts-dialog")).to_be_visible()
    expect(page.locator("#shortcuts-dialog")).to_contain_text("to the previous / next theme")
    page.screenshot(path=str(output_dir / "theme-edits-1366-shortcuts.png"))
    page.keyboard.press("Escape")
    expect(page.locator("#shortcuts-dialog")).to_be_hidden()

    # Regroup with a hand edit in effect: it asks, default on "Keep my groups".
    regroup = panel.locator("button.theme-regroup")
    regroup.click()
    dialog = page.locator("#regroup-dialog")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#regroup-text")).to_contain_text("1 change")
    expect(page.locator("#regroup-keep")).to_be_focused()
    page.screenshot(path=str(output_dir / "theme-edits-1366-regroup-dialog.png"))
    assert_accessible(page, "the regroup question")
    page.keyboard.press("Escape")  # Escape is "no" too
    expect(dialog).to_be_hidden()
    expect(regroup).to_be_focused()
    page.keyboard.press("Enter")  # asks again…
    expect(dialog).to_be_visible()
    page.keyboard.press("Enter")  # …on "Keep my groups"
    expect(dialog).to_be_hidden()
    # Nothing was sent, and the hand edit is still there (the history's last edit is the move).
    assert sent(page, "theme_regroup") == []
    expect(undo).to_have_attribute("title", "Undo move")
    assert column_of(board, answer_id) == step_to
    expect(card(board, answer_id).locator(".theme-answer-hand")).to_be_visible()

    regroup.click()
    page.locator("#regroup-confirm").click()
    expect(panel.locator(".themes-status")).to_contain_text("Regrouped automatically")
    assert len(sent(page, "theme_regroup")) == 1  # the positive control of the check above
    expect(panel.locator(".theme-answer-hand:visible")).to_have_count(0)  # every hand placement dropped
    expect(undo).to_have_attribute("title", "Undo regroup")
    page.screenshot(path=str(output_dir / "theme-edits-1366-regrouped.png"), full_page=True)

    # A double press sends one undo (the button is busy until the server answers): the
    # regroup is undone, and the move (the edit before it) is not.
    undo.dblclick()
    expect(undo).to_have_attribute("title", "Undo move")
    expect(card(board, answer_id).locator(".theme-answer-hand")).to_be_visible()
    assert len(sent(page, "theme_undo")) == 2  # Ctrl+Z above, and one of the double press
    expect(page.locator("#dash-message")).to_have_text("")

    # Leaving sort mode sorts the themes biggest first again.
    panel.locator("button.themes-sort").click()
    sizes = panel.locator("li.theme .theme-size").all_inner_texts()
    assert [int(n) for n in sizes] == sorted((int(n) for n in sizes), reverse=True)

    # Under 1101 px the page scrolls the panel: the sticky selection bar stays under the
    # presenter bar, not behind it.
    page.set_viewport_size({"width": 1024, "height": 768})
    first = panel.locator("li.theme").first
    first.locator("button.theme-toggle").click()
    first.locator("li.theme-answer input.answer-check").first.check()
    bar = panel.locator(".theme-selection")
    expect(bar).to_be_visible()
    bar.evaluate("bar => window.scrollBy(0, bar.getBoundingClientRect().top + 200)")
    under_bar = (
        "bar => bar.getBoundingClientRect().top >= document.getElementById('dash-bar').getBoundingClientRect().bottom"
    )
    assert settles(page, lambda: bar.evaluate(under_bar), timeout=3)
    page.screenshot(path=str(output_dir / "theme-edits-1024-selection.png"))
    bar.locator("button.selection-clear").click()

    # On a phone the board is one column, nothing wider than the screen.
    board = sort_mode(panel)
    page.set_viewport_size({"width": 360, "height": 740})
    bring_into_view(page, board)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= 360
    page.screenshot(path=str(output_dir / "theme-edits-360-board.png"))
    assert not page.errors, page.errors
    page.context.close()


def test_a_refused_edit_keeps_the_selection_and_says_why(browser, live_server, room, output_dir):
    page, panel = dashboard(browser, live_server, room, "s1q1")
    board = sort_mode(panel)
    picks = board.locator("input.answer-check")
    picks.first.check()
    bar = panel.locator(".theme-selection")
    expect(bar.locator(".selection-count")).to_have_text("1 answer selected")
    # Logging out in another tab ends this login: the dashboard's socket may no longer edit.
    other = page.context.new_page()
    other.goto(f"{live_server.url}/")
    other.click("button:has-text('Log out')")
    expect(other.locator("#email")).to_be_visible()
    bar.locator("button.selection-new").click()
    error = bar.locator(".selection-error")
    expect(error).to_contain_text(re.compile("Could not make a new theme: This login has ended"))
    expect(error.get_by_role("link", name="Log in again")).to_have_attribute("href", "/login")
    expect(bar.locator(".selection-count")).to_have_text("1 answer selected")  # kept, to try again
    expect(picks.first).to_be_checked()
    bar.scroll_into_view_if_needed()
    page.screenshot(path=str(output_dir / "theme-edits-1366-refused.png"))
    page.context.close()
