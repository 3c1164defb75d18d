-- title = { id = "Pangsa Pos dalam penerimaan PKB per bulan", en = "Pos share of PKB receipts by month" }
-- description.id = "Per bulan pembukuan dari awal masa dasar (April 2024) sampai bulan akhir, dari realisasi PKB yang dibukukan Bapenda (tabel realisation), untuk UPTD kabupaten/kota yang dipilih atau seluruh provinsi: PKB pokok + opsen PKB melalui kanal Kantor Pos (pos_idr), melalui semua kanal (all_idr) dan pangsa Pos. Masa: dasar = Apr 2024–Mar 2025, April 2025 = bulan penandatanganan MoU, MoU = sejak Mei 2025. policy_event menandai bulan yang disentuh peristiwa kebijakan yang mengenai PKB (tampilan calendar_events: jenis selain libur nasional dan cuti bersama, dengan kolom affects yang menyebut PKB, Samsat, 'all'/'semua', atau kosong); policy_events menyebut nama peristiwanya. Bulan tanpa realisasi: nilai kosong (has_data = false), bukan nol."
-- description.en = "Per booking month from the start of the baseline (April 2024) to the end month, from the PKB realisation Bapenda books (table realisation), for the UPTD of the chosen kabupaten/kota or the whole province: PKB principal + opsen booked through the Kantor Pos channel (pos_idr), through every channel (all_idr), and the Pos share. Era: baseline = Apr 2024–Mar 2025, April 2025 = the MoU's signing month, mou = from May 2025. policy_event marks a month touched by a policy event that bears on PKB (view calendar_events: a kind other than national holiday and cuti bersama, whose affects column names PKB, Samsat, 'all'/'semua', or is empty); policy_events names the events. A month without realisation is empty (has_data = false), not zero."
-- formula = { id = "pangsa Pos = (PKB pokok + opsen) kanal Kantor Pos ÷ (PKB pokok + opsen) semua kanal, per bulan pembukuan", en = "Pos share = (PKB principal + opsen) of the Kantor Pos channel ÷ (PKB principal + opsen) of every channel, per booking month" }
-- caveats = { id = "Pembukuan Bapenda, bukan transaksi Pos: sebagian pembayaran akhir bulan dibukukan bulan berikutnya. Peristiwa kebijakan (keringanan Sep–Des 2024, pemutihan Mei–Okt 2025) menaikkan semua kanal, jadi bandingkan pangsa, bukan nilai. Cakupan wilayah peristiwa (scope) tidak dipakai: peristiwa satu kabupaten menandai bulan itu di semua wilayah.", en = "Bapenda's books, not Pos's transactions: some month-end payments are booked the next month. Policy events (relief Sep–Dec 2024, pemutihan May–Oct 2025) lift every channel, so compare shares, not amounts. An event's area (scope) is not used: an event in one kabupaten marks the month everywhere." }
-- tags = ["agency", "pkb", "mou"]
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
-- kind = "line"
-- x = "month"
-- y = "pos_share"
WITH months AS (
    SELECT m::DATE AS month
    FROM range(DATE '2024-04-01', $to_month::DATE + INTERVAL 1 MONTH, INTERVAL 1 MONTH) r(m)
),
booked AS (
    SELECT month,
           sum(coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0))
               FILTER (WHERE channel = 'KANTOR_POS') AS pos,
           sum(coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0)) AS every_channel
    FROM realisation
    WHERE month BETWEEN DATE '2024-04-01' AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY month
),
pkb_events AS (
    SELECT event_id, name, start_date, coalesce(end_date, start_date) AS end_date
    FROM calendar_events
    WHERE kind NOT IN ('libur_nasional', 'cuti_bersama')
      AND (affects IS NULL
           OR regexp_matches(lower(affects), '\b(pkb|samsat|all|semua)\b'))
),
touched AS (
    SELECT m.month,
           string_agg(e.name, '; ' ORDER BY e.start_date, e.event_id) AS policy_events
    FROM months m
    JOIN pkb_events e
      ON e.start_date < m.month + INTERVAL 1 MONTH AND e.end_date >= m.month
    GROUP BY m.month
)
SELECT m.month,
       CASE WHEN m.month < DATE '2025-04-01' THEN 'baseline'
            WHEN m.month = DATE '2025-04-01' THEN 'signing'
            ELSE 'mou' END AS era,
       CASE WHEN b.month IS NOT NULL THEN coalesce(b.pos, 0) END::DECIMAL(18, 2) AS pos_idr,
       b.every_channel::DECIMAL(18, 2) AS all_idr,
       (coalesce(b.pos, 0) / NULLIF(b.every_channel, 0))::DOUBLE AS pos_share,
       x.month IS NOT NULL AS policy_event,
       x.policy_events,
       b.month IS NOT NULL AS has_data
FROM months m
LEFT JOIN booked b USING (month)
LEFT JOIN touched x USING (month)
ORDER BY m.month
