-- reads: (none)
-- writes: pantau_blank, pantau_is_time, pantau_ts_one, pantau_excel_time, pantau_ts_cell,
--         pantau_ts_common, pantau_ts, pantau_amount_text, pantau_amount_of, pantau_amount,
--         pantau_nik_text, pantau_nik_of, pantau_nik, pantau_nik_valid, pantau_plate,
--         pantau_plate_valid, pantau_pid_hex, pantau_pid_of_hex, pantau_pid, pantau_key,
--         pantau_safe_text, pantau_nik_sex, pantau_nik_birth, pantau_age_at, pantau_age_band
--
-- Parsers for the values exports contain, as DuckDB macros so that parsing runs vectorised
-- inside the engine (a Python call per row would dominate load time). Each is tested with
-- hypothesis in tests/etl/test_parsing.py.

-- Blank, "-" and "NULL" cells mean "no value". A value longer than every such word and not padded
-- with spaces is kept as it is without trimming and comparing (3.6x faster; most cells are).
CREATE OR REPLACE TEMP MACRO pantau_blank(v) AS
    CASE WHEN strlen(v) > 4 AND NOT starts_with(v, ' ') AND NOT ends_with(v, ' ') THEN v
         WHEN v IS NULL OR trim(v) IN ('', '-', 'NULL', 'null', 'NaN', '#N/A') THEN NULL
         ELSE trim(v) END;

-- A time of day on its own ("08:05", "8.05.12"), to be joined to the row's date column.
CREATE OR REPLACE TEMP MACRO pantau_is_time(v) AS
    regexp_full_match(v, '\d{1,2}[:.]\d{2}([:.]\d{2})?');

-- One timestamp string in any accepted layout -> TIMESTAMP in WIB (local time, no zone).
-- ISO 8601 (with or without seconds, 'T' or space, fractions, an offset as Z, +HH, +HHMM or
-- +HH:MM), dd/mm/yyyy HH:MM[:SS], dd-mm-yyyy HH:MM[:SS] (also on a 12-hour clock with AM/PM),
-- and Excel serial day numbers (days since 1899-12-30, rounded to the second: the 9 decimals
-- fastexcel writes are ~30 us off).
-- Only digits and separators reach try_strptime, which would accept 'epoch' and 'infinity'.
CREATE OR REPLACE TEMP MACRO pantau_ts_one(s) AS
    CASE
        WHEN s IS NULL THEN NULL
        WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?') THEN
            try_cast(s AS TIMESTAMP)
        WHEN regexp_full_match(s, '\d{4}-\d{2}-\d{2}[T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)') THEN
            timezone('Asia/Jakarta', try_cast(s AS TIMESTAMPTZ))
        WHEN regexp_full_match(s, '\d{4,5}\.\d+') AND try_cast(s AS DOUBLE) BETWEEN 20000 AND 80000 THEN
            TIMESTAMP '1899-12-30' + to_seconds(round(try_cast(s AS DOUBLE) * 86400)::BIGINT)
        WHEN regexp_full_match(s, '[\d/:. \-]+') THEN try_strptime(s, [
            '%d/%m/%Y %H:%M:%S', '%d/%m/%Y %H:%M', '%d-%m-%Y %H:%M:%S', '%d-%m-%Y %H:%M',
            '%d/%m/%Y %H.%M.%S', '%d/%m/%Y %H.%M', '%Y/%m/%d %H:%M:%S', '%Y/%m/%d %H:%M'])
        -- a 12-hour clock ('01/10/2026 08:05 PM', 'pm' too), as some spreadsheets export
        WHEN regexp_full_match(s, '\d{1,2}[/-]\d{1,2}[/-]\d{4} \d{1,2}:\d{2}(:\d{2})? ?[AaPp][Mm]') THEN
            try_strptime(regexp_replace(s, ' ?([AaPp][Mm])$', ' \1'), [
                '%d/%m/%Y %I:%M %p', '%d/%m/%Y %I:%M:%S %p', '%d-%m-%Y %I:%M %p',
                '%d-%m-%Y %I:%M:%S %p'])
    END;

