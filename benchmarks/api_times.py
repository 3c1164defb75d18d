"""``pantau api`` over real HTTP (issue 21): latency of a few public endpoints cold, cached for
the public, and for a token holder, with the server as a child process.

Each run starts a fresh server on the warehouse (empty response and result caches, the
generation not yet opened), then per endpoint: one public request (*cold*), ``repeats`` more
public requests (*public cached*: served from the response cache, a tally in the audit), and
``repeats`` requests with a leadership token (*token*: through the gate every time, on the
runner's result cache, one audit line each). Results: ``<out>/api-<rows>.json`` and a section of
docs/benchmarks.md (medians and 95th percentiles in milliseconds).
"""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import time
import urllib.request
from dataclasses import asdict, dataclass
from pathlib import Path

from benchmarks.processes import log, pantau_command

TOKEN = "bench-token-0123456789abcdefghij"
ENDPOINTS = (
    "/api/status",
    "/api/query/kpi/by_kabupaten",
    "/api/query/volume/monthly",
    "/api/query/reach/kecamatan",
    "/api/kpi",  # the last full month with data
)


@dataclass
class ApiResult:
    rows: int
    runs: int
    repeats: int
    cold_ms: dict[str, list[float]]
    public_ms: dict[str, list[float]]
    token_ms: dict[str, list[float]]
    bytes: dict[str, int]
    load_average_1min: list[float]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get(url: str, token: str | None = None) -> tuple[float, int]:
    request = urllib.request.Request(url)
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=120) as answer:
        body = answer.read()
    return (time.perf_counter() - started) * 1000, len(body)


def _serve(warehouse: Path, access: Path, port: int, logs: Path) -> subprocess.Popen:
    # one client makes every request here: a budget of a million a minute keeps the limiter
    # in the path (it is still consulted on every public request) without refusing any
    env = dict(os.environ, PANTAU_API_PUBLIC_RATE="1000000")
    command = [*pantau_command(), "api", "--port", str(port), "--db", str(warehouse)]
    server = subprocess.Popen(
        [*command, "--access", str(access)],
        env=env,
        stdout=logs.open("wb"),
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError(f"pantau api did not listen on {port}; see {logs}")


def measure(warehouse: Path, rows: int, out: Path, runs: int, repeats: int) -> ApiResult:
    from pantau.access import token_digest

    load_before = os.getloadavg()[0]
    os.environ.update(no_proxy="127.0.0.1", NO_PROXY="127.0.0.1")  # never through a proxy
    access = out / "api-access.toml"
    access.write_text(
        f'[[tokens]]\nname = "bench"\nsha256 = "{token_digest(TOKEN)}"\nrole = "leadership"\n',
        encoding="utf-8",
    )
    cold: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
    public: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
    token: dict[str, list[float]] = {e: [] for e in ENDPOINTS}
    sizes: dict[str, int] = {}
    for run in range(runs):
        port = _free_port()
        server = _serve(warehouse, access, port, out / f"api-{rows}-{run}.log")
        base = f"http://127.0.0.1:{port}"
        try:
            for endpoint in ENDPOINTS:
                ms, size = _get(base + endpoint)
                cold[endpoint].append(ms)
                sizes[endpoint] = size
                public[endpoint] += [_get(base + endpoint)[0] for _ in range(repeats)]
                token[endpoint] += [_get(base + endpoint, TOKEN)[0] for _ in range(repeats)]
        finally:
            server.terminate()
            server.wait(timeout=30)
    result = ApiResult(
        rows, runs, repeats, cold, public, token, sizes, [load_before, os.getloadavg()[0]]
    )
    path = out / f"api-{rows}.json"
    path.write_text(json.dumps(asdict(result), indent=1), encoding="utf-8")
    log(f"wrote {path}")
    return result


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def section(out: Path, sizes: list[int]) -> str:
    """The Markdown table of the API results saved in ``out`` ("" if none)."""
    results = [
        ApiResult(**json.loads(p.read_text(encoding="utf-8")))
        for s in sizes
        if (p := out / f"api-{s}.json").exists()
    ]
    if not results:
        return ""
    lines = [
        "### HTTP API (issue 21)",
        "",
        "`pantau api` as a child process, requests over HTTP from this process (one at a time). "
        "*Cold*: the first public request to a fresh server (one per run); *public cached*: the "
        "same request again (response cache); *token*: a leadership token's request (through "
        "the gate each time, on the runner's result cache). Milliseconds, median / 95th "
        "percentile.",
        "",
        "| transactions | endpoint | KB | cold | public cached | token |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in results:
        for endpoint in r.cold_ms:
            cells = [
                f"{statistics.median(v):.1f} / {_p95(v):.1f}"
                for v in (r.cold_ms[endpoint], r.public_ms[endpoint], r.token_ms[endpoint])
            ]
            lines.append(
                f"| {r.rows:,} | `{endpoint}` | {r.bytes[endpoint] / 1024:.1f} | "
                + " | ".join(cells)
                + " |"
            )
    for r in results:
        lines.append(
            f"\n{r.rows:,} rows: {r.runs} runs × {r.repeats} repeats; 1-minute load average "
            f"{r.load_average_1min[0]:.1f} → {r.load_average_1min[1]:.1f}."
        )
    return "\n".join(lines) + "\n"
