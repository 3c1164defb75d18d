-- title = { id = "Kelengkapan data per kantor", en = "Data completeness by branch" }
-- description.id = "Per kantor: hari yang diharapkan berdata dibanding hari yang benar-benar berdata. Hari diharapkan = hari dalam periode, pada atau sesudah tanggal buka kantor, pada hari kerja jenisnya (KC, KCP dan AGEN Senin–Sabtu; Pos Keliling Senin–Jumat), dan pada hari ketika paling sedikit satu kantor di provinsi mengirim data (hari libur nasional tanpa data di mana pun tidak dihitung). Hari berdata = hari diharapkan dengan paling sedikit satu transaksi terdaftar; data pada hari di luar jadwal (mis. Minggu) dihitung terpisah. Kantor yang belum buka dalam periode tidak ditampilkan. Untuk agen atau kantor yang sepi, hari tanpa transaksi belum tentu data yang hilang: angka ini petunjuk untuk diperiksa, bukan bukti. Kelengkapan rendah lebih dahulu."
-- description.en = "Per branch: days expected to have data against days that have it. Expected days = days in the period, on or after the branch opened, on the weekdays its type works (KC, KCP and AGEN Monday–Saturday; mobile units Monday–Friday), and on which at least one branch in the province reported (public holidays without data anywhere do not count). Days with data = expected days with at least one registered transaction; data on days outside the schedule (e.g. Sundays) is counted separately. Branches not yet open in the period are left out. For a quiet agent or branch a day without transactions is not necessarily missing data: this is a lead to check, not proof. Lowest completeness first."
-- tags = ["quality", "branch"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-11m"
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
-- label = { id = "Kabupaten/kota", en = "Kabupaten/kota" }
--
-- [params.branch_type]
-- type = "choice"
-- choices = ["KC", "KCP", "AGEN", "KELILING"]
-- optional = true
-- label = { id = "Jenis kantor (kosong = semua)", en = "Branch type (empty = all)" }
--
-- [chart]
-- kind = "table"
WITH reported AS (
    SELECT DISTINCT day
    FROM agg_branch_day
    WHERE month BETWEEN $from_month AND $to_month AND n_total > 0
), b AS (
    SELECT b.branch_code, b.name, b.type, b.kabupaten_code, b.opened_on,
           CASE WHEN b.type = 'KELILING' THEN 5 ELSE 6 END AS last_workday
    FROM branches b
    WHERE ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
      AND ($branch_type IS NULL OR b.type = $branch_type)
      AND (b.opened_on IS NULL OR b.opened_on < ($to_month::DATE + INTERVAL 1 MONTH))
), expected AS (
    SELECT b.branch_code, r.day
    FROM b
    JOIN reported r
      ON (b.opened_on IS NULL OR r.day >= b.opened_on)
     AND isodow(r.day) <= b.last_workday
), data AS (
    SELECT branch_code, day
    FROM agg_branch_day
    WHERE month BETWEEN $from_month AND $to_month AND n_total > 0
), counts AS (
    SELECT e.branch_code, count(*) AS days_expected, count(d.day) AS days_with_data
    FROM expected e
    LEFT JOIN data d USING (branch_code, day)
    GROUP BY e.branch_code
), any_data AS (
    SELECT branch_code, count(*) AS days_any_data, max(day) AS last_day_with_data
    FROM data
    GROUP BY branch_code
)
SELECT b.branch_code,
       b.name AS branch,
       b.type,
       b.kabupaten_code,
       k.name AS kabupaten,
       b.opened_on,
       coalesce(c.days_expected, 0)::BIGINT AS days_expected,
       coalesce(c.days_with_data, 0)::BIGINT AS days_with_data,
       (coalesce(c.days_expected, 0) - coalesce(c.days_with_data, 0))::BIGINT AS days_missing,
       (c.days_with_data / NULLIF(c.days_expected, 0))::DOUBLE AS completeness_share,
       (coalesce(a.days_any_data, 0) - coalesce(c.days_with_data, 0))::BIGINT
           AS days_outside_schedule,
       a.last_day_with_data
FROM b
JOIN ref_kabupaten k ON k.kabupaten_code = b.kabupaten_code
LEFT JOIN counts c USING (branch_code)
LEFT JOIN any_data a USING (branch_code)
ORDER BY completeness_share NULLS LAST, b.branch_code
