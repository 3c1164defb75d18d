-- title = { id = "Kantor yang belum melapor", en = "Branches that have not reported" }
-- description.id = "Kantor yang sudah buka tetapi hari terakhir berdatanya lebih dari N hari sebelum hari terakhir berdata di seluruh gudang (bukan tanggal hari ini, sehingga gudang yang dimuat terlambat tetap menunjuk kantor yang berhenti)."
-- description.en = "Open branches whose last day with data is more than N days before the latest day with data in the whole warehouse (not today's date, so a warehouse loaded late still names the branches that stopped)."
-- tags = ["quality", "branch"]
--
-- [params.days]
-- type = "integer"
-- default = 7
-- min = 0
-- label = { id = "Lebih dari (hari)", en = "More than (days)" }
--
-- [chart]
-- kind = "table"
WITH latest AS (SELECT max(day) AS day FROM agg_branch_day),
last_seen AS (SELECT branch_code, max(day) AS last_day FROM agg_branch_day GROUP BY branch_code)
SELECT b.branch_code,
       b.name AS branch,
       b.type,
       k.name AS kabupaten,
       s.last_day AS last_day_with_data,
       date_diff('day', coalesce(s.last_day, b.opened_on), (SELECT day FROM latest))::BIGINT
           AS days_silent
FROM branches b
JOIN ref_kabupaten k USING (kabupaten_code)
LEFT JOIN last_seen s USING (branch_code)
WHERE coalesce(b.opened_on, DATE '1900-01-01') <= (SELECT day FROM latest)
  AND (s.last_day IS NULL OR s.last_day < (SELECT day FROM latest) - $days::INTEGER)
ORDER BY days_silent DESC NULLS FIRST, b.branch_code
