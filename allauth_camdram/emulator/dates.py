"""Camdram's date formats: UTC timestamps and London-time run descriptions."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def date_string(start_at: datetime, repeat_until: date | None) -> str:
    """Describe a run in London time, e.g. ``19:45, Tue 18th \u2013 Sat 22nd November 2025``.

    The month and year of the first day are repeated only when they differ
    from the last day's.
    """
    local = start_at.astimezone(LONDON)
    first = local.date()
    time = f"{local:%H:%M}"
    if repeat_until is None or repeat_until == first:
        return f"{time}, {_day(first)} {_month(first)} {first.year}"
    last = repeat_until
    if first.year != last.year:
        opening = f"{_day(first)} {_month(first)} {first.year}"
    elif first.month != last.month:
        opening = f"{_day(first)} {_month(first)}"
    else:
        opening = _day(first)
    return f"{time}, {opening} \u2013 {_day(last)} {_month(last)} {last.year}"


def format_datetime(value: datetime) -> str:
    """Format like Camdram: UTC with an explicit ``+00:00`` offset."""
    return value.astimezone(UTC).isoformat(timespec="seconds")


def _day(day: date) -> str:
    if day.day % 10 == 1 and day.day != 11:
        suffix = "st"
    elif day.day % 10 == 2 and day.day != 12:
        suffix = "nd"
    elif day.day % 10 == 3 and day.day != 13:
        suffix = "rd"
    else:
        suffix = "th"
    return f"{_WEEKDAYS[day.weekday()]} {day.day}{suffix}"


def _month(day: date) -> str:
    return _MONTHS[day.month - 1]
