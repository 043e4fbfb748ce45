"""Sharing levels: who may read an answer, chosen per answer on the phone.

- "private": the text never leaves the phone; the server keeps only that the participant
  answered (an Answer row with empty text and no value);
- "facilitator": stored, shown on the facilitator's dashboard only;
- "group": the room's, anonymously: themes, charts, the projector, spotlight, reports,
  exports and share links, behind min_group.

docs/architecture.md ("Sharing levels") lists every place each level's text goes.
"""

from sqlalchemy import ColumnElement, and_

from ..store.models import Answer
from .worksheets import SHARES

PRIVATE, FACILITATOR, GROUP = SHARES


def for_the_room() -> ColumnElement[bool]:
    """The answers the room may read: shared with the group and not hidden by the
    facilitator. One condition, so no reader of answers can forget a level."""
    return and_(Answer.hidden.is_(False), Answer.share == GROUP)