-- A time-only Excel cell as fastexcel renders it ('1899-12-31 08:05:00'; other readers write
-- Excel's day 0 as 1899-12-30) -> the time of day alone, so it is joined to the date cell.
CREATE OR REPLACE TEMP MACRO pantau_excel_time(v) AS
    CASE WHEN starts_with(v, '1899-12-3')
         THEN regexp_replace(v, '^1899-12-3[01][T ](\d{1,2}:\d{2}(:\d{2})?)(\.0*)?$', '\1')
         ELSE v END;

-- A timestamp cell v, or a time-only cell joined to the date cell d.
CREATE OR REPLACE TEMP MACRO pantau_ts_cell(v, d) AS
    CASE
        WHEN v IS NULL THEN NULL
        WHEN pantau_is_time(v) THEN
            CASE WHEN d IS NULL THEN NULL
                 ELSE pantau_ts_one(
                        regexp_replace(d, '[T ]00:00(:00(\.0+)?)?$', '')
                        || ' ' || replace(v, '.', ':'))
            END
        ELSE pantau_ts_one(v)
    END;

-- The layouts exports use most, told apart by length, each confirmed by one pattern and parsed
-- with the one format the general parser (pantau_ts_cell) would pick for it: 'dd-mm-yyyy
-- HH:MM[:SS]', 'dd/mm/yyyy HH:MM[:SS]', and a time-only cell 'HH:MM[:SS]' with a 'dd/mm/yyyy'
-- or 'yyyy-mm-dd' date cell. NULL for anything else (and for values no format accepts): the
-- general parser then decides, so this never changes a result, only its cost.
CREATE OR REPLACE TEMP MACRO pantau_ts_common(v, d) AS
    CASE
        WHEN strlen(v) IN (5, 8) THEN
            CASE
                WHEN NOT regexp_full_match(v, '\d\d:\d\d(:\d\d)?') OR strlen(d) <> 10 THEN NULL
                WHEN regexp_full_match(d, '\d{4}-\d\d-\d\d') THEN try_cast(d || ' ' || v AS TIMESTAMP)
                WHEN NOT regexp_full_match(d, '\d\d/\d\d/\d{4}') THEN NULL
                WHEN strlen(v) = 5 THEN try_strptime(d || ' ' || v, '%d/%m/%Y %H:%M')
                ELSE try_strptime(d || ' ' || v, '%d/%m/%Y %H:%M:%S')
            END
        WHEN strlen(v) NOT IN (16, 19) THEN NULL
        WHEN substr(v, 3, 1) = '-' THEN
            CASE
                WHEN regexp_full_match(v, '\d\d-\d\d-\d{4} \d\d:\d\d') THEN try_strptime(v, '%d-%m-%Y %H:%M')
                WHEN regexp_full_match(v, '\d\d-\d\d-\d{4} \d\d:\d\d:\d\d') THEN try_strptime(v, '%d-%m-%Y %H:%M:%S')
            END
        WHEN substr(v, 3, 1) = '/' THEN
            CASE
                WHEN regexp_full_match(v, '\d\d/\d\d/\d{4} \d\d:\d\d') THEN try_strptime(v, '%d/%m/%Y %H:%M')
                WHEN regexp_full_match(v, '\d\d/\d\d/\d{4} \d\d:\d\d:\d\d') THEN try_strptime(v, '%d/%m/%Y %H:%M:%S')
            END
    END;

-- The common case first: exactly 'YYYY-MM-DD HH:MM:SS' (or with 'T') is a plain cast, five
-- times cheaper than the general parser, then the other common layouts; the general parser
-- still decides everything else (and Excel's time-only cells, which look like 1899-12-3x
-- dates).
CREATE OR REPLACE TEMP MACRO pantau_ts(v, d) AS
    CASE
        WHEN length(v) = 19 AND substr(v, 5, 1) = '-' AND substr(v, 11, 1) IN ('T', ' ')
             AND NOT starts_with(v, '1899-12-3') THEN
            coalesce(try_cast(v AS TIMESTAMP), pantau_ts_cell(v, d))
        ELSE coalesce(pantau_ts_common(v, d), pantau_ts_cell(pantau_excel_time(v), d))
    END;

-- Amounts: "Rp 1.250.000", "1.250.000,00", "Rp1.250.000,-", "1250000", "1,250,000.00", "1.25E+06".
-- A dot followed by exactly three digits is a thousands separator (rupiah have no cents in use).
-- Negatives: "-1.250.000", "Rp -1.250.000", "-Rp 1.250.000", "(1.250.000)", "(Rp 1.250.000)".
CREATE OR REPLACE TEMP MACRO pantau_amount_text(v) AS
    regexp_replace(
        regexp_replace(
            regexp_replace(regexp_replace(upper(v), '\s|,-$|\.-$', '', 'g'), '^RP\.?', ''),
            '^\((.*)\)$', '-\1'),
        '^-RP\.?', '-');

CREATE OR REPLACE TEMP MACRO pantau_amount_of(a) AS
    CASE
        WHEN a IS NULL THEN NULL
        WHEN regexp_full_match(a, '-?\d{1,15}') THEN a::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d{1,3}(\.\d{3}){1,4}(,\d{1,2})?') THEN
            replace(replace(a, '.', ''), ',', '.')::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d{1,15},\d{1,2}') THEN replace(a, ',', '.')::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d{1,3}(,\d{3}){1,4}(\.\d{1,2})?') THEN replace(a, ',', '')::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d{1,15}\.\d{1,2}') THEN a::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d{1,15}\.\d+') THEN round(a::DOUBLE, 2)::DECIMAL(18, 2)
        WHEN regexp_full_match(a, '-?\d(\.\d+)?[E][+]?\d{1,2}') AND abs(a::DOUBLE) < 1e15 THEN
            round(a::DOUBLE, 2)::DECIMAL(18, 2)
        ELSE NULL
    END;

