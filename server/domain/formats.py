"""How values are written out, the same on every screen, export and API."""

from datetime import datetime


def utc_iso(moment: datetime | None) -> str | None:
    """A stored (naive UTC) time as ISO 8601 to the second, marked UTC: "2026-12-01T21:45:00Z"."""
    return moment.isoformat(timespec="seconds") + "Z" if moment else None


def utc_iso_ms(moment: datetime | None) -> str | None:
    """As utc_iso, to the millisecond: for clocks that screens count down from."""
    return moment.isoformat(timespec="milliseconds") + "Z" if moment else None


def plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"
