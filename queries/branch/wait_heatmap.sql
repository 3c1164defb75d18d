-- title = { id = "Kantor: p90 waktu tunggu menurut hari dan jam", en = "Branch: p90 waiting time by weekday and hour" }
-- description.id = "Untuk satu kantor, per hari dalam minggu (Senin dahulu) dan jam kedatangan (WIB): pelanggan loket (kanal LOKET dan KELILING yang dilayani), median dan p90 waktu tunggu mereka (menit penuh: menit terkecil yang jumlah kumulatifnya mencapai 50%/90%; 60 = satu jam atau lebih). Sel dengan pelanggan loket lebih sedikit dari batas minimum dibiarkan kosong (terlalu sedikit untuk persentil). Untuk penjadwalan petugas: jam-jam yang tunggunya melewati standar. Membaca tabel transaksi yang disaring per kantor (ringkasan jam × hari hanya ada per kabupaten/kota)."
-- description.en = "For one branch, per weekday (Monday first) and hour of arrival (WIB): counter customers (channels LOKET and KELILING, served) and their median and p90 wait (whole minutes: the smallest minute whose cumulative count reaches 50%/90%; 60 = an hour or more). Cells with fewer counter customers than the minimum are left empty (too few for a percentile). For staffing: the hours whose waits pass the standard. Reads the transactions table filtered to the branch (the hour × weekday summary exists only per kabupaten/kota)."
-- tags = ["branch", "wait", "time"]
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
-- [params.min_customers]
-- type = "integer"
-- default = 5
-- min = 1
-- label = { id = "Pelanggan loket minimum per sel", en = "Minimum counter customers per cell" }
--
-- [chart]
-- kind = "heatmap"
-- x = "hour"
-- y = "weekday"
-- z = "p90_wait_min"
WITH rows AS (
    SELECT isodow(arrived_at)::INTEGER AS iso_weekday,
           hour(arrived_at)::INTEGER AS hour,
           least(wait_seconds // 60, 60) AS wait_minute
    FROM transactions
    WHERE branch_code = $branch
      AND arrived_at >= $from_month
      AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
      AND channel IN ('LOKET', 'KELILING')
      AND served_at IS NOT NULL
), hist AS (
    SELECT iso_weekday, hour, wait_minute, count(*) AS n FROM rows GROUP BY ALL
), pct AS (
    SELECT iso_weekday, hour,
           any_value(total_n) AS customers,
           min(wait_minute) FILTER (WHERE 2 * cum_n >= total_n) AS p50,
           min(wait_minute) FILTER (WHERE 10 * cum_n >= 9 * total_n) AS p90
    FROM (
        SELECT iso_weekday, hour, wait_minute,
               sum(n) OVER (PARTITION BY iso_weekday, hour ORDER BY wait_minute) AS cum_n,
               sum(n) OVER (PARTITION BY iso_weekday, hour) AS total_n
        FROM hist
    )
    GROUP BY iso_weekday, hour
)
SELECT iso_weekday,
       ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][iso_weekday] AS weekday,
       ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][iso_weekday]
           AS weekday_en,
       hour,
       customers::BIGINT AS counter_customers,
       CASE WHEN customers >= $min_customers THEN p50 END::DOUBLE AS median_wait_min,
       CASE WHEN customers >= $min_customers THEN p90 END::DOUBLE AS p90_wait_min
FROM pct
ORDER BY iso_weekday, hour
