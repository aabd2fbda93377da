"""Repair flow: a feed that fails or has moved leads to the reconfigure flow."""

from typing import Any

from homeassistant.components.repairs import RepairsFlow, RepairsFlowResult
from homeassistant.components.repairs.const import FlowType
from homeassistant.config_entries import SOURCE_RECONFIGURE
from homeassistant.core import HomeAssistant

from .const import DOMAIN


class FeedAddressRepairFlow(RepairsFlow):
    """Explain the problem, then open the entry's reconfigure flow to fix the address."""

    def __init__(self, entry_id: str, title: str) -> None:
        """Remember the entry whose feed fails."""
        self._entry_id = entry_id
        self._title = title

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
                step_id="confirm", description_placeholders={"title": self._title}
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
    return FeedAddressRepairFlow(str(data["entry_id"]), str(data["title"]))
