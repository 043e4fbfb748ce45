"""The worksheets a facilitator can run: the read-only library (facilitator/*.yaml, loaded at
start) and their own ("mine", stored in the database). A facilitator sees the library and
their own worksheets, never another facilitator's; every way in goes through the one
validator (worksheets.validate_worksheet)."""

import dataclasses
import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..store.models import Facilitator, OwnWorksheet, utcnow
from .errors import DomainError
from .worksheets import MAX_TITLE, Worksheet, WorksheetError, validate_worksheet, worksheet_source


@dataclass(frozen=True)
class Entry:
    worksheet: Worksheet
    source: str  # "library" | "mine"

    @property
    def editable(self) -> bool:
        return self.source == "mine"

    def summary(self) -> dict:
        """A worksheet as GET /api/v1/worksheets and the library page list it."""
        w = self.worksheet
        return {
            "slug": w.slug,
            "title": w.title,
            "description": w.description,
            "steps": len(w.steps),
            "questions": len(w.questions),
            "source": self.source,
            "editable": self.editable,
        }


def refusal(error: WorksheetError) -> DomainError:
    """A WorksheetError as the API's `invalid_worksheet`, with the field's path."""
    return DomainError("invalid_worksheet", str(error).removeprefix("worksheet: "), field=error.field)


def checked(source, slug: str) -> Worksheet:
    """The validator, as the domain's callers see it (see `refusal`)."""
    try:
        return validate_worksheet(source, slug)
    except WorksheetError as error:
        raise refusal(error) from None


def entries(db: Session, library: dict[str, Worksheet], facilitator: Facilitator) -> list[Entry]:
    """The library's worksheets, then the facilitator's own, newest change first."""
    own = db.scalars(
        select(OwnWorksheet)
        .where(OwnWorksheet.facilitator_id == facilitator.id)
        .order_by(OwnWorksheet.updated_at.desc())
    )
    return [Entry(w, "library") for w in library.values()] + [Entry(_worksheet(row), "mine") for row in own]


def find(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, slug) -> Entry:
    if isinstance(slug, str) and slug in library:
        return Entry(library[slug], "library")
    row = _own(db, facilitator, slug)
    return Entry(_worksheet(row), "mine")


def create(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, source) -> Worksheet:
    worksheet = checked(source, "new")  # the title, for the slug; nothing else depends on it
    slug = _free_slug(db, library, facilitator, worksheet.title)
    worksheet = dataclasses.replace(worksheet, slug=slug)
    now = utcnow()
    db.add(
        OwnWorksheet(
            facilitator_id=facilitator.id,
            slug=slug,
            title=worksheet.title,
            source=worksheet_source(worksheet),
            created_at=now,
            updated_at=now,
        )
    )
    db.flush()
    return worksheet


def update(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, slug, source) -> Worksheet:
    if isinstance(slug, str) and slug in library:
        raise DomainError("forbidden", "Library worksheets are read-only: copy it first, then edit the copy.")
    row = _own(db, facilitator, slug)
    worksheet = checked(source, row.slug)  # the slug stays: sessions and links name it
    row.title, row.source, row.updated_at = worksheet.title, worksheet_source(worksheet), utcnow()
    db.flush()
    return worksheet


def copy(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, slug) -> Worksheet:
    source = worksheet_source(find(db, library, facilitator, slug).worksheet)
    suffix = " (copy)"
    source["title"] = source["title"][: MAX_TITLE - len(suffix)] + suffix
    return create(db, library, facilitator, source)


def delete(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, slug) -> None:
    """Sessions run from it keep their own snapshot, so deleting never changes a report."""
    if isinstance(slug, str) and slug in library:
        raise DomainError("forbidden", "Library worksheets cannot be deleted.")
    db.delete(_own(db, facilitator, slug))
    db.flush()


def _own(db: Session, facilitator: Facilitator, slug) -> OwnWorksheet:
    row = (
        db.scalar(select(OwnWorksheet).where(OwnWorksheet.facilitator_id == facilitator.id, OwnWorksheet.slug == slug))
        if isinstance(slug, str)
        else None
    )
    if row is None:  # another facilitator's is as unknown as one that never existed
        raise DomainError("not_found", f"No worksheet {slug!r}.")
    return row


def _worksheet(row: OwnWorksheet) -> Worksheet:
    return validate_worksheet(row.source, row.slug)  # stored valid; validated again as cheap insurance


def slugify(title: str) -> str:
    """ "Café: Check-in 2" → "cafe-check-in-2" (ASCII, at most 56 characters, room for "-99")."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:56].rstrip("-")
    return slug or "worksheet"


def _free_slug(db: Session, library: dict[str, Worksheet], facilitator: Facilitator, title: str) -> str:
    """A slug from the title that collides with neither the library nor the facilitator's own."""
    base = slugify(title)
    taken = set(library) | set(
        db.scalars(
            select(OwnWorksheet.slug).where(
                OwnWorksheet.facilitator_id == facilitator.id, OwnWorksheet.slug.like(f"{base}%")
            )
        )
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug
