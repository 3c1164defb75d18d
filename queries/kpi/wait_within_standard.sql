-- title = { id = "Dilayani dalam standar waktu tunggu", en = "Served within the waiting standard" }
-- description.id = "Bagian pelanggan loket dan Pos Keliling yang dilayani dalam standar waktu tunggu layanannya (ref_services.wait_standard_min)."
-- description.en = "Share of counter and mobile-unit customers served within their service's waiting standard (ref_services.wait_standard_min)."
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
SELECT sum(n_within_standard)::BIGINT AS numerator,
       sum(n_waited)::BIGINT AS denominator,
       (numerator / nullif(denominator, 0))::DOUBLE AS value
FROM agg_day
WHERE month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
