"""Faults: a load killed at any moment, a full disk, readers during loads, two loads at once.

After every fault the warehouse opens and holds either everything it held before the load or
everything the load added — never a part — and running the same load again completes it.
``make torture`` runs the full counts (50 kills, 20 readers during 10 loads).
"""

from __future__ import annotations

import random
import re
import resource
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from demodata import generate
from etl.load import load
from etl.warehouse import current_generation
from pantau.queries import Runner
from tests.etl.warehouse.faults import (
    copy_warehouse,
    env,
    fingerprint,
    last_phase,
    load_command,
    record,
    run_load,
    scale,
    tried,
)
from tests.support import TEST_KEY

PHASE_LINE = re.compile(r"phase: (\w+).*\(at ([0-9.]+) s\)")
BEFORE_PUBLISH = ("copying", "reading", "merging", "refreshing")
"""The load's phases before it publishes, in order (``-v`` logs each one's start); then comes
"checkpointing" (and publishing), "published", "removing" (old generations) and "done"."""
CRASH_POINTS = (
    "publish:after-checkpoint",
    "publish:after-rename",
    "publish:writing-pointer",
    "publish:before-pointer-rename",
    "publish:after-pointer",
    "cleanup:after-delete",
)


@pytest.fixture(scope="module")
def scenario(tmp_path_factory):
    """Exports split into a first load (A) and a second (B: the last four months), the
    warehouse after A, the fingerprint after A+B loaded without faults, and B's duration."""
    root = tmp_path_factory.mktemp("faults")
    exports = root / "exports"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PANTAU_PII_KEY", TEST_KEY)
        generate(exports, rows=scale(60_000, 200_000), seed=3, csv_only=True)
        months = sorted((exports / "transaksi").iterdir())
        first = [exports / "kantor", *months[:-4]]
        second = months[-4:]
        after_a = root / "after_a"
        load(first, db=after_a)
        reference = copy_warehouse(after_a, root / "reference")
        started = time.perf_counter()
        done = run_load(second, reference)
        duration = time.perf_counter() - started
    assert done.returncode == 0, done.stderr
    starts = [(m[1], float(m[2])) for m in PHASE_LINE.finditer(done.stderr)]
    assert [name for name, _ in starts[:5]] == [*BEFORE_PUBLISH, "checkpointing"], starts
    return {
        "root": root,
        "after_a": after_a,
        "second": second,
        "fp_a": fingerprint(after_a),
        "fp_ab": fingerprint(reference),
        "duration": duration,
        "phases": {name: b - a for (name, a), (_, b) in pairwise(starts)},
    }


def _check_after_fault(db: Path, scenario: dict) -> str:
    """The warehouse opens and holds A or A+B; re-running B completes it. Returns which."""
    state = fingerprint(db)
    assert state in (scenario["fp_a"], scenario["fp_ab"]), "a half-loaded warehouse"
    outcome = "before" if state == scenario["fp_a"] else "after"
    again = run_load(scenario["second"], db)
    assert again.returncode == 0, again.stderr
    assert fingerprint(db) == scenario["fp_ab"]
    leftovers = [p.name for p in db.glob("gen-*.partial*")]
    assert leftovers == [], leftovers
    return outcome


