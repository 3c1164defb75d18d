-- title = { id = "Pangsa Pos dalam penerimaan PKB", en = "Pos share of PKB receipts" }
-- description.id = "Dari realisasi PKB yang dibukukan Bapenda (tabel realisation): PKB pokok + opsen PKB yang dibukukan melalui kanal Kantor Pos (pembilang) dibagi PKB pokok + opsen semua kanal (penyebut), dalam bulan pembukuan periode itu, per UPTD di kabupaten/kota yang dipilih atau seluruh provinsi. SWDKLLJ, PNBP dan denda tidak dihitung. Nilai kosong bila Bapenda tidak mengirim realisasi untuk periode itu."
-- description.en = "From the PKB realisation Bapenda books (table realisation): PKB principal + PKB opsen booked through the Kantor Pos channel (numerator) divided by principal + opsen of every channel (denominator), in the period's booking months, for the UPTD of the chosen kabupaten/kota or the whole province. SWDKLLJ, PNBP and fines are not counted. Empty when Bapenda sent no realisation for the period."
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
SELECT CASE WHEN has_data THEN pos END::DECIMAL(18, 2) AS numerator,
       CASE WHEN has_data THEN every_channel END::DECIMAL(18, 2) AS denominator,
       (CASE WHEN has_data THEN pos END / NULLIF(every_channel, 0))::DOUBLE AS value
FROM t
