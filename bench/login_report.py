"""Summarise the sign-in benchmark: figures per configuration and verdicts."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

# The latency at which the time targets are set.
TARGET_LATENCY_MS = 50
DEFERRED_MAX_SEQUENTIAL = 2
DEFERRED_MAX_TIME_RATIO = 1.10
INLINE_MAX_SEQUENTIAL = 3
INLINE_MAX_TIME_RATIO = 1.6
INLINE_MAX_CPU_RATIO = 1.5


@dataclass(frozen=True)
class Call:
    """One HTTP request the site made, in seconds from the callback's start."""

    method: str
    path: str
    start: float
    end: float


@dataclass
class SignIn:
    """The figures of one timed callback."""

    wall_seconds: float
    # Process CPU time, read inside the site process around the request.
    cpu_seconds: float
    # The same, read from /proc/<pid>/stat around the callback, to a clock tick.
    proc_cpu_seconds: float | None
    # SQL queries the site ran during the callback.
    queries: int
    calls: list[Call]
    # Paths the emulator logged during the callback, with arrival times in seconds.
    arrivals: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Spread:
    """Median, 10th and 90th percentiles, minimum and maximum of some figures."""

    median: float
    p10: float
    p90: float
    minimum: float
    maximum: float

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if len(values) < 2:
            raise ValueError("A spread needs at least two values")
        deciles = statistics.quantiles(values, n=10, method="inclusive")
        return cls(
            median=statistics.median(values),
            p10=deciles[0],
            p90=deciles[-1],
            minimum=min(values),
            maximum=max(values),
        )


def sequential_depth(intervals: Sequence[tuple[float, float]]) -> int:
    """Return the longest chain of intervals in which each starts after the previous ends.

    Requests made one after the other form a chain. Requests in flight at
    the same time overlap, so at most one of them is in any chain.
    """
    ordered = sorted(intervals)
    depths: list[int] = []
    for start, _ in ordered:
        earlier = [
            depths[index]
            for index, (_, end) in enumerate(ordered[: len(depths)])
            if end <= start
        ]
        depths.append(1 + max(earlier, default=0))
    return max(depths, default=0)


def busy_seconds(intervals: Sequence[tuple[float, float]]) -> float:
    """Return how long at least one of the intervals was in progress."""
    total = 0.0
    covered_until = float("-inf")
    for start, end in sorted(intervals):
        if end > covered_until:
            total += end - max(start, covered_until)
            covered_until = end
    return total


def emulator_depth(arrivals: Sequence[tuple[str, float]], latency: float) -> int:
    """Return the sequential depth the emulator's log shows.

    The emulator delays every request by ``latency`` seconds, so a request
    is in flight for at least that long after it arrives. Two requests that
    arrive less than ``latency`` apart therefore overlapped.
    """
    return sequential_depth([(at, at + latency) for _, at in arrivals])


@dataclass(frozen=True)
class Summary:
    """The figures of one configuration."""

    title: str
    wall_ms: Spread
    # Time during which the callback waited on at least one request to Camdram.
    waiting_ms: Spread
    cpu_ms: Spread
    proc_cpu_mean_ms: float | None
    requests: tuple[int, int]
    queries: tuple[int, int]
    site_depth: tuple[int, int]
    emulator_depth: tuple[int, int] | None


def summarise(title: str, sign_ins: Sequence[SignIn], latency: float) -> Summary:
    """Return the figures of one configuration's timed sign-ins."""
    requests = [len(sign_in.calls) for sign_in in sign_ins]
    queries = [sign_in.queries for sign_in in sign_ins]
    # Without /proc there is no reading, and the column shows n/a.
    proc_cpu = [
        sign_in.proc_cpu_seconds
        for sign_in in sign_ins
        if sign_in.proc_cpu_seconds is not None
    ]
    waiting = [
        1000 * busy_seconds([(call.start, call.end) for call in sign_in.calls])
        for sign_in in sign_ins
    ]
    site_depths = [
        sequential_depth([(call.start, call.end) for call in sign_in.calls])
        for sign_in in sign_ins
    ]
    emulator_depths = [
        emulator_depth(sign_in.arrivals, latency) for sign_in in sign_ins
    ]
    return Summary(
        title=title,
        wall_ms=Spread.of([1000 * sign_in.wall_seconds for sign_in in sign_ins]),
        waiting_ms=Spread.of(waiting),
        cpu_ms=Spread.of([1000 * sign_in.cpu_seconds for sign_in in sign_ins]),
        proc_cpu_mean_ms=1000 * statistics.fmean(proc_cpu) if proc_cpu else None,
        requests=(min(requests), max(requests)),
        queries=(min(queries), max(queries)),
        site_depth=(min(site_depths), max(site_depths)),
        emulator_depth=(min(emulator_depths), max(emulator_depths))
        if latency > 0
        else None,
    )


