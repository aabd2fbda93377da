"""Load benchmark: one Home Assistant with 20 entries, each a 5,000-event feed on loopback.

One run measures the set-up, refresh rounds, event-loop stalls (a loop-lag probe), garbage
collections and memory of one process. With --against, runs of this checkout and of another
release's integration alternate in one sitting (machines are noisy), each on a Python with
compression.zstd and as on one without (Home Assistant's container), and a table prints the
medians side by side.
"""

import argparse
import asyncio
import contextlib
import datetime as dt
import gc
import json
import multiprocessing
from multiprocessing.connection import Connection
import os
from pathlib import Path
import resource
import statistics
import subprocess
import sys
import time
from typing import Any, cast

from aiohttp import web
from homeassistant.const import CONF_URL
from homeassistant.core import HomeAssistant
from homeassistant.loader import async_get_integration
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
)

from tools import feedgen
from tools.bare_instance import bare_home_assistant

ENTRIES = 20
EVENTS = 5000
ROOT = Path(__file__).resolve().parents[1]


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
    """Return how long a full garbage collection of the process takes, seconds.

    The fastest of several: one collection's time drifts by a third over a run.
    """
    gc.collect()
    return min(_one_collection() for _ in range(9))


def _one_collection() -> float:
    started = time.perf_counter()
    gc.collect()
    return time.perf_counter() - started


def twin(without_zstd: bool, requests: Connection) -> None:
    """Keep Home Assistant with the integration imported and no entry, and time it.

    Each time requests asks, until it sends False, it times a full collection: the
    baseline of the loaded process's, timed in turn with them. A collection's time
    swings by a third over a run (86-117 ms for one process in one state), so figures
    taken minutes apart, before and after the rounds, do not compare.
    """
    if without_zstd:
        as_without_zstd()

    async def run() -> None:
        async with bare_home_assistant() as hass:
            await load_integration(hass)
            gc.collect()
            requests.send(len(gc.get_objects()))
            while requests.recv():
                requests.send(_one_collection())

    asyncio.run(run())


def paired_collections(twin_requests: Connection) -> tuple[float, float, float]:
    """Return this process's and the twin's fastest full collections, and the ratio.

    Timed in turn (twin, this, twin, this…); the ratio is the median of the pairs'.
    """
    gc.collect()
    ours, theirs = [], []
    for _ in range(15):
        twin_requests.send(True)
        theirs.append(twin_requests.recv())
        ours.append(_one_collection())
    ratios = [own / other for own, other in zip(ours, theirs, strict=True)]
    return min(ours), min(theirs), statistics.median(ratios)


def as_without_zstd() -> None:
    """Make compression.zstd unavailable, as on Home Assistant's container."""
    import tests.without_zstd  # noqa: F401  (before the integration loads)


async def load_integration(hass: HomeAssistant) -> None:
    """Import the integration and its platforms, as for an entry, with no entry yet."""
    integration = await async_get_integration(hass, "seminar_calendar")
    component = await integration.async_get_component()
    await integration.async_get_platforms(cast(Any, component).PLATFORMS)


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


