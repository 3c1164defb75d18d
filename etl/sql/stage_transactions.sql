-- Parse and validate one file's rows (temp table raw_rows, all text) into typed rows.
-- Every row gets exactly one outcome: a reject (first failing check, with its column) or a
-- staged row. Raw NIK and plate numbers exist only inside this statement: what is stored is
-- their keyed pseudonym (pantau_pid) and a validity flag.
-- Context (file id, processing order, "now" in WIB) comes from the temp table load_ctx.

CREATE OR REPLACE TEMP TABLE parsed AS
WITH b AS (
    SELECT
        _row,
        pantau_blank(transaction_id) AS transaction_id,
        regexp_replace(upper(pantau_blank(branch_code)), '\.0$', '') AS branch_code,
        pantau_blank(service) AS service_txt,
        pantau_key(pantau_blank(channel)) AS channel_key,
        pantau_blank(channel) AS channel_txt,
        pantau_blank(date) AS date_txt,
        pantau_blank(arrived_at) AS arrived_txt,
        pantau_blank(served_at) AS served_txt,
        pantau_blank(finished_at) AS finished_txt,
        pantau_blank(amount_idr) AS amount_txt,
        regexp_replace(pantau_blank(customer_postcode), '\.0$', '') AS postcode_txt,
        pantau_key(pantau_blank(status)) AS status_key,
        pantau_blank(status) AS status_txt,
        pantau_nik(pantau_blank(nik)) AS nik_norm,
        pantau_plate(pantau_blank(plate_number)) AS plate_norm
    FROM raw_rows
),
p AS (
    SELECT
        b.*,
        pantau_ts(arrived_txt, date_txt) AS arrived_at,
        pantau_ts(served_txt, date_txt) AS served_at,
        pantau_ts(finished_txt, date_txt) AS finished_at,
        pantau_amount(amount_txt) AS amount_idr,
        s.service_code,
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
        CASE WHEN nik_norm IS NULL THEN NULL ELSE pantau_nik_valid(nik_norm) END AS nik_valid,
        CASE WHEN plate_norm IS NULL THEN NULL ELSE pantau_plate_valid(plate_norm) END AS plate_valid,
        CASE WHEN regexp_full_match(postcode_txt, '\d{5}') THEN postcode_txt END AS customer_postcode
    FROM b
    LEFT JOIN service_lookup s ON s.key = pantau_key(b.service_txt)
    LEFT JOIN branches br ON br.branch_code = b.branch_code
)
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
FROM p CROSS JOIN load_ctx ctx;

INSERT INTO rejects
SELECT
    ctx.file_id,
    _row,
    pantau_safe_text(transaction_id),
    split_part(failure, '|', 2),
    split_part(failure, '|', 1),
    pantau_safe_text(CASE split_part(failure, '|', 2)
        WHEN 'transaction_id' THEN transaction_id
        WHEN 'branch_code' THEN branch_code
        WHEN 'service' THEN service_txt
        WHEN 'channel' THEN channel_txt
        WHEN 'status' THEN status_txt
        WHEN 'arrived_at' THEN coalesce(date_txt || ' ', '') || arrived_txt
        WHEN 'served_at' THEN coalesce(date_txt || ' ', '') || served_txt
        WHEN 'finished_at' THEN coalesce(date_txt || ' ', '') || finished_txt
        WHEN 'amount_idr' THEN amount_txt
    END)
FROM parsed CROSS JOIN load_ctx ctx
WHERE failure IS NOT NULL;

INSERT INTO rejects
SELECT ctx.file_id, _row, NULL, column_name, reason, value
FROM raw_malformed CROSS JOIN load_ctx ctx;

-- row_hash fingerprints the parsed content (pseudonyms, never raw identifiers) so that a
-- re-sent row is recognised as a duplicate or an update by value, not by its text.
INSERT INTO stage_transactions BY NAME
SELECT
    s.* EXCLUDE (nik_hex, plate_hex),
    pantau_pid_of_hex(nik_hex) AS nik_pid,
    pantau_pid_of_hex(plate_hex) AS plate_pid,
    md5_number(concat_ws('|',
        transaction_id, branch_code, service_code, channel, status,
        coalesce(arrived_at::VARCHAR, '~'), coalesce(served_at::VARCHAR, '~'),
        coalesce(finished_at::VARCHAR, '~'), coalesce(amount_idr::VARCHAR, '~'),
        coalesce(customer_postcode, '~'), coalesce(nik_hex, '~'),
        coalesce(nik_valid::VARCHAR, '~'), coalesce(plate_hex, '~'),
        coalesce(plate_valid::VARCHAR, '~'))) AS row_hash
FROM (
SELECT
    transaction_id, branch_code, service_code, channel, status,
    arrived_at, served_at, finished_at,
    date_diff('second', arrived_at, served_at)::INTEGER AS wait_seconds,
    date_diff('second', served_at, finished_at)::INTEGER AS service_seconds,
    amount_idr,
    customer_postcode,
    CASE WHEN nik_valid THEN pantau_pid_hex(nik_norm, ctx.inner_pad, ctx.outer_pad) END AS nik_hex,
    nik_valid,
    CASE WHEN plate_valid THEN pantau_pid_hex(plate_norm, ctx.inner_pad, ctx.outer_pad) END AS plate_hex,
    plate_valid,
    ctx.file_id AS file_id,
    _row AS source_row,
    ctx.file_seq AS file_seq,
    ctx.source_key || '#' || lpad(_row::VARCHAR, 12, '0') AS version_key
FROM parsed CROSS JOIN load_ctx ctx
WHERE failure IS NULL
) s;
