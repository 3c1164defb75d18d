-- reads: raw_rows, raw_malformed, load_ctx, agency_ctx, ref_uptd, pantau_blank, pantau_key,
--        pantau_amount, pantau_month, pantau_total_label, pantau_safe_text
-- writes: realisation_rows, realisation_parsed, stage_realisation
--
-- Parse and validate one Bapenda PKB realisation file (view raw_rows): one row per UPTD or
-- kabupaten, month and payment channel.
--
-- * Total rows ('TOTAL', 'JUMLAH' in a label cell) and notes (no channel, no figure) are not
--   records: they go to skipped_rows, and the loader leaves them out of rows_read.
-- * A UPTD, kabupaten or month cell merged down over its channel rows holds its value in the
--   first row only: an empty one takes the value above it (fill-down).
-- * The unit resolves to a UPTD (ref_uptd: by its code, its name, its kabupaten's code or
--   name); the month comes from the row, else the title block or file name (agency_ctx).
-- * The key is UPTD|month|channel: a revised month's row replaces the stored one (merge.sql).

CREATE OR REPLACE TEMP TABLE realisation_rows AS
SELECT
    _row,
    pantau_blank(row_no) AS row_no,
    pantau_blank(month) AS month_txt,
    pantau_blank(uptd) AS uptd_txt,
    pantau_blank(kabupaten_code) AS kab_code_txt,
    pantau_blank(kabupaten_name) AS kab_name_txt,
    pantau_blank(channel) AS channel_txt,
    pantau_blank(vehicles) AS vehicles_txt,
    pantau_blank(pkb_pokok) AS pkb_pokok_txt,
    pantau_blank(opsen_pkb) AS opsen_pkb_txt,
    pantau_blank(denda) AS denda_txt,
    pantau_blank(swdkllj) AS swdkllj_txt,
    pantau_blank(pnbp) AS pnbp_txt,
    CASE
        WHEN pantau_total_label(pantau_blank(row_no)) OR pantau_total_label(pantau_blank(uptd))
             OR pantau_total_label(pantau_blank(kabupaten_code))
             OR pantau_total_label(pantau_blank(kabupaten_name))
             OR pantau_total_label(pantau_blank(channel))
             OR pantau_total_label(pantau_blank(month)) THEN 'total_row'
        WHEN pantau_blank(channel) IS NULL AND pantau_blank(vehicles) IS NULL
             AND pantau_blank(pkb_pokok) IS NULL AND pantau_blank(opsen_pkb) IS NULL
             AND pantau_blank(denda) IS NULL AND pantau_blank(swdkllj) IS NULL
             AND pantau_blank(pnbp) IS NULL THEN 'note_row'
    END AS skip
FROM raw_rows;

INSERT INTO skipped_rows (file_id, source_row, reason, value)
SELECT ctx.file_id, _row, skip,
       pantau_safe_text(coalesce(row_no, uptd_txt, kab_code_txt, kab_name_txt, channel_txt,
                                 month_txt))
FROM realisation_rows CROSS JOIN load_ctx ctx
WHERE skip IS NOT NULL;

