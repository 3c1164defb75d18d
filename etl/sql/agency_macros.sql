-- reads: (none)
-- writes: pantau_month, pantau_total_label
--
-- Parsers shared by the agency inputs (stage_realisation.sql, stage_survey.sql).

-- A month in the layouts agencies write: 'Maret 2025', 'BULAN : JANUARI 2025', 'Mar 2025',
-- '2025-03', '2025-03-01 00:00:00', '03/2025', '202503' -> the month's first day; else NULL.
CREATE OR REPLACE TEMP MACRO pantau_month(v) AS
    CASE
        WHEN v IS NULL THEN NULL
        WHEN regexp_full_match(trim(v), '\d{4}[-/.]\d{1,2}([-/.]\d{1,2}([ T].*)?)?') THEN
            try_strptime(regexp_extract(trim(v), '^(\d{4})[-/.](\d{1,2})', 1) || '-'
                || regexp_extract(trim(v), '^(\d{4})[-/.](\d{1,2})', 2) || '-01', '%Y-%m-%d')::DATE
        WHEN regexp_full_match(trim(v), '\d{1,2}[-/.]\d{4}') THEN
            try_strptime('01/' || trim(v).replace('-', '/').replace('.', '/'), '%d/%m/%Y')::DATE
        WHEN regexp_full_match(trim(v), '\d{6}') THEN try_strptime(trim(v) || '01', '%Y%m%d')::DATE
        WHEN regexp_matches(v, '[A-Za-z]{3,}\W*\d{4}') THEN
            try_strptime(
                regexp_extract(v, '([A-Za-z]{3,})\W*(\d{4})', 2) || '-'
                || coalesce(
                    list_position(['jan', 'feb', 'mar', 'apr', 'mei', 'jun', 'jul', 'agu', 'sep',
                                   'okt', 'nov', 'des'],
                                  left(lower(regexp_extract(v, '([A-Za-z]{3,})\W*(\d{4})', 1)), 3)),
                    list_position(['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep',
                                   'oct', 'nov', 'dec'],
                                  left(lower(regexp_extract(v, '([A-Za-z]{3,})\W*(\d{4})', 1)), 3)),
                    CASE left(lower(regexp_extract(v, '([A-Za-z]{3,})\W*(\d{4})', 1)), 3)
                        WHEN 'agt' THEN 8 WHEN 'ags' THEN 8 WHEN 'pep' THEN 2 END
                )::VARCHAR || '-01', '%Y-%m-%d')::DATE
    END;

-- A label cell that marks a summary row ('TOTAL', 'Jumlah', 'Grand Total', 'SUB TOTAL', 'Jumlah
-- Seluruhnya', 'Rata-rata', 'NRR', 'IKM'): such rows sum or average the rows above, they are
-- not records, and are skipped.
CREATE OR REPLACE TEMP MACRO pantau_total_label(v) AS
    regexp_matches(regexp_replace(lower(coalesce(v, '')), '[^a-z]', '', 'g'),
                   '^((grand|sub)?(total|jumlah|jml)|ratarata|nilairatarata|nrr|ikm$)');
