"""Times as a teacher reads them: in their own time zone, never as an ISO string.

The store keeps aware UTC datetimes; a teacher's record names an IANA zone
(``Teacher.time_zone``, "UTC" by default). Every page that shows a time to a
person formats it here, so a due time reads the same on the assignments list,
the class quiz and the dashboard. Machine-readable exports keep ISO 8601 UTC.
"""

from __future__ import annotations

import datetime as dt
import functools
import zoneinfo

DEFAULT_ZONE = "UTC"


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone this machine knows, sorted, UTC first (the default)."""
    names = sorted(zoneinfo.available_timezones() - {DEFAULT_ZONE})
    return (DEFAULT_ZONE, *names)


def is_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone this machine knows ('Europe/Paris', 'UTC')."""
    return name == DEFAULT_ZONE or name in zoneinfo.available_timezones()


def zone(name: str) -> dt.tzinfo:
    """The zone named, or UTC when the name is unknown (an old or hand-edited record)."""
    if name == DEFAULT_ZONE or not is_zone(name):
        return dt.UTC
    return zoneinfo.ZoneInfo(name)


def local_time(when: dt.datetime | None, zone_name: str, *, date_only: bool = False) -> str:
    """An aware time in the zone, for people: '23 Nov 2026, 17:00 CET'; '' for None.

    The zone's abbreviation (or offset) is always written, so a reader never
    has to guess which clock a time is on.
    """
    if when is None:
        return ""
    if when.tzinfo is None or when.utcoffset() is None:
        raise ValueError("local_time needs an aware datetime")
    local = when.astimezone(zone(zone_name))
    if date_only:
        return f"{local:%d %b %Y}"
    return f"{local:%d %b %Y, %H:%M} {local.tzname() or local.strftime('%z')}"


def from_local(day: dt.date, clock: dt.time, zone_name: str) -> dt.datetime:
    """A day and a time on the zone's wall clock, as an aware UTC datetime."""
    local = dt.datetime.combine(day, clock.replace(tzinfo=None), tzinfo=zone(zone_name))
    return local.astimezone(dt.UTC)


def to_local(when: dt.datetime, zone_name: str) -> dt.datetime:
    """An aware time moved to the zone (for a date and time input's starting value)."""
    return when.astimezone(zone(zone_name))
