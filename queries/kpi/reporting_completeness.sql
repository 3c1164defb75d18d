-- title = { id = "Kelengkapan pelaporan", en = "Reporting completeness" }
-- description.id = "Hari-kantor dengan data dibagi hari-kantor yang diharapkan. Diharapkan: hari sejak kantor dibuka, pada hari kerja jenisnya (KC/KCP dan agen Senin-Sabtu, Pos Keliling Senin-Jumat), dan pada hari ketika setidaknya satu kantor di provinsi melapor (hari libur tidak dihitung)."
-- description.en = "Branch-days with data divided by branch-days expected. Expected: days since the branch opened, on its type's working days (KC/KCP and agents Mon-Sat, mobile units Mon-Fri), on which at least one branch in the province reported (holidays are not counted)."
-- tags = ["kpi"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [chart]
-- kind = "table"
-- value = "value"
WITH days AS (
    SELECT DISTINCT day FROM agg_branch_day
    WHERE month BETWEEN $from_month AND $to_month
),
expected AS (
    SELECT b.branch_code, d.day
    FROM branches b
    JOIN days d ON d.day >= coalesce(b.opened_on, DATE '1900-01-01')
    WHERE ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
      AND isodow(d.day) <= CASE WHEN b.type = 'KELILING' THEN 5 ELSE 6 END
)
SELECT count(a.branch_code)::BIGINT AS numerator,
       count(*)::BIGINT AS denominator,
       (numerator / nullif(denominator, 0))::DOUBLE AS value
FROM expected e
LEFT JOIN agg_branch_day a USING (branch_code, day)
