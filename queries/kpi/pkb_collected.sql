-- title = { id = "PKB terkumpul melalui Pos", en = "Vehicle tax (PKB) collected through Pos" }
-- description.id = "Jumlah rupiah transaksi PKB tahunan yang selesai di jaringan Pos dalam periode (tanpa perpanjangan STNK lima tahunan)."
-- description.en = "Rupiah amount of completed annual vehicle-tax (PKB) transactions through the Pos network in the period (five-yearly STNK renewals excluded)."
-- formula.id = "Jumlah rupiah (amount_idr) transaksi PKB (pembayaran PKB dan pengesahan STNK tahunan, service_code PKB) berstatus selesai di jaringan Pos, di semua kanal, menurut bulan kedatangan dan kabupaten/kota kantor; perpanjangan STNK lima tahunan (STNK5) tidak termasuk."
-- formula.en = "The rupiah amount (amount_idr) of PKB transactions (vehicle-tax payment and annual STNK validation, service_code PKB) with status completed in the Pos network, in every channel, by month of arrival and the branch's kabupaten/kota; five-yearly STNK renewals (STNK5) are not included."
-- caveats.id = "Ini jumlah transaksi menurut ekspor Pos sendiri, yaitu yang dibayar warga di Pos (PKB pokok, opsen, denda, SWDKLLJ dan PNBP bersama), bukan penerimaan PKB yang dibukukan Bapenda: lihat agency/pkb_pos_booked dan rekonsiliasi agency/pkb_reconciliation. Sejak 6 Januari 2025 tarif berubah (PKB 1% + opsen 66% untuk kabupaten/kota, diskon 10%), sehingga rupiah 2025 tidak sebanding langsung dengan 2024. Pemutihan Mei–Oktober 2025 (bayar tahun berjalan saja, tanpa denda) menaikkan jumlah pembayaran dan menurunkan rupiah per pembayaran. Ekspor yang terlambat menurunkan angka bulannya sampai dimuat."
-- caveats.en = "This is the amount of transactions in Pos's own exports, what citizens paid at Pos (PKB principal, opsen, fines, SWDKLLJ and PNBP together), not PKB receipts as Bapenda books them: see agency/pkb_pos_booked and the reconciliation agency/pkb_reconciliation. Tariffs changed on 6 January 2025 (PKB 1% + 66% opsen for the kabupaten/kota, 10% discount), so 2025 rupiah do not compare directly with 2024. The May–October 2025 pemutihan (current year only, no fines) raised the number of payments and lowered the rupiah per payment. A late export lowers its month until it is loaded."
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
