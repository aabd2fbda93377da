"""Every fault a feed's server can have, through the config flow and on a running entry."""

import asyncio
from collections.abc import AsyncGenerator, Callable, Generator
import datetime as dt
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import ipaddress
import logging
from pathlib import Path
import socket
import ssl
import struct
import threading
from typing import override
from unittest.mock import patch

from aiohttp.resolver import AsyncResolver
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_URL, STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import issue_registry as ir
from homeassistant.helpers.aiohttp_client import async_get_clientsession
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from custom_components.seminar_calendar.const import DOMAIN

from .conftest import (
    CMSA_SEMINAR,
    FeedServer,
    async_set_up,
    async_timed_out,
    calendar_summaries,
    set_up_entry,
)

START = dt.datetime(2025, 5, 9, 12, tzinfo=dt.UTC)  # a week before the CMSA seminar


def _status(status: int, **headers: str) -> Callable[[FeedServer], None]:
    def apply(server: FeedServer) -> None:
        server.status = status
        server.headers.update(headers)

    return apply


def _body(body: bytes) -> Callable[[FeedServer], None]:
    def apply(server: FeedServer) -> None:
        server.body = body

    return apply


def _mode(mode: str) -> Callable[[FeedServer], None]:
    def apply(server: FeedServer) -> None:
        server.mode = mode

    return apply


def _slow_headers(server: FeedServer) -> None:
    server.held = True


# Fault, how to cause it, the config flow's error.
FAULTS = [
    ("http_500", _status(500), "http_error"),
    ("http_502", _status(502), "http_error"),
    ("http_503_retry_after", _status(503, **{"Retry-After": "120"}), "http_error"),
    ("http_429", _status(429), "rate_limited"),
    ("http_403", _status(403), "forbidden"),
    ("http_404", _status(404), "not_found"),
    ("http_410", _status(410), "gone"),
    ("html_page", _body(b"<!DOCTYPE html><title>Oops</title>"), "no_feed_on_page"),
    ("json", _body(b'{"error": "maintenance"}'), "json_data"),
    ("empty", _body(b""), "empty_feed"),
    ("random_bytes", _body(bytes(range(256)) * 8), "not_a_calendar"),
    ("headers_too_late", _slow_headers, "timeout"),
    ("body_trickled", _mode("trickle"), "timeout"),
    ("content_length_too_large", _mode("cut_short"), "cannot_connect"),
    ("content_length_too_small", _mode("long_body"), "truncated"),
    ("truncated_body", _mode("truncated"), "truncated"),
    ("gzip_bomb", _mode("gzip_bomb"), "too_large"),
    ("redirect_loop", _mode("redirect_loop"), "cannot_connect"),
    ("redirect_to_ftp", _mode("redirect_ftp"), "cannot_connect"),
]


@pytest.mark.parametrize(
    ("fault", "cause", "error"), FAULTS, ids=[f[0] for f in FAULTS]
)
async def test_config_flow_says_what_went_wrong(
    hass: HomeAssistant,
    feed_server: FeedServer,
    fault: str,
    cause: Callable[[FeedServer], None],
    error: str,
) -> None:
    cause(feed_server)
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    configure = hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: feed_server.url}
    )
    if error == "timeout":
        result = await async_timed_out(hass, feed_server, configure)
    else:
        result = await configure
    assert result["type"] is FlowResultType.FORM
    assert result["errors"] == {"base": error}


async def _summaries(hass: HomeAssistant) -> list[str]:
    return await calendar_summaries(hass, START, START + dt.timedelta(days=30))


@pytest.mark.parametrize(
    ("fault", "cause", "error"), FAULTS, ids=[f[0] for f in FAULTS]
)
async def test_running_entry_keeps_its_data_logs_once_and_recovers(
    hass: HomeAssistant,
    feed_server: FeedServer,
    mock_config_entry: MockConfigEntry,
    caplog: pytest.LogCaptureFixture,
    fault: str,
    cause: Callable[[FeedServer], None],
    error: str,
) -> None:
    good_body = feed_server.body
    entry = await async_set_up(hass, mock_config_entry)
    coordinator = entry.runtime_data
    cause(feed_server)
    for _ in range(2):
        if error == "timeout":
            await async_timed_out(hass, feed_server, coordinator.async_refresh())
        else:
            await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert await _summaries(hass) == [CMSA_SEMINAR]
        state = hass.states.get("calendar.cmsa")
        assert state is not None
        assert state.state != STATE_UNAVAILABLE
    assert entry.runtime_data.state.failures >= 2
    # The form's key is the coordinator's (and so the log's) and the repair's; a web
    # page in the form is searched for feeds instead, and says when it links none.
    running = "html_page" if error == "no_feed_on_page" else error
    assert coordinator.last_exception.translation_key == running  # type: ignore[union-attr]
    errors = [
        r
        for r in caplog.records
        if r.levelno >= logging.ERROR and "seminar_calendar" in r.name
    ]
    assert len(errors) == 1, [r.getMessage() for r in errors]
    # Only an address that answers with no feed raises a repair issue at once; a
    # body cut short, like a server error, is tried again first.
    wrong_address = {"not_found", "gone", "no_feed_on_page", "json_data", "empty_feed"}
    wrong_address.add("not_a_calendar")
    issue = ir.async_get(hass).async_get_issue(
        DOMAIN, f"feed_unavailable_{entry.entry_id}"
    )
    assert (issue is not None) == (error in wrong_address), issue
    assert issue is None or issue.data == {
        "entry_id": entry.entry_id,
        "title": "CMSA",
        "key": running,
        "reason": str(coordinator.last_exception),
    }

    feed_server.status, feed_server.body, feed_server.held, feed_server.mode = (
        200,
        good_body,
        False,
        "normal",
    )
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.state.failures == 0
    assert await _summaries(hass) == [CMSA_SEMINAR]
    assert any("recovered" in r.getMessage() for r in caplog.records)


