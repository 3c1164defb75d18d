-- reads: raw_rows, raw_malformed, load_ctx, pantau_blank, pantau_key, pantau_ts_one,
--        pantau_safe_text
-- writes: calendar_parsed, stage_calendar
--
-- Parse and validate one policy-calendar file the admin loads (view raw_rows): holidays, cuti
-- bersama and dated events that add to the shipped reference (ref_calendar) or, under a
-- reference event's id, replace it; kind 'batal' removes the event (view calendar_events).
--
-- * kind: libur_nasional, cuti_bersama, keringanan (relief), pemutihan, bansos (aid waves),
--   pensiun, kebijakan (any other policy event), batal; Indonesian and English names accepted.
-- * event_id: as given (upper case), else the kind and date for a holiday or cuti bersama (the
--   reference's own ids: LIBUR_NASIONAL:2025-01-01), else kind, date and a hash of the name.
-- * end_date defaults to start_date; an end before the start is a bad date.

CREATE OR REPLACE TEMP TABLE calendar_parsed AS
WITH b AS (
    SELECT
        _row,
        upper(pantau_blank(event_id)) AS event_id_txt,
        pantau_blank(start_date) AS start_txt,
        pantau_blank(end_date) AS end_txt,
        pantau_blank(name) AS name,
        pantau_blank(kind) AS kind_txt,
        pantau_blank(affects) AS affects,
        pantau_blank(scope) AS scope,
        pantau_blank(description) AS description,
        pantau_blank(source) AS source
    FROM raw_rows
),
p AS (
    SELECT
        b.*,
        coalesce(
            try_cast(pantau_ts_one(start_txt) AS DATE),
            CASE WHEN regexp_full_match(start_txt, '[\d/\-]+')
                 THEN try_strptime(start_txt, ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y'])::DATE END
        ) AS start_date,
        coalesce(
            try_cast(pantau_ts_one(end_txt) AS DATE),
            CASE WHEN regexp_full_match(end_txt, '[\d/\-]+')
                 THEN try_strptime(end_txt, ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y'])::DATE END
        ) AS end_parsed,
        CASE
            WHEN pantau_key(kind_txt) IN ('liburnasional', 'libur', 'harilibur',
                                          'harilibernasional', 'holiday', 'publicholiday')
                THEN 'libur_nasional'
            WHEN pantau_key(kind_txt) IN ('cutibersama', 'cuti', 'collectiveleave')
                THEN 'cuti_bersama'
            WHEN pantau_key(kind_txt) IN ('keringanan', 'relief', 'programkeringanan', 'diskon')
                THEN 'keringanan'
            WHEN pantau_key(kind_txt) IN ('pemutihan', 'amnesty', 'taxamnesty')
                THEN 'pemutihan'
            WHEN pantau_key(kind_txt) IN ('bansos', 'bantuansosial', 'penyaluranbansos', 'blt',
                                          'aid', 'aidwave', 'gelombangbantuan')
                THEN 'bansos'
            WHEN pantau_key(kind_txt) IN ('pensiun', 'pension') THEN 'pensiun'
            WHEN pantau_key(kind_txt) IN ('kebijakan', 'policy', 'program', 'acara', 'event',
                                          'lainnya')
                THEN 'kebijakan'
            WHEN pantau_key(kind_txt) IN ('batal', 'hapus', 'dibatalkan', 'cancelled', 'cancel')
                THEN 'batal'
        END AS kind
    FROM b
)
SELECT
    p.*,
    coalesce(end_parsed, start_date) AS end_date,
    coalesce(event_id_txt,
             CASE WHEN kind IN ('libur_nasional', 'cuti_bersama')
                  THEN upper(kind) || ':' || strftime(start_date, '%Y-%m-%d')
                  ELSE upper(kind) || ':' || strftime(start_date, '%Y-%m-%d') || ':'
                       || upper(left(md5(pantau_key(name)), 8)) END) AS event_id,
    CASE
        WHEN start_txt IS NULL THEN 'missing_required|start_date'
        WHEN kind_txt IS NULL THEN 'missing_required|kind'
        WHEN name IS NULL AND kind <> 'batal' THEN 'missing_required|name'
        WHEN start_date IS NULL THEN 'bad_date|start_date'
        WHEN end_txt IS NOT NULL AND (end_parsed IS NULL OR end_parsed < start_date)
            THEN 'bad_date|end_date'
        WHEN kind IS NULL THEN 'bad_kind|kind'
        WHEN kind = 'batal' AND event_id_txt IS NULL THEN 'missing_required|event_id'
    END AS failure
FROM p;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT
    ctx.file_id, _row, NULL,
    split_part(failure, '|', 2), split_part(failure, '|', 1),
    pantau_safe_text(CASE split_part(failure, '|', 2)
        WHEN 'start_date' THEN start_txt WHEN 'end_date' THEN end_txt
        WHEN 'kind' THEN kind_txt WHEN 'name' THEN name END)
FROM calendar_parsed CROSS JOIN load_ctx ctx
WHERE failure IS NOT NULL;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT ctx.file_id, _row, NULL, column_name, reason, value
FROM raw_malformed CROSS JOIN load_ctx ctx;

CREATE OR REPLACE TEMP TABLE stage_calendar AS
SELECT
    event_id, kind, start_date, end_date, name, affects, scope, description, source,
    md5_number(concat_ws('|', event_id, kind, start_date, end_date, coalesce(name, '~'),
        coalesce(affects, '~'), coalesce(scope, '~'), coalesce(description, '~'),
        coalesce(source, '~'))) AS row_hash,
    ctx.file_id AS file_id,
    _row AS source_row,
    ctx.file_seq AS file_seq
FROM calendar_parsed CROSS JOIN load_ctx ctx
WHERE failure IS NULL;
