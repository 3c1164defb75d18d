-- title = { id = "Kantor: hari kerja tanpa data", en = "Branch: working days without data" }
-- description.id = "Hari kerja (KC, KCP dan agen Senin–Sabtu; Pos Keliling Senin–Jumat) sejak kantor dibuka dalam periode, ketika kantor lain di provinsi melapor tetapi kantor ini tidak memiliki transaksi. Definisi sama dengan kpi/reporting_completeness."
-- description.en = "Working days (KC, KCP and agents Monday–Saturday; mobile units Monday–Friday) since the branch opened in the period on which other branches in the province reported but this branch has no transaction. The same definition as kpi/reporting_completeness."
-- tags = ["branch", "quality"]
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- default = "first"
-- label = { id = "Kantor", en = "Branch" }
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-2m"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [chart]
-- kind = "table"
WITH days AS (
    SELECT DISTINCT day FROM agg_branch_day WHERE month BETWEEN $from_month AND $to_month
)
SELECT d.day,
       ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][isodow(d.day)] AS weekday,
       ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][isodow(d.day)]
           AS weekday_en
FROM branches b
JOIN days d ON d.day >= coalesce(b.opened_on, DATE '1900-01-01')
WHERE b.branch_code = $branch
  AND isodow(d.day) <= CASE WHEN b.type = 'KELILING' THEN 5 ELSE 6 END
  AND NOT EXISTS (
      SELECT 1 FROM agg_branch_day a WHERE a.branch_code = b.branch_code AND a.day = d.day
  )
ORDER BY d.day DESC
