-- title = { id = "PKB melalui Pos menurut pembukuan Bapenda", en = "PKB through Pos as Bapenda books it" }
-- description.id = "Realisasi kanal Kantor Pos dalam tabel realisation (pembukuan Bapenda) dalam bulan pembukuan periode itu, untuk UPTD kabupaten/kota yang dipilih atau seluruh provinsi: nilai = PKB pokok + opsen PKB; jumlah kendaraan, PKB pokok, opsen, SWDKLLJ, PNBP dan denda sebagai kolom terpisah (tidak masuk nilai). Pembukuan Bapenda bisa berbeda dari transaksi Pos sendiri (pembayaran akhir bulan dibukukan bulan berikutnya); bandingkan dengan kueri rekonsiliasi. Nilai kosong bila Bapenda tidak mengirim realisasi untuk periode itu."
-- description.en = "The Kantor Pos channel of the realisation table (Bapenda's books) in the period's booking months, for the UPTD of the chosen kabupaten/kota or the whole province: value = PKB principal + PKB opsen; vehicles, principal, opsen, SWDKLLJ, PNBP and fines as separate columns (not in the value). Bapenda's books may differ from Pos's own transactions (month-end payments booked the next month); compare with the reconciliation query. Empty when Bapenda sent no realisation for the period."
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
       CASE WHEN ok THEN pkb_pokok + opsen_pkb END::DECIMAL(18, 2) AS value,
       CASE WHEN ok THEN pkb_pokok END::DECIMAL(18, 2) AS pkb_pokok,
       CASE WHEN ok THEN opsen_pkb END::DECIMAL(18, 2) AS opsen_pkb,
       CASE WHEN ok THEN swdkllj END::DECIMAL(18, 2) AS swdkllj,
       CASE WHEN ok THEN pnbp END::DECIMAL(18, 2) AS pnbp,
       CASE WHEN ok THEN denda END::DECIMAL(18, 2) AS denda
FROM has_data, pos