-- Plain digits and 'Rp 1.250.000' (most amounts) skip the text clean-up and take the branch of
-- pantau_amount_of they would reach anyway.
CREATE OR REPLACE TEMP MACRO pantau_amount(v) AS
    CASE WHEN regexp_full_match(v, '\d{1,15}') THEN v::DECIMAL(18, 2)
         WHEN regexp_full_match(v, 'Rp ?\d{1,3}(\.\d{3}){1,4}') THEN
             replace(ltrim(substr(v, 3)), '.', '')::DECIMAL(18, 2)
         ELSE pantau_amount_of(pantau_amount_text(v)) END;

-- NIK text before normalising (mirrors the start of etl.pii.normalise_nik): fullwidth digits
-- read as ASCII digits, and the whitespace Python's str.strip() removes (every character with
-- str.isspace(): tabs, line breaks, NBSP, ...) trimmed, not only spaces. Plain digit text skips
-- the (slower) translate and regex. NULL when nothing is left.
CREATE OR REPLACE TEMP MACRO pantau_nik_text(v) AS
    nullif(CASE
        WHEN regexp_matches(v, '[^\d .\-eE+]') THEN
            regexp_replace(translate(v, '０１２３４５６７８９', '0123456789'),
                '^[\t\n\x0B\f\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+'
                || '|[\t\n\x0B\f\r\x1C-\x1F \x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}]+$',
                '', 'g')
        ELSE trim(v)
    END, '');

-- The digits of a NIK text: all 16 from full-precision scientific notation, separators and a
-- trailing '.0' dropped; anything else as it is (without a trailing '.0').
CREATE OR REPLACE TEMP MACRO pantau_nik_of(t) AS
    CASE
        WHEN regexp_full_match(t, '\d\.\d{15}[eE]\+?15') THEN
            regexp_replace(t, '^(\d)\.(\d{15}).*$', '\1\2')
        WHEN regexp_full_match(t, '[\d .\-]+') AND NOT regexp_full_match(t, '\.0+') THEN
            regexp_replace(regexp_replace(t, '\.0+$', ''), '[ .\-]', '', 'g')
        ELSE regexp_replace(t, '\.0+$', '')
    END;

-- NIK digits as typed or as a spreadsheet mangled them (mirrors etl.pii.normalise_nik); 16
-- plain digits, most NIKs, are already normal and skip the five patterns of the general path.
-- Compute it once (a CTE column) before pantau_nik_valid: macros expand their arguments.
CREATE OR REPLACE TEMP MACRO pantau_nik(v) AS
    CASE WHEN regexp_full_match(v, '\d{16}') THEN v ELSE pantau_nik_of(pantau_nik_text(v)) END;

-- Mirrors etl.pii.nik_is_valid: province code, non-zero regency and district, birth date, serial.
-- try_cast: AND does not guarantee the order its terms are evaluated in (constant folding).
CREATE OR REPLACE TEMP MACRO pantau_nik_valid(n) AS
    n IS NOT NULL
    AND regexp_full_match(n, '\d{16}')
    AND list_contains(['11','12','13','14','15','16','17','18','19','21','31','32','33','34','35',
                       '36','51','52','53','61','62','63','64','65','71','72','73','74','75','76',
                       '81','82','91','92','93','94','95','96'], substr(n, 1, 2))
    AND substr(n, 3, 2) <> '00' AND substr(n, 5, 2) <> '00' AND substr(n, 13, 4) <> '0000'
    -- day (women's less 40) within its month in a leap year (a 29 February birthday is valid)
    AND (CASE WHEN try_cast(substr(n, 7, 2) AS INT) > 40
              THEN try_cast(substr(n, 7, 2) AS INT) - 40
              ELSE try_cast(substr(n, 7, 2) AS INT) END)
        BETWEEN 1 AND coalesce([31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
            CASE WHEN try_cast(substr(n, 9, 2) AS INT) BETWEEN 1 AND 12
                 THEN try_cast(substr(n, 9, 2) AS INT) END], 0);

-- Sex and birth date from a valid NIK's digits 7-12 (DDMMYY; Dukcapil adds 40 to the day for
-- women), for the inclusion KPI (issue 17). Read at load time from the normalised NIK, before
-- it is pseudonymised; only the sex and the age band at each transaction reach the warehouse.
-- Call them on a NIK pantau_nik_valid accepted (the digits are then known to be a date).
CREATE OR REPLACE TEMP MACRO pantau_nik_sex(n) AS
    CASE WHEN substr(n, 7, 2)::INTEGER > 40 THEN 'P' ELSE 'L' END;

