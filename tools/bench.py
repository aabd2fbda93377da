"""Benchmark the feed engine side by side with Home Assistant core's way and a naive way.

(a) core's remote_calendar: ical's IcsCalendarStream.calendar_from_ics, then its timeline
    for every query; (b) naive: icalendar's Calendar.from_ical, then
    recurring_ical_events.of(...).between(...) for every query. Prints figures (median of
    several runs) and the ratios the feed engine issue sets as targets.
"""

import argparse
from collections.abc import Callable
import datetime as dt
import gc
import statistics
import sys
import time
import tracemalloc
from typing import Any

from ical.calendar_stream import IcsCalendarStream
import icalendar
import recurring_ical_events

from custom_components.seminar_calendar.engine import ENGLISH, FeedParser
from tools import feedgen

NOW = dt.datetime(2026, 11, 24, 12, tzinfo=dt.UTC)
TZ = dt.UTC
WINDOWS = {
    "30-day window": dt.timedelta(days=30),
    "365-day window": dt.timedelta(days=365),
}


def median_seconds(action: Callable[[], Any], runs: int, batch: int = 1) -> float:
    """Return the median wall time of one call of action, over runs of batch calls."""
    times = []
    for _ in range(runs):
        gc.collect()
        started = time.perf_counter()
        for _ in range(batch):
            action()
        times.append((time.perf_counter() - started) / batch)
    return statistics.median(times)


def memory_mib(build: Callable[[], Any]) -> tuple[float, float]:
    """Return (kept, peak) MiB allocated by build, keeping its result alive."""
    gc.collect()
    tracemalloc.start()
    result = build()
    gc.collect()
    kept, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return kept / 2**20, peak / 2**20


def bodies(count: int) -> dict[str, bytes]:
    """Return the first body, a re-stamped copy, and one with 1% of events changed."""
    step = 200  # 0.5% edited, 0.25% removed, 0.25% added
    return {
        "first": feedgen.generate(count, NOW),
        "restamped": feedgen.generate(count, NOW, stamp="20261124T120000"),
        "changed": feedgen.generate(
            count + count // 400,
            NOW,
            edit=frozenset(range(3, count, step)),
            drop=frozenset(range(5, count, 400)),
        ),
    }


def measure(count: int, runs: int, query_runs: int) -> dict[str, dict[str, float]]:
    """Return figures for one feed size, per implementation."""
    feed_bodies = bodies(count)
    body, text = feed_bodies["first"], feed_bodies["first"].decode()
    figures: dict[str, dict[str, float]] = {"ours": {}, "ical": {}, "naive": {}}
    figures["ours"]["size MiB"] = len(body) / 2**20

    # Ours, parsed as the integration does (times in the zone shown, cards packed):
    # parse + index; re-stamped (unchanged) and 1%-changed bodies on a warm parser.
    ours = figures["ours"]
    ours["parse + index s"] = median_seconds(
        lambda: FeedParser(TZ, shown_in=TZ, card_labels=ENGLISH).parse(body, NOW), runs
    )

    def warm() -> FeedParser:
        parser = FeedParser(TZ, shown_in=TZ, card_labels=ENGLISH)
        parser.parse(body, NOW)
        return parser

    parsers = [warm() for _ in range(runs)]
    ours["unchanged feed s"] = median_seconds(
        lambda: parsers.pop().parse(feed_bodies["restamped"], NOW), runs
    )
    parsers = [warm() for _ in range(runs)]
    ours["changed feed (1%) s"] = median_seconds(
        lambda: parsers.pop().parse(feed_bodies["changed"], NOW), runs
    )
    feed = FeedParser(TZ, shown_in=TZ, card_labels=ENGLISH).parse(body, NOW)
    ours["occurrences"] = len(feed.events)
    for name, span in WINDOWS.items():
        ours[f"{name} s"] = median_seconds(
            lambda span=span: feed.between(NOW, NOW + span), runs, query_runs
        )
    # A window is a view: its events are built as they are read. Reading every one:
    ours["365-day window, every event read s"] = median_seconds(
        lambda: list(feed.between(NOW, NOW + WINDOWS["365-day window"])),
        runs,
        query_runs,
    )
    ours["next event s"] = median_seconds(
        lambda: feed.current_or_next(NOW), runs, query_runs
    )
    ours["kept MiB"], ours["peak MiB"] = memory_mib(
        lambda: FeedParser(TZ, shown_in=TZ, card_labels=ENGLISH).parse(body, NOW)
    )

    # (a) Home Assistant core's remote_calendar way.
    ical = figures["ical"]
    ical["parse + index s"] = median_seconds(
        lambda: IcsCalendarStream.calendar_from_ics(text), runs
    )
    ical["unchanged feed s"] = ical["changed feed (1%) s"] = ical["parse + index s"]
    calendar = IcsCalendarStream.calendar_from_ics(text)
    for name, span in WINDOWS.items():
        ical[f"{name} s"] = median_seconds(
            lambda span=span: list(
                calendar.timeline_tz(TZ).overlapping(NOW, NOW + span)
            ),
            runs,
        )
    ical["365-day window, every event read s"] = ical["365-day window s"]
    ical["next event s"] = median_seconds(
        lambda: next(iter(calendar.timeline_tz(TZ).active_after(NOW)), None), runs
    )
    ical["kept MiB"], ical["peak MiB"] = memory_mib(
        lambda: IcsCalendarStream.calendar_from_ics(text)
    )

    # (b) Naive: icalendar, and recurring-ical-events on every query.
    naive = figures["naive"]
    naive["parse + index s"] = median_seconds(
        lambda: icalendar.Calendar.from_ical(text), runs
    )
    naive["unchanged feed s"] = naive["changed feed (1%) s"] = naive["parse + index s"]
    parsed = icalendar.Calendar.from_ical(text)
    for name, span in WINDOWS.items():
        naive[f"{name} s"] = median_seconds(
            lambda span=span: recurring_ical_events.of(parsed).between(NOW, NOW + span),
            runs,
        )
    naive["365-day window, every event read s"] = naive["365-day window s"]
    naive["next event s"] = median_seconds(
        lambda: next(iter(recurring_ical_events.of(parsed).after(NOW)), None), runs
    )
    naive["kept MiB"], naive["peak MiB"] = memory_mib(
        lambda: icalendar.Calendar.from_ical(text)
    )
    return figures


