-- title = { id = "Kelengkapan pelaporan", en = "Reporting completeness" }
-- description.id = "Hari-kantor dengan data dibagi hari-kantor yang diharapkan. Diharapkan: hari sejak kantor dibuka, pada hari kerja jenisnya (KC/KCP dan agen Senin-Sabtu, Pos Keliling Senin-Jumat), dan pada hari ketika setidaknya satu kantor di provinsi melapor (hari libur tidak dihitung)."
-- description.en = "Branch-days with data divided by branch-days expected. Expected: days since the branch opened, on its type's working days (KC/KCP and agents Mon-Sat, mobile units Mon-Fri), on which at least one branch in the province reported (holidays are not counted)."
-- formula.id = "Hari-kantor dengan setidaknya satu transaksi tercatat (status apa pun) ÷ hari-kantor yang diharapkan. Diharapkan: setiap kantor di wilayah, sejak tanggal bukanya, pada setiap hari periode yang memiliki data dari setidaknya satu kantor di provinsi, bila hari itu Senin–Sabtu (Pos Keliling Senin–Jumat)."
-- formula.en = "Branch-days with at least one recorded transaction (any status) ÷ branch-days expected. Expected: every branch in the area, from its opening date, on every day of the period on which at least one branch in the province has data, when that day is Monday–Saturday (mobile units Monday–Friday)."
-- caveats.id = "Indikator mutu data, bukan hasil MoU. Mengukur ada tidaknya data per hari, bukan kelengkapan baris: kantor yang mengirim sebagian transaksi harinya tetap terhitung lengkap. Master kantor tidak punya tanggal tutup, sehingga kantor yang berhenti tetap diharapkan. Hari tanpa data dari kantor mana pun dianggap libur, jadi gangguan di seluruh provinsi tidak terlihat; pada hari libur ketika sebagian kantor tetap buka, semua kantor diharapkan. Bulan terakhir bisa masih sementara karena ekspor terlambat."
-- caveats.en = "A data-quality indicator, not an MoU outcome. It measures whether a day has data, not whether every row arrived: a branch that sent part of a day's transactions counts as complete. The branch master has no closing date, so a branch that stopped is still expected. A day without data from any branch is taken as a holiday, so a province-wide outage does not show; on a holiday when some branches open, every branch is expected. The latest month may still be provisional because of late exports."
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
