-- reads: (none)
-- writes: stage_transactions, stage_branches, staged_transactions, nik_dict, plate_dict
--
-- The load's own tables, made once when a load opens its generation (etl/load/session.py):
-- the stages the files' rows are parsed into and the merge reads, and the dictionaries that
-- keep every identity number and plate seen in this load pseudonymised once.

CREATE OR REPLACE TEMP TABLE stage_transactions (
    transaction_id VARCHAR, branch_code VARCHAR, service_code VARCHAR, channel VARCHAR,
    status VARCHAR, arrived_at TIMESTAMP, served_at TIMESTAMP, finished_at TIMESTAMP,
    wait_seconds INTEGER, service_seconds INTEGER, amount_idr DECIMAL(18, 2),
    customer_postcode VARCHAR, nik_pid UHUGEINT, nik_valid BOOLEAN, plate_pid UHUGEINT,
    plate_valid BOOLEAN, citizen_sex VARCHAR, citizen_age_band VARCHAR, row_hash UHUGEINT,
    file_id INTEGER, source_row BIGINT, file_seq INTEGER, failure VARCHAR, reject_value VARCHAR);

CREATE OR REPLACE TEMP TABLE stage_branches (
    branch_code VARCHAR, name VARCHAR, type VARCHAR, kecamatan_code VARCHAR,
    kabupaten_code VARCHAR, lat DOUBLE, lon DOUBLE, opened_on DATE, counters INTEGER,
    row_hash UHUGEINT, file_id INTEGER, source_row BIGINT, file_seq INTEGER);

-- Failed rows stay in the stage beside the good ones (deleting rows appended in the same
-- transaction made each batch's commit 2.5 s slower); the merge reads the good ones.
CREATE OR REPLACE TEMP VIEW staged_transactions AS
SELECT * EXCLUDE (failure, reject_value) FROM stage_transactions WHERE failure IS NULL;

-- nik_sex and nik_birth (YYMMDD, women's day less 40) are read from the NIK before it is
-- pseudonymised; they live only in this temp table: the warehouse keeps the sex and the age
-- band at each transaction (stage_transactions.sql), never the birth date.
CREATE OR REPLACE TEMP TABLE nik_dict (
    v VARCHAR, nik_valid BOOLEAN, nik_hex VARCHAR, nik_pid UHUGEINT, nik_sex VARCHAR,
    nik_birth INTEGER);

CREATE OR REPLACE TEMP TABLE plate_dict (
    v VARCHAR, plate_valid BOOLEAN, plate_hex VARCHAR, plate_pid UHUGEINT);
