-- title = { id = "PKB terkumpul melalui Pos", en = "Vehicle tax (PKB) collected through Pos" }
-- description.id = "Jumlah rupiah transaksi PKB tahunan yang selesai di jaringan Pos dalam periode (tanpa perpanjangan STNK lima tahunan)."
-- description.en = "Rupiah amount of completed annual vehicle-tax (PKB) transactions through the Pos network in the period (five-yearly STNK renewals excluded)."
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
SELECT CASE WHEN (SELECT ok FROM has_data) THEN coalesce(sum(n_completed), 0) END::BIGINT AS numerator,
       NULL::BIGINT AS denominator,
       CASE WHEN (SELECT ok FROM has_data) THEN coalesce(sum(amount_idr), 0) END::DOUBLE AS value
FROM agg_day
WHERE month BETWEEN $from_month AND $to_month AND service_code = 'PKB'
  AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
