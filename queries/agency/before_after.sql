-- title = { id = "Pos dibanding semua kanal: sebelum dan sesudah MoU", en = "Pos against every channel: before and after the MoU" }
-- description.id = "Menilai MoU dengan membandingkan Pos dengan SEMUA kanal, bukan dengan masa lalunya sendiri, dari realisasi PKB yang dibukukan Bapenda (PKB pokok + opsen; tabel realisation), untuk UPTD kabupaten/kota yang dipilih atau seluruh provinsi. Sebelum = 12 bulan sebelum MoU (Apr 2024–Mar 2025, seperti volume/mou_trend). Sesudah = setiap bulan sejak Mei 2025 (April 2025, bulan penandatanganan, tidak dihitung) sampai bulan akhir. Setiap bulan sesudah dipasangkan dengan bulan kalender yang sama pada masa dasar (Mei 2025 dan Mei 2026 dengan Mei 2024), jadi musim saling meniadakan: rata-rata 'sebelum' dihitung atas pasangan (bulan dasar dihitung sekali untuk setiap bulan sesudah pasangannya). Hanya bulan dengan realisasi yang dipasangkan. Dengan exclude_events = true, pasangan dibuang bila salah satu bulannya disentuh peristiwa kebijakan yang mengenai PKB (calendar_events: jenis selain libur nasional/cuti bersama dengan affects yang menyebut PKB, Samsat, 'all'/'semua' atau kosong). Baris before/after: rata-rata bulanan dan pangsa; baris change: selisih pangsa (poin persen sebagai pecahan), pertumbuhan Pos, pertumbuhan semua kanal dan selisihnya; pos_idr/all_idr = selisih rata-rata bulanan. note menyebut bulan yang dibuang (dengan peristiwanya, atau ↔ bulan pasangan yang disentuh); policy_months menyebut bulan berperistiwa dalam jendela (ditandai, dibuang atau tidak), policy_events peristiwanya."
-- description.en = "Judges the MoU by comparing Pos with EVERY channel, not with its own past, from the PKB realisation Bapenda books (PKB principal + opsen; table realisation), for the UPTD of the chosen kabupaten/kota or the whole province. Before = the 12 months before the MoU (Apr 2024–Mar 2025, as in volume/mou_trend). After = every month from May 2025 (April 2025, the signing month, counts in neither) to the end month. Each after month is paired with the same calendar month of the baseline (May 2025 and May 2026 with May 2024), so seasonality cancels: the 'before' average is taken over the pairs (a baseline month counts once for each after month it pairs with). Only months with realisation are paired. With exclude_events = true a pair is dropped when either of its months is touched by a policy event bearing on PKB (calendar_events: a kind other than national holiday/cuti bersama whose affects names PKB, Samsat, 'all'/'semua' or is empty). Rows before/after: monthly averages and the share; row change: the change in share (percentage points as a fraction), Pos growth, all-channel growth and the gap; pos_idr/all_idr = the change in the monthly averages. note names the dropped months (with their events, or ↔ the touched counterpart); policy_months names the months in the window touched by an event (marked, dropped or not), policy_events the events touching the window."
-- formula = { id = "pangsa = Σ Pos ÷ Σ semua kanal atas pasangan; pertumbuhan Pos = rata-rata Pos sesudah ÷ sebelum − 1; pertumbuhan semua kanal sama; selisih pertumbuhan = pertumbuhan Pos − pertumbuhan semua kanal; perubahan pangsa = pangsa sesudah − pangsa sebelum", en = "share = Σ Pos ÷ Σ every channel over the pairs; Pos growth = Pos monthly average after ÷ before − 1; all-channel growth likewise; growth gap = Pos growth − all-channel growth; share change = share after − share before" }
-- caveats = { id = "Peristiwa kebijakan menaikkan semua kanal (di demo: pemutihan Mei–Okt 2025 ×1,30, keringanan Sep–Des 2024 ×1,35), jadi pertumbuhan saja menyesatkan; pangsa dan selisih pertumbuhan lebih adil, dan exclude_events membuang bulan berperistiwa beserta pasangannya. Opsen (Jan 2025) mengubah tarif; pokok + opsen menjaga nilai sebanding. Cakupan wilayah peristiwa tidak dipakai. Pembukuan Bapenda, bukan transaksi Pos.", en = "Policy events lift every channel (in the demo: pemutihan May–Oct 2025 ×1.30, relief Sep–Dec 2024 ×1.35), so growth alone misleads; the share and the growth gap are fairer, and exclude_events drops the event months with their counterparts. Opsen (Jan 2025) changed the tariff; principal + opsen keeps amounts comparable. An event's area (scope) is not used. Bapenda's books, not Pos's transactions." }
-- tags = ["agency", "pkb", "mou", "report"]
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
-- [params.exclude_events]
-- type = "boolean"
-- default = false
-- label = { id = "Buang bulan berperistiwa kebijakan", en = "Leave out policy-event months" }
--
-- [chart]
-- kind = "table"
-- value = "pos_share"
WITH booked AS (
    SELECT month,
           coalesce(sum(coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0))
               FILTER (WHERE channel = 'KANTOR_POS'), 0) AS pos,
           sum(coalesce(pkb_pokok, 0) + coalesce(opsen_pkb, 0)) AS every_channel
    FROM realisation
    WHERE month BETWEEN DATE '2024-04-01' AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY month
),
pkb_events AS (
    SELECT event_id, start_date, coalesce(end_date, start_date) AS end_date
    FROM calendar_events
    WHERE kind NOT IN ('libur_nasional', 'cuti_bersama')
      AND (affects IS NULL
           OR regexp_matches(lower(affects), '\b(pkb|samsat|all|semua)\b'))
),
monthly AS (
    SELECT b.month, b.pos, b.every_channel,
           string_agg(e.event_id, ', ' ORDER BY e.start_date, e.event_id) AS events
    FROM booked b
    LEFT JOIN pkb_events e
           ON e.start_date < b.month + INTERVAL 1 MONTH AND e.end_date >= b.month
    GROUP BY b.month, b.pos, b.every_channel
),
pairs AS (
    SELECT a.month AS after_month, b.month AS before_month,
           a.pos AS after_pos, a.every_channel AS after_all,
           b.pos AS before_pos, b.every_channel AS before_all,
           a.events AS after_events, b.events AS before_events,
           (a.events IS NOT NULL OR b.events IS NOT NULL) AS touched,
           ($exclude_events AND (a.events IS NOT NULL OR b.events IS NOT NULL)) AS dropped
    FROM monthly a
    JOIN monthly b ON month(a.month) = month(b.month)
    WHERE a.month BETWEEN DATE '2025-05-01' AND $to_month
      AND b.month BETWEEN DATE '2024-04-01' AND DATE '2025-03-01'
),
before_left AS (  -- baseline months in no kept pair once the touched pairs are dropped
    SELECT before_month AS month, any_value(before_events) AS events,
           string_agg(strftime(after_month, '%Y-%m'), ', ' ORDER BY after_month) AS counterparts
    FROM pairs
    GROUP BY before_month
    HAVING bool_and(dropped)
),
sides AS (
    SELECT 'before' AS period, 1 AS ord,
           min(before_month) FILTER (WHERE NOT dropped) AS first_month,
           max(before_month) FILTER (WHERE NOT dropped) AS last_month,
           count(DISTINCT before_month) FILTER (WHERE NOT dropped) AS months,
           (SELECT count(*) FROM before_left) AS months_excluded,
           avg(before_pos) FILTER (WHERE NOT dropped) AS pos_avg,
           avg(before_all) FILTER (WHERE NOT dropped) AS all_avg,
           (SELECT string_agg(strftime(month, '%Y-%m')
                              || coalesce(' (' || events || ')', ' (↔ ' || counterparts || ')'),
                              '; ' ORDER BY month)
            FROM before_left) AS note,
           (SELECT string_agg(DISTINCT strftime(before_month, '%Y-%m'), ', '
                              ORDER BY strftime(before_month, '%Y-%m'))
            FROM pairs WHERE before_events IS NOT NULL) AS policy_months,
           (SELECT string_agg(DISTINCT e, ', ' ORDER BY e)
            FROM (SELECT unnest(string_split(before_events, ', ')) AS e FROM pairs)) AS events
    FROM pairs
    UNION ALL
    SELECT 'after', 2,
           min(after_month) FILTER (WHERE NOT dropped),
           max(after_month) FILTER (WHERE NOT dropped),
           count(*) FILTER (WHERE NOT dropped),
           count(*) FILTER (WHERE dropped),
           avg(after_pos) FILTER (WHERE NOT dropped),
           avg(after_all) FILTER (WHERE NOT dropped),
           string_agg(strftime(after_month, '%Y-%m')
                      || coalesce(' (' || after_events || ')',
                                  ' (↔ ' || strftime(before_month, '%Y-%m') || ')'),
                      '; ' ORDER BY after_month) FILTER (WHERE dropped),
           string_agg(strftime(after_month, '%Y-%m'), ', ' ORDER BY after_month)
               FILTER (WHERE after_events IS NOT NULL),
           (SELECT string_agg(DISTINCT e, ', ' ORDER BY e)
            FROM (SELECT unnest(string_split(after_events, ', ')) AS e FROM pairs))
    FROM pairs
),
b AS (SELECT * FROM sides WHERE period = 'before'),
a AS (SELECT * FROM sides WHERE period = 'after'),
change AS (
    SELECT 'change' AS period, 3 AS ord,
           b.first_month, a.last_month,
           (SELECT count(*) FROM pairs WHERE NOT dropped) AS months,
           (SELECT count(*) FROM pairs WHERE dropped) AS months_excluded,
           a.pos_avg - b.pos_avg AS pos_avg,
           a.all_avg - b.all_avg AS all_avg,
           a.pos_avg / NULLIF(a.all_avg, 0) - b.pos_avg / NULLIF(b.all_avg, 0) AS pos_share,
           a.pos_avg / NULLIF(b.pos_avg, 0) - 1 AS pos_growth,
           a.all_avg / NULLIF(b.all_avg, 0) - 1 AS all_growth,
           (SELECT string_agg(DISTINCT e, ', ' ORDER BY e)
            FROM (SELECT unnest(string_split(coalesce(after_events, '') || ', '
                                             || coalesce(before_events, ''), ', ')) AS e
                  FROM pairs WHERE dropped)
            WHERE e <> '') AS note,
           NULL::VARCHAR AS policy_months,
           (SELECT string_agg(DISTINCT e, ', ' ORDER BY e)
            FROM (SELECT unnest(string_split(coalesce(after_events, '') || ', '
                                             || coalesce(before_events, ''), ', ')) AS e
                  FROM pairs)
            WHERE e <> '') AS events
    FROM a, b
)
-- the figures the comparison is about first, so a phone shows them without scrolling
SELECT period, pos_share, growth_gap, pos_growth, all_growth, pos_idr, all_idr, months,
       months_excluded, first_month, last_month, note, policy_months, policy_events
FROM (
    SELECT period,
           first_month,
           last_month,
           months::BIGINT AS months,
           months_excluded::BIGINT AS months_excluded,
           pos_avg::DECIMAL(18, 2) AS pos_idr,
           all_avg::DECIMAL(18, 2) AS all_idr,
           (pos_avg / NULLIF(all_avg, 0))::DOUBLE AS pos_share,
           NULL::DOUBLE AS pos_growth,
           NULL::DOUBLE AS all_growth,
           NULL::DOUBLE AS growth_gap,
           note,
           policy_months,
           events AS policy_events,
           ord
    FROM sides
    UNION ALL
    SELECT period, first_month, last_month, months::BIGINT, months_excluded::BIGINT,
           pos_avg::DECIMAL(18, 2), all_avg::DECIMAL(18, 2), pos_share::DOUBLE,
           pos_growth::DOUBLE, all_growth::DOUBLE, (pos_growth - all_growth)::DOUBLE,
           note, policy_months, events, ord
    FROM change
)
ORDER BY ord
