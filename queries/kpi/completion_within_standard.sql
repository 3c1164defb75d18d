-- title = { id = "Selesai dalam standar pelayanan", en = "Completed within the service standard" }
-- description.id = "Bagian transaksi layanan MoU selesai secara tatap muka (loket, agen, Pos Keliling) yang lama penyelesaiannya — dari datang sampai selesai — tidak melebihi standar layanannya (completion_standard_min, etl/config/service_standards.toml, dimuat ke ref_service_standards). Kabupaten/kota kantor. Dari agg_completion_hist. Menjawab tujuan MoU: efisiensi."
-- description.en = "Share of completed in-person MoU-service transactions (counter, agent, Pos Keliling) whose completion time — arrival to finish — is within their service's standard (completion_standard_min, etl/config/service_standards.toml, loaded into ref_service_standards). The branch's kabupaten/kota. From agg_completion_hist. Answers the MoU goal: efficiency."
-- formula.id = "Transaksi selesai dengan (jam selesai − jam datang) ≤ standar layanannya ÷ transaksi selesai yang jam datang dan selesainya tercatat."
-- formula.en = "Completed transactions with (finished − arrived) ≤ their service's standard ÷ completed transactions with both times recorded."
-- caveats.id = "UU 25/2009 mewajibkan setiap unit mengumumkan standar pelayanan (termasuk jangka waktu penyelesaian); Samsat Lampung belum mengumumkannya pada April 2025, jadi standar di berkas konfigurasi adalah contoh. Transaksi daring tidak dihitung (tidak ada kedatangan). Lama penyelesaian dibulatkan ke atas ke menit (≤ S menit tepat). Menunggu dan dilayani keduanya termasuk; waktu tunggu saja dinilai oleh KPI waktu tunggu."
-- caveats.en = "UU 25/2009 requires every unit to publish a service standard (including the completion time); Samsat Lampung had none published in April 2025, so the standards in the configuration file are examples. Online transactions are left out (there is no arrival). Completion time is counted in minutes begun (≤ S minutes is exact). Both waiting and being served are included; waiting alone is judged by the waiting KPI."
-- tags = ["kpi", "service"]
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
SELECT sum(h.n) FILTER (WHERE h.completion_minute <= st.completion_standard_min)::BIGINT
           AS numerator,
       sum(h.n)::BIGINT AS denominator,
       (numerator / nullif(denominator, 0))::DOUBLE AS value
FROM agg_completion_hist h
JOIN ref_services s USING (service_code)
JOIN ref_service_standards st USING (service_code)
WHERE h.month BETWEEN $from_month AND $to_month
  AND ($kabupaten IS NULL OR h.kabupaten_code = $kabupaten)
  AND s.mou
  AND h.channel <> 'ONLINE'
