-- reads: raw_rows, raw_malformed, load_ctx, pantau_blank, pantau_key, pantau_ts_one,
--        pantau_safe_text
-- writes: parsed, stage_branches
--
-- Parse and validate one branch-master file (view raw_rows) like stage_transactions.sql.

CREATE OR REPLACE TEMP TABLE parsed AS
WITH b AS (
    SELECT
        _row,
        regexp_replace(upper(pantau_blank(branch_code)), '\.0$', '') AS branch_code,
        pantau_blank(name) AS name,
        pantau_blank(type) AS type_txt,
        pantau_key(pantau_blank(type)) AS type_key,
        pantau_blank(kecamatan_code) AS kecamatan_txt,
        regexp_replace(pantau_blank(kecamatan_code), '[^0-9]', '', 'g') AS kecamatan_digits,
        pantau_blank(lat) AS lat_txt,
        pantau_blank(lon) AS lon_txt,
        pantau_blank(opened_on) AS opened_txt,
        pantau_blank(counters) AS counters_txt
    FROM raw_rows
),
p AS (
    SELECT
        b.*,
        CASE
            WHEN type_key IN ('kc', 'kantorcabang', 'kcu', 'kantorcabangutama') THEN 'KC'
            WHEN type_key IN ('kcp', 'kantorcabangpembantu', 'kantorpos') THEN 'KCP'
            WHEN type_key IN ('agen', 'agenpos', 'agent') THEN 'AGEN'
            WHEN type_key IN ('keliling', 'poskeliling', 'mobile', 'mpc') THEN 'KELILING'
        END AS type,
        k.kecamatan_code,
        k.kabupaten_code,
        k.lat AS kecamatan_lat,
        k.lon AS kecamatan_lon,
        try_cast(replace(lat_txt, ',', '.') AS DOUBLE) AS lat,
        try_cast(replace(lon_txt, ',', '.') AS DOUBLE) AS lon,
        -- only digits and separators reach try_strptime, which accepts 'epoch' and 'infinity'
        coalesce(try_cast(pantau_ts_one(opened_txt) AS DATE),
                 CASE WHEN regexp_full_match(opened_txt, '[\d/\-]+')
                      THEN try_strptime(opened_txt, ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y'])::DATE
                 END) AS opened_on,
        try_cast(regexp_replace(counters_txt, '\.0$', '') AS INTEGER) AS counters
    FROM b
    LEFT JOIN ref_kecamatan k
        ON regexp_replace(k.kecamatan_code, '[^0-9]', '', 'g') = b.kecamatan_digits
)
SELECT
    p.*,
    CASE
        WHEN branch_code IS NULL THEN 'missing_required|branch_code'
        WHEN name IS NULL THEN 'missing_required|name'
        WHEN type_txt IS NULL THEN 'missing_required|type'
        WHEN kecamatan_txt IS NULL THEN 'missing_required|kecamatan_code'
        WHEN type IS NULL THEN 'bad_type|type'
        WHEN kecamatan_code IS NULL THEN 'unknown_kecamatan|kecamatan_code'
        -- within 1.5 degrees (~165 km) of its kecamatan's centre, whichever province it is in
        -- (Indonesia's extent where the reference has no centre): a swapped or mistyped
        -- coordinate lands far away
        WHEN lat_txt IS NOT NULL AND (lat IS NULL OR NOT coalesce(abs(lat - kecamatan_lat) <= 1.5,
                                                                 lat BETWEEN -11 AND 6))
            THEN 'bad_coordinate|lat'
        WHEN lon_txt IS NOT NULL AND (lon IS NULL OR NOT coalesce(abs(lon - kecamatan_lon) <= 1.5,
                                                                 lon BETWEEN 95 AND 141))
            THEN 'bad_coordinate|lon'
        WHEN opened_txt IS NOT NULL AND opened_on IS NULL THEN 'bad_date|opened_on'
        WHEN counters_txt IS NOT NULL AND (counters IS NULL OR counters NOT BETWEEN 0 AND 100) THEN 'bad_number|counters'
    END AS failure
FROM p CROSS JOIN load_ctx ctx;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value, branch_code)
SELECT
    ctx.file_id, _row, NULL,
    split_part(failure, '|', 2), split_part(failure, '|', 1),
    pantau_safe_text(CASE split_part(failure, '|', 2)
        WHEN 'branch_code' THEN branch_code WHEN 'name' THEN name WHEN 'type' THEN type_txt
        WHEN 'kecamatan_code' THEN kecamatan_txt WHEN 'lat' THEN lat_txt WHEN 'lon' THEN lon_txt
        WHEN 'opened_on' THEN opened_txt WHEN 'counters' THEN counters_txt END),
    pantau_safe_text(branch_code)
FROM parsed CROSS JOIN load_ctx ctx
WHERE failure IS NOT NULL;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT ctx.file_id, _row, NULL, column_name, reason, value
FROM raw_malformed CROSS JOIN load_ctx ctx;

INSERT INTO stage_branches BY NAME
SELECT
    branch_code, name, type, kecamatan_code, kabupaten_code, lat, lon, opened_on, counters,
    md5_number(concat_ws('|', branch_code, name, type, kecamatan_code,
        coalesce(lat::VARCHAR, '~'), coalesce(lon::VARCHAR, '~'),
        coalesce(opened_on::VARCHAR, '~'), coalesce(counters::VARCHAR, '~'))) AS row_hash,
    ctx.file_id AS file_id,
    _row AS source_row,
    ctx.file_seq AS file_seq
FROM parsed CROSS JOIN load_ctx ctx
WHERE failure IS NULL;
