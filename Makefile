# Pantau: `make run` sets everything up and opens Pantau on demo data; `make test` runs the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export PANTAU_DB ?= $(CURDIR)/data/warehouse
export PANTAU_DEMO_DIR ?= $(CURDIR)/data/demo

.PHONY: run install dev spark demo test test-spark bench bench-quick torture lint format clean mutate screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# Installs from the compiled lock files, so every machine gets the same versions and files: the
# locks carry hashes, so pip checks every download; the project itself goes in without deps.
$(VENV)/.runtime.stamp: requirements/runtime.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements/runtime.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev.stamp: requirements/dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -r requirements/dev.lock
	$(BIN)/python -m pip install -q --no-deps -e .
	touch $@ $(VENV)/.runtime.stamp

# The Spark engine (`--engine spark`, docs/lake.md): pyspark and sqlglot from their own lock,
# compiled against the dev lock; pyspark is ~0.5 GB installed, so only dev and tests take it.
# Spark also needs Java 17 (Debian: openjdk-17-jre-headless; .ci/run installs it).
$(VENV)/.spark.stamp: requirements/spark.lock $(VENV)/.dev.stamp
	$(BIN)/python -m pip install -q -r requirements/spark.lock
	touch $@

install: $(VENV)/.runtime.stamp

dev: $(VENV)/.dev.stamp

spark: $(VENV)/.spark.stamp

# The demo warehouse is built once: generate the demo exports, then load them, and then the
# agencies' exports the demo also writes (Bapenda's PKB realisation, satisfaction surveys), which
# live in an underscore folder so that a load of the transaction exports leaves them out.
$(PANTAU_DB)/CURRENT: | $(VENV)/.runtime.stamp
	$(BIN)/pantau demo --out $(PANTAU_DEMO_DIR)
	$(BIN)/pantau load $(PANTAU_DEMO_DIR)
	$(BIN)/pantau load $(PANTAU_DEMO_DIR)/_instansi

demo: $(PANTAU_DB)/CURRENT

# Ends by serving the dashboard at http://localhost:8501 (Ctrl+C stops it).
run: install demo
	$(BIN)/pantau status
	$(BIN)/pantau dashboard --open

# The suite includes the Spark parity test on the scorecard's queries and the CLI; test-spark
# runs the cases marked spark_all: every other query file in every parameter case, and the
# report, on Spark local mode (CI runs both; plain `pytest` runs everything). The 25 slowest
# tests are listed at the end, to keep the suite under its 20 minutes. It runs on one worker per
# core (pytest-xdist): tests wait on browsers, servers and Spark as much as they compute.
test: dev spark
	$(BIN)/python -m pytest -m "not spark_all" -n auto --durations=25

test-spark: dev spark
	$(BIN)/python -m pytest -q -m spark_all tests/pantau/queries/engines

# Benchmarks (benchmarks/bench.py): 1M and 10M demo rows, inputs cached in build/bench/; results in
# build/bench/results-<rows>.json and a new section of docs/benchmarks.md (python -m
# benchmarks.render FILE... prints it again from the saved results). BENCH_ARGS=--large adds 50M;
# BENCH_ARGS="--sizes 1M" picks sizes. bench-quick (CI) checks that every benchmark still runs.
bench: dev
	$(BIN)/python -m benchmarks.bench $(BENCH_ARGS)

bench-quick: dev
	$(BIN)/python -m benchmarks.bench --quick

# Screenshots of every page each role sees, 1366 and 390 px, id and en, signed in through the
# test provider: build/screenshots/roles/*.png and index.md (a table of each shot's problems).
screenshots: dev demo
	$(BIN)/python -m tests.dashboard.gallery --db $(PANTAU_DB)

# The full reliability run: 50 random kills, named crash points, full disk, 20 readers during
# 10 loads, two loads at once, the sandbox corpus, bad files and generated inputs, the PII scan;
# ends with a table of each promise and its counts (CI runs the same tests at small counts).
TORTURE_TESTS = tests/etl/warehouse/test_faults.py tests/pantau/queries/test_sandbox.py \
	tests/etl/test_bad_files.py tests/etl/test_file_properties.py tests/etl/test_pii_scan.py \
	tests/dashboard/test_browser.py tests/dashboard/test_upload_guard_live.py \
	tests/pantau/test_audit.py tests/pantau/test_access.py tests/dashboard/test_auth.py \
	tests/dashboard/test_auth_browser.py tests/etl/warehouse/test_release.py \
	tests/etl/load/test_key.py
torture: dev
	mkdir -p build/torture && rm -f build/torture/results.jsonl
	PANTAU_TORTURE=1 PANTAU_TORTURE_REPORT=$(CURDIR)/build/torture/results.jsonl \
		$(BIN)/python -m pytest -q $(TORTURE_TESTS)
	$(BIN)/python -m tests.torture_summary build/torture/results.jsonl

# lint-imports checks the layers and boundaries in pyproject.toml's [tool.importlinter].
lint: dev
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/lint-imports --no-cache
	$(BIN)/python -m mypy base etl

format: dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) data/demo data/warehouse .pytest_cache .ruff_cache

# Mutation testing (a habit, not part of `make test`): mutmut over the loader, the query runner,
# the gate and the scorecard ([tool.mutmut] in pyproject.toml; MUTMUT_ARGS="etl.load*" picks
# mutants), then SQL mutants of the named queries (tests/mutation/sql_mutants.py;
# SQL_MUTANT_ARGS="--queries 'kpi/*'" picks files). Both print their survivors.
mutate: dev
	$(BIN)/mutmut run $(MUTMUT_ARGS); $(BIN)/mutmut results
	$(BIN)/python -m tests.mutation.sql_mutants $(SQL_MUTANT_ARGS)
