"""Database tables: plain SQLAlchemy, so the domain code can use them without Flask.

Anonymity is designed into the schema: a participant row holds only a random id
and the hash of its resume token; answers point at that id and nothing else.
No names, IP addresses or user agents are stored anywhere.
"""

from datetime import UTC, datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import JSON


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class Facilitator(Base):
    __tablename__ = "facilitators"
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Part of every login cookie's id: logout and a password change bump it, which ends
    # every login of this facilitator, on every device (cookies are signed, not stored).
    login_epoch: Mapped[int] = mapped_column(default=0, server_default=text("0"))

    # Flask-Login's protocol, spelled out so the model needs no Flask mixin.
    is_authenticated = True
    is_active = True
    is_anonymous = False

    def get_id(self) -> str:
        """The id a login cookie carries: "<id>:<login epoch>" (domain/accounts.py)."""
        return f"{self.id}:{self.login_epoch or 0}"


class ApiToken(Base):
    __tablename__ = "api_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)  # sha256 hex; the token itself is never stored
    hint: Mapped[str | None] = mapped_column(String(8))  # the token's first characters, to tell tokens apart in a list
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    facilitator: Mapped[Facilitator] = relationship()


class SetupToken(Base):
    """One-time link for creating the first facilitator account."""

    __tablename__ = "setup_tokens"
    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class OwnWorksheet(Base):
    """A facilitator's own worksheet (domain/library.py), beside the read-only library in
    facilitator/. `source` holds its YAML keys, validated on every way in."""

    __tablename__ = "worksheets"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    source: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (UniqueConstraint("facilitator_id", "slug", name="uq_worksheets_facilitator_slug"),)


class WorkshopSession(Base):
    __tablename__ = "sessions"
    id: Mapped[int] = mapped_column(primary_key=True)
    facilitator_id: Mapped[int] = mapped_column(ForeignKey("facilitators.id", ondelete="CASCADE"))
    worksheet_slug: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200))
    # A snapshot of the worksheet as it was when the session started, so editing the
    # YAML file later never changes a running session or an old report.
    worksheet: Mapped[dict] = mapped_column(JSON, deferred=True)  # parsed once per process (sessions.worksheet_of)
    code: Mapped[str] = mapped_column(String(6))
    current_step: Mapped[int] = mapped_column(default=0)
    status: Mapped[str] = mapped_column(String(10), default="live")  # live | ended
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    revealed_question: Mapped[str | None] = mapped_column(String(32))  # whose themes the projector shows
    # With them, up to two scrubbed quotes per theme (once min_group people answered).
    reveal_quotes: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    join_shown: Mapped[bool] = mapped_column(default=False, server_default=text("false"))  # big join screen on
    reached_step: Mapped[int] = mapped_column(default=0, server_default=text("0"))  # the furthest step yet
    # Facilitation controls (domain/controls.py), stored so they survive a restart and are the
    # same on every process: a countdown for one step (closing it at zero if timer_lock), the
    # closed steps, the spotlit answer, who paces the session, and a scheduled end.
    timer_ends_at: Mapped[datetime | None]
    timer_seconds: Mapped[int | None]
    timer_step: Mapped[int | None]
    timer_lock: Mapped[bool] = mapped_column(default=False, server_default=text("false"))
    locked_steps: Mapped[list] = mapped_column(JSON, default=list, server_default=text("'[]'"))
    spotlight_answer: Mapped[int | None]  # an answer id; no foreign key, so deleting answers needs no ordering
    pacing: Mapped[str] = mapped_column(String(12), default="facilitator", server_default=text("'facilitator'"))
    closing_at: Mapped[datetime | None]
    # Privacy: a question's breakdown, themes and quotes stay hidden on the projector and in
    # reports until at least this many participants answered it.
    min_group: Mapped[int] = mapped_column(default=3, server_default=text("3"))
    # A rehearsal with simulated participants: marked everywhere, never counted as a real
    # session, deleted after a day (domain/retention.py).
    practice: Mapped[bool] = mapped_column(default=False, server_default=false())

    __table_args__ = (
        # Codes are unique among live sessions only; ended sessions free theirs.
        Index(
            "ix_sessions_live_code",
            "code",
            unique=True,
            sqlite_where=text("status = 'live'"),
            postgresql_where=text("status = 'live'"),
        ),
        Index("ix_sessions_facilitator", "facilitator_id"),
    )

    @property
    def is_live(self) -> bool:
        return self.status == "live"


