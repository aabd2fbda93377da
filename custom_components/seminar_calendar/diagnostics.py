"""Diagnostics for Seminar Calendar: how the feed is fetched and read, without secrets."""

import datetime as dt
from typing import Any

from homeassistant.components.diagnostics import async_redact_data
from homeassistant.const import CONF_PASSWORD, CONF_URL, CONF_USERNAME
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util

from .coordinator import SeminarCalendarConfigEntry
from .engine import SeminarEvent

# Feed URLs often carry a private token; the feed's own source URL is public.
TO_REDACT = {CONF_URL, CONF_USERNAME, CONF_PASSWORD}


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: SeminarCalendarConfigEntry
) -> dict[str, Any]:
    """Return diagnostics for a config entry."""
    coordinator = entry.runtime_data
    state, feed = coordinator.state, coordinator.data.feed
    now = dt_util.now()
    return {
        "entry": {
            "data": async_redact_data(dict(entry.data), TO_REDACT),
            "options": dict(entry.options),
        },
        "feed": {
            "name": feed.name,
            "source_url": feed.source_url,
            "published_refresh_interval": _seconds(feed.refresh_interval),
            "time_zone": str(feed.tz),
            "events": feed.seminar_count,
            "occurrences": len(feed.records),
            "categories": feed.categories,
            "skipped_events": feed.skipped,
            "merged_copies": feed.merged_copies,
            "seminar_fields_found": _fields_found(feed.events),
            "skip_reasons": list(feed.skip_reasons),
        },
        "month_exports": coordinator.months.diagnostics(),
        "refresh": {
            "interval_seconds": state.interval.delay.total_seconds(),
            "interval_source": state.interval.source,
            "etag_present": state.validators.etag is not None,
            "last_modified_present": state.validators.last_modified is not None,
            "last_fetch": _iso(state.last_fetch),
            "last_status": state.last_status,
            "last_success": _iso(state.last_success),
            "consecutive_failures": state.failures,
            "failing_since": _iso(state.failing_since),
            "last_error": type(coordinator.last_exception).__name__
            if coordinator.last_exception
            else None,
            "cache_age_seconds": (now - state.cached_at).total_seconds()
            if state.cached_at
            else None,
        },
    }


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _seconds(delta: dt.timedelta | None) -> float | None:
    return delta.total_seconds() if delta else None


def _fields_found(events: tuple[SeminarEvent, ...]) -> dict[str, int]:
    """Return how many occurrences have each seminar field: what the layout gives."""
    fields = ("speaker", "speakers", "affiliation", "talk_title", "image")
    return {
        field: sum(1 for event in events if getattr(event, field)) for field in fields
    }
