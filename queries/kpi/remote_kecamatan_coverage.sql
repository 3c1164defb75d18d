-- title = { id = "Cakupan kecamatan terpencil", en = "Remote kecamatan coverage" }
-- description.id = "Seperti cakupan kecamatan, hanya untuk kecamatan terpencil (lihat data/reference/README.md)."
-- description.en = "As kecamatan coverage, for remote kecamatan only (see data/reference/README.md)."
-- formula.id = "Kecamatan terpencil dengan setidaknya satu titik layanan yang terdaftar di kecamatan itu (kantor, agen, Pos Keliling menurut pangkalannya) yang menyelesaikan setidaknya satu transaksi layanan MoU dalam periode ÷ semua kecamatan terpencil di wilayah; kosong bila tidak ada data sama sekali dalam periode."
-- formula.en = "Remote kecamatan with at least one service point registered there (branch, agent, mobile unit by its base) that completed at least one MoU-service transaction in the period ÷ all remote kecamatan in the area; empty when the period has no data at all."
-- caveats.id = "Seperti cakupan kecamatan: satu transaksi dalam periode sudah cukup, tidak mengatakan layanan tersedia secara teratur; Pos Keliling dihitung di kecamatan pangkalannya, bukan di kecamatan terpencil yang disinggahinya. Kecamatan terpencil menurut aturan data rujukan (data/reference/README.md); di kabupaten/kota tanpa kecamatan terpencil nilainya kosong. Periode yang lebih panjang memberi nilai lebih tinggi."
-- caveats.en = "As kecamatan coverage: one transaction in the period is enough, it does not say a service is regularly available; a mobile unit counts in the kecamatan of its base, not in the remote kecamatan it stops in. Remote kecamatan as the reference data's rule defines them (data/reference/README.md); in a kabupaten without remote kecamatan the value is empty. A longer period gives a higher value."
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
      AND remote
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
