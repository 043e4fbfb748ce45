"""Editing themes like sticky notes, over a real server with the theme engine: a new theme
from a selection, moving several answers at once, a split, undo and redo of each (the
history lives on the server, so two host screens agree), a recompute that keeps the groups
made by hand, and "regroup" that asks before it replaces them."""

import pytest

from support import ANSWERS, Phone, connect_host, disconnect_all, new_session, server_env, sqlite_url, start_server
from support import wait_for as wait_until

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def live_server(tmp_path_factory):
    from support import require_model

    require_model()
    server = start_server(server_env(sqlite_url(tmp_path_factory.mktemp("edits")), model=True))
    yield server
    server.stop()


class Screen:
    """A host screen and the `themes` pushes it received for s1q1."""

    def __init__(self, server, token, session_id):
        self.pushes: list[dict] = []
        self.client = connect_host(server, token)
        self.client.on("themes", lambda e: self.pushes.append(e) if e["question_id"] == "s1q1" else None)
        assert self.client.call("host", {"session_id": session_id}, timeout=10)["ok"]

    def call(self, event, data):
        return self.client.call(event, data, timeout=30)

    @property
    def last(self) -> dict:
        return self.pushes[-1]


def groups(event) -> dict[int, set[int]]:
    return {t["id"]: set(t["answer_ids"]) for t in event["themes"]}


def theme_of(event, answer_id):
    return next((t for t in event["themes"] if answer_id in t["answer_ids"]), None)


@pytest.fixture
def room(live_server, request):
    token = live_server.token_for(f"{request.node.name[:40]}@example.com")
    created = new_session(live_server, token)
    a, b = Screen(live_server, token, created["id"]), Screen(live_server, token, created["id"])
    phones = [Phone(live_server.url) for _ in range(14)]
    texts = ANSWERS[:5] + ANSWERS[9:14] + ANSWERS[18:22]
    ids = {}
    for phone, text in zip(phones, texts, strict=True):
        phone.join(created["code"])
        ids[phone.answer(text)["id"]] = text
    assert wait_until(lambda: a.pushes and a.last["answers"] == 14 and len(a.last["themes"]) >= 2, timeout=120)
    yield a, b, phones, ids, created["code"]
    disconnect_all([a.client, b.client, *(p.client for p in phones)])


def agree(a: Screen, b: Screen, predicate) -> bool:
    """Both screens' latest pushes satisfy `predicate` and show the same groups."""
    return wait_until(
        lambda: a.pushes and b.pushes and predicate(a.last) and predicate(b.last) and groups(a.last) == groups(b.last)
    )


def test_new_theme_move_split_undo_and_redo(room):
    a, b, phones, ids, code = room
    start = a.last
    assert start["hand_made"] == 0 and start["history"] == {"undo": 0, "redo": 0, "next_undo": None, "next_redo": None}
    assert start["other"] == [i for i in ids if theme_of(start, i) is None]
    for theme in start["themes"]:  # best fit first: fits fall along answer_ids
        fits = theme["fits"]
        assert len(fits) == len(theme["answer_ids"]) and fits == sorted(fits, reverse=True)
    big, second = start["themes"][0], start["themes"][1]
    original = groups(start)

    # Two answers from two different themes become a theme of their own.
    picked = [big["answer_ids"][0], second["answer_ids"][0]]
    made = a.call("theme_new", {"answer_ids": picked, "label": "Odd ones"})
    assert made["ok"], made
    new_id = made["theme_id"]
    assert agree(a, b, lambda e: new_id in groups(e))
    theme = next(t for t in b.last["themes"] if t["id"] == new_id)
    assert set(theme["answer_ids"]) == set(picked) and theme["manual"] and theme["label"] == "Odd ones"
    assert theme["fits"] == [None, None]
    assert b.last["history"]["next_undo"] == "new" and b.last["hand_made"] == 3  # two answers placed, one name

    # Two answers moved together: one undo step.
    pair = [i for i in big["answer_ids"] if i not in picked][:2]
    assert a.call("theme_move", {"answer_ids": pair, "theme_id": new_id})["ok"]
    assert agree(a, b, lambda e: set(pair) <= groups(e).get(new_id, set()))
    assert a.last["history"]["undo"] == 2 and a.last["history"]["next_undo"] == "move"

    # Split one answer off the new theme.
    split = b.call("theme_split", {"theme_id": new_id, "answer_ids": [pair[0]]})
    assert split["ok"], split
    assert agree(a, b, lambda e: groups(e).get(split["theme_id"]) == {pair[0]})
    assert a.last["history"]["undo"] == 3

    # Undo on one screen, seen on both: the split, the move, the new theme, in that order.
    assert a.call("theme_undo", {"question_id": "s1q1"}) == {"ok": True, "what": "split"}
    assert agree(a, b, lambda e: split["theme_id"] not in groups(e) and pair[0] in groups(e)[new_id])
    assert b.call("theme_undo", {"question_id": "s1q1"}) == {"ok": True, "what": "move"}
    assert agree(a, b, lambda e: groups(e)[new_id] == set(picked))
    assert a.call("theme_undo", {"question_id": "s1q1"}) == {"ok": True, "what": "new"}
    assert agree(a, b, lambda e: groups(e) == original)
    assert a.last["hand_made"] == 0 and a.last["history"]["redo"] == 3 and a.last["history"]["next_redo"] == "new"
    assert a.call("theme_undo", {"question_id": "s1q1"})["error"]["code"] == "nothing_to_undo"

    # Redo brings the new theme back; a fresh edit then ends what could be redone.
    assert b.call("theme_redo", {"question_id": "s1q1"}) == {"ok": True, "what": "new"}
    assert agree(a, b, lambda e: groups(e).get(new_id) == set(picked))
    assert a.call("theme_rename", {"theme_id": new_id, "label": "Two odd ones"})["ok"]
    assert agree(a, b, lambda e: e["history"] == {"undo": 2, "redo": 0, "next_undo": "rename", "next_redo": None})
    assert a.call("theme_redo", {"question_id": "s1q1"})["error"]["code"] == "nothing_to_redo"


