-- title = { id = "Hari libur dan peristiwa kebijakan", en = "Holidays and policy events" }
-- description.id = "Libur nasional, cuti bersama dan peristiwa kebijakan (keringanan PKB, pemutihan, gelombang bansos, pembayaran pensiun, MoU) yang menyentuh periode, dari data rujukan dan berkas kalender admin; dipakai sebagai anotasi grafik tren dan untuk menandai bulan perbandingan sebelum/sesudah MoU."
-- description.en = "National holidays, cuti bersama and policy events (PKB relief, pemutihan, aid waves, pension payments, the MoU) that touch the period, from the reference data and the admin's calendar file; used to annotate trend charts and to mark months in the MoU before/after comparison."
-- tags = ["meta"]
--
-- [params.from_month]
-- type = "month"
-- default = "baseline_start"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [chart]
-- kind = "table"
SELECT event_id,
       kind,
       start_date,
       coalesce(end_date, start_date) AS end_date,
       name,
       affects,
       scope,
       kind NOT IN ('libur_nasional', 'cuti_bersama') AS policy_event,
       origin
FROM calendar_events
WHERE start_date < $to_month::DATE + INTERVAL 1 MONTH
  AND coalesce(end_date, start_date) >= $from_month
ORDER BY start_date, event_id
