-- title = { id = "Transaksi layanan MoU", en = "MoU-service transactions" }
-- description.id = "Transaksi layanan MoU (Samsat, BPJS, bansos, PBB, pensiun, adminduk) yang selesai dalam periode, menurut kabupaten/kota kantor."
-- description.en = "Completed MoU-service transactions (Samsat, BPJS, social aid, land tax, pensions, civil registry) in the period, by the branch's kabupaten/kota."
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
)
SELECT sum(n_completed)::BIGINT AS numerator,
       NULL::BIGINT AS denominator,
       CASE WHEN (SELECT ok FROM has_data) THEN coalesce(numerator, 0) END::DOUBLE AS value
FROM agg_day
WHERE month BETWEEN $from_month AND $to_month AND mou_service
  AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
