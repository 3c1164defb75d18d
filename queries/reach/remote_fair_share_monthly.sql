-- title = { id = "Porsi adil kecamatan terpencil per bulan", en = "Remote fair share by month" }
-- description.id = "Setiap bulan: bagian transaksi layanan MoU dari penduduk kecamatan terpencil dibagi bagian mereka dalam penduduk (1,0 = adil), menurut tempat tinggal pelanggan. Definisi sama dengan indikator kpi/remote_fair_share. Saring satu layanan MoU."
-- description.en = "Each month: remote kecamatan residents' share of MoU-service transactions divided by their share of the population (1.0 = fair), by where customers live. The same definition as the kpi/remote_fair_share indicator. Filter by one MoU service."
-- tags = ["reach", "mou"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month-23m"
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
-- [params.service]
-- type = "choice"
-- choices = "meta/mou_services"
-- optional = true
-- label = { id = "Layanan MoU (kosong = semua)", en = "MoU service (empty = all)" }
--
-- [chart]
-- kind = "line"
-- x = "month"
-- y = "remote_fair_share"
WITH pop AS (
    SELECT sum(population) FILTER (WHERE remote) / sum(population) AS remote_pop_share
    FROM ref_kecamatan
    WHERE $kabupaten IS NULL OR kabupaten_code = $kabupaten
),
monthly AS (
    SELECT c.month,
           sum(c.n_completed) FILTER (WHERE k.remote) AS remote_n,
           sum(c.n_completed) AS total_n
    FROM agg_customer_kecamatan_month c
    JOIN ref_kecamatan k USING (kecamatan_code)
    WHERE c.month BETWEEN $from_month AND $to_month AND c.mou_service
      AND ($kabupaten IS NULL OR c.kabupaten_code = $kabupaten)
      AND ($service IS NULL OR c.service_code = $service)
    GROUP BY c.month
)
SELECT month,
       coalesce(remote_n, 0)::BIGINT AS remote_transactions,
       total_n::BIGINT AS transactions,
       (coalesce(remote_n, 0) / nullif(total_n, 0) / nullif((SELECT remote_pop_share FROM pop), 0))::DOUBLE
           AS remote_fair_share
FROM monthly
ORDER BY month
