"""Spark Connect: the same figures from a Spark Connect server (started here from pyspark's
own ``sbin/start-connect-server.sh``, local mode, loopback only) as from the warehouse."""

from __future__ import annotations

import os
import socket
import subprocess
import time
from datetime import date
from pathlib import Path

import pytest

from pantau.queries import Runner
from pantau.queries.engines.spark import SparkEngine
from tests.pantau.queries.engines.conftest import TODAY_ISO, differences

pytestmark = pytest.mark.spark_all  # a second JVM: make test-spark


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def connect_url(tmp_path_factory: pytest.TempPathFactory):
    import pyspark

    home = Path(pyspark.__file__).parent
    logs = tmp_path_factory.mktemp("spark-connect")
    port = _free_port()
    env = {**os.environ, "SPARK_HOME": str(home), "SPARK_LOCAL_IP": "127.0.0.1",
           "SPARK_LOG_DIR": str(logs), "SPARK_PID_DIR": str(logs)}  # fmt: skip
    start = [
        "bash", str(home / "sbin" / "start-connect-server.sh"), "--master", "local[2]",
        "--conf", "spark.ui.enabled=false",
        "--conf", "spark.connect.grpc.binding.address=127.0.0.1",
        "--conf", f"spark.connect.grpc.binding.port={port}",
    ]  # fmt: skip
    subprocess.run(start, env=env, check=True, capture_output=True)
    try:
        deadline = time.monotonic() + 180
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    logged = "\n".join(p.read_text()[-2000:] for p in logs.glob("*.out"))
                    pytest.fail(f"Spark Connect did not listen on {port} in 180 s:\n{logged}")
                time.sleep(1)
        yield f"sc://127.0.0.1:{port}"
    finally:
        stop = ["bash", str(home / "sbin" / "stop-connect-server.sh")]
        subprocess.run(stop, env=env, check=False, capture_output=True)


def test_the_same_rows_over_spark_connect(demo_lake, connect_url: str) -> None:
    today = date.fromisoformat(TODAY_ISO)
    warehouse = Runner(db=demo_lake.db, today=today)
    remote = Runner(
        db=demo_lake.db, today=today, engine=SparkEngine(demo_lake.lake, master=connect_url)
    )
    try:
        for name, params in [
            ("kpi/by_kabupaten", {}),
            ("volume/monthly", {"from_month": "2026-01", "to_month": "2026-10"}),
            ("wait/by_hour", {}),
        ]:
            problems = differences(
                warehouse.run(name, params).frame, remote.run(name, params).frame
            )
            assert not problems, f"{name}: {problems}"
    finally:
        warehouse.close()
        remote.close()
