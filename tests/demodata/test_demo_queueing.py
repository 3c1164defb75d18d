"""The vectorised queue gives exactly what the textbook heap-per-branch-day loop gives."""

from __future__ import annotations

import heapq

import numpy as np

from demodata.queueing import simulate_fifo


def _heap_fifo(arrival: list[float], duration: list[float], servers: int) -> list[float]:
    free = [0.0] * servers
    heapq.heapify(free)
    starts = []
    for a, d in zip(arrival, duration, strict=True):
        start = max(a, free[0])
        heapq.heapreplace(free, start + d)
        starts.append(start)
    return starts


def test_vectorised_fifo_equals_a_heap_per_segment() -> None:
    rng = np.random.default_rng(1)
    lengths = rng.integers(0, 120, 60)
    servers = rng.integers(1, 9, 60)
    first = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    arrival = np.concatenate([np.sort(rng.uniform(28_800, 54_000, n)) for n in lengths])
    duration = rng.lognormal(np.log(300), 0.5, len(arrival))
    keep = lengths > 0
    got = simulate_fifo(first[keep], lengths[keep], servers[keep], arrival, duration)
    for f, n, c in zip(first, lengths, servers, strict=True):
        expected = _heap_fifo(list(arrival[f : f + n]), list(duration[f : f + n]), int(c))
        assert np.allclose(got[f : f + n], expected, rtol=0, atol=1e-9)


def test_more_counters_never_mean_longer_waits() -> None:
    rng = np.random.default_rng(2)
    arrival = np.sort(rng.uniform(28_800, 36_000, 300))
    duration = rng.lognormal(np.log(360), 0.4, 300)
    one = np.array([0])
    length = np.array([300])
    waits = [
        (simulate_fifo(one, length, np.array([c]), arrival, duration) - arrival).mean()
        for c in (2, 3, 4)
    ]
    assert waits[0] > waits[1] > waits[2] >= 0
