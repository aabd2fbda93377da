"""Fixtures for the end-to-end tests (run by scripts/e2e without the Home Assistant test plugin)."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from scripts.devstack import DemoFeedServer, HomeAssistant, free_port, prepare_config

ARTIFACTS = Path(__file__).parents[2] / "artifacts" / "e2e"
USER, PASSWORD = "e2e", "e2e-password"
TIME_ZONE = "Europe/Berlin"


@pytest.fixture
def auto_enable_custom_integrations() -> None:
    """Replace the unit tests' fixture: here Home Assistant runs as its own process."""


@pytest.fixture(scope="session")
def feed() -> Iterator[DemoFeedServer]:
    """Serve the demo feed on loopback."""
    server = DemoFeedServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hass(
    feed: DemoFeedServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[HomeAssistant]:
    """Start Home Assistant in a fresh config directory, onboard, add the demo feed."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = tmp_path_factory.mktemp("config")
    prepare_config(config, port, TIME_ZONE)
    instance = HomeAssistant(config, port)
    try:
        instance.start(log=ARTIFACTS / "home-assistant.log")
        instance.log_in(USER, PASSWORD)
        yield instance
    finally:
        instance.stop()
