-- title = { id = "Rekonsiliasi PKB: transaksi Pos dan pembukuan Bapenda", en = "PKB reconciliation: Pos transactions against Bapenda's books" }
-- description.id = "Per UPTD/kabupaten/kota dan bulan: pembayaran PKB tahunan yang selesai di jaringan Pos (agg_day, layanan PKB, kabupaten/kota kantor; jumlah dan rupiah) dibandingkan dengan realisasi kanal Kantor Pos yang dibukukan Bapenda (tabel realisation; kendaraan dan total termasuk SWDKLLJ, PNBP dan denda, seperti rupiah transaksi Pos). Selisih = Bapenda − Pos. Melewati toleransi bila |selisih rupiah| lebih dari toleransi × yang lebih besar dari kedua sisi. Bawaan 5%, kira-kira pembayaran satu setengah hari dari sebulan: Bapenda membukukan sebagian pembayaran hari-hari terakhir suatu bulan pada bulan berikutnya, jadi selisih sebesar itu yang berbalik bulan depannya adalah soal waktu, bukan kehilangan; di kabupaten/kota dengan sedikit transaksi satu pembayaran saja bisa melewatinya. Selisih berjalan (jumlah selisih sejak bulan pertama periode, per kabupaten/kota) menunjukkan apakah selisih waktu itu saling menutup: selisih berjalan yang tetap besar perlu ditanyakan. Bulan yang hanya ada di satu sisi ditampilkan dengan sisi lain nol."
-- description.en = "Per UPTD/kabupaten/kota and month: the annual PKB payments completed in the Pos network (agg_day, service PKB, kabupaten/kota of the branch; count and rupiah) against the Kantor Pos channel Bapenda books (table realisation; vehicles and the total including SWDKLLJ, PNBP and fines, like the rupiah of a Pos transaction). Gap = Bapenda − Pos. Over tolerance when |rupiah gap| exceeds tolerance × the larger of the two sides. Default 5%, about a day and a half of a month's payments: Bapenda books some payments of a month's last days in the next month, so a gap of that size that reverses the month after is timing, not loss; in a kabupaten/kota with few transactions a single payment can exceed it. The running gap (the gaps summed from the period's first month, per kabupaten/kota) shows whether timing gaps even out: a running gap that stays large needs asking about. A month present on one side only shows with the other side zero."
-- tags = ["agency", "pkb", "quality"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-11m"
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
-- [params.tolerance_share]
-- type = "number"
-- default = 0.05
-- min = 0
-- max = 1
-- label = { id = "Toleransi selisih (pecahan, 0,05 = 5%)", en = "Gap tolerance (fraction, 0.05 = 5%)" }
--
-- [chart]
-- kind = "bar"
-- x = "month"
-- y = "amount_gap"
-- color = "kabupaten"
WITH pos AS (
    SELECT kabupaten_code, month,
           sum(n_completed) AS transactions,
           sum(amount_idr) AS amount
    FROM agg_day
    WHERE service_code = 'PKB' AND month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY kabupaten_code, month
), booked AS (
    SELECT kabupaten_code, month,
           string_agg(DISTINCT uptd, ', ' ORDER BY uptd) AS uptd,
           sum(vehicles) AS vehicles,
           sum(total) AS amount
    FROM realisation
    WHERE channel = 'KANTOR_POS' AND month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
    GROUP BY kabupaten_code, month
), both_sides AS (
    SELECT coalesce(p.kabupaten_code, b.kabupaten_code) AS kabupaten_code,
           coalesce(p.month, b.month) AS month,
           b.uptd,
           coalesce(p.transactions, 0) AS pos_transactions,
           coalesce(p.amount, 0) AS pos_amount,
           coalesce(b.vehicles, 0) AS bapenda_vehicles,
           coalesce(b.amount, 0) AS bapenda_amount
    FROM pos p
    FULL OUTER JOIN booked b ON b.kabupaten_code = p.kabupaten_code AND b.month = p.month
)
SELECT s.month,
       s.kabupaten_code,
       k.name AS kabupaten,
       s.uptd,
       s.pos_transactions::BIGINT AS pos_transactions,
       s.bapenda_vehicles::BIGINT AS bapenda_vehicles,
       (s.bapenda_vehicles - s.pos_transactions)::BIGINT AS count_gap,
       s.pos_amount::DECIMAL(18, 2) AS pos_amount,
       s.bapenda_amount::DECIMAL(18, 2) AS bapenda_amount,
       (s.bapenda_amount - s.pos_amount)::DECIMAL(18, 2) AS amount_gap,
       ((s.bapenda_amount - s.pos_amount) / NULLIF(s.pos_amount, 0))::DOUBLE AS amount_gap_share,
       sum(s.bapenda_amount - s.pos_amount) OVER (
           PARTITION BY s.kabupaten_code ORDER BY s.month)::DECIMAL(18, 2) AS cumulative_amount_gap,
       (abs(s.bapenda_amount - s.pos_amount)
           > $tolerance_share * greatest(s.bapenda_amount, s.pos_amount)) AS over_tolerance
FROM both_sides s
LEFT JOIN ref_kabupaten k USING (kabupaten_code)
ORDER BY s.month, s.kabupaten_code
