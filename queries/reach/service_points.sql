-- title = { id = "Titik layanan", en = "Service points" }
-- description.id = "Setiap kantor, agen dan Pos Keliling yang sudah buka pada akhir periode, dengan lokasinya, jenisnya dan transaksi selesai dalam periode (untuk peta). Saring satu layanan MoU."
-- description.en = "Every branch, agent and mobile unit open by the end of the period, with its location, type and completed transactions in the period (for the map). Filter by one MoU service."
-- tags = ["reach", "map"]
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
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "map"
-- x = "lon"
-- y = "lat"
-- color = "type"
-- size = "transactions"
-- text = "branch"
WITH volume AS (
    SELECT branch_code,
           sum(n_completed) AS transactions,
           sum(n_completed) FILTER (WHERE mou_service) AS mou_transactions
    FROM agg_branch_month
    WHERE month BETWEEN $from_month AND $to_month
      AND ($service IS NULL OR service_code = $service)
    GROUP BY branch_code
)
SELECT b.branch_code,
       b.name AS branch,
       b.type,
       b.kabupaten_code,
       b.kecamatan_code,
       b.lat,
       b.lon,
       coalesce(v.transactions, 0)::BIGINT AS transactions,
       coalesce(v.mou_transactions, 0)::BIGINT AS mou_transactions
FROM branches b
LEFT JOIN volume v USING (branch_code)
WHERE b.lat IS NOT NULL AND b.lon IS NOT NULL
  AND (b.opened_on IS NULL OR b.opened_on < ($to_month::DATE + INTERVAL 1 MONTH))
  AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
ORDER BY transactions DESC, b.branch_code
