"""The warehouse schema as numbered migrations.

A generation records the highest migration applied in ``schema_migrations``; opening a
generation for writing applies the missing ones in order, so an older warehouse upgrades itself
on its next load, and a warehouse from a newer Pantau is refused rather than misread.
"""

from __future__ import annotations

import duckdb

from base.errors import WarehouseError

MIGRATIONS: list[tuple[int, str, str]] = [
    (
        1,
        "core tables: reference, branches, transactions, load accounting, rejects",
        """
        CREATE TABLE ref_kabupaten (
            kabupaten_code VARCHAR PRIMARY KEY, bps_code VARCHAR, name VARCHAR, capital VARCHAR,
            lat DOUBLE, lon DOUBLE, area_km2 DOUBLE, population_2020 BIGINT, population BIGINT,
            vehicles_2023 BIGINT, underdeveloped BOOLEAN, n_kecamatan INTEGER, n_desa INTEGER);
        CREATE TABLE ref_kecamatan (
            kecamatan_code VARCHAR PRIMARY KEY, kabupaten_code VARCHAR, name VARCHAR,
            lat DOUBLE, lon DOUBLE, n_desa INTEGER, population BIGINT,
            population_is_estimate BOOLEAN, dist_capital_km DOUBLE,
            dist_bandar_lampung_km DOUBLE, remote BOOLEAN, remote_reason VARCHAR);
        CREATE TABLE ref_postcodes (
            postcode VARCHAR PRIMARY KEY, kecamatan_code VARCHAR, kabupaten_code VARCHAR,
            n_desa INTEGER, n_kecamatan INTEGER);
        CREATE TABLE ref_services (
            service_code VARCHAR PRIMARY KEY, name_id VARCHAR, name_en VARCHAR, agency VARCHAR,
            mou BOOLEAN, wait_standard_min INTEGER, aliases VARCHAR);

        CREATE TABLE load_runs (
            load_id INTEGER PRIMARY KEY, started_at TIMESTAMPTZ, finished_at TIMESTAMPTZ,
            generation VARCHAR, pantau_version VARCHAR, files_loaded INTEGER,
            files_skipped INTEGER, files_failed INTEGER, months_refreshed VARCHAR[]);
        CREATE TABLE load_files (
            file_id INTEGER PRIMARY KEY, load_id INTEGER, path VARCHAR, name VARCHAR,
            sha256 VARCHAR, size_bytes BIGINT, kind VARCHAR, file_format VARCHAR,
            source_key VARCHAR, status VARCHAR, rows_read BIGINT, rows_loaded BIGINT,
            rows_updated BIGINT, rows_duplicate BIGINT, rows_rejected BIGINT,
            ignored_columns VARCHAR[], error VARCHAR, loaded_at TIMESTAMPTZ, seconds DOUBLE);

        CREATE TABLE branches (
            branch_code VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR,
            kecamatan_code VARCHAR, kabupaten_code VARCHAR, lat DOUBLE, lon DOUBLE,
            opened_on DATE, counters INTEGER, row_hash UHUGEINT, file_id INTEGER,
            source_row BIGINT);

        CREATE TABLE transactions (
            transaction_id VARCHAR NOT NULL, branch_code VARCHAR NOT NULL,
            service_code VARCHAR NOT NULL, channel VARCHAR NOT NULL, status VARCHAR NOT NULL,
            arrived_at TIMESTAMP NOT NULL, served_at TIMESTAMP, finished_at TIMESTAMP,
            wait_seconds INTEGER, service_seconds INTEGER, amount_idr DECIMAL(18, 2),
            customer_postcode VARCHAR, customer_kecamatan_code VARCHAR,
            customer_kabupaten_code VARCHAR, customer_remote BOOLEAN, mou_service BOOLEAN,
            nik_pid UHUGEINT, nik_valid BOOLEAN, plate_pid UHUGEINT, plate_valid BOOLEAN,
            row_hash UHUGEINT NOT NULL, file_id INTEGER NOT NULL, source_row BIGINT NOT NULL);

        CREATE TABLE rejects (
            file_id INTEGER, source_row BIGINT, transaction_id VARCHAR, column_name VARCHAR,
            reason VARCHAR, value VARCHAR);
        """,
    ),
    (
        2,
        "the fingerprint of the PII key the warehouse was pseudonymised with (never the key)",
        """
        CREATE TABLE pii_key (
            fingerprint VARCHAR NOT NULL, recorded_at TIMESTAMPTZ DEFAULT now());
        """,
    ),
    (
        3,
        "what a load's export folder declared the data to be (a sample, its share): etl.dataset",
        """
        CREATE TABLE dataset_notes (
            load_id INTEGER NOT NULL, kind VARCHAR NOT NULL, sample_share DOUBLE NOT NULL,
            public_total BIGINT, public_total_basis VARCHAR, source VARCHAR,
            generator VARCHAR, seed BIGINT, sha256 VARCHAR NOT NULL,
            recorded_at TIMESTAMPTZ DEFAULT now());
        """,
    ),
    (
        4,
        "agency inputs (issue 17): Bapenda's PKB realisation, satisfaction-survey responses, "
        "the policy calendar (reference holidays and events, the admin's additions) and the "
        "rows a load skipped as not being records (total rows, notes)",
        """
        CREATE TABLE realisation (
            realisation_key VARCHAR NOT NULL, month DATE NOT NULL, uptd VARCHAR NOT NULL,
            kabupaten_code VARCHAR NOT NULL, channel VARCHAR NOT NULL,
            channel_label VARCHAR, vehicles BIGINT, pkb_pokok DECIMAL(18, 2),
            opsen_pkb DECIMAL(18, 2), denda DECIMAL(18, 2), swdkllj DECIMAL(18, 2),
            pnbp DECIMAL(18, 2), total DECIMAL(18, 2), row_hash UHUGEINT NOT NULL,
            file_id INTEGER NOT NULL, source_row BIGINT NOT NULL);
        CREATE TABLE survey_responses (
            response_key VARCHAR NOT NULL, branch_code VARCHAR NOT NULL,
            service_code VARCHAR, survey_date DATE NOT NULL, submitted_at TIMESTAMP,
            sex VARCHAR, age INTEGER, age_group VARCHAR,
            u1 TINYINT NOT NULL, u2 TINYINT NOT NULL, u3 TINYINT NOT NULL, u4 TINYINT NOT NULL,
            u5 TINYINT NOT NULL, u6 TINYINT NOT NULL, u7 TINYINT NOT NULL, u8 TINYINT NOT NULL,
            u9 TINYINT NOT NULL, respondent_pid UHUGEINT, row_hash UHUGEINT NOT NULL,
            file_id INTEGER NOT NULL, source_row BIGINT NOT NULL);
        CREATE TABLE skipped_rows (
            file_id INTEGER, source_row BIGINT, reason VARCHAR, value VARCHAR);
        ALTER TABLE load_files ADD COLUMN rows_skipped BIGINT DEFAULT 0;
        CREATE TABLE ref_calendar (
            event_id VARCHAR PRIMARY KEY, kind VARCHAR NOT NULL, start_date DATE NOT NULL,
            end_date DATE NOT NULL, name VARCHAR, affects VARCHAR, scope VARCHAR,
            description VARCHAR, source VARCHAR);
        CREATE TABLE calendar_admin (
            event_id VARCHAR NOT NULL, kind VARCHAR NOT NULL, start_date DATE,
            end_date DATE, name VARCHAR, affects VARCHAR, scope VARCHAR,
            description VARCHAR, source VARCHAR, row_hash UHUGEINT NOT NULL,
            file_id INTEGER NOT NULL, source_row BIGINT NOT NULL);
        -- The calendar queries read: the reference entries, each replaced by the admin's entry
        -- of the same event_id; an admin entry of kind 'batal' removes the event.
        CREATE VIEW calendar_events AS
        SELECT event_id, kind, start_date, end_date, name, affects, scope, description, source,
               'admin' AS origin
        FROM calendar_admin WHERE kind <> 'batal'
        UNION ALL
        SELECT event_id, kind, start_date, end_date, name, affects, scope, description, source,
               'reference' AS origin
        FROM ref_calendar r
        WHERE NOT EXISTS (SELECT 1 FROM calendar_admin a WHERE a.event_id = r.event_id);
        """,
    ),
    (
        5,
        "the branch a rejected row names, so an admin can send each branch its own rejects",
        """
        ALTER TABLE rejects ADD COLUMN branch_code VARCHAR;
        """,
    ),
    (
        6,
        "the citizen's sex and age band at the transaction, read from the NIK at load time "
        "before it is pseudonymised (issue 17: inclusion); rows loaded before stay null",
        """
        ALTER TABLE transactions ADD COLUMN citizen_sex VARCHAR;
        ALTER TABLE transactions ADD COLUMN citizen_age_band VARCHAR;
        """,
    ),
    (
        7,
        "per-service standards (issue 17): completion-time standard and the service days a "
        "month that make a service regularly available in a kecamatan, copied from "
        "etl/config/service_standards.toml (PANTAU_SERVICE_STANDARDS) at each load",
        """
        CREATE TABLE ref_service_standards (
            service_code VARCHAR PRIMARY KEY, completion_standard_min INTEGER,
            regular_days_per_month INTEGER);
        """,
    ),
    (
        8,
        "the bases that split targets over kabupaten/kota (issue 17): the BPS poverty rate "
        "(nearest year to 2024) and the UPTD Samsat PKB targets for 2025, copied from "
        "data/reference (poverty.csv, bapenda_uptd.csv) into ref_kabupaten at each load",
        """
        ALTER TABLE ref_kabupaten ADD COLUMN poverty_rate_pct DOUBLE;
        ALTER TABLE ref_kabupaten ADD COLUMN poverty_year INTEGER;
        ALTER TABLE ref_kabupaten ADD COLUMN pkb_target_2025 BIGINT;
        """,
    ),
    (
        9,
        "the province as a dimension (issue 18): ref_province (the 38 Kemendagri province "
        "codes) and each kabupaten/kota's province_code, copied from data/reference at each load",
        """
        CREATE TABLE ref_province (
            province_code VARCHAR PRIMARY KEY, name VARCHAR, n_kabupaten INTEGER,
            boundaries BOOLEAN);
        ALTER TABLE ref_kabupaten ADD COLUMN province_code VARCHAR;
        """,
    ),
]

LATEST = MIGRATIONS[-1][0]


def current_version(con: duckdb.DuckDBPyConnection) -> int:
    exists = con.sql(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return 0
    return con.sql("SELECT coalesce(max(version), 0) FROM schema_migrations").fetchall()[0][0]


def migrate(con: duckdb.DuckDBPyConnection) -> int:
    """Apply the migrations this generation lacks; returns the version it is at now."""
    version = current_version(con)
    if version > LATEST:
        raise WarehouseError(
            f"The warehouse is at schema version {version} but this Pantau knows only up to "
            f"{LATEST}; upgrade Pantau before loading into it."
        )
    if version == 0:
        con.execute(
            "CREATE TABLE schema_migrations (version INTEGER, description VARCHAR, "
            "applied_at TIMESTAMPTZ DEFAULT now())"
        )
    for number, description, sql in MIGRATIONS:
        if number > version:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, description) VALUES (?, ?)",
                [number, description],
            )
    return LATEST
