"""Constants for the Seminar Calendar integration."""

from typing import Final

DOMAIN: Final = "seminar_calendar"
VERSION: Final = "0.1.0"
