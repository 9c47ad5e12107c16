"""Times from an LMS, as aware UTC datetimes; the zone an LMS leaves out comes from --timezone."""

import datetime
import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

# zone abbreviations Blackboard prints after "Date Submitted:" (its server's zone); any other is refused
ABBREVIATIONS = {"UTC": "UTC", "GMT": "UTC", "Z": "UTC", "EST": "-05:00", "EDT": "-04:00", "CST": "-06:00",
                 "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00", "PST": "-08:00", "PDT": "-07:00",
                 "AKST": "-09:00", "AKDT": "-08:00", "HST": "-10:00", "BST": "+01:00", "IST": "+05:30",
                 "CET": "+01:00", "CEST": "+02:00", "EET": "+02:00", "EEST": "+03:00", "WET": "+00:00",
                 "WEST": "+01:00", "AEST": "+10:00", "AEDT": "+11:00", "ACST": "+09:30", "AWST": "+08:00",
                 "NZST": "+12:00", "NZDT": "+13:00", "JST": "+09:00", "KST": "+09:00", "SGT": "+08:00"}


def zone(name):
    """A tzinfo for an IANA name ('Europe/Berlin') or 'local'; ValueError naming the argument otherwise."""
    if name in (None, "", "local"):
        return datetime.datetime.now().astimezone().tzinfo
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"--timezone: {name!r} is not a time zone name (expected e.g. Europe/Berlin, "
                         "America/New_York, UTC)") from None


def utc(dt, tz):
    """An aware UTC datetime; a naive one is read in `tz`."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=tz)
    return dt.astimezone(datetime.UTC)


def parse(text, tz):
    """A time as an LMS writes it ("2026-03-01 17:34:00.861687000 Z", "Monday, 2 March 2026, 10:00 AM",
    "Monday, January 30, 2016 3:00:00 PM EST") -> aware UTC datetime; ValueError if it is not a time."""
    from dateutil import parser as dateparser

    text = " ".join(str(text).replace(" o'clock", "").split())
    if not text or text == "-":
        raise ValueError("no time given")
    m = re.search(r"\s([A-Z]{1,5})$", text)
    tzinfos = {}
    if m and m.group(1) in ABBREVIATIONS:
        off = ABBREVIATIONS[m.group(1)]
        tzinfos[m.group(1)] = 0 if off == "UTC" else (1 if off[0] == "+" else -1) * (
            int(off[1:3]) * 3600 + int(off[4:6]) * 60)
    elif m and not re.search(r"\s(AM|PM)$", text, re.I):
        raise ValueError(f"unknown time zone {m.group(1)!r}")
    try:
        dt = dateparser.parse(text, tzinfos=tzinfos, dayfirst=False)
    except (ValueError, OverflowError) as exc:
        raise ValueError(str(exc)) from None
    if not datetime.datetime(1990, 1, 1) < dt.replace(tzinfo=None) < datetime.datetime(2200, 1, 1):
        raise ValueError("not a plausible submission time")
    return utc(dt, tz)


def stamp(dt):
    """The timestamp.txt line nbgrader writes (its Exchange.timestamp_format, in UTC)."""
    return dt.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


def show(dt):
    return dt.astimezone(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