def test_a_recompute_keeps_hand_made_groups_and_regroup_asks_first(room, live_server):
    a, b, phones, ids, code = room
    first = a.last
    picked = [first["themes"][0]["answer_ids"][0], first["themes"][1]["answer_ids"][0]]
    made = a.call("theme_new", {"answer_ids": picked})
    assert made["ok"], made
    assert agree(a, b, lambda e: groups(e).get(made["theme_id"]) == set(picked))
    named = next(t for t in a.last["themes"] if t["id"] == made["theme_id"])
    assert named["label"] and not named["renamed"]  # named from their words, not by the facilitator

    # New answers: the engine recomputes, and the hand-made theme keeps exactly its answers.
    late = [Phone(live_server.url) for _ in range(4)]
    phones.extend(late)  # disconnected with the room
    for phone, text in zip(late, ANSWERS[5:9], strict=True):
        phone.join(code)
        assert phone.answer(text)["ok"]
    assert wait_until(lambda: a.last["answers"] == 18, timeout=60)
    assert groups(a.last)[made["theme_id"]] == set(picked)

    # Regroup refuses without a yes while there are edits by hand, and changes nothing.
    refused = b.call("theme_regroup", {"question_id": "s1q1"})
    assert refused["error"]["code"] == "confirm_needed" and "2 changes" in refused["error"]["message"]
    assert a.last["hand_made"] == 2 and groups(a.last).get(made["theme_id"]) == set(picked)
    # With the yes: the hand-made theme is gone, and the engine groups every answer afresh.
    assert b.call("theme_regroup", {"question_id": "s1q1", "confirm": True}) == {"ok": True}
    assert agree(a, b, lambda e: e["hand_made"] == 0 and made["theme_id"] not in groups(e))
    assert a.last["history"]["next_undo"] == "regroup"
    # …and undo brings it back.
    assert a.call("theme_undo", {"question_id": "s1q1"}) == {"ok": True, "what": "regroup"}
    assert agree(a, b, lambda e: groups(e).get(made["theme_id"]) == set(picked) and e["hand_made"] == 2)
    # Regrouping a question without edits by hand needs no yes.
    assert a.call("theme_regroup", {"question_id": "s1q2"}) == {"ok": True}


def test_edits_are_checked(room):
    a, b, phones, ids, code = room
    theme = a.last["themes"][0]
    members = theme["answer_ids"]
    checks = {
        "theme_new": [
            ({"answer_ids": []}, "bad_request"),
            ({"answer_ids": "1"}, "bad_request"),
            ({"answer_ids": [10**9]}, "bad_request"),
            ({"answer_ids": [True]}, "bad_request"),
            ({"answer_ids": members[:1], "label": "x" * 61}, "too_long"),
            ({"answer_ids": members[:1], "label": 7}, "bad_request"),
        ],
        "theme_split": [
            ({"theme_id": theme["id"], "answer_ids": members}, "bad_request"),  # all of it: not a split
            (
                {"theme_id": theme["id"], "answer_ids": [a.last["other"][0] if a.last["other"] else 10**9]},
                "bad_request",
            ),
            ({"theme_id": 10**9, "answer_ids": members[:1]}, "bad_request"),
        ],
        "theme_move": [({"answer_ids": [], "theme_id": theme["id"]}, "bad_request")],
        "theme_undo": [({"question_id": "nope"}, "bad_request"), ({"question_id": "s1q2"}, "nothing_to_undo")],
        "theme_redo": [({}, "bad_request"), ({"question_id": "s1q2"}, "nothing_to_redo")],
        "theme_regroup": [({"question_id": 5}, "bad_request")],
    }
    for event, cases in checks.items():
        for data, code in cases:
            ack = a.call(event, data)
            assert not ack["ok"] and ack["error"]["code"] == code, (event, data, ack)
            assert ack["error"]["message"]
    assert a.last["history"]["undo"] == 0  # none of that was an edit
    # A phone is no facilitator; the same event from the host works (positive control).
    assert phones[0].call("theme_new", {"answer_ids": members[:1]})["error"]["code"] == "forbidden"
    assert a.call("theme_new", {"answer_ids": members[:1]})["ok"]
