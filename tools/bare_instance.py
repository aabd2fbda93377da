"""A bare Home Assistant test instance for the benchmarks, in a throw-away config dir."""

from collections.abc import AsyncIterator
import contextlib
from pathlib import Path
import tempfile
from unittest.mock import patch

from aiohttp import ThreadedResolver
from homeassistant import loader
from homeassistant.core import HomeAssistant
from pytest_homeassistant_custom_component.common import async_test_home_assistant

from tools.devstack import prepare_config


@contextlib.asynccontextmanager
async def bare_home_assistant() -> AsyncIterator[HomeAssistant]:
    """Yield a running test instance that loads this checkout's integration."""
    # As in Home Assistant's tests: a plain resolver instead of the zeroconf-aware one,
    # which needs the network integration this bare instance does not load.
    resolver = ThreadedResolver()
    resolver.real_close = resolver.close  # type: ignore[attr-defined]
    with (
        tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as config_dir,
        patch(
            "homeassistant.helpers.aiohttp_client._async_make_resolver",
            return_value=resolver,
        ),
    ):
        prepare_config(Path(config_dir), 8123)
        async with async_test_home_assistant(config_dir=config_dir) as hass:
            hass.data.pop(loader.DATA_CUSTOM_COMPONENTS, None)
            yield hass