-- The birth date as the integer YYMMDD (two-digit year, women's day less 40): the century is
-- only known against the date of a transaction (pantau_age_at).
CREATE OR REPLACE TEMP MACRO pantau_nik_birth(n) AS
    (substr(n, 11, 2)::INTEGER * 10000 + substr(n, 9, 2)::INTEGER * 100
     + (substr(n, 7, 2)::INTEGER % 40))::INTEGER;

-- Whole years of age on day d of a person born on YYMMDD b. Century rule: the birth is taken in
-- the 2000s unless that puts it after d, then in the 1900s, so the age is always 0-99 (a
-- person of 100 or more reads 100 years younger; a NIK records no century). Compared as
-- YYYYMMDD integers, no date is built: 29 February of a year that is not a leap year (a
-- structurally valid NIK may say so) then counts as reached on 1 March. Born on d = age 0; a
-- birthday on d counts as reached.
CREATE OR REPLACE TEMP MACRO pantau_age_at(b, d) AS
    ((year(d) * 10000 + month(d) * 100 + day(d))
     - (20000000 + b - CASE WHEN 20000000 + b > year(d) * 10000 + month(d) * 100 + day(d)
                            THEN 1000000 ELSE 0 END)) // 10000;

-- The coarse band the warehouse keeps instead of an age (null without one).
CREATE OR REPLACE TEMP MACRO pantau_age_band(age) AS
    CASE WHEN age IS NULL THEN NULL
         WHEN age < 25 THEN '<25'
         WHEN age < 40 THEN '25-39'
         WHEN age < 60 THEN '40-59'
         ELSE '60+' END;

-- ASCII letters and digits only, upper-cased after the others are dropped (mirrors
-- etl.pii.normalise_plate: Python's upper() would turn 'ß' into 'SS', DuckDB's into 'ẞ').
CREATE OR REPLACE TEMP MACRO pantau_plate(v) AS
    nullif(upper(regexp_replace(v, '[^A-Za-z0-9]', '', 'g')), '');

CREATE OR REPLACE TEMP MACRO pantau_plate_valid(p) AS
    p IS NOT NULL AND regexp_full_match(p, '[A-Z]{1,2}\d{1,4}[A-Z]{0,3}');

-- HMAC-SHA256 from the precomputed key pads (see etl/pii.py), first 128 bits as an integer.
-- encode() hashes the text's UTF-8 bytes as Python does (a ::BLOB cast would decode '\xNN').
-- The hex form feeds row fingerprints: casting a UHUGEINT to text costs 50x more than this.
CREATE OR REPLACE TEMP MACRO pantau_pid_hex(v, inner_pad, outer_pad) AS
    substr(sha256(outer_pad || unhex(sha256(inner_pad || encode(v)))), 1, 32);

CREATE OR REPLACE TEMP MACRO pantau_pid_of_hex(h) AS ('0x' || h)::UHUGEINT;

CREATE OR REPLACE TEMP MACRO pantau_pid(v, inner_pad, outer_pad) AS
    pantau_pid_of_hex(pantau_pid_hex(v, inner_pad, outer_pad));

-- Normalised key for matching service names and aliases: letters and digits, lower case.
CREATE OR REPLACE TEMP MACRO pantau_key(v) AS regexp_replace(lower(v), '[^a-z0-9]', '', 'g');

-- What a reject may show: long digit runs (NIK-like) masked wherever they appear.
-- Plate-shaped runs ("BE 1234 XY") too, since a malformed line may carry one; a plate without
-- suffix letters ("B 1234") only when a separator follows its letters and its digits are not
-- part of a number ("1.250.000"), so that ids ("T0001") and amounts stay readable ('Rp' is
-- never taken for a plate prefix: "Rp 125").
CREATE OR REPLACE TEMP MACRO pantau_safe_text(v) AS
    left(regexp_replace(regexp_replace(regexp_replace(v,
            '\d[\d .\-]{8,}\d|\d[\d.,]*[eE]\+?\d+', '[angka disamarkan]', 'g'),
            '\b[A-Za-z]{1,2}[ .\-]*\d{1,4}[ .\-]*[A-Za-z]{1,3}\b', '[nopol disamarkan]', 'g'),
            '\b([A-Za-z]|[A-QS-Za-qs-z][A-Za-z]|[Rr][A-OQ-Za-oq-z])[ .\-]+\d{1,4}([^A-Za-z0-9.,]|[.,][^0-9]|[.,]?$)',
            '[nopol disamarkan]\2', 'g'),
         200);
