"""Run Home Assistant with Seminar Calendar on a demo feed (scripts/develop, tests/e2e).

A demo feed server, Home Assistant as a process that is started again whenever it
asks to restart (as its own container does), and onboarding and the config flow driven
through Home Assistant's own HTTP and WebSocket APIs.
"""

import argparse
import asyncio
from collections.abc import Callable
import contextlib
import dataclasses
import datetime as dt
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import json
import os
from pathlib import Path
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from typing import Any, override
from urllib.parse import urljoin

import aiohttp
import requests

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = Path(__file__).with_name("demo-feed.ics.template")
POSTER = Path(__file__).with_name("demo-poster.png")
CLIENT_ID = (
    "http://127.0.0.1/"  # any URL: Home Assistant's own clients use their origin
)
DOMAIN = "seminar_calendar"
# Home Assistant exits with this code when it wants to be started again.
RESTART_EXIT_CODE = 100
# A first start installs the packages of default_config: minutes on a busy machine.
FIRST_START_SECONDS = 900.0
# Onboarding's user step waits for the person integration to load.
SLOW_REQUEST_SECONDS = 600.0
REQUEST_SECONDS = 60.0


class StackError(Exception):
    """The stack could not come up; the message says why, for a person."""


@dataclasses.dataclass(frozen=True)
class Locale:
    """Where the development instance is: what onboarding's core step asks a person."""

    country: str = "US"
    time_zone: str = "America/New_York"
    unit_system: str = "metric"
    language: str = "en"


