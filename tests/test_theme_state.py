"""Theme ids, colours and facilitator edits stay put across engine recomputes."""

import pytest

from support import make_facilitator


@pytest.fixture
def room(app):
    """A session with answers to s1q1; yields (db session, workshop session, answer ids)."""
    from server.domain import accounts, sessions
    from server.extensions import db

    from support import submit_answer

    make_facilitator(app)
    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        session = sessions.start_session(
            db.session, facilitator, app.extensions["worksheets"]["independence-interdependence"]
        )
        ids = []
        for i in range(10):
            _, participant, _ = sessions.join(db.session, session.code, None)
            answer, _ = submit_answer(db.session, session, participant.id, "s1q1", f"answer {i}", f"c{i}")
            ids.append(answer.id)
        db.session.commit()
        yield db.session, session, ids


def shown(db, session, ids):
    from server.domain.theme_state import question_themes

    return question_themes(db, session, "s1q1", {a: f"answer {n}" for n, a in enumerate(ids)})


def test_a_growing_theme_keeps_its_id_and_colour(room):
    from server.domain.theme_state import Group, apply_groups

    db, session, ids = room
    apply_groups(db, session.id, "s1q1", [Group(ids[:3], "alone time"), Group(ids[5:7], "money")])
    first = shown(db, session, ids)
    assert [(t["label"], t["size"]) for t in first] == [("alone time", 3), ("money", 2)]
    assert first[0]["color"] != first[1]["color"]
    # More answers arrive; the engine relabels and grows both groups, and lists them the other way round.
    apply_groups(db, session.id, "s1q1", [Group(ids[5:9], "financial help"), Group(ids[:5], "alone time")])
    second = shown(db, session, ids)
    by_label = {t["label"]: t for t in second}
    assert by_label["alone time"]["id"] == first[0]["id"] and by_label["alone time"]["color"] == first[0]["color"]
    assert by_label["financial help"]["id"] == first[1]["id"]
    assert by_label["financial help"]["answer_ids"] == ids[5:9]


def test_a_new_group_gets_a_new_id_and_a_free_colour(room):
    from server.domain.theme_state import Group, apply_groups

    db, session, ids = room
    apply_groups(db, session.id, "s1q1", [Group(ids[:3], "a")])
    apply_groups(db, session.id, "s1q1", [Group(ids[:3], "a"), Group(ids[6:9], "b")])
    themes = shown(db, session, ids)
    assert len({t["id"] for t in themes}) == 2 and len({t["color"] for t in themes}) == 2


def test_rename_merge_and_move_survive_recomputes(room):
    from server.domain.theme_edits import merge_themes, move_answers, rename_theme
    from server.domain.theme_state import Group, apply_groups

    db, session, ids = room
    groups = [Group(ids[:3], "alone time"), Group(ids[3:6], "hobbies"), Group(ids[6:9], "money")]
    apply_groups(db, session.id, "s1q1", groups)
    alone, hobbies, money = shown(db, session, ids)[0]["id"], None, None
    themes = {t["label"]: t["id"] for t in shown(db, session, ids)}
    alone, hobbies, money = themes["alone time"], themes["hobbies"], themes["money"]

    rename_theme(db, session, alone, "  Time for me  ")
    merge_themes(db, session, hobbies, alone)
    move_answers(db, session, [ids[0]], money)  # the facilitator disagrees with the engine
    move_answers(db, session, [ids[9]], money)  # and themes an answer the engine left out
    apply_groups(db, session.id, "s1q1", groups)  # the engine says the same again
    after = {t["id"]: t for t in shown(db, session, ids)}
    assert set(after) == {alone, money}
    assert after[alone]["label"] == "Time for me" and after[alone]["renamed"]
    assert after[alone]["answer_ids"] == ids[1:6]
    # The engine's members first (best fit first; equal fits by id), then those placed by hand.
    assert after[money]["answer_ids"] == [*ids[6:9], ids[0], ids[9]]
    assert after[money]["fits"][3:] == [None, None]

    rename_theme(db, session, alone, "")  # back to the engine's label
    assert {t["id"]: t["label"] for t in shown(db, session, ids)}[alone] == "alone time"
    move_answers(db, session, [ids[9]], None)  # out of every theme
    assert ids[9] not in {t["id"]: t for t in shown(db, session, ids)}[money]["answer_ids"]


def test_edits_are_checked(room, app):
    from server.domain.errors import DomainError
    from server.domain.theme_edits import merge_themes, move_answers, rename_theme
    from server.domain.theme_state import Group, apply_groups

    db, session, ids = room
    apply_groups(db, session.id, "s1q1", [Group(ids[:3], "a")])
    theme = shown(db, session, ids)[0]["id"]
    for call in (
        lambda: rename_theme(db, session, 10**6, "x"),
        lambda: rename_theme(db, session, theme, 5),
        lambda: rename_theme(db, session, theme, "x" * 61),
        lambda: merge_themes(db, session, theme, theme),
        lambda: move_answers(db, session, [10**6], theme),
        lambda: move_answers(db, session, ["1"], theme),
    ):
        with pytest.raises(DomainError):
            call()
