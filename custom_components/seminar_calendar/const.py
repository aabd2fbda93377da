"""Constants for the Seminar Calendar integration."""

import datetime as dt
from typing import Final

DOMAIN: Final = "seminar_calendar"
VERSION: Final = "0.5.0"

CONF_ADVANCED: Final = "advanced"
CONF_CATEGORIES: Final = "categories"
CONF_EXCLUDE: Final = "exclude"
CONF_HISTORY_DAYS: Final = "history_days"
CONF_USER_AGENT: Final = "user_agent"
CONF_LOOK_AHEAD: Final = "look_ahead"
# Months after this one read from a The Events Calendar site's month exports.
DEFAULT_LOOK_AHEAD: Final = 3

# Entities stay available on the last good data for this long while the feed fails.
STALE_AFTER: Final = dt.timedelta(days=7)
# A feed failing for this long gets a repair issue.
REPAIR_AFTER: Final = dt.timedelta(hours=24)
