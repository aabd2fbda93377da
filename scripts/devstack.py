"""Run Home Assistant with Seminar Calendar on a demo feed (scripts/develop, tests/e2e).

A demo feed server, Home Assistant as a process, and onboarding and the config flow
driven through Home Assistant's own HTTP API.
"""

import argparse
import contextlib
import datetime as dt
import hashlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import os
from pathlib import Path
import re
import signal
import subprocess
import sys
import threading
import time
from typing import Any
from urllib.parse import urljoin

import requests

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "scripts" / "demo-feed.ics.template"
CLIENT_ID = (
    "http://127.0.0.1/"  # any URL: Home Assistant's own clients use their origin
)
DOMAIN = "seminar_calendar"


def render_demo_feed(
    today: dt.date, extra: str = "", dropped: frozenset[str] = frozenset()
) -> bytes:
    """Return the demo feed with its dates shifted so that its seminars lie ahead of today."""

    def day(match: re.Match[str]) -> str:
        return (today + dt.timedelta(days=int(match.group(1)))).strftime("%Y%m%d")

    text = re.sub(r"\{day([+-]\d+)\}", day, TEMPLATE.read_text())
    # Like The Events Calendar: DTSTAMP is the time of the download.
    text = text.replace("{stamp}", dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S"))
    text = text.replace("{extra}", extra)
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
        self.requests: list[tuple[str, int]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = render_demo_feed(dt.date.today(), server.extra, server.dropped)
                # The ETag ignores DTSTAMP, as a server's would that knows its content.
                etag = (
                    '"'
                    + hashlib.sha256(
                        re.sub(rb"DTSTAMP:\d+T\d+", b"", body)
                    ).hexdigest()[:16]
                    + '"'
                )
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("ETag", etag)
                    self.end_headers()
                    server.requests.append((self.path, 304))
                    return
                self.send_response(200)
                self.send_header("Content-Type", "text/calendar; charset=utf-8")
                self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                server.requests.append((self.path, 200))

            def log_message(self, format: str, *args: Any) -> None:
                print(
                    f"demo feed: {self.command} {self.path} -> {args[1] if len(args) > 1 else ''}",
                    flush=True,
                )

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        """Return the demo feed's address."""
        return f"http://127.0.0.1:{self._httpd.server_address[1]}/events/?ical=1"

    def start(self) -> DemoFeedServer:
        """Start serving in a thread."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop serving."""
        self._httpd.shutdown()
        self._httpd.server_close()


def prepare_config(config_dir: Path, port: int, time_zone: str | None = None) -> None:
    """Create a config directory with the integration linked in (configuration.yaml kept)."""
    config_dir.mkdir(parents=True, exist_ok=True)
    configuration = config_dir / "configuration.yaml"
    if not configuration.exists():
        text = (ROOT / "config" / "configuration.yaml").read_text()
        configuration.write_text(
            text.replace("server_port: 8123", f"server_port: {port}")
        )
    if time_zone:
        text = configuration.read_text()
        if "homeassistant:" not in text:
            configuration.write_text(
                f"homeassistant:\n  time_zone: {time_zone}\n\n" + text
            )
    links = config_dir / "custom_components"
    links.mkdir(exist_ok=True)
    link = links / DOMAIN
    if not link.exists():
        link.symlink_to(os.path.relpath(ROOT / "custom_components" / DOMAIN, links))


class HomeAssistant:
    """Home Assistant as a process, and its HTTP API."""

    def __init__(self, config_dir: Path, port: int) -> None:
        """Prepare to run Home Assistant on 127.0.0.1:port."""
        self.config_dir = config_dir
        self.base = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.token: str | None = None

    def start(self, timeout: float = 300, log: Path | None = None) -> None:
        """Start Home Assistant and wait until it answers."""
        output = log.open("wb") if log else None
        self.process = subprocess.Popen(
            [sys.executable, "-m", "homeassistant", "-c", str(self.config_dir)],
            stdout=output,
            stderr=subprocess.STDOUT if output else None,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"Home Assistant exited with {self.process.returncode}"
                )
            with contextlib.suppress(requests.ConnectionError):
                if requests.get(f"{self.base}/manifest.json", timeout=5).ok:
                    return
            time.sleep(1)
        raise TimeoutError("Home Assistant did not answer in time")

    def stop(self) -> None:
        """Stop Home Assistant (and whatever it started)."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def _token_from_code(self, code: str) -> str:
        response = requests.post(
            f"{self.base}/auth/token",
            data={
                "grant_type": "authorization_code",
                "code": code,
                "client_id": CLIENT_ID,
            },
            timeout=30,
        )
        response.raise_for_status()
        return str(response.json()["access_token"])

    def log_in(self, username: str, password: str) -> None:
        """Complete onboarding with this account, or log in with it if that is done."""
        # Once onboarding is complete, its endpoint is gone (404).
        answer = requests.get(f"{self.base}/api/onboarding", timeout=30)
        steps = answer.json() if answer.ok else []
        if any(step["step"] == "user" and not step["done"] for step in steps):
            response = requests.post(
                f"{self.base}/api/onboarding/users",
                json={
                    "client_id": CLIENT_ID,
                    "name": username,
                    "username": username,
                    "password": password,
                    "language": "en",
                },
                timeout=30,
            )
            response.raise_for_status()
            self.token = self._token_from_code(response.json()["auth_code"])
            for step in ("core_config", "analytics"):
                self.post(f"/api/onboarding/{step}", {})
            self.post(
                "/api/onboarding/integration",
                {"client_id": CLIENT_ID, "redirect_uri": CLIENT_ID},
            )
            return
        flow = requests.post(
            f"{self.base}/auth/login_flow",
            json={
                "client_id": CLIENT_ID,
                "handler": ["homeassistant", None],
                "redirect_uri": CLIENT_ID,
            },
            timeout=30,
        ).json()
        result = requests.post(
            f"{self.base}/auth/login_flow/{flow['flow_id']}",
            json={"client_id": CLIENT_ID, "username": username, "password": password},
            timeout=30,
        ).json()
        if result.get("type") != "create_entry":
            raise RuntimeError(
                f"Logging in as {username} failed: {result.get('errors')}"
            )
        self.token = self._token_from_code(result["result"])

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def get(self, path: str) -> Any:
        """Return the JSON answer to a GET on Home Assistant's API."""
        response = requests.get(
            urljoin(self.base, path), headers=self._headers(), timeout=30
        )
        response.raise_for_status()
        return response.json()

    def post(self, path: str, data: dict[str, Any]) -> Any:
        """Return the JSON answer to a POST on Home Assistant's API."""
        response = requests.post(
            urljoin(self.base, path), json=data, headers=self._headers(), timeout=60
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def ensure_entry(self, feed_url: str) -> str:
        """Add the feed through the config flow, as the UI does, unless it is there; return its title."""
        for entry in self.get(f"/api/config/config_entries/entry?domain={DOMAIN}"):
            if entry.get("title") and entry["state"] == "loaded":
                return str(entry["title"])
        flow = self.post("/api/config/config_entries/flow", {"handler": DOMAIN})
        result = self.post(
            f"/api/config/config_entries/flow/{flow['flow_id']}", {"url": feed_url}
        )
        if result["type"] == "abort" and result["reason"] == "already_configured":
            return str(
                self.get(f"/api/config/config_entries/entry?domain={DOMAIN}")[0][
                    "title"
                ]
            )
        if result["type"] != "create_entry":
            raise RuntimeError(f"The config flow did not create the entry: {result}")
        return str(result["title"])


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def main() -> None:
    """Run the development stack until Ctrl-C."""
    parser = argparse.ArgumentParser(
        description="Home Assistant with Seminar Calendar on a demo feed."
    )
    parser.add_argument(
        "--feed", help="use this feed URL instead of the bundled demo feed"
    )
    parser.add_argument(
        "--port", type=int, default=int(os.environ.get("SEMINAR_DEV_PORT", "8123"))
    )
    parser.add_argument(
        "--feed-port",
        type=int,
        default=int(os.environ.get("SEMINAR_DEMO_PORT", "8765")),
    )
    options = parser.parse_args()
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
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        print(
            "Starting Home Assistant (the first start installs what it needs) …",
            flush=True,
        )
        hass.start()
        hass.log_in(username, password)
        title = hass.ensure_entry(feed_url)
        print(
            f"\nReady: {hass.base}/calendar  (log in as {username} / {password}); "
            f"feed entry “{title}”. Ctrl-C stops everything.\n",
            flush=True,
        )
        while not stopping.wait(1):
            if hass.process and hass.process.poll() is not None:
                print("Home Assistant stopped.", flush=True)
                break
    except KeyboardInterrupt:
        pass
    finally:
        hass.stop()
        if server:
            server.stop()


if __name__ == "__main__":
    main()
