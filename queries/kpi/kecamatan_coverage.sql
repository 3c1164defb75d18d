-- title = { id = "Cakupan kecamatan", en = "Kecamatan coverage" }
-- description.id = "Bagian kecamatan yang memiliki setidaknya satu titik layanan (kantor, agen, Pos Keliling berpangkalan di sana) dengan transaksi layanan MoU selesai dalam periode."
-- description.en = "Share of kecamatan with at least one service point (branch, agent, mobile unit based there) that completed an MoU-service transaction in the period."
-- formula.id = "Kecamatan dengan setidaknya satu titik layanan yang terdaftar di kecamatan itu (kantor, agen, Pos Keliling menurut pangkalannya) yang menyelesaikan setidaknya satu transaksi layanan MoU dalam periode ÷ semua kecamatan (ref_kecamatan) di wilayah; kosong bila tidak ada data sama sekali dalam periode."
-- formula.en = "Kecamatan with at least one service point registered there (branch, agent, mobile unit by its base) that completed at least one MoU-service transaction in the period ÷ all kecamatan (ref_kecamatan) in the area; empty when the period has no data at all."
-- caveats.id = "Satu transaksi dalam periode sudah cukup untuk menghitung kecamatan terlayani: tidak mengatakan bahwa layanan tersedia secara teratur, atau bahwa setiap layanan MoU tersedia di sana. Dihitung menurut lokasi titik layanan, bukan tempat tinggal pelanggan: Pos Keliling dihitung di kecamatan pangkalannya, bukan di kecamatan yang disinggahinya. Periode yang lebih panjang memberi nilai lebih tinggi (lebih banyak kesempatan untuk satu transaksi)."
-- caveats.en = "One transaction in the period is enough to count a kecamatan as served: it does not say a service is regularly available there, or that every MoU service is. Counted by where the service point is, not where customers live: a mobile unit counts in the kecamatan of its base, not in those it stops in. A longer period gives a higher value (more chances for one transaction)."
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
WITH has_data AS (
    SELECT count(*) > 0 AS ok FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
scope AS (
    SELECT kecamatan_code FROM ref_kecamatan
    WHERE ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
served AS (
    SELECT DISTINCT b.kecamatan_code
    FROM agg_branch_month m
    JOIN branches b USING (branch_code)
    WHERE m.month BETWEEN $from_month AND $to_month AND m.mou_service AND m.n_completed > 0
)
SELECT count(*) FILTER (WHERE kecamatan_code IN (SELECT kecamatan_code FROM served))::BIGINT
           AS numerator,
       count(*)::BIGINT AS denominator,
       CASE WHEN (SELECT ok FROM has_data)
            THEN numerator / nullif(denominator, 0) END::DOUBLE AS value
FROM scope
