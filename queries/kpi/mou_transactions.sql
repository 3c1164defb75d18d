-- title = { id = "Transaksi layanan MoU", en = "MoU-service transactions" }
-- description.id = "Transaksi layanan MoU (Samsat, BPJS, bansos, PBB, pensiun, adminduk) yang selesai dalam periode, menurut kabupaten/kota kantor."
-- description.en = "Completed MoU-service transactions (Samsat, BPJS, social aid, land tax, pensions, civil registry) in the period, by the branch's kabupaten/kota."
-- formula.id = "Jumlah transaksi layanan MoU (mou = true di ref_services: PKB, STNK lima tahunan, BPJS Kesehatan, bansos, PBB, pensiun, adminduk) berstatus selesai, di semua kanal (loket, agen, Pos Keliling, daring), menurut bulan kedatangan dan kabupaten/kota kantor; kosong bila tidak ada data sama sekali dalam periode."
-- formula.en = "The number of MoU-service transactions (mou = true in ref_services: PKB, five-yearly STNK, BPJS Kesehatan, social aid, land tax, pensions, civil registry) with status completed, in every channel (counter, agent, mobile unit, online), by month of arrival and the branch's kabupaten/kota; empty when the period has no data at all."
-- caveats.id = "Menghitung transaksi, bukan warga. Volume naik turun karena peristiwa kebijakan (keringanan PKB 2024, pemutihan PKB Mei–Oktober 2025, gelombang bansos, THR dan gaji ke-13 pensiunan), bukan hanya karena MoU: lihat anotasi grafik tren. Tidak mengatakan apakah transaksi itu baru atau berpindah dari kanal lain (Samsat, bank, aplikasi). Ekspor kantor yang belum masuk menurunkan angka (lihat kelengkapan pelaporan)."
-- caveats.en = "It counts transactions, not citizens. Volumes rise and fall with policy events (the 2024 PKB relief, the May–October 2025 PKB pemutihan, aid waves, pensioners' THR and 13th payment), not only with the MoU: see the trend charts' annotations. It does not say whether a transaction is new or moved from another channel (Samsat, banks, apps). Branch exports not yet loaded lower the figure (see reporting completeness)."
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