async def measure(port: int, rounds: int, twin_requests: Connection) -> dict[str, Any]:
    """Set the entries up against the feed server on port, refresh them, return figures."""
    async with bare_home_assistant() as hass:
        baseline = rss_mib()
        full_bare = timed_collection()
        # The baseline of what the entries add: Home Assistant with the integration
        # installed and no entry (its modules, and those it needs, imported).
        await load_integration(hass)
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
        version = (await async_get_integration(hass, "seminar_calendar")).version
        after_setup = rss_mib()

        probe, collections = LagProbe(), GcWatch()
        gc.callbacks.append(collections)
        durations, memory = [], {}
        for round_number in range(1, rounds + 1):
            # The probe watches the refreshes only, not this script's own gc.collect().
            probe.start()
            started = time.perf_counter()
            await asyncio.gather(
                *(entry.runtime_data.async_refresh() for entry in entries)
            )
            durations.append(time.perf_counter() - started)
            probe.stop()
            if round_number in (1, 10, rounds):
                gc.callbacks.remove(collections)
                gc.collect()
                gc.callbacks.append(collections)
                memory[round_number] = rss_mib()
        gc.callbacks.remove(collections)
        tracked = len(gc.get_objects())
        full_after, full_twin, full_ratio = paired_collections(twin_requests)
        assert all(entry.runtime_data.last_update_success for entry in entries)
        for entry in entries:
            await hass.config_entries.async_unload(entry.entry_id)
    figures: dict[str, Any] = {
        "version": str(version),
        "setup_s": setup_seconds,
        "round_median_s": statistics.median(durations),
        "round_slowest_s": max(durations),
        "stall_ms": probe.worst * 1000,
        "stall_p99_ms": probe.percentile(0.99) * 1000,
        "stall_p999_ms": probe.percentile(0.999) * 1000,
        "probes_over_50ms": sum(lag > 0.05 for lag in probe.lags),
        "rss_before_mib": baseline,
        "rss_setup_mib": after_setup,
        "tracked_before": tracked_before,
        "tracked_after": tracked,
        "full_gc_bare_ms": full_bare * 1000,
        "full_gc_before_ms": full_before * 1000,
        "full_gc_after_ms": full_after * 1000,
        "full_gc_twin_ms": full_twin * 1000,
        "full_gc_ratio": full_ratio,
    }
    for generation in (0, 1, 2):
        figures[f"gen{generation}_count"] = collections.count(generation)
        figures[f"gen{generation}_longest_ms"] = collections.longest(generation) * 1000
    for round_number, rss in memory.items():
        figures[f"rss_round{round_number}_mib"] = rss
    return figures


# (label, figure key, format): the rows of the printed table, in order.
ROWS: list[tuple[str, str, str]] = [
    ("the integration's version", "version", "{}"),
    ("set-up of the 20 entries (first parse of every feed)", "setup_s", "{:.1f} s"),
    ("a full refresh round, median", "round_median_s", "{:.2f} s"),
    ("a full refresh round, slowest", "round_slowest_s", "{:.2f} s"),
    ("longest event-loop stall during the rounds", "stall_ms", "{:.0f} ms"),
    ("event-loop stall, 99th percentile", "stall_p99_ms", "{:.0f} ms"),
    ("event-loop stall, 99.9th percentile", "stall_p999_ms", "{:.0f} ms"),
    ("probes that found the loop blocked over 50 ms", "probes_over_50ms", "{:.0f}"),
    ("memory (RSS) before set-up", "rss_before_mib", "{:.0f} MiB"),
    ("memory (RSS) after set-up", "rss_setup_mib", "{:.0f} MiB"),
    ("memory (RSS) after round 1", "rss_round1_mib", "{:.0f} MiB"),
    ("memory (RSS) after round 10", "rss_round10_mib", "{:.0f} MiB"),
    ("objects the GC tracks, before set-up", "tracked_before", "{:,.0f}"),
    ("objects the GC tracks, after the rounds", "tracked_after", "{:,.0f}"),
    ("objects the GC tracks in the twin (no entry)", "tracked_twin", "{:,.0f}"),
    (
        "a full collection of the process, before the integration is imported",
        "full_gc_bare_ms",
        "{:.0f} ms",
    ),
    (
        "a full collection of the process, integration imported, no entry",
        "full_gc_before_ms",
        "{:.0f} ms",
    ),
    (
        "a full collection of the process, after the rounds",
        "full_gc_after_ms",
        "{:.0f} ms",
    ),
    (
        "a full collection of a twin process, integration imported, no entry",
        "full_gc_twin_ms",
        "{:.0f} ms",
    ),
    (
        "a full collection after the rounds ÷ the twin's, timed in turn (median)",
        "full_gc_ratio",
        "{:.2f}×",
    ),
    ("collections of generation 1 during the rounds", "gen1_count", "{:.0f}"),
    ("collections of generation 2 during the rounds", "gen2_count", "{:.0f}"),
    (
        "longest collection of generation 2 during the rounds",
        "gen2_longest_ms",
        "{:.0f} ms",
    ),
]