CREATE OR REPLACE TEMP TABLE realisation_parsed AS
WITH filled AS (
    SELECT
        * EXCLUDE (uptd_txt, kab_code_txt, kab_name_txt, month_txt),
        last_value(uptd_txt IGNORE NULLS) OVER w AS uptd_txt,
        last_value(kab_code_txt IGNORE NULLS) OVER w AS kab_code_txt,
        last_value(kab_name_txt IGNORE NULLS) OVER w AS kab_name_txt,
        last_value(month_txt IGNORE NULLS) OVER w AS month_txt
    FROM realisation_rows
    WHERE skip IS NULL
    WINDOW w AS (ORDER BY _row ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
p AS (
    SELECT
        f.*,
        coalesce(
            (SELECT min(u.uptd) FROM ref_uptd u
             WHERE pantau_key(f.uptd_txt) IN (u.uptd_key, u.name_key)),
            (SELECT min(u.uptd) FROM ref_uptd u
             WHERE regexp_replace(f.kab_code_txt, '[^0-9]', '', 'g') = u.kab_digits),
            (SELECT min(u.uptd) FROM ref_uptd u
             WHERE pantau_key(f.kab_name_txt) IN (u.kab_key, u.kab_short_key))
        ) AS uptd,
        pantau_month(coalesce(f.month_txt, ctx.title_month)) AS month,
        coalesce(f.month_txt, ctx.title_month) AS month_shown,
        CASE
            WHEN pantau_key(channel_txt) IN ('samsatinduk', 'samsat', 'induk', 'kantorsamsat',
                                             'samsatpembantu', 'loketsamsat')
                THEN 'SAMSAT_INDUK'
            WHEN pantau_key(channel_txt) IN ('samsatkeliling', 'samkel', 'keliling',
                                             'mobilsamsatkeliling', 'samling')
                THEN 'SAMSAT_KELILING'
            WHEN pantau_key(channel_txt) IN ('samsatdrivethru', 'drivethru', 'drivethrough',
                                             'samsatdrivethrough')
                THEN 'DRIVE_THRU'
            WHEN pantau_key(channel_txt) IN ('signalesamsat', 'esamsatsignal', 'esamsat',
                                             'signal', 'samsatonline', 'online', 'esamdes',
                                             'esalam')
                THEN 'E_SAMSAT'
            WHEN pantau_key(channel_txt) IN ('kantorpos', 'ptpos', 'pos', 'posindonesia',
                                             'ptposindonesia', 'ptposindonesiapersero')
                THEN 'KANTOR_POS'
            WHEN pantau_key(channel_txt) IN ('bank', 'bankumum', 'banklampung', 'teller',
                                             'bankpersepsi')
                THEN 'BANK'
        END AS channel,
        try_cast(pantau_amount(vehicles_txt) AS BIGINT) AS vehicles,
        pantau_amount(pkb_pokok_txt) AS pkb_pokok,
        pantau_amount(opsen_pkb_txt) AS opsen_pkb,
        pantau_amount(denda_txt) AS denda,
        pantau_amount(swdkllj_txt) AS swdkllj,
        pantau_amount(pnbp_txt) AS pnbp
    FROM filled f CROSS JOIN agency_ctx ctx
)
SELECT
    p.*,
    (SELECT min(u.kabupaten_code) FROM ref_uptd u WHERE u.uptd = p.uptd) AS kabupaten_code,
    CASE
        WHEN channel_txt IS NULL THEN 'missing_required|channel'
        WHEN uptd_txt IS NULL AND kab_code_txt IS NULL AND kab_name_txt IS NULL
            THEN 'missing_required|uptd'
        WHEN uptd IS NULL THEN 'unknown_uptd|uptd'
        WHEN month_shown IS NULL THEN 'missing_required|month'
        WHEN month IS NULL THEN 'bad_month|month'
        WHEN channel IS NULL THEN 'unknown_channel|channel'
        WHEN pkb_pokok_txt IS NULL THEN 'missing_required|pkb_pokok'
        WHEN vehicles_txt IS NOT NULL AND (vehicles IS NULL OR vehicles < 0)
            THEN 'bad_number|vehicles'
        WHEN pkb_pokok IS NULL OR pkb_pokok < 0 THEN 'bad_amount|pkb_pokok'
        WHEN opsen_pkb_txt IS NOT NULL AND (opsen_pkb IS NULL OR opsen_pkb < 0)
            THEN 'bad_amount|opsen_pkb'
        WHEN denda_txt IS NOT NULL AND (denda IS NULL OR denda < 0) THEN 'bad_amount|denda'
        WHEN swdkllj_txt IS NOT NULL AND (swdkllj IS NULL OR swdkllj < 0)
            THEN 'bad_amount|swdkllj'
        WHEN pnbp_txt IS NOT NULL AND (pnbp IS NULL OR pnbp < 0) THEN 'bad_amount|pnbp'
    END AS failure
FROM p;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT
    ctx.file_id, _row, NULL,
    split_part(failure, '|', 2), split_part(failure, '|', 1),
    pantau_safe_text(CASE split_part(failure, '|', 2)
        WHEN 'channel' THEN channel_txt
        WHEN 'uptd' THEN coalesce(uptd_txt, kab_code_txt, kab_name_txt)
        WHEN 'month' THEN month_shown WHEN 'vehicles' THEN vehicles_txt
        WHEN 'pkb_pokok' THEN pkb_pokok_txt WHEN 'opsen_pkb' THEN opsen_pkb_txt
        WHEN 'denda' THEN denda_txt WHEN 'swdkllj' THEN swdkllj_txt
        WHEN 'pnbp' THEN pnbp_txt END)
FROM realisation_parsed CROSS JOIN load_ctx ctx
WHERE failure IS NOT NULL;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT ctx.file_id, _row, NULL, column_name, reason, value
FROM raw_malformed CROSS JOIN load_ctx ctx;

CREATE OR REPLACE TEMP TABLE stage_realisation AS
SELECT
    concat_ws('|', uptd, strftime(month, '%Y-%m'), channel) AS realisation_key,
    month, uptd, kabupaten_code, channel, channel_txt AS channel_label, vehicles,
    pkb_pokok, opsen_pkb, denda, swdkllj, pnbp,
    pkb_pokok + coalesce(opsen_pkb, 0) + coalesce(denda, 0) + coalesce(swdkllj, 0)
        + coalesce(pnbp, 0) AS total,
    md5_number(concat_ws('|', uptd, month, channel, coalesce(vehicles::VARCHAR, '~'),
        pkb_pokok, coalesce(opsen_pkb::VARCHAR, '~'), coalesce(denda::VARCHAR, '~'),
        coalesce(swdkllj::VARCHAR, '~'), coalesce(pnbp::VARCHAR, '~'))) AS row_hash,
    ctx.file_id AS file_id,
    _row AS source_row,
    ctx.file_seq AS file_seq
FROM realisation_parsed CROSS JOIN load_ctx ctx
WHERE failure IS NULL;
