-- title = { id = "PKB melalui Pos menurut pembukuan Bapenda", en = "PKB through Pos as Bapenda books it" }
-- description.id = "PKB pokok + opsen PKB yang dibukukan Bapenda melalui kanal Kantor Pos dalam bulan pembukuan periode itu, untuk UPTD kabupaten/kota yang dipilih atau seluruh provinsi (tabel realisation), dalam rupiah. Menjawab tujuan MoU efektivitas dengan angka yang dibukukan pemilik pajak, bukan hitungan Pos sendiri. Jumlah kendaraan (pembilang), SWDKLLJ, PNBP dan denda sebagai kolom terpisah, tidak masuk nilai. Sama dengan kueri agency/pkb_pos_booked."
-- description.en = "PKB principal + PKB opsen Bapenda books through the Kantor Pos channel in the period's booking months, for the UPTD of the chosen kabupaten/kota or the whole province (table realisation), in rupiah. Answers the MoU's effectiveness goal with the figure the tax owner books, not Pos's own count. Vehicles (numerator), SWDKLLJ, PNBP and fines as separate columns, not in the value. Same as the query agency/pkb_pos_booked."
-- formula.id = "Σ (PKB pokok + opsen PKB) kanal Kantor Pos, menurut bulan pembukuan Bapenda"
-- formula.en = "Σ (PKB principal + PKB opsen) of the Kantor Pos channel, by Bapenda's booking month"
-- caveats.id = "Naik bersama seluruh penerimaan PKB: pemutihan, keringanan dan opsen (sejak 2025) menaikkannya tanpa perubahan karena MoU; baca bersama pangsa Pos. Pembayaran akhir bulan bisa dibukukan bulan berikutnya (lihat rekonsiliasi). Kosong bila Bapenda tidak mengirim realisasi untuk periode itu."
-- caveats.en = "Rises with all PKB receipts: amnesties, relief and the opsen (since 2025) raise it without any change due to the MoU; read it with the Pos share. Month-end payments may be booked the next month (see the reconciliation). Empty when Bapenda sent no realisation for the period."
-- tags = ["kpi", "agency", "pkb"]
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
    SELECT count(*) > 0 AS ok FROM realisation
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
), pos AS (
    SELECT coalesce(sum(vehicles), 0) AS vehicles,
           coalesce(sum(pkb_pokok), 0) AS pkb_pokok,
           coalesce(sum(opsen_pkb), 0) AS opsen_pkb,
           coalesce(sum(swdkllj), 0) AS swdkllj,
           coalesce(sum(pnbp), 0) AS pnbp,
           coalesce(sum(denda), 0) AS denda
    FROM realisation
    WHERE month BETWEEN $from_month AND $to_month AND channel = 'KANTOR_POS'
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
)
SELECT CASE WHEN ok THEN vehicles END::BIGINT AS numerator,
       NULL::BIGINT AS denominator,
       CASE WHEN ok THEN pkb_pokok + opsen_pkb END::DOUBLE AS value,
       CASE WHEN ok THEN pkb_pokok END::DOUBLE AS pkb_pokok,
       CASE WHEN ok THEN opsen_pkb END::DOUBLE AS opsen_pkb,
       CASE WHEN ok THEN swdkllj END::DOUBLE AS swdkllj,
       CASE WHEN ok THEN pnbp END::DOUBLE AS pnbp,
       CASE WHEN ok THEN denda END::DOUBLE AS denda
FROM has_data, pos
