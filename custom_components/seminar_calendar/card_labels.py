"""The words of the calendar's cards, in Home Assistant's language."""

from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_get_translations

from .const import DOMAIN
from .engine import CardLabels


async def async_card_labels(hass: HomeAssistant) -> CardLabels:
    """Return the card labels: the next seminar sensor's attribute names, translated."""
    translations = await async_get_translations(
        hass, hass.config.language, "entity", [DOMAIN]
    )
    prefix = f"component.{DOMAIN}.entity.sensor.next_seminar.state_attributes"
    return CardLabels(
        *(
            translations.get(f"{prefix}.{name}.name", default)
            for name, default in zip(CardLabels._fields, CardLabels(), strict=True)
        )
    )
