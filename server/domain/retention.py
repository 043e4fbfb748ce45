"""Retention: sessions past the retention period are deleted for good.

A session's age counts from when it ended; a session never ended counts from when it
started, so a live room is only purged once it has been open longer than the whole
period (abandoned), never while it is younger than the cutoff.
"""

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..store.models import WorkshopSession, utcnow
from .values import whole_number

PRACTICE_HOURS = 24  # a rehearsal's session is deleted a day after it started


def retention_days(value) -> int:
    return whole_number(value, "The retention period in days", 1)


def expired_sessions(db: Session, days: int, now: datetime | None = None) -> list[WorkshopSession]:
    """Sessions whose age (from ended_at, else created_at) is more than `days` days."""
    cutoff = (now or utcnow()) - timedelta(days=retention_days(days))
    age_from = func.coalesce(WorkshopSession.ended_at, WorkshopSession.created_at)
    return list(db.scalars(select(WorkshopSession).where(age_from < cutoff).order_by(WorkshopSession.id)))


def expired_practice(db: Session, now: datetime | None = None) -> list[WorkshopSession]:
    """Practice sessions (rehearsals) started more than PRACTICE_HOURS ago."""
    cutoff = (now or utcnow()) - timedelta(hours=PRACTICE_HOURS)
    query = select(WorkshopSession).where(WorkshopSession.practice.is_(True), WorkshopSession.created_at < cutoff)
    return list(db.scalars(query.order_by(WorkshopSession.id)))
