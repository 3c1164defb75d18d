"""The sandbox: the engine alone refuses reading files, writing, settings and extensions; the
runner adds the one-read-statement rule; limits stop runaway queries; the runner recovers."""

from __future__ import annotations

import time
from datetime import date

import duckdb
import pytest

from etl.warehouse import open_current, release
from pantau.queries import QueryRefusedError, Runner
from tests.etl.warehouse.faults import record
from tests.pantau.queries.sandbox_corpus import ENGINE_REFUSES, RUNNER_REFUSES

TODAY = date(2026, 11, 28)


@pytest.fixture(scope="module")
def engine(demo_warehouse):
    """A bare sandboxed connection: no statement check of any kind in front of it."""
    con, path = open_current(demo_warehouse.db)
    yield con
    con.close()
    release(path)


@pytest.fixture(scope="module")
def runner(demo_warehouse):
    """The runner with its friendly pattern check switched off: only the engine and the
    one-read-statement rule stand in the way."""
    r = Runner(db=demo_warehouse.db, friendly=False, today=TODAY, timeout=5)
    yield r
    r.close()


def _counts(con: duckdb.DuckDBPyConnection) -> tuple:
    return con.sql(
        "SELECT (SELECT count(*) FROM transactions), (SELECT count(*) FROM rejects), "
        "(SELECT count(*) FROM branches), (SELECT count(*) FROM duckdb_tables())"
    ).fetchall()[0]


def test_the_corpus_is_large_enough() -> None:
    assert len(ENGINE_REFUSES) >= 20
    assert set(ENGINE_REFUSES) < set(RUNNER_REFUSES)


@pytest.mark.parametrize("name", sorted(ENGINE_REFUSES))
def test_engine_alone_refuses(engine, name: str) -> None:
    before = _counts(engine)
    cursor = engine.cursor()
    with pytest.raises(duckdb.Error):
        cursor.execute(ENGINE_REFUSES[name])
    cursor.close()
    assert _counts(engine) == before
    assert engine.sql("SELECT current_setting('enable_external_access')").fetchall() == [(False,)]


@pytest.mark.parametrize("name", sorted(RUNNER_REFUSES))
def test_runner_refuses_with_one_sentence_and_recovers(runner, name: str) -> None:
    with pytest.raises(QueryRefusedError) as refused:
        runner.run_sql(RUNNER_REFUSES[name])
    message = str(refused.value)
    assert "\n" not in message and message.endswith((".", ")")) and "Traceback" not in message
    assert runner.run_sql("SELECT 42 AS answer").rows == [{"answer": 42}]


def test_nothing_was_written_anywhere(runner, demo_warehouse, tmp_path) -> None:
    for leak in ("/tmp/pantau_leak.csv", "/tmp/pantau_leak.parquet", "/tmp/pantau_export"):
        assert not __import__("os").path.exists(leak)
    assert runner.run_sql("SELECT count(*) AS n FROM duckdb_tables() WHERE temporary").rows == [
        {"n": 0}
    ]


def test_runaway_query_stops_within_the_limit_plus_a_second(demo_warehouse) -> None:
    runner = Runner(db=demo_warehouse.db, friendly=False, today=TODAY, timeout=1.0)
    started = time.monotonic()
    with pytest.raises(QueryRefusedError, match="longer than 1 s"):
        runner.run_sql("SELECT count(*) FROM range(1000000000) a, range(1000000) b")
    assert time.monotonic() - started < 1.0 + 1.0
    assert runner.run_sql("SELECT 1 AS ok").rows == [{"ok": 1}]
    runner.close()


def test_row_cap_cuts_and_says_so(demo_warehouse) -> None:
    runner = Runner(db=demo_warehouse.db, today=TODAY, max_rows=50)
    result = runner.run_sql("SELECT * FROM range(1000)")
    assert result.frame.height == 50 and result.truncated
    exact = runner.run_sql("SELECT * FROM range(50)")
    assert exact.frame.height == 50 and not exact.truncated
    override = runner.run_sql("SELECT * FROM range(1000)", max_rows=10)
    assert override.frame.height == 10 and override.truncated
    runner.close()


def test_friendly_check_explains_file_reading(demo_warehouse) -> None:
    runner = Runner(db=demo_warehouse.db, today=TODAY)
    with pytest.raises(QueryRefusedError, match="reading files is not allowed"):
        runner.run_sql("SELECT * FROM read_csv('/etc/passwd')")
    runner.close()


def test_analysts_can_read_every_warehouse_table(runner) -> None:
    tables = runner.run_sql("SHOW TABLES").frame["name"].to_list()
    assert {"transactions", "agg_day", "ref_kecamatan", "rejects"} <= set(tables)
    assert runner.run_sql("SELECT count(*) AS n FROM transactions").rows[0]["n"] > 0


def test_a_light_query_answers_while_heavy_ones_run(demo_warehouse) -> None:
    """Five analysts' heavy queries do not starve a leader's light one (p95 under 2 s)."""
    import statistics
    import threading

    heavy = "SELECT count(*) FROM range(400000000) a, range(10) b WHERE (a.range * b.range) % 7 = 3"
    runners = [Runner(db=demo_warehouse.db, today=TODAY, timeout=8) for _ in range(6)]
    stop = threading.Event()
    outcomes: list[str] = []

    def grind(runner: Runner) -> None:
        while not stop.is_set():
            try:
                runner.run_sql(heavy)
                outcomes.append("finished")
            except QueryRefusedError:
                outcomes.append("stopped")

    threads = [threading.Thread(target=grind, args=(r,)) for r in runners[:5]]
    for thread in threads:
        thread.start()
    time.sleep(1.0)
    light, times = runners[5], []
    for _ in range(12):
        started = time.monotonic()
        light.run("kpi/mou_transactions")
        times.append(time.monotonic() - started)
        light._cache.clear()
    stop.set()
    for thread in threads:
        thread.join(timeout=20)
    for runner in runners:
        runner.close()
    p95 = sorted(times)[int(0.95 * (len(times) - 1))]
    assert p95 < 2.0, (p95, statistics.median(times))
    record("light query p95 (s) with 5 heavy queries running", len(times), 0, p95=round(p95, 2))


def test_a_memory_bomb_fails_with_a_sentence_and_the_runner_lives(runner) -> None:
    with pytest.raises(QueryRefusedError) as refused:
        runner.run_sql("SELECT list(range) AS l FROM range(300000000) GROUP BY range % 2")
    assert "memory" in str(refused.value).lower() or "longer than" in str(refused.value)
    assert runner.run_sql("SELECT 1 AS ok").rows == [{"ok": 1}]
    record("memory bomb refused, runner still answers", 1)


def test_record_the_corpus_counts() -> None:
    record("sandbox escapes refused by the engine alone", len(ENGINE_REFUSES), 0)
    record("sandbox escapes refused by the runner", len(RUNNER_REFUSES), 0)
