"""Load benchmark: one Home Assistant with 20 entries, each a 5,000-event feed on loopback.

Prints the peak memory, the time of a full refresh round, the longest event-loop stall
during the rounds (a loop-lag probe), and the memory after 100 rounds.
"""

import asyncio
import contextlib
import datetime as dt
import gc
import multiprocessing
from pathlib import Path
import resource
import statistics
import sys
import time

from aiohttp import web
from homeassistant.const import CONF_URL
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from tools import feedgen
from tools.bare_instance import bare_home_assistant

ENTRIES = 20
EVENTS = 5000
ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 100


class LagProbe:
    """Measure how late a 10 ms timer fires on the event loop: how long it was blocked."""

    def __init__(self) -> None:
        """Start with no stall seen."""
        self.lags: list[float] = []
        self._task: asyncio.Task[None] | None = None

    @property
    def worst(self) -> float:
        """Return the longest stall, seconds."""
        return max(self.lags, default=0.0)

    def percentile(self, share: float) -> float:
        """Return the stall that this share of the timer's firings stayed within."""
        ordered = sorted(self.lags)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))]

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            expected = loop.time() + 0.01
            await asyncio.sleep(0.01)
            self.lags.append(loop.time() - expected)

    def start(self) -> None:
        """Start probing."""
        self._task = asyncio.get_running_loop().create_task(self._run())

    def stop(self) -> None:
        """Stop probing."""
        assert self._task is not None
        self._task.cancel()


class GcWatch:
    """Record each garbage collection's generation and duration while installed."""

    def __init__(self) -> None:
        """Start with no collection seen."""
        self.pauses: list[tuple[int, float]] = []
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        """Time one collection (a gc.callbacks hook)."""
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.pauses.append(
                (info["generation"], time.perf_counter() - self._started)
            )

    def longest(self, generation: int) -> float:
        """Return the longest pause of a generation's collections, seconds."""
        return max(
            (pause for gen, pause in self.pauses if gen == generation), default=0.0
        )

    def count(self, generation: int) -> int:
        """Return how many collections of a generation ran."""
        return sum(gen == generation for gen, _ in self.pauses)


def timed_collection() -> float:
    """Return how long a full garbage collection of the process takes, seconds."""
    gc.collect()
    started = time.perf_counter()
    gc.collect()
    return time.perf_counter() - started


def rss_mib() -> float:
    """Return the resident memory of this process, MiB."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def serve(now: dt.datetime, ready: multiprocessing.Queue[tuple[int, int]]) -> None:
    """Serve the feeds on loopback from a process of its own, as a remote server would.

    Each feed alternates between two versions 1% apart, so that every request after
    the first gets a real change. Puts (port, body size) on ready once listening.
    """
    versions = [
        feedgen.generate(EVENTS, now),
        feedgen.generate(EVENTS, now, edit=frozenset(range(3, EVENTS, 100))),
    ]
    requests: dict[str, int] = {}

    async def handle(request: web.Request) -> web.Response:
        feed = request.match_info["n"]
        requests[feed] = requests.get(feed, -1) + 1
        return web.Response(
            body=versions[requests[feed] % 2], content_type="text/calendar"
        )

    async def run() -> None:
        app = web.Application()
        app.router.add_get("/feed/{n}.ics", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ready.put((site._server.sockets[0].getsockname()[1], len(versions[0])))  # type: ignore[union-attr]
        await asyncio.Event().wait()

    asyncio.run(run())


async def main(port: int, size: int) -> None:
    """Run the load benchmark against the feed server on port."""
    async with bare_home_assistant() as hass:
        baseline = rss_mib()
        gc.collect()
        tracked_before = len(gc.get_objects())
        full_before = timed_collection()
        started = time.perf_counter()
        entries = []
        for number in range(ENTRIES):
            entry = MockConfigEntry(
                domain="seminar_calendar",
                title=f"Feed {number}",
                data={CONF_URL: f"http://127.0.0.1:{port}/feed/{number}.ics"},
            )
            entry.add_to_hass(hass)
            await hass.config_entries.async_setup(entry.entry_id)
            entries.append(entry)
        await hass.async_block_till_done()
        setup_seconds = time.perf_counter() - started
        after_setup = rss_mib()

        probe, collections = LagProbe(), GcWatch()
        gc.callbacks.append(collections)
        rounds, memory = [], []
        for round_number in range(1, ROUNDS + 1):
            # The probe watches the refreshes only, not this script's own gc.collect().
            probe.start()
            started = time.perf_counter()
            await asyncio.gather(
                *(entry.runtime_data.async_refresh() for entry in entries)
            )
            rounds.append(time.perf_counter() - started)
            probe.stop()
            if round_number in (1, 10, ROUNDS):
                gc.callbacks.remove(collections)
                gc.collect()
                gc.callbacks.append(collections)
                memory.append((round_number, rss_mib()))
        gc.callbacks.remove(collections)
        tracked = len(gc.get_objects())
        full_after = timed_collection()
        assert all(entry.runtime_data.last_update_success for entry in entries)
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)

    print(
        f"{ENTRIES} entries × {EVENTS:,} events ({size / 2**20:.1f} MiB each, served by another process), {ROUNDS} refresh rounds, each a 1% change"
    )
    print()
    print("| measure | figure |")
    print("|---|---:|")
    print(
        f"| set-up of the {ENTRIES} entries (first parse of every feed) | {setup_seconds:.1f} s |"
    )
    print(
        f"| a full refresh round (median / slowest) | {statistics.median(rounds):.2f} s / {max(rounds):.2f} s |"
    )
    print(
        f"| longest event-loop stall during the rounds | {probe.worst * 1000:.0f} ms |"
    )
    print(
        f"| event-loop stall: 99th / 99.9th percentile of {len(probe.lags):,} probes | {probe.percentile(0.99) * 1000:.0f} / {probe.percentile(0.999) * 1000:.0f} ms |"
    )
    over = sum(lag > 0.05 for lag in probe.lags)
    print(f"| probes that found the loop blocked over 50 ms | {over:,} |")
    print(
        f"| memory (RSS): before / after set-up | {baseline:.0f} / {after_setup:.0f} MiB |"
    )
    print(
        f"| objects the garbage collector tracks: before set-up / after the rounds | {tracked_before:,} / {tracked:,} |"
    )
    print(
        f"| a full garbage collection of the process: before set-up / after the rounds | {full_before * 1000:.0f} / {full_after * 1000:.0f} ms |"
    )
    for generation in (0, 1, 2):
        print(
            f"| collections of generation {generation} during the rounds: count / longest | {collections.count(generation):,} / {collections.longest(generation) * 1000:.0f} ms |"
        )
    for round_number, rss in memory:
        print(f"| memory (RSS) after round {round_number} | {rss:.0f} MiB |")
    growth = memory[-1][1] - memory[1][1]
    print(
        f"\nMemory from round 10 to round {ROUNDS}: {growth:+.0f} MiB; longest stall {'within' if probe.worst < 0.05 else 'OVER'} the 50 ms target."
    )


if __name__ == "__main__":
    ready: multiprocessing.Queue[tuple[int, int]] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(dt.datetime.now(dt.UTC), ready), daemon=True
    )
    server.start()
    try:
        asyncio.run(main(*ready.get(timeout=120)))
    finally:
        server.terminate()
