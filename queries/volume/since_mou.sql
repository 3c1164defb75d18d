-- title = { id = "Transaksi layanan MoU: sebelum dan sesudah MoU", en = "MoU-service transactions: before and since the MoU" }
-- description.id = "Transaksi selesai layanan MoU setiap bulan sejak MoU (ditandatangani 22 April 2025) dibandingkan rata-rata bulanan masa dasar. Masa dasar = 12 bulan tepat sebelum MoU, 22 April 2024 – 21 April 2025, dihitung per hari dari ringkasan harian (jumlah ÷ 12 untuk rata-rata bulanan, ÷ 365 untuk rata-rata harian). Bulan sejak MoU dimulai Mei 2025, bulan penuh pertama; 22–30 April 2025 tidak ditampilkan. Perubahan per hari menghapus pengaruh panjang bulan (Februari vs Maret). Bulan yang tidak seluruhnya tercakup data gudang (di luar hari pertama–terakhir yang berdata, atau tanpa baris sama sekali) kosong (NULL), bukan nol; bila data tidak mencakup seluruh masa dasar, rata-rata dasar dan perubahan kosong (NULL): tidak ada pembanding. Saring kabupaten/kota kantor atau satu layanan MoU."
-- description.en = "Completed MoU-service transactions in each month since the MoU (signed 22 April 2025) against the baseline monthly average. Baseline = the exact 12 months before the MoU, 22 April 2024 – 21 April 2025, summed by day from the daily summary (÷ 12 for the monthly average, ÷ 365 for the daily average). Months since the MoU start with May 2025, the first full month; 22–30 April 2025 is not shown. The per-day change removes month-length effects (February vs March). A month the warehouse does not fully cover (outside its first to last day with data, or without any row) is empty (NULL), not zero; when the data does not cover the whole baseline, the baseline averages and changes are empty (NULL): there is nothing to compare with. Filter by the branch's kabupaten/kota or one MoU service."
-- tags = ["volume", "mou"]
--
-- [params.from_month]
-- type = "month"
-- default = "mou_month+1m"
-- label = { id = "Dari bulan (sejak MoU)", en = "From month (since the MoU)" }
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
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "line"
-- x = "month"
-- y = "transactions,baseline_monthly_avg"
--
-- [disclosure]
-- counts = ["transactions"]
-- service_param = "service"
-- withhold = ["change_share", "transactions_per_day", "per_day_change_share"]
-- groups = [[]]
WITH extent AS (
    SELECT min(day) AS first_day, max(day) AS last_day FROM agg_day
), months_with_rows AS (
    SELECT DISTINCT month FROM agg_day
), scope AS (
    SELECT day, month, n_completed
    FROM agg_day
    WHERE mou_service
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
      AND ($service IS NULL OR service_code = $service)
), baseline AS (
    SELECT coalesce(sum(n_completed), 0) AS total,
           count(DISTINCT day) AS days_with_data,
           -- covered: the data spans 22 April 2024 - 21 April 2025 and each of its 13 calendar
           -- months has rows, so the average is of the whole year, not of what happens to be there
           (SELECT first_day <= DATE '2024-04-22' AND last_day >= DATE '2025-04-21' FROM extent)
           AND (SELECT count(*) FROM months_with_rows
                WHERE month BETWEEN DATE '2024-04-01' AND DATE '2025-04-01') = 13 AS covered
    FROM scope
    WHERE day BETWEEN DATE '2024-04-22' AND DATE '2025-04-21'
), months AS (
    SELECT m::DATE AS month,
           ((m + INTERVAL 1 MONTH)::DATE - m::DATE) AS days,
           m::DATE >= e.first_day
               AND (m + INTERVAL 1 MONTH)::DATE - 1 <= e.last_day
               AND m::DATE IN (SELECT month FROM months_with_rows) AS covered
    FROM range($from_month::DATE, $to_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) AS r(m)
    CROSS JOIN extent e
), per_month AS (
    SELECT month, sum(n_completed) AS transactions
    FROM scope
    WHERE month BETWEEN $from_month AND $to_month
    GROUP BY month
), joined AS (
    SELECT m.month,
           m.days,
           m.covered AS month_covered,
           b.covered AS baseline_covered,
           CASE WHEN m.covered THEN coalesce(p.transactions, 0) END AS transactions,
           CASE WHEN b.covered THEN b.total END AS baseline_total,
           b.days_with_data
    FROM months m
    CROSS JOIN baseline b
    LEFT JOIN per_month p USING (month)
)
SELECT month,
       days,
       transactions::BIGINT AS transactions,
       (baseline_total / 12)::DOUBLE AS baseline_monthly_avg,
       (transactions / NULLIF(baseline_total / 12, 0) - 1)::DOUBLE AS change_share,
       (transactions / days)::DOUBLE AS transactions_per_day,
       (baseline_total / 365)::DOUBLE AS baseline_per_day,
       ((transactions / days) / NULLIF(baseline_total / 365, 0) - 1)::DOUBLE
           AS per_day_change_share,
       days_with_data::BIGINT AS baseline_days_with_data,
       month_covered,
       baseline_covered
FROM joined
ORDER BY month
