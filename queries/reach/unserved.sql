-- title = { id = "Kecamatan belum terlayani", en = "Kecamatan not yet served" }
-- description.id = "Kecamatan tanpa titik layanan yang menyelesaikan transaksi layanan MoU dalam periode; kecamatan terpencil lebih dulu, lalu penduduk terbanyak. Saring satu layanan MoU."
-- description.en = "Kecamatan without a service point that completed an MoU-service transaction in the period; remote kecamatan first, then the most populous. Filter by one MoU service."
-- tags = ["reach", "mou"]
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
-- [params.remote_only]
-- type = "boolean"
-- default = false
-- label = { id = "Hanya kecamatan terpencil", en = "Remote kecamatan only" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "table"
WITH served AS (
    SELECT DISTINCT b.kecamatan_code
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month AND m.mou_service AND m.n_completed > 0
      AND ($service IS NULL OR m.service_code = $service)
)
SELECT k.kecamatan_code,
       k.name AS kecamatan,
       kab.name AS kabupaten,
       k.remote,
       k.population::BIGINT AS population,
       k.dist_capital_km::DOUBLE AS dist_capital_km
FROM ref_kecamatan k
JOIN ref_kabupaten kab USING (kabupaten_code)
WHERE k.kecamatan_code NOT IN (SELECT kecamatan_code FROM served)
  AND ($kabupaten IS NULL OR k.kabupaten_code = $kabupaten)
  AND (NOT $remote_only OR k.remote)
  AND EXISTS (SELECT 1 FROM agg_day WHERE month BETWEEN $from_month AND $to_month)
ORDER BY k.remote DESC, k.population DESC, k.kecamatan_code