def show(value: float, unit: str) -> str:
    """Format a figure with a readable unit."""
    if unit == "s":
        if value < 1e-3:
            return f"{value * 1e6:.1f} µs"
        if value < 1:
            return f"{value * 1e3:.1f} ms"
        return f"{value:.2f} s"
    return f"{value:.1f}"


def report(results: dict[int, dict[str, dict[str, float]]]) -> int:
    """Print the tables and the targets; return the number of missed targets."""
    rows = [
        "parse + index s",
        "unchanged feed s",
        "changed feed (1%) s",
        "30-day window s",
        "365-day window s",
        "365-day window, every event read s",
        "next event s",
        "kept MiB",
        "peak MiB",
    ]
    for count, figures in results.items():
        ours = figures["ours"]
        print(
            f"\n### {count:,} events ({ours['size MiB']:.1f} MiB, {int(ours['occurrences']):,} occurrences kept)\n"
        )
        print(
            "| measure | Seminar Calendar | core (ical) | naive (icalendar + r-i-e) | ical ÷ ours | naive ÷ ours |"
        )
        print("|---|---:|---:|---:|---:|---:|")
        for row in rows:
            name, unit = row.rsplit(" ", 1)
            cells = [show(figures[who][row], unit) for who in ("ours", "ical", "naive")]
            ratios = [
                f"{figures[who][row] / ours[row]:,.1f}×" if ours[row] else "∞"
                for who in ("ical", "naive")
            ]
            print(f"| {name} | " + " | ".join(cells + ratios) + " |")

    print("\n### Targets\n")
    print("| target | figure | met |")
    print("|---|---:|:---:|")
    missed = 0

    def target(label: str, figure: float, met: bool, fmt: str = "{:.2f}") -> None:
        nonlocal missed
        missed += not met
        print(f"| {label} | {fmt.format(figure)} | {'yes' if met else 'NO'} |")

    for count in (c for c in results if c >= 5000):
        ours, ical = results[count]["ours"], results[count]["ical"]
        for query in ("30-day window s", "365-day window s", "next event s"):
            speedup = ical[query] / ours[query]
            target(
                f"{count:,} events: {query[:-2]} ≥ 1,000× faster than ical",
                speedup,
                speedup >= 1000,
                "{:,.0f}×",
            )
    if 5000 in results:
        ours, ical = results[5000]["ours"], results[5000]["ical"]
        first = ours["parse + index s"]
        target(
            "5,000 events: first parse ÷ ical's parse ≤ 1.0",
            first / ical["parse + index s"],
            first <= ical["parse + index s"],
        )
        target(
            "5,000 events: changed feed (1%) ÷ first parse ≤ 0.2",
            ours["changed feed (1%) s"] / first,
            ours["changed feed (1%) s"] <= 0.2 * first,
        )
        target(
            "5,000 events: unchanged feed ÷ first parse ≤ 0.05",
            ours["unchanged feed s"] / first,
            ours["unchanged feed s"] <= 0.05 * first,
        )
        target(
            "5,000 events: memory kept ÷ ical's ≤ 0.5",
            ours["kept MiB"] / ical["kept MiB"],
            ours["kept MiB"] <= 0.5 * ical["kept MiB"],
        )
    counts = sorted(results)
    if len(counts) > 1:
        for query in ("30-day window s", "next event s"):
            # Flat: a window holds the same number of events per day at every size here,
            # so its time grows with the events per window, not with the feed.
            growth = (
                results[counts[-1]]["ours"][query] / results[counts[0]]["ours"][query]
            )
            print(
                f"| {query[:-2]}: {counts[-1]:,} ÷ {counts[0]:,} events (events per window grow {counts[-1] // counts[0]}×) | {growth:.1f}× | — |"
            )
    return missed


def main() -> None:
    """Run the benchmark."""
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument(
        "--quick", action="store_true", help="1,000 and 5,000 events, fewer runs"
    )
    options = arguments.parse_args()
    counts = (1000, 5000) if options.quick else (1000, 5000, 20000)
    runs, query_runs = (3, 200) if options.quick else (5, 1000)
    print(
        f"Python {sys.version.split()[0]}; median of {runs} runs (our queries: of {query_runs} calls each)"
    )
    results = {
        count: measure(count, runs if count < 20000 else 3, query_runs)
        for count in counts
    }
    missed = report(results)
    print(f"\n{missed} target(s) missed.")


if __name__ == "__main__":
    main()
