-- title = { id = "Pangsa Pos dalam penerimaan PKB", en = "Pos share of PKB receipts" }
-- description.id = "Bagian PKB (pokok + opsen) yang dibukukan Bapenda melalui kanal Kantor Pos dari PKB semua kanal, dalam bulan pembukuan periode itu, untuk UPTD kabupaten/kota yang dipilih atau seluruh provinsi (tabel realisation). Menjawab tujuan MoU efektivitas: naiknya pangsa berarti Pos menambah penerimaan relatif terhadap kanal lain, bukan sekadar ikut naik bersama seluruh penerimaan. Sama dengan kueri agency/pkb_pos_share."
-- description.en = "The share of PKB (principal + opsen) Bapenda books through the Kantor Pos channel out of PKB of every channel, in the period's booking months, for the UPTD of the chosen kabupaten/kota or the whole province (table realisation). Answers the MoU's effectiveness goal: a rising share means Pos gains receipts relative to the other channels, not just rises with all receipts. Same as the query agency/pkb_pos_share."
-- formula.id = "(PKB pokok + opsen PKB kanal Kantor Pos) ÷ (PKB pokok + opsen PKB semua kanal), menurut bulan pembukuan Bapenda"
-- formula.en = "(PKB principal + PKB opsen of the Kantor Pos channel) ÷ (PKB principal + PKB opsen of every channel), by Bapenda's booking month"
-- caveats.id = "SWDKLLJ, PNBP dan denda tidak dihitung. Pemutihan dan keringanan PKB menaikkan penerimaan semua kanal; pangsa menetralkan sebagian, tetapi bila kanal-kanal tidak sama terpengaruh, pangsa ikut bergeser. Pembayaran akhir bulan bisa dibukukan bulan berikutnya. Kosong bila Bapenda tidak mengirim realisasi untuk periode itu."
-- caveats.en = "SWDKLLJ, PNBP and fines are not counted. Amnesties and PKB relief raise receipts in every channel; the share partly neutralises them, but if the channels are affected unequally the share moves too. Month-end payments may be booked the next month. Empty when Bapenda sent no realisation for the period."
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
WITH r AS (
    SELECT channel, coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0) AS pkb
    FROM realisation
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
), t AS (
    SELECT count(*) > 0 AS has_data,
           coalesce(sum(pkb) FILTER (WHERE channel = 'KANTOR_POS'), 0) AS pos,
           coalesce(sum(pkb), 0) AS every_channel
    FROM r
)
SELECT CASE WHEN has_data THEN pos END::DOUBLE AS numerator,
       CASE WHEN has_data THEN every_channel END::DOUBLE AS denominator,
       (CASE WHEN has_data THEN pos END / NULLIF(every_channel, 0))::DOUBLE AS value
FROM t