class Participant(Base):
    __tablename__ = "participants"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random, per session
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    at_step: Mapped[int] = mapped_column(default=0, server_default=text("0"))  # where a self-paced phone is


class Answer(Base):
    __tablename__ = "answers"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)  # for scales and choices, the value in words ("4", "Advice, Other")
    value: Mapped[int | list | None] = mapped_column(JSON)  # a scale's point, or a choice's options
    client_id: Mapped[str] = mapped_column(String(64))  # the phone's id for this submission: makes resends idempotent
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Hidden by the facilitator: kept on the dashboard, left out of everything else.
    hidden: Mapped[bool] = mapped_column(default=False, server_default=false())
    # Who may read it (domain/sharing.py): "group" (the room, anonymously), "facilitator"
    # (their dashboard only) or "private" (a marker that the participant answered: the text
    # stayed on their phone, and `text` is empty).
    share: Mapped[str] = mapped_column(String(12), default="group", server_default="group")

    __table_args__ = (
        # One current answer per participant and question; a new text replaces it.
        UniqueConstraint("participant_id", "question_id", name="uq_answers_participant_question"),
        Index("ix_answers_session_question", "session_id", "question_id"),
    )


class ThemeRow(Base):
    """A theme of one question, kept across recomputes so its id, colour and the
    facilitator's edits stick. `members` are the answer ids the engine put in it last
    time; a theme merged by the facilitator keeps its own members and points at the
    theme it was merged into."""

    __tablename__ = "themes"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(32))
    label: Mapped[str] = mapped_column(String(80), default="")
    custom_label: Mapped[str | None] = mapped_column(String(80))
    merged_into: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="SET NULL"))
    color: Mapped[int] = mapped_column(default=0)
    members: Mapped[list] = mapped_column(JSON, default=list)
    examples: Mapped[list] = mapped_column(JSON, default=list)
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    # How well each member fits the theme (answer id as a string → cosine to its centre),
    # from the engine's last run: the dashboard lists a theme's answers best first.
    fits: Mapped[dict] = mapped_column(JSON, default=dict, server_default=text("'{}'"))
    # Made by the facilitator (new theme from a selection, a split): the engine never
    # gives it members; it holds only the answers pinned to it.
    manual: Mapped[bool] = mapped_column(default=False, server_default=false())

    __table_args__ = (Index("ix_themes_session_question", "session_id", "question_id"),)


class ThemeRun(Base):
    """What a question's stored themes were computed from: its answer count and latest
    change. Answers newer than this (a crash mid-recompute, a lost request) make the
    themes stale, and a host connecting or a server starting recomputes them."""

    __tablename__ = "theme_runs"
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    answers: Mapped[int]
    last_change: Mapped[datetime | None]


class ReadinessProbe(Base):
    """One row that /readyz rewrites: readiness means a write can be committed now."""

    __tablename__ = "readiness_probe"
    id: Mapped[int] = mapped_column(primary_key=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class ThemePin(Base):
    """An answer the facilitator moved by hand: it stays where they put it
    (theme_id None = out of every theme)."""

    __tablename__ = "theme_pins"
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"), primary_key=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id", ondelete="CASCADE"))


class ThemeEdit(Base):
    """One facilitator edit of a question's themes, for undo and redo: the question's hand
    state (renames, merges, pins) before and after it (theme_state.hand_state). Undone
    edits are the redo stack until a new edit replaces them."""

    __tablename__ = "theme_edits"
    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    question_id: Mapped[str] = mapped_column(String(32))
    what: Mapped[str] = mapped_column(String(20))  # rename | merge | move | new | split | regroup
    before: Mapped[dict] = mapped_column(JSON)
    after: Mapped[dict] = mapped_column(JSON)
    undone: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    __table_args__ = (Index("ix_theme_edits_session_question", "session_id", "question_id"),)


class ShareLink(Base):
    """A read-only link to a session's anonymized report, for reviewers without an account.
    The URL carries a signed form of `id`; the row makes it expire and lets it be revoked."""

    __tablename__ = "share_links"
    id: Mapped[str] = mapped_column(String(32), primary_key=True)  # random
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
    label: Mapped[str | None] = mapped_column(String(80))  # whom it is for ("for the supervisor")
    # How often it was opened and when last: counts only, never who or from where.
    views: Mapped[int] = mapped_column(default=0, server_default=text("0"))
    last_viewed_at: Mapped[datetime | None]