def format_tables(summaries: Sequence[Summary], latency_ms: int) -> str:
    """Return the figures as two Markdown tables: times, then requests and CPU."""
    baseline = summaries[0]
    times = [
        "| configuration | callback ms: median | p10-p90 | min-max "
        "| ratio to sync off | ratio to 2 round trips | waiting on Camdram ms | not waiting ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    work = [
        "| configuration | requests to Camdram | sequential (site) "
        "| sequential (emulator) | SQL queries | CPU ms: median | p10-p90 "
        "| CPU ms: /proc mean |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for summary in summaries:
        wall, waiting, cpu = summary.wall_ms, summary.waiting_ms, summary.cpu_ms
        limit = f"{wall.median / (2 * latency_ms):.2f}" if latency_ms > 0 else "n/a"
        emulator = _range(summary.emulator_depth) if summary.emulator_depth else "n/a"
        proc_cpu = (
            "n/a"
            if summary.proc_cpu_mean_ms is None
            else f"{summary.proc_cpu_mean_ms:.1f}"
        )
        times.append(
            f"| {summary.title} | {wall.median:.1f} | {wall.p10:.1f}-{wall.p90:.1f} "
            f"| {wall.minimum:.1f}-{wall.maximum:.1f} "
            f"| {wall.median / baseline.wall_ms.median:.2f} | {limit} "
            f"| {waiting.median:.1f} | {wall.median - waiting.median:.1f} |"
        )
        work.append(
            f"| {summary.title} | {_range(summary.requests)} "
            f"| {_range(summary.site_depth)} | {emulator} "
            f"| {_range(summary.queries)} | {cpu.median:.1f} "
            f"| {cpu.p10:.1f}-{cpu.p90:.1f} | {proc_cpu} |"
        )
    return "\n".join([*times, "", *work])


def verdicts(
    baseline: Summary, inline: Summary, deferred: Summary, latency_ms: int
) -> list[str]:
    """Return one line per target: the figures, the target and whether it is met."""
    deferred_ratio = deferred.wall_ms.median / baseline.wall_ms.median
    inline_ratio = inline.wall_ms.median / baseline.wall_ms.median
    cpu_ratio = inline.cpu_ms.median / baseline.cpu_ms.median
    lines = [
        _verdict(
            f"sync deferred: at most {deferred.site_depth[1]} sequential requests, "
            f"callback {deferred_ratio:.2f} times sync off's",
            f"at most {DEFERRED_MAX_SEQUENTIAL} and at most {DEFERRED_MAX_TIME_RATIO:.2f} times",
            deferred.site_depth[1] <= DEFERRED_MAX_SEQUENTIAL
            and deferred_ratio <= DEFERRED_MAX_TIME_RATIO,
        ),
        _verdict(
            f"sync inline: at most {inline.site_depth[1]} sequential requests, "
            f"callback {inline_ratio:.2f} times sync off's",
            f"at most {INLINE_MAX_SEQUENTIAL} and at most {INLINE_MAX_TIME_RATIO:.2f} times",
            inline.site_depth[1] <= INLINE_MAX_SEQUENTIAL
            and inline_ratio <= INLINE_MAX_TIME_RATIO,
        ),
        _verdict(
            f"sync inline CPU: {cpu_ratio:.2f} times sync off's",
            f"at most {INLINE_MAX_CPU_RATIO:.2f} times",
            cpu_ratio <= INLINE_MAX_CPU_RATIO,
        ),
    ]
    if latency_ms != TARGET_LATENCY_MS:
        lines.append(
            f"The time targets are set for {TARGET_LATENCY_MS} ms per request; "
            f"this run used {latency_ms} ms."
        )
    return lines


def _verdict(figures: str, target: str, met: bool) -> str:
    return f"{figures} (target: {target}): {'met' if met else 'NOT MET'}"


def _range(bounds: tuple[int, int]) -> str:
    low, high = bounds
    return str(low) if low == high else f"{low}-{high}"