def render_demo_feed(
    today: dt.date,
    base: str,
    extra: str = "",
    dropped: frozenset[str] = frozenset(),
) -> bytes:
    """Return the demo feed with its dates shifted so that its seminars lie ahead of today."""

    def day(match: re.Match[str]) -> str:
        return (today + dt.timedelta(days=int(match.group(1)))).strftime("%Y%m%d")

    text = re.sub(r"\{day([+-]\d+)\}", day, TEMPLATE.read_text())
    # Like The Events Calendar: DTSTAMP is the time of the download.
    text = text.replace("{stamp}", dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S"))
    text = text.replace("{extra}", extra).replace("{base}", base)
    for uid in dropped:
        text = re.sub(
            rf"BEGIN:VEVENT\n(?:(?!END:VEVENT).)*UID:{re.escape(uid)}.*?END:VEVENT\n",
            "",
            text,
            flags=re.S,
        )
    return text.encode()


class DemoFeedServer:
    """Serve the demo feed on 127.0.0.1, with ETag and 304, and count the requests."""

    def __init__(self, port: int = 0) -> None:
        """Prepare the server; port 0 picks a free one."""
        self.extra = ""
        self.dropped: frozenset[str] = frozenset()
        # While down, the feed's address hangs up without an answer (its posters stay).
        self.down = False
        self.requests: list[tuple[str, int]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path.startswith("/media/"):
                    self._send_poster()
                    return
                if server.down:
                    self.close_connection = True
                    server.requests.append((self.path, 0))
                    return
                body = render_demo_feed(
                    dt.date.today(), server.base, server.extra, server.dropped
                )
                # The ETag ignores DTSTAMP, as a server's would that knows its content.
                content = re.sub(rb"DTSTAMP:\d+T\d+", b"", body)
                etag = f'"{hashlib.sha256(content).hexdigest()[:16]}"'
                status = 304 if self.headers.get("If-None-Match") == etag else 200
                self.send_response(status)
                self.send_header("ETag", etag)
                if status == 200:
                    self.send_header("Content-Type", "text/calendar; charset=utf-8")
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if status == 200:
                    self.wfile.write(body)
                server.requests.append((self.path, status))

            def _send_poster(self) -> None:
                poster = POSTER.read_bytes()
                self.send_response(200)
                self.send_header("Content-Type", "image/png")
                self.send_header("Content-Length", str(len(poster)))
                self.end_headers()
                self.wfile.write(poster)

            @override
            def log_message(self, format: str, *args: Any) -> None:
                answer = args[1] if len(args) > 1 else ""
                print(f"demo feed: {self.command} {self.path} -> {answer}", flush=True)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        """Return the demo site's address."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    @property
    def url(self) -> str:
        """Return the demo feed's address."""
        return f"{self.base}/events/?ical=1"

    def start(self) -> DemoFeedServer:
        """Start serving in a thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()


def prepare_config(config_dir: Path, port: int) -> None:
    """Create a config directory with the integration linked in and HTTP on 127.0.0.1."""
    config_dir.mkdir(parents=True, exist_ok=True)
    configuration = config_dir / "configuration.yaml"
    if not configuration.exists():
        configuration.write_text((ROOT / "config" / "configuration.yaml").read_text())
    _bind_to_loopback(config_dir, port)
    links = config_dir / "custom_components"
    links.mkdir(exist_ok=True)
    link = links / DOMAIN
    if not link.exists():
        link.symlink_to(os.path.relpath(ROOT / "custom_components" / DOMAIN, links))


def _bind_to_loopback(config_dir: Path, port: int) -> None:
    """Keep the HTTP settings where Home Assistant 2026.10 keeps them: its own store.

    An http: block in configuration.yaml is migrated as a *pending* change that must be
    confirmed in the UI within five minutes, else Home Assistant reverts and restarts.
    The store's first format holds just the settings; Home Assistant migrates it and,
    finding no YAML, takes them as confirmed.
    """
    store = config_dir / ".storage" / "http"
    wanted = {"server_host": ["127.0.0.1"], "server_port": port}
    with contextlib.suppress(OSError, ValueError, KeyError, TypeError):
        saved = json.loads(store.read_text())["data"]
        current = saved.get("stable", saved)
        if (
            not saved.get("pending")
            and {key: current.get(key) for key in wanted} == wanted
        ):
            return
    store.parent.mkdir(parents=True, exist_ok=True)
    store.write_text(
        json.dumps({"version": 1, "minor_version": 1, "key": "http", "data": wanted})
    )


class HomeAssistant:
    """Home Assistant as a process that follows its own restarts, and its APIs."""

    def __init__(
        self, config_dir: Path, port: int, environment: dict[str, str] | None = None
    ) -> None:
        """Prepare to run Home Assistant on 127.0.0.1:port, with extra environment."""
        self.config_dir = config_dir
        self.environment = {**os.environ, **(environment or {})}
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.token: str | None = None
        self.starts = 0
        self.started_at = 0.0
        self.ended = threading.Event()
        self.exit_code: int | None = None
        self._stopping = threading.Event()
        self._log: Path | None = None

    def start(self, log: Path | None = None) -> None:
        """Start Home Assistant, and start it again whenever it exits to restart."""
        self._log = log
        self.started_at = time.monotonic()
        self._launch()
        threading.Thread(target=self._follow_restarts, daemon=True).start()

    def _launch(self) -> None:
        output = self._log.open("ab") if self._log else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "-c", str(self.config_dir)],
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
            env=self.environment,
        )
        self.starts += 1

    def _follow_restarts(self) -> None:
        while True:
            assert self.process is not None
            code = self.process.wait()
            if self._stopping.is_set() or code != RESTART_EXIT_CODE:
                self.exit_code = code
                self.ended.set()
                return
            print("Home Assistant restarts …", flush=True)
            self._launch()

    def stop(self) -> None:
        """Stop Home Assistant (and whatever it started)."""
        self._stopping.set()
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def _until(
        self, what: str, ready: Callable[[], bool], seconds: float, pause: float = 1
    ) -> None:
        """Wait until ready() holds; raise StackError saying what never happened."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.ended.is_set():
                raise StackError(f"Home Assistant exited ({self.exit_code}) {what}.")
            with contextlib.suppress(requests.RequestException, ValueError):
                if ready():
                    return
            time.sleep(pause)
        raise StackError(
            f"Home Assistant did not finish {what} within {seconds:.0f} s; "
            "its log says why (home-assistant.log in its config directory)."
        )

    def wait_until_answering(self, seconds: float = FIRST_START_SECONDS) -> None:
        """Wait until the HTTP server answers (a first start installs packages first)."""
        self._until(
            "starting its web server",
            lambda: requests.get(f"{self.base}/manifest.json", timeout=10).ok,
            seconds,
        )

    def wait_until_settled(self, seconds: float = FIRST_START_SECONDS) -> None:
        """Wait until the integrations onboarding adds are set up (no toasts left)."""

        def settled() -> bool:
            flows = self.ws({"type": "config_entries/flow/progress"})
            entries = self.get("/api/config/config_entries/entry")
            return not any(
                flow.get("context", {}).get("source") == "onboarding" for flow in flows
            ) and all(entry["state"] != "setup_in_progress" for entry in entries)

        self._until("setting up its integrations", settled, seconds, pause=2)

    def wait_until_running(self, seconds: float = FIRST_START_SECONDS) -> None:
        """Wait until Home Assistant has started every integration (state RUNNING)."""
        self._until(
            "starting up",
            lambda: self.get("/api/core/state")["state"] == "RUNNING",
            seconds,
            pause=2,
        )

    def sign_in(self, username: str, password: str, locale: Locale) -> None:
        """Onboard with this account (finishing any step left undone), or log in."""
        steps = self._onboarding_steps()
        if "user" in steps:
            # The user step waits for the person integration: wait for it here first.
            self._until(
                "loading the person integration",
                lambda: requests.post(
                    f"{self.base}/api/onboarding/integration/wait",
                    json={"domain": "person"},
                    timeout=REQUEST_SECONDS,
                ).json()["integration_loaded"],
                FIRST_START_SECONDS,
            )
            self.token = self._token_from_code(
                self._post_unauthenticated(
                    "/api/onboarding/users",
                    {
                        "client_id": CLIENT_ID,
                        "name": username,
                        "username": username,
                        "password": password,
                        "language": locale.language,
                    },
                )["auth_code"]
            )
        else:
            self._log_in(username, password)
        self._finish_onboarding(steps, locale)

    def _onboarding_steps(self) -> set[str]:
        """Return the onboarding steps not done yet (none once onboarding is over)."""
        answer = requests.get(f"{self.base}/api/onboarding", timeout=REQUEST_SECONDS)
        if answer.status_code == 404:  # the endpoint is gone once onboarding is over
            return set()
        answer.raise_for_status()
        return {step["step"] for step in answer.json() if not step["done"]}

    def _finish_onboarding(self, steps: set[str], locale: Locale) -> None:
        if "core_config" in steps:
            self.ws(
                {
                    "type": "config/core/update",
                    "country": locale.country,
                    "time_zone": locale.time_zone,
                    "unit_system": locale.unit_system,
                    "language": locale.language,
                }
            )
            self.post("/api/onboarding/core_config", {}, SLOW_REQUEST_SECONDS)
        if "analytics" in steps:
            self.post("/api/onboarding/analytics", {})
        if "integration" in steps:
            self.post(
                "/api/onboarding/integration",
                {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
            )

    def _post_unauthenticated(self, path: str, data: dict[str, Any]) -> Any:
        response = requests.post(
            f"{self.base}{path}", json=data, timeout=SLOW_REQUEST_SECONDS
        )
        response.raise_for_status()
        return response.json()

    def _token_from_code(self, code: str) -> str:
        response = requests.post(
            f"{self.base}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": CLIENT_ID,
            },
            timeout=REQUEST_SECONDS,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def _log_in(self, username: str, password: str) -> None:
        flow = self._post_unauthenticated(
            "/auth/login_flow",
            {
                "client_id": CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": CLIENT_ID,
            },
        )
        result = self._post_unauthenticated(
            f"/auth/login_flow/{flow['flow_id']}",
            {"client_id": CLIENT_ID, "username": username, "password": password},
        )
        if result.get("type") != "create_entry":
            raise StackError(
                f"Logging in as {username} failed: {result.get('errors')}. "
                "Delete the config directory's .storage to start afresh."
            )
        self.token = self._token_from_code(result["result"])

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str) -> Any:
        """Return the JSON answer to a GET on Home Assistant's API."""
        response = requests.get(
            urljoin(self.base, path), headers=self._headers(), timeout=REQUEST_SECONDS
        )
        response.raise_for_status()
        return response.json()

    def post(
        self, path: str, data: dict[str, Any], seconds: float = REQUEST_SECONDS
    ) -> Any:
        """Return the JSON answer to a POST on Home Assistant's API."""
        response = requests.post(
            urljoin(self.base, path),
            json=data,
            headers=self._headers(),
            timeout=seconds,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def ws(self, message: dict[str, Any]) -> Any:
        """Return the result of one command on Home Assistant's WebSocket API."""
        return asyncio.run(self._ws(message))

    async def _ws(self, message: dict[str, Any]) -> Any:
        timeout = aiohttp.ClientWSTimeout(ws_receive=SLOW_REQUEST_SECONDS)
        async with (
            aiohttp.ClientSession() as session,
            session.ws_connect(f"{self.base}/api/websocket", timeout=timeout) as ws,
        ):
            await ws.receive_json()  # auth_required
            await ws.send_json({"type": "auth", "access_token": self.token})
            if (await ws.receive_json())["type"] != "auth_ok":
                raise StackError("Home Assistant refused the access token.")
            await ws.send_json({"id": 1, **message})
            answer = await ws.receive_json()
        if not answer["success"]:
            raise StackError(f"{message['type']} failed: {answer['error']}")
        return answer["result"]

    def ensure_entry(self, feed_url: str) -> str:
        """Add the feed through the config flow, as the UI does, unless it is there; return its title."""
        entries = self.get(f"/api/config/config_entries/entry?domain={DOMAIN}")
        for entry in entries:
            if entry.get("title") and entry["state"] == "loaded":
                return str(entry["title"])
        flow = self.post("/api/config/config_entries/flow", {"handler": DOMAIN})
        result = self.post(
            f"/api/config/config_entries/flow/{flow['flow_id']}", {"url": feed_url}
        )
        if result["type"] == "abort" and result["reason"] == "already_configured":
            return str(entries[0]["title"])
        if result["type"] != "create_entry":
            raise StackError(f"The config flow did not create the entry: {result}")
        return str(result["title"])

    def come_up(self, username: str, password: str, locale: Locale) -> None:
        """Wait for a (re)started Home Assistant, sign in and wait until it runs."""
        self.wait_until_answering()
        try:
            self.sign_in(username, password, locale)
        except requests.RequestException as err:
            raise StackError(f"Onboarding failed: {err}") from err
        self.wait_until_running()
        self.wait_until_settled()


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Home Assistant with Seminar Calendar on a demo feed."
    )
    parser.add_argument("--feed", help="use this feed URL instead of the demo feed")
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("SEMINAR_DEV_PORT", "8123"))
    )
    parser.add_argument(
        "--feed-port",
        type=int,
        default=int(os.environ.get("SEMINAR_DEMO_PORT", "8765")),
    )
    parser.add_argument("--country", default=Locale.country)
    parser.add_argument("--time-zone", default=Locale.time_zone)
    parser.add_argument(
        "--unit-system", default=Locale.unit_system, choices=["metric", "us_customary"]
    )
    return parser.parse_args()


