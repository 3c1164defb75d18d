-- title = { id = "Kantor: kedatangan (transaksi terdaftar) menurut hari dan jam", en = "Branch: arrivals (registered transactions) by weekday and hour" }
-- description.id = "Untuk satu kantor: transaksi terdaftar dan rata-rata waktu tunggu pelanggan loket per hari dan jam kedatangan (WIB). Membaca tabel transaksi yang disaring per kantor, karena ringkasan jam × hari hanya ada per kabupaten/kota (ringkasan per kantor × jam × hari hampir sebesar data mentah)."
-- description.en = "For one branch: registered transactions and counter customers' mean wait by weekday and hour of arrival (WIB). Reads the transactions table filtered to the branch, because the hour × weekday summary exists only per kabupaten/kota (a branch × hour × weekday summary would be nearly as large as the raw rows)."
-- tags = ["branch", "wait"]
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
-- kind = "heatmap"
-- x = "hour"
-- y = "weekday"
-- z = "transactions"
SELECT isodow(arrived_at)::INTEGER AS iso_weekday,
       ['Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu', 'Minggu'][isodow(arrived_at)]
           AS weekday,
       ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'][isodow(arrived_at)]
           AS weekday_en,
       hour(arrived_at)::INTEGER AS hour,
       count(*)::BIGINT AS transactions,
       (avg(wait_seconds) FILTER (WHERE channel IN ('LOKET', 'KELILING') AND served_at IS NOT NULL)
           / 60)::DOUBLE AS mean_wait_min
FROM transactions
WHERE branch_code = $branch
  AND arrived_at >= $from_month
  AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
GROUP BY ALL
ORDER BY iso_weekday, hour
