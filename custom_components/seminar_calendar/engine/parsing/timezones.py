"""Resolve the time zones a feed names (TZID) to tzinfo objects."""

import datetime as dt
from functools import lru_cache
from typing import Final
import zoneinfo

import icalendar
from icalendar.timezone.windows_to_olson import WINDOWS_TO_OLSON

# Names seen in real feeds that are neither IANA nor Windows names.
_ALIASES: Final = {
    "US-Eastern": "America/New_York",
    "US-Central": "America/Chicago",
    "US-Mountain": "America/Denver",
    "US-Pacific": "America/Los_Angeles",
    "GMT": "UTC",
    "Z": "UTC",
}


@lru_cache(maxsize=512)
def iana_zone(tzid: str) -> zoneinfo.ZoneInfo | None:
    """Return the IANA zone a TZID names directly, through Windows names or aliases."""
    name = tzid.strip().strip('"').strip()
    candidates = [name, name.strip("/")]
    # Lightning and Evolution write "/mozilla.org/20050126_1/America/New_York".
    parts = name.strip("/").split("/")
    candidates += ["/".join(parts[-2:]), "/".join(parts[-3:])]
    for candidate in candidates:
        candidates_mapped = (
            candidate,
            WINDOWS_TO_OLSON.get(candidate),
            _ALIASES.get(candidate),
        )
        for key in candidates_mapped:
            if key and key in _available_zones():
                return zoneinfo.ZoneInfo(key)
    return None


@lru_cache(maxsize=1)
def _available_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


class TimeZones:
    """The time zones of one feed: its VTIMEZONE definitions and its default zone.

    local: the zone occurrences are given in (Home Assistant's), so that entities
    need not convert them on every read; None leaves each time in its own zone.
    """

    def __init__(
        self,
        vtimezones: dict[str, str],
        default: dt.tzinfo,
        local: dt.tzinfo | None = None,
    ) -> None:
        """Keep the VTIMEZONE texts by TZID; build zones only when asked."""
        self._vtimezones = vtimezones
        self._resolved: dict[str, dt.tzinfo | None] = {}
        self.default = default
        self.local = local

    def named(self, tzid: str) -> dt.tzinfo | None:
        """Return the zone for a TZID, or None when neither IANA nor the feed defines it."""
        if tzid not in self._resolved:
            self._resolved[tzid] = iana_zone(tzid) or self._from_vtimezone(tzid)
        return self._resolved[tzid]

    def vtimezone(self, tzid: str) -> str | None:
        """Return the feed's VTIMEZONE text for a TZID."""
        return self._vtimezones.get(tzid)

    def _from_vtimezone(self, tzid: str) -> dt.tzinfo | None:
        text = self._vtimezones.get(tzid)
        if text is None:
            return None
        try:
            component = icalendar.Timezone.from_ical(text)
            zone: dt.tzinfo = icalendar.timezone.tzp.create_timezone(component)
        except ValueError, KeyError, TypeError, AttributeError, IndexError:
            return None
        return zone