@pytest.fixture
def tls_server(
    socket_enabled: None, feed_server: FeedServer, tmp_path: Path
) -> Generator[str]:
    """Serve the feed over HTTPS with a self-signed certificate; return its URL."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    (tmp_path / "cert.pem").write_bytes(
        certificate.public_bytes(serialization.Encoding.PEM)
    )
    (tmp_path / "key.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    body = feed_server.body

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Keep the test output quiet."""

    # Its own thread, not Home Assistant's loop: refused handshakes are the point here.
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *args: None  # type: ignore[method-assign]
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield f"https://127.0.0.1:{server.server_address[1]}/feed.ics"
    server.shutdown()
    server.server_close()


async def test_self_signed_certificate(hass: HomeAssistant, tls_server: str) -> None:
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: tls_server}
    )
    assert result["errors"] == {"base": "ssl_error"}
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: tls_server, "advanced": {"verify_ssl": False}}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["data"]["verify_ssl"] is False


FEED_HOST = b"feed.seminars.test"


class NameServer(asyncio.DatagramProtocol):
    """A DNS server on loopback: FEED_HOST is 127.0.0.1 while it resolves, else no name."""

    resolves = True
    transport: asyncio.DatagramTransport

    @override
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.DatagramTransport)
        self.transport = transport

    @override
    def datagram_received(self, data: bytes, addr: tuple[str | int, int]) -> None:
        self.transport.sendto(self._answer(data), addr)

    def _answer(self, query: bytes) -> bytes:
        ident, flags = struct.unpack("!HH", query[:4])
        end, labels = 12, []
        while length := query[end]:
            labels.append(query[end + 1 : end + 1 + length])
            end += 1 + length
        (kind,) = struct.unpack("!H", query[end + 1 : end + 3])
        found = self.resolves and b".".join(labels).lower() == FEED_HOST
        record = b""
        if found and kind == 1:  # an A record, never cached (TTL 0)
            record = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 0, 4)
            record += socket.inet_aton("127.0.0.1")
        # QR and RA set, RD echoed; RCODE 3 is NXDOMAIN.
        flags = 0x8080 | (flags & 0x0100) | (0 if found else 3)
        header = struct.pack("!HHHHHH", ident, flags, 1, int(bool(record)), 0, 0)
        return header + query[12 : end + 5] + record


@pytest.fixture
async def name_server(socket_enabled: None) -> AsyncGenerator[NameServer]:
    """Resolve names for Home Assistant's sessions through a name server on loopback."""
    transport, server = await asyncio.get_running_loop().create_datagram_endpoint(
        NameServer, local_addr=("127.0.0.1", 0)
    )
    port = transport.get_extra_info("sockname")[1]
    resolver = AsyncResolver(nameservers=[f"127.0.0.1:{port}"])
    resolver.real_close = resolver.close  # type: ignore[attr-defined]
    with patch(
        "homeassistant.helpers.aiohttp_client._async_make_resolver",
        return_value=resolver,
    ):
        yield server
    transport.close()


def _by_name(feed_server: FeedServer) -> str:
    return feed_server.url.replace("127.0.0.1", FEED_HOST.decode())


async def test_a_name_that_does_not_resolve(
    hass: HomeAssistant, feed_server: FeedServer, name_server: NameServer
) -> None:
    name_server.resolves = False
    result = await hass.config_entries.flow.async_init(
        DOMAIN, context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: _by_name(feed_server)}
    )
    assert result["errors"] == {"base": "unknown_host"}

    name_server.resolves = True
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {CONF_URL: _by_name(feed_server)}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY


async def test_running_entry_keeps_its_data_while_its_name_does_not_resolve(
    hass: HomeAssistant,
    feed_server: FeedServer,
    name_server: NameServer,
    caplog: pytest.LogCaptureFixture,
) -> None:
    feed_server.headers["Connection"] = "close"  # every refresh looks the name up
    entry = await set_up_entry(hass, _by_name(feed_server))
    assert await _summaries(hass) == [CMSA_SEMINAR]

    name_server.resolves = False
    connector = async_get_clientsession(hass).connector
    assert connector is not None
    coordinator = entry.runtime_data
    for _ in range(2):
        connector.clear_dns_cache()  # as after its ten seconds
        await coordinator.async_refresh()
        await hass.async_block_till_done()
        assert coordinator.state.last_status == "unknown_host"
        assert await _summaries(hass) == [CMSA_SEMINAR]
        state = hass.states.get("calendar.cmsa")
        assert state is not None
        assert state.state != STATE_UNAVAILABLE
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        "Error fetching seminar_calendar data: "
        "The feed's site name could not be found (DNS)"
    ]

    name_server.resolves = True
    connector.clear_dns_cache()
    await coordinator.async_refresh()
    await hass.async_block_till_done()
    assert coordinator.state.failures == 0
