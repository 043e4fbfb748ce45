"""Answers stored in batches: the domain's batch semantics, and the writer's group commit.
(The live tests drive the same path through real servers and sockets.)"""

import gevent
import pytest
from sqlalchemy import event, func, select

from server.domain import accounts, sessions
from server.domain.answers import Submission, submit_answers
from server.domain.errors import DomainError
from server.extensions import db
from server.store.models import Answer

from support import make_facilitator


@pytest.fixture
def room(app):
    """A live session with four participants; yields (session id, participant ids)."""
    make_facilitator(app)
    with app.app_context():
        facilitator = accounts.find_facilitator(db.session, "host@example.com")
        worksheet = app.extensions["worksheets"]["independence-interdependence"]
        session = sessions.start_session(db.session, facilitator, worksheet)
        people = [sessions.join(db.session, session.code, None)[1].id for _ in range(4)]
        db.session.commit()
        return session.id, people


def test_a_batch_keeps_the_rules_of_single_answers(app, room):
    session_id, (p1, p2, p3, _) = room
    with app.app_context():
        results = submit_answers(
            db.session,
            [
                Submission(session_id, p1, "s1q1", "Alone time", "c1"),
                Submission(session_id, p1, "s1q1", "Alone time", "c1"),  # a resend in the same batch
                Submission(session_id, p2, "s99q1", "Wrong question", "c2"),  # refused, the rest still stored
                Submission(session_id, p3, "s1q1", "x" * 2001, "c3"),  # too long
                Submission(session_id, p1, "s1q1", "Alone time, and walks", "c4"),  # a revision
                Submission(session_id, p2, "s1q1", "Family dinners", "c5"),
            ],
        )
        db.session.commit()
        first, resend, wrong, long, revised, other = results
        assert first[1] is True and resend == (first[0], False)
        assert isinstance(wrong, DomainError) and wrong.code == "bad_request"
        assert isinstance(long, DomainError) and long.code == "too_long"
        assert revised[0].id == first[0].id and revised[1] is True
        stored = dict(db.session.execute(select(Answer.participant_id, Answer.text)).all())
        assert stored == {p1: "Alone time, and walks", p2: "Family dinners"}


def test_an_ended_session_refuses_the_batch_and_a_deleted_one_says_so(app, room):
    session_id, (p1, *_rest) = room
    with app.app_context():
        session = sessions.get_session(db.session, session_id)
        sessions.end_session(db.session, session)
        db.session.commit()
        ended, gone = submit_answers(
            db.session,
            [Submission(session_id, p1, "s1q1", "late", "c1"), Submission(session_id + 1, p1, "s1q1", "late", "c2")],
        )
        assert ended.code == "session_ended" and gone.code == "not_found"


class ThemeRequests(list):
    """Stands in for the theme scheduler (which would start the model's worker process)."""

    def request(self, session_id, question_id):
        self.append((session_id, question_id))


def test_answers_arriving_together_share_transactions(app, room):
    session_id, people = room
    app.extensions["themes"] = requests = ThemeRequests()
    writer = app.extensions["answer_writer"]
    commits = []
    with app.app_context():
        event.listen(db.engine, "commit", lambda _conn: commits.append(1))

    def answer(i):
        with app.app_context():
            person = people[i % len(people)]
            return writer.submit(Submission(session_id, person, f"s{1 + i // len(people)}q1", f"answer {i}", f"c{i}"))

    greenlets = [gevent.spawn(answer, i) for i in range(20)]  # 4 people × 5 questions, all at once
    gevent.joinall(greenlets, raise_error=True)
    ids = [g.value[0] for g in greenlets]
    assert {g.value[1] for g in greenlets} == {"group"}  # the default level
    assert len(set(ids)) == 20
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Answer)) == 20
    assert len(commits) < 20, "every answer had its own transaction"
    assert sorted(set(requests)) == [(session_id, f"s{n}q1") for n in range(1, 6)]
    assert len(requests) < 20, "one theme request per question and batch, not per answer"

    # A refused answer raises its own error to its own caller only.
    with app.app_context(), pytest.raises(DomainError) as refused:
        writer.submit(Submission(session_id, people[0], "s1q1", "   ", "blank"))
    assert refused.value.code == "bad_request"
