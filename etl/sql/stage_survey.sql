-- reads: raw_rows, raw_malformed, load_ctx, survey_answers, service_lookup,
--        pantau_blank, pantau_key, pantau_total_label, pantau_ts_one, pantau_pid_hex,
--        pantau_pid_of_hex, pantau_safe_text
-- writes: survey_rows, survey_scores, survey_units, survey_parsed, stage_survey
--
-- Parse and validate one satisfaction-survey file (view raw_rows): one row per response,
-- the nine elements U1-U9 scored 1-4 as digits or as answer texts (survey_answers).
--
-- * An element left empty rejects the response (unanswered): it is never scored 0, since the
--   IKM is the mean over complete responses.
-- * The unit resolves to a branch of the branch master: by its code, by a code in brackets
--   after a name ('KCP Krui (34191)'), or by a name only one branch has.
-- * A respondent id (or NIK), when the file has one, is pseudonymised like a NIK (respondent_pid)
--   and keys the response with its date and unit (a respondent may answer again another day: a
--   second response, not a correction); otherwise the key is the response's content and its occurrence in the
--   file, so that loading the same responses again adds nothing.
-- * A summary row under the responses ('JUMLAH', 'Rata-rata', 'IKM' in a label cell) is not a
--   response: it goes to skipped_rows, and the loader leaves it out of rows_read.

CREATE OR REPLACE TEMP TABLE survey_rows AS
SELECT *,
       pantau_total_label(pantau_blank(unit)) OR pantau_total_label(pantau_blank(service))
           OR pantau_total_label(pantau_blank(survey_date))
           OR pantau_total_label(pantau_blank(respondent_id)) AS summary
FROM raw_rows;

INSERT INTO skipped_rows (file_id, source_row, reason, value)
SELECT ctx.file_id, _row, 'total_row',
       pantau_safe_text(coalesce(pantau_blank(unit), pantau_blank(service),
                                 pantau_blank(survey_date), pantau_blank(respondent_id)))
FROM survey_rows CROSS JOIN load_ctx ctx
WHERE summary;

CREATE OR REPLACE TEMP TABLE survey_scores AS
SELECT
    _row,
    min(CASE WHEN element = 'u1' THEN score END)::TINYINT AS u1,
    min(CASE WHEN element = 'u2' THEN score END)::TINYINT AS u2,
    min(CASE WHEN element = 'u3' THEN score END)::TINYINT AS u3,
    min(CASE WHEN element = 'u4' THEN score END)::TINYINT AS u4,
    min(CASE WHEN element = 'u5' THEN score END)::TINYINT AS u5,
    min(CASE WHEN element = 'u6' THEN score END)::TINYINT AS u6,
    min(CASE WHEN element = 'u7' THEN score END)::TINYINT AS u7,
    min(CASE WHEN element = 'u8' THEN score END)::TINYINT AS u8,
    min(CASE WHEN element = 'u9' THEN score END)::TINYINT AS u9,
    -- the first element in U1..U9 order that is empty, then the first that is not a score
    arg_min(element, element_no) FILTER (txt IS NULL) AS unanswered,
    arg_min(element, element_no) FILTER (txt IS NOT NULL AND score IS NULL) AS bad_element,
    arg_min(txt, element_no) FILTER (txt IS NOT NULL AND score IS NULL) AS bad_text
FROM (
    SELECT
        l._row, l.element, right(l.element, 1)::INTEGER AS element_no, l.txt,
        CASE
            WHEN regexp_full_match(l.txt, '\d{1,2}([.,]0+)?') THEN
                try_cast(regexp_replace(l.txt, '[.,]0+$', '') AS INTEGER)
            ELSE a.score
        END AS raw_score,
        CASE WHEN raw_score BETWEEN 1 AND 4 THEN raw_score END AS score
    FROM (
        SELECT _row, element, pantau_blank(txt) AS txt
        FROM (UNPIVOT (SELECT _row, u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM survey_rows WHERE NOT summary)
              ON u1, u2, u3, u4, u5, u6, u7, u8, u9 INTO NAME element VALUE txt)
        UNION ALL
        -- UNPIVOT leaves out empty cells: bring them back as unanswered
        SELECT _row, element, NULL
        FROM (SELECT _row FROM survey_rows WHERE NOT summary)
        CROSS JOIN (SELECT unnest(['u1', 'u2', 'u3', 'u4', 'u5', 'u6', 'u7', 'u8', 'u9'])
                    AS element)
        ANTI JOIN (UNPIVOT (SELECT _row, u1, u2, u3, u4, u5, u6, u7, u8, u9 FROM survey_rows WHERE NOT summary)
                   ON u1, u2, u3, u4, u5, u6, u7, u8, u9 INTO NAME element VALUE txt) k
            USING (_row, element)
    ) l
    LEFT JOIN survey_answers a ON a.key = pantau_key(l.txt)
)
GROUP BY _row;

CREATE OR REPLACE TEMP TABLE survey_units AS
SELECT branch_code, pantau_key(name) AS name_key,
       count(*) OVER (PARTITION BY pantau_key(name)) AS sharing
FROM branches;

