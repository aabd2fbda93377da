"""Fixtures for the end-to-end tests (run by scripts/e2e without the Home Assistant test plugin)."""

import asyncio
from collections.abc import Iterator
import contextlib
from pathlib import Path
import threading
from typing import Any

import aiohttp
from aiohttp import web
import pytest

from tools.devstack import (
    DemoFeedServer,
    HomeAssistant,
    Locale,
    free_port,
    prepare_config,
)

ARTIFACTS = Path(__file__).parents[2] / "artifacts" / "e2e"
LOG = ARTIFACTS / "home-assistant.log"
USER, PASSWORD = "e2e", "e2e-password"
TIME_ZONE = "Europe/Berlin"
LOCALE = Locale(country="DE", time_zone=TIME_ZONE, unit_system="metric")
# Longer than the fixed 30 s the dev stack's onboarding used to allow the user step.
SLOW_ANSWER_SECONDS = 40.0
SLOW_PATHS = frozenset({"/api/onboarding/users"})
# Hop-by-hop headers and those that describe a body aiohttp has already decoded.
_NOT_FORWARDED = frozenset(
    {"host", "content-length", "content-encoding", "transfer-encoding", "connection"}
)


class SlowProxy:
    """Forward HTTP and WebSocket requests to Home Assistant, answering some slowly.

    Stands for a busy machine: Home Assistant answers onboarding's user step only
    after its integrations load, which took longer than 30 s on a loaded 2-core host.
    """

    def __init__(self, upstream: str) -> None:
        """Prepare to forward to upstream from a free port on 127.0.0.1."""
        self.upstream = upstream
        self.delayed: list[str] = []
        self.url = ""
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None

    def start(self) -> SlowProxy:
        """Serve in a thread with its own event loop."""
        threading.Thread(target=self._loop.run_forever, daemon=True).start()
        asyncio.run_coroutine_threadsafe(self._serve(), self._loop).result(30)
        return self

    async def _serve(self) -> None:
        self._session = aiohttp.ClientSession(auto_decompress=True)
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"

    async def _forward(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        if request.headers.get("Upgrade", "").lower() == "websocket":
            return await self._websocket(request)
        headers = _forwarded(request.headers)
        async with self._session.request(
            request.method,
            f"{self.upstream}{request.rel_url}",
            headers=headers,
            data=await request.read(),
            allow_redirects=False,
        ) as answer:
            body = await answer.read()
            if request.path in SLOW_PATHS:
                self.delayed.append(request.path)
                await asyncio.sleep(SLOW_ANSWER_SECONDS)
            return web.Response(
                status=answer.status, body=body, headers=_forwarded(answer.headers)
            )

    async def _websocket(self, request: web.Request) -> web.StreamResponse:
        assert self._session is not None
        client = web.WebSocketResponse()
        await client.prepare(request)
        async with self._session.ws_connect(
            f"{self.upstream}{request.rel_url}"
        ) as server:
            pumps = [
                asyncio.create_task(_pump(client, server)),
                asyncio.create_task(_pump(server, client)),
            ]
            await asyncio.wait(pumps, return_when=asyncio.FIRST_COMPLETED)
            for pump in pumps:
                pump.cancel()
        await client.close()
        return client

    def stop(self) -> None:
        """Stop serving and end the thread's loop."""

        async def close() -> None:
            assert self._runner is not None
            assert self._session is not None
            await self._runner.cleanup()
            await self._session.close()

        asyncio.run_coroutine_threadsafe(close(), self._loop).result(30)
        self._loop.call_soon_threadsafe(self._loop.stop)


def _forwarded(headers: Any) -> dict[str, str]:
    return {
        key: value
        for key, value in headers.items()
        if key.lower() not in _NOT_FORWARDED
    }


async def _pump(source: Any, sink: Any) -> None:
    async for message in source:
        if message.type == aiohttp.WSMsgType.TEXT:
            await sink.send_str(message.data)
        elif message.type == aiohttp.WSMsgType.BINARY:
            await sink.send_bytes(message.data)


@pytest.fixture(scope="session")
def feed() -> Iterator[DemoFeedServer]:
    """Serve the demo feed on loopback."""
    server = DemoFeedServer().start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def hass(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HomeAssistant]:
    """Start Home Assistant in a fresh config directory and onboard it, slowly.

    Onboarding goes through SlowProxy, as on a busy machine; everything after it
    talks to Home Assistant directly.
    """
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileNotFoundError):
        LOG.unlink()
    port = free_port()
    config = tmp_path_factory.mktemp("config")
    prepare_config(config, port)
    # Python's deprecation warnings, which it hides by default, go to the log.
    instance = HomeAssistant(
        config, port, {"PYTHONWARNINGS": "default::DeprecationWarning"}
    )
    proxy = None
    try:
        instance.start(log=LOG)
        instance.wait_until_answering()
        proxy = SlowProxy(instance.base).start()
        direct, instance.base = instance.base, proxy.url
        instance.come_up(USER, PASSWORD, LOCALE)
        instance.base = direct
        assert proxy.delayed == sorted(SLOW_PATHS)
        yield instance
    finally:
        if proxy is not None:
            proxy.stop()
        instance.stop()
