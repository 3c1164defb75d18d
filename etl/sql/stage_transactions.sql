-- reads: batch_raw, batch_malformed, load_ctx, service_lookup, pantau_blank, pantau_key,
--        pantau_nik, pantau_nik_valid, pantau_pid_hex, pantau_pid_of_hex, pantau_plate,
--        pantau_plate_valid, pantau_ts, pantau_amount, pantau_safe_text, pantau_nik_sex,
--        pantau_nik_birth, pantau_age_at, pantau_age_band
-- writes: nik_dict, plate_dict, word_dict, stage_transactions
--
-- Parse and validate a batch of files' rows (view batch_raw, all text, with each row's _file_id
-- and _file_seq, and each time column's parse in its file's layout where one was detected,
-- _<column>_fast) into typed rows. Every row gets exactly one outcome: a reject (first failing
-- check, with its column) or a staged row. Raw NIK and plate numbers exist only in the load's
-- temp tables (the files' rows, nik_dict, plate_dict): what is stored is their keyed pseudonym
-- (pantau_pid) and a validity flag, and from a valid NIK the citizen's sex and age band at the
-- transaction's arrival date (the birth date stays in nik_dict, a temp table). Context ("now" in WIB, the HMAC pads) comes from the temp
-- table load_ctx.
--
-- Values that repeat (identity numbers, plates, service names, channels, statuses, branch
-- codes) are parsed once per distinct value in dictionaries and joined back: a citizen pays
-- every month, and hashing dominates.

-- nik_dict and plate_dict (temp tables made by stage_tables.sql) keep every value seen in this load, so
-- a value is hashed once per load, not once per batch: the same citizens come back every month.
INSERT INTO nik_dict (v, nik_valid, nik_hex, nik_pid, nik_sex, nik_birth)
SELECT v, nik_valid, nik_hex, pantau_pid_of_hex(nik_hex) AS nik_pid, nik_sex, nik_birth
FROM (
    SELECT v, nik_valid,
           CASE WHEN nik_valid THEN pantau_pid_hex(nik_norm, ctx.inner_pad, ctx.outer_pad) END
               AS nik_hex,
           CASE WHEN nik_valid THEN pantau_nik_sex(nik_norm) END AS nik_sex,
           CASE WHEN nik_valid THEN pantau_nik_birth(nik_norm) END AS nik_birth
    FROM (
        SELECT v, nik_norm,
               CASE WHEN nik_norm IS NULL THEN NULL ELSE pantau_nik_valid(nik_norm) END AS nik_valid
        FROM (SELECT v, pantau_nik(pantau_blank(v)) AS nik_norm
              FROM (SELECT DISTINCT nik AS v FROM batch_raw WHERE nik IS NOT NULL) d
              ANTI JOIN nik_dict seen ON seen.v = d.v)
    ) CROSS JOIN load_ctx ctx
);

INSERT INTO plate_dict (v, plate_valid, plate_hex, plate_pid)
SELECT v, plate_valid, plate_hex, pantau_pid_of_hex(plate_hex) AS plate_pid
FROM (
    SELECT v, plate_valid,
           CASE WHEN plate_valid THEN pantau_pid_hex(plate_norm, ctx.inner_pad, ctx.outer_pad) END
               AS plate_hex
    FROM (
        SELECT v, plate_norm,
               CASE WHEN plate_norm IS NULL THEN NULL ELSE pantau_plate_valid(plate_norm) END
                   AS plate_valid
        FROM (SELECT v, pantau_plate(pantau_blank(v)) AS plate_norm
              FROM (SELECT DISTINCT plate_number AS v FROM batch_raw
                    WHERE plate_number IS NOT NULL) d
              ANTI JOIN plate_dict seen ON seen.v = d.v)
    ) CROSS JOIN load_ctx ctx
);

CREATE OR REPLACE TEMP TABLE word_dict AS
SELECT 'service' AS field, v, pantau_blank(v) AS txt, s.service_code AS code
FROM (SELECT DISTINCT service AS v FROM batch_raw WHERE service IS NOT NULL) d
LEFT JOIN service_lookup s ON s.key = pantau_key(pantau_blank(d.v))
UNION ALL
SELECT 'channel', v, pantau_blank(v), pantau_key(pantau_blank(v))
FROM (SELECT DISTINCT channel AS v FROM batch_raw WHERE channel IS NOT NULL)
UNION ALL
SELECT 'status', v, pantau_blank(v), pantau_key(pantau_blank(v))
FROM (SELECT DISTINCT status AS v FROM batch_raw WHERE status IS NOT NULL)
UNION ALL
SELECT 'branch', v, pantau_blank(v), regexp_replace(upper(pantau_blank(v)), '\.0$', '')
FROM (SELECT DISTINCT branch_code AS v FROM batch_raw WHERE branch_code IS NOT NULL)
UNION ALL
SELECT 'postcode', v, pantau_blank(v), regexp_replace(pantau_blank(v), '\.0$', '')
FROM (SELECT DISTINCT customer_postcode AS v FROM batch_raw WHERE customer_postcode IS NOT NULL);

-- One pass: every row parsed, checked and fingerprinted into the stage, its failure (the first
-- failing check, with its column) and the text a reject shows kept beside it; failed rows are
-- then copied to rejects (the merge reads only the good ones, view staged_transactions). Raw
-- text columns are not kept: the reject's value is chosen here.
INSERT INTO stage_transactions BY NAME
WITH b AS (
    SELECT
        r._row, r._file_id, r._file_seq,
        pantau_blank(r.transaction_id) AS transaction_id,
        wb.code AS branch_code,
        ws.txt AS service_txt,
        ws.code AS service_code,
        wc.code AS channel_key,
        wc.txt AS channel_txt,
        pantau_blank(r.date) AS date_txt,
        pantau_blank(r.arrived_at) AS arrived_txt,
        pantau_blank(r.served_at) AS served_txt,
        pantau_blank(r.finished_at) AS finished_txt,
        r._arrived_at_fast, r._served_at_fast, r._finished_at_fast,
        pantau_blank(r.amount_idr) AS amount_txt,
        wp.code AS postcode_txt,
        wt.code AS status_key,
        wt.txt AS status_txt,
        n.nik_valid, n.nik_hex, n.nik_pid, n.nik_sex, n.nik_birth,
        pl.plate_valid, pl.plate_hex, pl.plate_pid
    FROM batch_raw r
    LEFT JOIN word_dict wb ON wb.field = 'branch' AND wb.v = r.branch_code
    LEFT JOIN word_dict ws ON ws.field = 'service' AND ws.v = r.service
    LEFT JOIN word_dict wc ON wc.field = 'channel' AND wc.v = r.channel
    LEFT JOIN word_dict wt ON wt.field = 'status' AND wt.v = r.status
    LEFT JOIN word_dict wp ON wp.field = 'postcode' AND wp.v = r.customer_postcode
    LEFT JOIN nik_dict n ON n.v = r.nik
    LEFT JOIN plate_dict pl ON pl.v = r.plate_number
),
p AS (
    SELECT
        b.*,
        -- each file's own layout first (etl/load/layouts.py), the general parser for the rest
        coalesce(_arrived_at_fast, pantau_ts(arrived_txt, date_txt)) AS arrived_at,
        coalesce(_served_at_fast, pantau_ts(served_txt, date_txt)) AS served_at,
        coalesce(_finished_at_fast, pantau_ts(finished_txt, date_txt)) AS finished_at,
        pantau_amount(amount_txt) AS amount_idr,
        br.branch_code IS NOT NULL AS branch_known,
        CASE
            WHEN channel_key IS NULL THEN
                CASE br.type WHEN 'AGEN' THEN 'AGEN' WHEN 'KELILING' THEN 'KELILING' ELSE 'LOKET' END
            WHEN channel_key IN ('loket', 'counter', 'kantor', 'teller') THEN 'LOKET'
            WHEN channel_key IN ('agen', 'agent', 'agenpos') THEN 'AGEN'
            WHEN channel_key IN ('keliling', 'mobile', 'poskeliling', 'mobil') THEN 'KELILING'
            WHEN channel_key IN ('online', 'daring', 'aplikasi', 'app') THEN 'ONLINE'
        END AS channel,
        CASE
            WHEN status_key IS NULL THEN 'COMPLETED'
            WHEN status_key IN ('selesai', 'completed', 'complete', 'sukses', 'berhasil', 'done', 'lunas') THEN 'COMPLETED'
            WHEN status_key IN ('batal', 'cancelled', 'canceled', 'dibatalkan') THEN 'CANCELLED'
            WHEN status_key IN ('tidakhadir', 'noshow', 'absen', 'tidakdatang') THEN 'NO_SHOW'
        END AS status,
        CASE WHEN regexp_full_match(postcode_txt, '\d{5}') THEN postcode_txt END AS customer_postcode
    FROM b
    LEFT JOIN branches br ON br.branch_code = b.branch_code
),
f AS (
    SELECT
        p.*,
        CASE
            WHEN transaction_id IS NULL THEN 'missing_required|transaction_id'
            WHEN branch_code IS NULL THEN 'missing_required|branch_code'
            WHEN service_txt IS NULL THEN 'missing_required|service'
            WHEN arrived_txt IS NULL THEN 'missing_required|arrived_at'
            WHEN arrived_at IS NULL THEN 'bad_timestamp|arrived_at'
            WHEN served_txt IS NOT NULL AND served_at IS NULL THEN 'bad_timestamp|served_at'
            WHEN finished_txt IS NOT NULL AND finished_at IS NULL THEN 'bad_timestamp|finished_at'
            WHEN NOT branch_known THEN 'unknown_branch|branch_code'
            WHEN service_code IS NULL THEN 'unknown_service|service'
            WHEN channel IS NULL THEN 'bad_channel|channel'
            WHEN status IS NULL THEN 'bad_status|status'
            WHEN arrived_at < TIMESTAMP '2020-01-01'
              OR arrived_at > ctx.now_wib + INTERVAL 1 DAY THEN 'date_out_of_range|arrived_at'
            WHEN served_at < arrived_at THEN 'time_order|served_at'
            WHEN finished_at < coalesce(served_at, arrived_at) THEN 'time_order|finished_at'
            WHEN served_at > arrived_at + INTERVAL 12 HOUR THEN 'absurd_duration|served_at'
            WHEN finished_at > coalesce(served_at, arrived_at) + INTERVAL 12 HOUR THEN 'absurd_duration|finished_at'
            WHEN amount_txt IS NOT NULL AND amount_idr IS NULL THEN 'bad_amount|amount_idr'
            WHEN amount_idr < 0 THEN 'negative_amount|amount_idr'
            WHEN amount_idr > 1000000000 THEN 'absurd_amount|amount_idr'
        END AS failure
    FROM p CROSS JOIN load_ctx ctx
)
SELECT
    transaction_id, branch_code, service_code, channel, status,
    arrived_at, served_at, finished_at,
    -- only for rows that pass: a rejected row's times may be years apart (an Excel serial in
    -- a clock column), past what INTEGER holds, and one such row must not fail the batch
    CASE WHEN failure IS NULL THEN date_diff('second', arrived_at, served_at)::INTEGER END
        AS wait_seconds,
    CASE WHEN failure IS NULL THEN date_diff('second', served_at, finished_at)::INTEGER END
        AS service_seconds,
    amount_idr, customer_postcode, nik_pid, nik_valid, plate_pid, plate_valid,
    -- the citizen at the transaction: sex and age band only (macros.sql), null without a
    -- valid NIK; not in row_hash, being functions of the NIK and arrival time already in it
    nik_sex AS citizen_sex,
    CASE WHEN failure IS NULL THEN pantau_age_band(pantau_age_at(nik_birth, arrived_at::DATE))
        END AS citizen_age_band,
    -- row_hash fingerprints the parsed content (pseudonyms, never raw identifiers) so that a
    -- re-sent row is recognised as a duplicate or an update by value, not by its text.
    CASE WHEN failure IS NULL THEN md5_number(concat_ws('|',
        transaction_id, branch_code, service_code, channel, status,
        coalesce(arrived_at::VARCHAR, '~'), coalesce(served_at::VARCHAR, '~'),
        coalesce(finished_at::VARCHAR, '~'), coalesce(amount_idr::VARCHAR, '~'),
        coalesce(customer_postcode, '~'), coalesce(nik_hex, '~'),
        coalesce(nik_valid::VARCHAR, '~'), coalesce(plate_hex, '~'),
        coalesce(plate_valid::VARCHAR, '~'))) END AS row_hash,
    _file_id AS file_id,
    _row AS source_row,
    _file_seq AS file_seq,
    failure,
    CASE WHEN failure IS NOT NULL THEN CASE split_part(failure, '|', 2)
        WHEN 'transaction_id' THEN transaction_id
        WHEN 'branch_code' THEN branch_code
        WHEN 'service' THEN service_txt
        WHEN 'channel' THEN channel_txt
        WHEN 'status' THEN status_txt
        WHEN 'arrived_at' THEN coalesce(date_txt || ' ', '') || arrived_txt
        WHEN 'served_at' THEN coalesce(date_txt || ' ', '') || served_txt
        WHEN 'finished_at' THEN coalesce(date_txt || ' ', '') || finished_txt
        WHEN 'amount_idr' THEN amount_txt
    END END AS reject_value
FROM f;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value, branch_code)
SELECT file_id, source_row, pantau_safe_text(transaction_id), split_part(failure, '|', 2),
       split_part(failure, '|', 1), pantau_safe_text(reject_value), pantau_safe_text(branch_code)
FROM stage_transactions
WHERE failure IS NOT NULL AND list_contains(__FILE_IDS__, file_id);

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT _file_id, _row, NULL, column_name, reason, value
FROM batch_malformed;

DROP TABLE word_dict;
