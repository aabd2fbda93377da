"""Repair issues for a feed that fails or has moved, and their flow to reconfigure."""

import datetime as dt
from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.components.repairs.const import FlowType
from homeassistant.config_entries import SOURCE_RECONFIGURE, ConfigEntry
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import issue_registry as ir

from .const import DOMAIN, REPAIR_AFTER
from .failures import Failure, async_describe


def issue_id(entry: ConfigEntry[Any]) -> str:
    """Return the id of an entry's repair issue."""
    return f"feed_unavailable_{entry.entry_id}"


async def async_raise_feed_issue(
    hass: HomeAssistant,
    entry: ConfigEntry[Any],
    failure: Failure,
    failing_for: dt.timedelta,
) -> None:
    """Raise the entry's repair issue: at once for a wrong address, else after a day."""
    if not failure.wrong_address and failing_for < REPAIR_AFTER:
        return
    ir.async_create_issue(
        hass,
        DOMAIN,
        issue_id(entry),
        is_fixable=True,
        is_persistent=False,
        severity=ir.IssueSeverity.ERROR,
        translation_key="feed_moved" if failure.wrong_address else "feed_unavailable",
        translation_placeholders={"title": entry.title},
        data={
            "entry_id": entry.entry_id,
            "title": entry.title,
            "key": failure.key,
            "reason": await async_describe(hass, failure),
        },
    )


@callback
def async_clear_feed_issue(hass: HomeAssistant, entry: ConfigEntry[Any]) -> None:
    """Remove the entry's repair issue: its feed works again."""
    ir.async_delete_issue(hass, DOMAIN, issue_id(entry))


class FeedAddressRepairFlow(RepairsFlow):
    """Explain the problem, then open the entry's reconfigure flow to fix the address."""

    def __init__(self, entry_id: str, placeholders: dict[str, str]) -> None:
        """Remember the entry whose feed fails, and its title and reason for the form."""
        self._entry_id = entry_id
        self._placeholders = placeholders

    async def async_step_init(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Start with the explanation (the flow starts with the issue's data)."""
        return await self.async_step_confirm()

    async def async_step_confirm(
        self, user_input: dict[str, Any] | None = None
    ) -> RepairsFlowResult:
        """Confirm, then continue in the reconfigure flow."""
        if user_input is None:
            return self.async_show_form(
                step_id="confirm", description_placeholders=self._placeholders
            )
        reconfigure = await self.hass.config_entries.flow.async_init(
            DOMAIN, context={"source": SOURCE_RECONFIGURE, "entry_id": self._entry_id}
        )
        return self.async_create_entry(
            data={}, next_flow=(FlowType.CONFIG_FLOW, reconfigure["flow_id"])
        )


async def async_create_fix_flow(
    hass: HomeAssistant, issue_id: str, data: dict[str, Any] | None
) -> RepairsFlow:
    """Return the flow that fixes a feed's repair issue."""
    assert data is not None
    return FeedAddressRepairFlow(
        str(data["entry_id"]),
        {"title": str(data["title"]), "reason": str(data.get("reason", ""))},
    )