CREATE OR REPLACE TEMP TABLE survey_parsed AS
WITH b AS (
    SELECT
        r._row,
        pantau_blank(r.unit) AS unit_txt,
        pantau_blank(r.service) AS service_txt,
        pantau_blank(r.survey_date) AS date_txt,
        pantau_blank(r.sex) AS sex_txt,
        pantau_blank(r.age) AS age_txt,
        pantau_blank(r.respondent_id) AS respondent_txt,
        s.* EXCLUDE (_row)
    FROM survey_rows r
    JOIN survey_scores s USING (_row)
),
p AS (
    SELECT
        b.*,
        coalesce(
            (SELECT min(u.branch_code) FROM survey_units u
             WHERE u.branch_code = regexp_replace(upper(b.unit_txt), '\.0$', '')),
            (SELECT min(u.branch_code) FROM survey_units u
             WHERE u.branch_code = upper(regexp_extract(b.unit_txt, '\(\s*(\w+)\s*\)\s*$', 1))),
            (SELECT min(u.branch_code) FROM survey_units u
             WHERE u.name_key = pantau_key(b.unit_txt) AND u.sharing = 1)
        ) AS branch_code,
        (SELECT min(l.service_code) FROM service_lookup l
         WHERE l.key = pantau_key(b.service_txt)) AS service_code,
        coalesce(
            pantau_ts_one(b.date_txt),
            CASE WHEN regexp_full_match(b.date_txt, '[\d/\-]+')
                 THEN try_strptime(b.date_txt, ['%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y'])
            END,
            try_cast(b.date_txt AS TIMESTAMP)
        ) AS submitted_at,
        CASE WHEN pantau_key(b.sex_txt) IN ('l', 'lk', 'lakilaki', 'pria', 'male', 'm') THEN 'L'
             WHEN pantau_key(b.sex_txt) IN ('p', 'pr', 'perempuan', 'wanita', 'female', 'f')
                 THEN 'P'
        END AS sex,
        CASE WHEN regexp_full_match(b.age_txt, '\d{1,3}(\.0+)?')
             THEN try_cast(regexp_replace(b.age_txt, '\.0+$', '') AS INTEGER)
        END AS age
    FROM b
)
SELECT
    p.*,
    p.submitted_at::DATE AS survey_date,
    CASE
        WHEN p.age IS NULL THEN p.age_txt
        WHEN p.age < 20 THEN '< 20 tahun'
        WHEN p.age < 30 THEN '20 - 29 tahun'
        WHEN p.age < 40 THEN '30 - 39 tahun'
        WHEN p.age < 50 THEN '40 - 49 tahun'
        WHEN p.age < 60 THEN '50 - 59 tahun'
        ELSE '60 tahun ke atas'
    END AS age_group,
    CASE
        WHEN p.unit_txt IS NULL THEN 'missing_required|unit'
        WHEN p.branch_code IS NULL THEN 'unknown_unit|unit'
        WHEN p.unanswered IS NOT NULL THEN 'unanswered|' || p.unanswered
        WHEN p.bad_element IS NOT NULL THEN 'bad_score|' || p.bad_element
        WHEN p.date_txt IS NULL THEN 'missing_required|survey_date'
        WHEN p.submitted_at IS NULL OR p.submitted_at::DATE < DATE '2000-01-01'
             OR p.submitted_at > ctx.now_wib + INTERVAL 1 DAY THEN 'bad_date|survey_date'
        WHEN p.service_txt IS NOT NULL AND p.service_code IS NULL THEN 'unknown_service|service'
        WHEN p.age_txt IS NOT NULL AND p.age IS NOT NULL AND p.age NOT BETWEEN 10 AND 120
            THEN 'bad_number|age'
    END AS failure
FROM p CROSS JOIN load_ctx ctx;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT
    ctx.file_id, _row, NULL,
    split_part(failure, '|', 2), split_part(failure, '|', 1),
    pantau_safe_text(CASE
        WHEN split_part(failure, '|', 2) = 'unit' THEN unit_txt
        WHEN split_part(failure, '|', 1) = 'bad_score' THEN bad_text
        WHEN split_part(failure, '|', 2) = 'survey_date' THEN date_txt
        WHEN split_part(failure, '|', 2) = 'service' THEN service_txt
        WHEN split_part(failure, '|', 2) = 'age' THEN age_txt END)
FROM survey_parsed CROSS JOIN load_ctx ctx
WHERE failure IS NOT NULL;

INSERT INTO rejects (file_id, source_row, transaction_id, column_name, reason, value)
SELECT ctx.file_id, _row, NULL, column_name, reason, value
FROM raw_malformed CROSS JOIN load_ctx ctx;

CREATE OR REPLACE TEMP TABLE stage_survey AS
WITH good AS (
    SELECT
        s.*,
        CASE WHEN respondent_txt IS NOT NULL
             THEN pantau_pid_hex(trim(respondent_txt), ctx.inner_pad, ctx.outer_pad)
        END AS respondent_hex,
        concat_ws('|', branch_code, coalesce(service_code, '~'), survey_date,
            coalesce(strftime(submitted_at, '%Y-%m-%d %H:%M:%S'), '~'), coalesce(sex, '~'),
            coalesce(age::VARCHAR, '~'), coalesce(age_group, '~'),
            u1, u2, u3, u4, u5, u6, u7, u8, u9) AS content,
        ctx.file_id, ctx.file_seq
    FROM survey_parsed s CROSS JOIN load_ctx ctx
    WHERE failure IS NULL
)
SELECT
    CASE WHEN respondent_hex IS NOT NULL
         THEN 'id:' || respondent_hex || '|' || survey_date || '|' || branch_code
         ELSE md5(content) || '#'
              || row_number() OVER (PARTITION BY content ORDER BY _row)::VARCHAR
    END AS response_key,
    branch_code, service_code, survey_date,
    CASE WHEN strftime(submitted_at, '%H:%M:%S') <> '00:00:00' THEN submitted_at END
        AS submitted_at,
    sex, age, age_group, u1, u2, u3, u4, u5, u6, u7, u8, u9,
    pantau_pid_of_hex(respondent_hex) AS respondent_pid,
    md5_number(content || '|' || coalesce(respondent_hex, '~')) AS row_hash,
    file_id, _row AS source_row, file_seq
FROM good;