def _kill_during(scenario: dict, db: Path, target: str, share: float) -> str:
    """Start the load, wait for it to log the start of phase ``target``, let ``share`` of that
    phase's reference duration pass, SIGKILL it; the phase it was in when it died."""
    process = subprocess.Popen(
        load_command(scenario["second"], db), env=env(), stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    reached = threading.Event()

    def follow() -> None:
        for line in process.stderr:
            lines.append(line)
            if f"phase: {target}" in line:
                reached.set()
        reached.set()  # the load ended (or died) without reaching it

    reader = threading.Thread(target=follow)
    reader.start()
    reached.wait(timeout=300)
    time.sleep(share * scenario["phases"].get(target, 0.0))
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    reader.join(timeout=60)
    return last_phase("".join(lines)) if process.returncode == -signal.SIGKILL else "finished"


def test_sigkill_at_random_moments(scenario, tmp_path) -> None:
    """Kills aimed at each phase in turn (a random moment inside it, timed from the phase
    start the load logs), so the spread of phases is chosen, not hoped for; then asserted."""
    kills = scale(5, 50)
    rng = random.Random(20250422)
    targets = [*BEFORE_PUBLISH, "checkpointing"]
    phases: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for i in range(kills):
        db = copy_warehouse(scenario["after_a"], tmp_path / f"wh{i}")
        phases[_kill_during(scenario, db, targets[i % len(targets)], rng.uniform(0, 0.8))] += 1
        try:
            outcomes[_check_after_fault(db, scenario)] += 1
        except AssertionError as failure:
            outcomes[f"failed: {failure}"] += 1
    failed = sum(n for outcome, n in outcomes.items() if outcome.startswith("failed"))
    record("load killed with SIGKILL at a random moment", kills, failed, phases=dict(phases),
           outcomes=dict(outcomes))  # fmt: skip
    assert failed == 0, outcomes
    assert set(phases) & set(BEFORE_PUBLISH), phases
    assert len(set(phases) - {"finished"}) >= scale(2, 4), phases


@pytest.mark.parametrize("point", CRASH_POINTS)
def test_sigkill_at_each_publish_step(scenario, tmp_path, point: str) -> None:
    with tried(f"load killed at {point}"):
        db = copy_warehouse(scenario["after_a"], tmp_path / "wh")
        if point.startswith("cleanup"):
            # clean-up deletes something only once two newer generations exist
            extra = run_load([scenario["second"][0]], db)
            assert extra.returncode == 0, extra.stderr
        killed = run_load(scenario["second"], db, PANTAU_CRASH_AT=point)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        if point.startswith("cleanup"):
            state = fingerprint(db)
            assert state == scenario["fp_ab"]
            assert run_load(scenario["second"], db).returncode == 0
            assert fingerprint(db) == scenario["fp_ab"]
        else:
            _check_after_fault(db, scenario)


def _limit_file_size(limit: int):
    def apply() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_disk_full_fails_with_a_sentence_and_keeps_serving(scenario, tmp_path) -> None:
    with tried("load onto a full disk: one sentence, previous generation served"):
        db = copy_warehouse(scenario["after_a"], tmp_path / "wh")
        size = current_generation(db).stat().st_size
        done = subprocess.run(
            load_command(scenario["second"], db),
            env=env(),
            capture_output=True,
            text=True,
            timeout=300,
            preexec_fn=_limit_file_size(size + 64 * 1024),
        )
        assert done.returncode == 1
        message = [line for line in done.stderr.splitlines() if line.startswith("pantau:")]
        assert len(message) == 1 and "free disk space" in message[0], done.stderr
        assert "Traceback" not in done.stderr
        assert fingerprint(db) == scenario["fp_a"]
        assert [p.name for p in db.glob("gen-*.partial*")] == []


def test_two_loads_at_once(scenario, tmp_path) -> None:
    with tried("two loads at once: one waits or fails cleanly"):
        db = copy_warehouse(scenario["after_a"], tmp_path / "wh")
        processes = [
            subprocess.Popen(load_command(scenario["second"], db), env=env(), text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)
        ]  # fmt: skip
        results = [(p.wait(timeout=300), p.stderr.read()) for p in processes]
        codes = sorted(code for code, _ in results)
        assert codes in ([0, 0], [0, 1])
        for code, stderr in results:
            if code == 1:
                assert "Another load" in stderr and "Traceback" not in stderr
        assert fingerprint(db) == scenario["fp_ab"]


def test_readers_never_see_an_error_or_a_half_load(scenario, tmp_path) -> None:
    """Readers (threads with their own runner, and a second process) query continuously
    while loads publish; each answer comes from exactly one generation, whose figures never
    change, and a new generation is seen within 5 s of its publication."""
    threads_n, loads_n = scale(5, 20), scale(3, 10)
    db = copy_warehouse(scenario["after_a"], tmp_path / "wh")
    months = sorted(scenario["second"])
    stop = threading.Event()
    seen: dict[str, set] = {}
    errors: list[str] = []
    first_seen: dict[str, float] = {}
    lock = threading.Lock()
    sql = (
        "SELECT (SELECT count(*) FROM transactions) AS n, "
        "(SELECT count(*) FROM load_runs) AS runs, (SELECT sum(n_total) FROM agg_day) AS agg"
    )

    def read() -> None:
        runner = Runner(db=db, today=date(2026, 11, 28))
        while not stop.is_set():
            try:
                result = runner.run_sql(sql)
            except Exception as exc:
                with lock:
                    errors.append(f"{type(exc).__name__}: {exc}")
                continue
            row = result.rows[0]
            with lock:
                seen.setdefault(result.generation, set()).add((row["n"], row["runs"], row["agg"]))
                first_seen.setdefault(result.generation, time.monotonic())
        runner.close()

    other = subprocess.Popen(
        [
            sys.executable, "-c",
            "import sys, time; from pathlib import Path; from pantau.queries import Runner\n"
            "r = Runner(db=Path(sys.argv[1]))\n"
            "end = time.monotonic() + float(sys.argv[2]); n = 0\n"
            "while time.monotonic() < end:\n"
            "    r.run_sql('SELECT count(*) FROM transactions'); n += 1\n"
            "print(n)",
            str(db), str(scale(15, 60)),
        ],
        env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    readers = [threading.Thread(target=read) for _ in range(threads_n)]
    for thread in readers:
        thread.start()
    published: dict[str, float] = {}
    for i in range(loads_n):
        done = run_load([months[i % len(months)]] if i else months[:1], db)
        assert done.returncode == 0, done.stderr
        published[current_generation(db).name] = time.monotonic()
        time.sleep(0.5)
    time.sleep(5)
    stop.set()
    for thread in readers:
        thread.join(timeout=30)
    out, err = other.communicate(timeout=60)
    assert errors == []
    assert other.returncode == 0 and int(out.strip()) > 0, err
    assert all(len(values) == 1 for values in seen.values()), "a generation changed under a reader"
    lags = [first_seen[g] - t for g, t in published.items() if g in first_seen]
    assert set(published) <= set(first_seen), "a published load was never seen"
    assert max(lags) < 5
    record("readers during loads: errors, half-loads", threads_n + 1, len(errors),
           loads=loads_n, generations_seen=len(seen), max_lag_s=round(max(lags), 2))  # fmt: skip
