-- title = { id = "Dilayani dalam standar waktu tunggu", en = "Served within the waiting standard" }
-- description.id = "Bagian pelanggan loket dan Pos Keliling yang dilayani dalam standar waktu tunggu layanannya (ref_services.wait_standard_min)."
-- description.en = "Share of counter and mobile-unit customers served within their service's waiting standard (ref_services.wait_standard_min)."
-- formula.id = "Pelanggan loket dan Pos Keliling yang dilayani dengan waktu tunggu (dari kedatangan sampai mulai dilayani) paling lama standar layanannya (ref_services.wait_standard_min menit) ÷ semua pelanggan loket dan Pos Keliling yang dilayani (waktu mulai dilayani tercatat); semua layanan, menurut bulan kedatangan dan kabupaten/kota kantor."
-- formula.en = "Counter and mobile-unit customers served with a wait (arrival to the start of service) of at most their service's standard (ref_services.wait_standard_min minutes) ÷ all counter and mobile-unit customers served (a start of service recorded); all services, by month of arrival and the branch's kabupaten/kota."
-- caveats.id = "Standar waktu tunggu adalah angka konfigurasi Pantau (15 menit untuk layanan MoU, 10 menit untuk surat/paket dan wesel), bukan standar pelayanan yang dipublikasikan unit (Samsat Lampung belum mempublikasikannya pada April 2025). Termasuk layanan Pos sendiri (surat, paket, wesel), bukan hanya layanan MoU. Agen dan kanal daring tidak punya waktu tunggu dan tidak dihitung. Pelanggan yang pergi sebelum dilayani tidak masuk penyebut, sehingga antrean yang ditinggalkan tidak menurunkan angka ini. Waktu tunggu bukan lama penyelesaian layanan."
-- caveats.en = "The waiting standard is a Pantau configuration figure (15 minutes for MoU services, 10 for mail/parcels and money orders), not a standard the unit has published (Samsat Lampung had none published in April 2025). Pos's own services (mail, parcels, money orders) are included, not only MoU services. Agents and online have no waiting time and are not counted. Customers who left before being served are not in the denominator, so an abandoned queue does not lower this figure. Waiting is not the time to complete the service."
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