def print_table(columns: dict[str, list[dict[str, Any]]]) -> None:
    """Print the median of each figure over each column's runs, columns side by side."""
    print("| measure | " + " | ".join(columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for label, key, style in ROWS:
        cells = []
        for runs in columns.values():
            values = [run[key] for run in runs if key in run]
            if values and isinstance(values[0], str):
                cells.append(" / ".join(sorted(set(values))))
            else:
                cells.append(style.format(statistics.median(values)) if values else "—")
        print(f"| {label} | " + " | ".join(cells) + " |")


def run_once(rounds: int, without_zstd: bool) -> dict[str, Any]:
    """Serve the feeds from another process and measure this process against them.

    A third process is the twin, the baseline of full collections; both are up before
    the set-up starts, which they would otherwise slow down.
    """
    ready: multiprocessing.Queue[tuple[int, int]] = multiprocessing.Queue()
    server = multiprocessing.Process(
        target=serve, args=(dt.datetime.now(dt.UTC), ready), daemon=True
    )
    twin_requests, twin_end = multiprocessing.Pipe()
    baseline = multiprocessing.Process(
        target=twin, args=(without_zstd, twin_end), daemon=True
    )
    server.start()
    baseline.start()
    try:
        port, size = ready.get(timeout=120)
        twin_tracked = twin_requests.recv()
        figures = asyncio.run(measure(port, rounds, twin_requests))
        twin_requests.send(False)
        baseline.join(timeout=60)
        figures["feed_mib"] = size / 2**20
        figures["tracked_twin"] = twin_tracked
        return figures
    finally:
        server.terminate()
        baseline.terminate()


def child(rounds: int, release: Path | None, without_zstd: bool) -> dict[str, Any]:
    """Run one measurement in a fresh Python: this checkout's integration or a release's."""
    command = [sys.executable, "-m", "tools.bench_load", str(rounds), "--json"]
    if without_zstd:
        command.append("--without-zstd")
    # custom_components is a namespace package: the release's copy, first on the path, wins.
    path = [str(release.resolve())] if release else []
    path += [str(ROOT), os.environ.get("PYTHONPATH", "")]
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, path))}
    # Python puts the working directory first on the path: the release's, for a release.
    answer = subprocess.run(
        command,
        env=environment,
        cwd=release.resolve() if release else ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    figures: dict[str, Any] = json.loads(answer.stdout.strip().splitlines()[-1])
    return figures


def compare(rounds: int, release: Path, name: str, repeats: int) -> None:
    """Alternate runs of the release and of this checkout, with and without zstd."""
    columns: dict[str, list[dict[str, Any]]] = {
        f"{name}, zstd": [],
        "this build, zstd": [],
        f"{name}, zlib": [],
        "this build, zlib": [],
    }
    for repeat in range(repeats):
        for without_zstd in (False, True):
            path = "zlib" if without_zstd else "zstd"
            for label, source in ((name, release), ("this build", None)):
                print(
                    f"run {repeat + 1}/{repeats}: {label}, {path} …",
                    file=sys.stderr,
                    flush=True,
                )
                columns[f"{label}, {path}"].append(child(rounds, source, without_zstd))
    print(
        f"{ENTRIES} entries × {EVENTS:,} events, {rounds} refresh rounds each a 1% change; "
        f"median of {repeats} run(s) per column, the runs alternated"
    )
    print()
    print_table(columns)


def main() -> None:
    """Run one measurement, or the comparison with another release."""
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("rounds", type=int, nargs="?", default=10)
    arguments.add_argument(
        "--against",
        type=Path,
        help="a directory holding another release's custom_components/seminar_calendar",
    )
    arguments.add_argument("--name", default="the other release")
    arguments.add_argument("--repeats", type=int, default=1)
    arguments.add_argument(
        "--without-zstd",
        action="store_true",
        help="as on a Python built without libzstd (Home Assistant's container)",
    )
    arguments.add_argument("--json", action="store_true", help="print figures as JSON")
    options = arguments.parse_args()
    if options.against:
        compare(options.rounds, options.against, options.name, options.repeats)
        return
    if options.without_zstd:
        as_without_zstd()
    figures = run_once(options.rounds, options.without_zstd)
    if options.json:
        print(json.dumps(figures))
        return
    print(
        f"{ENTRIES} entries × {EVENTS:,} events ({figures['feed_mib']:.1f} MiB each, served by another process), {options.rounds} refresh rounds, each a 1% change"
    )
    print()
    print_table({"figure": [figures]})


if __name__ == "__main__":
    main()