def main() -> int:
    """Run the development stack until Ctrl-C; return the exit status."""
    options = _arguments()
    locale = Locale(options.country, options.time_zone, options.unit_system)
    username = os.environ.get("SEMINAR_DEV_USER", "dev")
    password = os.environ.get("SEMINAR_DEV_PASSWORD", "dev")
    print(f"Development account: {username} / {password}", flush=True)
    server = None if options.feed else DemoFeedServer(options.feed_port).start()
    feed_url = options.feed or server.url  # type: ignore[union-attr]
    if server:
        print(f"Demo feed: {feed_url}", flush=True)
    config_dir = ROOT / "config"
    prepare_config(config_dir, options.port)
    hass = HomeAssistant(config_dir, options.port)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        print("Starting Home Assistant (a first start installs what it needs) …")
        hass.start()
        hass.come_up(username, password, locale)
        title = hass.ensure_entry(feed_url)
        print(
            f"\nReady: {hass.base}/calendar  (log in as {username} / {password}); "
            f"feed entry “{title}”. Ctrl-C stops everything.\n",
            flush=True,
        )
        hass.ended.wait()
        if hass.exit_code not in (None, 0):
            print(f"Home Assistant stopped with exit code {hass.exit_code}.")
            return 1
    except KeyboardInterrupt:
        pass
    except StackError as err:
        print(f"\nscripts/develop: {err}", file=sys.stderr)
        return 1
    except requests.RequestException as err:
        print(f"\nscripts/develop: Home Assistant's API failed: {err}", file=sys.stderr)
        return 1
    finally:
        print("Stopping …", flush=True)
        hass.stop()
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
