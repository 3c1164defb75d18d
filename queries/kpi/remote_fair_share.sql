-- title = { id = "Porsi adil kecamatan terpencil", en = "Remote fair share" }
-- description.id = "Bagian transaksi layanan MoU dari penduduk kecamatan terpencil dibagi bagian mereka dalam penduduk (1,0 = adil). Hanya transaksi dengan kode pos pelanggan yang dikenali; saringan kabupaten/kota memakai tempat tinggal pelanggan."
-- description.en = "Remote kecamatan residents' share of MoU-service transactions divided by their share of the population (1.0 = fair). Only transactions with a recognised customer postcode; the kabupaten filter uses where customers live."
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
WITH use AS (
    SELECT c.kecamatan_code, sum(c.n_completed) AS n
    FROM agg_customer_kecamatan_month c
    WHERE c.month BETWEEN $from_month AND $to_month AND c.mou_service
      AND ($kabupaten IS NULL OR c.kabupaten_code = $kabupaten)
    GROUP BY c.kecamatan_code
),
scope AS (
    SELECT k.kecamatan_code, k.remote, k.population, coalesce(u.n, 0) AS n
    FROM ref_kecamatan k
    LEFT JOIN use u USING (kecamatan_code)
    WHERE ($kabupaten IS NULL OR k.kabupaten_code = $kabupaten)
),
shares AS (
    SELECT sum(n) FILTER (WHERE remote) AS remote_n, sum(n) AS total_n,
           sum(population) FILTER (WHERE remote) AS remote_pop, sum(population) AS total_pop
    FROM scope
)
SELECT remote_n::BIGINT AS numerator,
       total_n::BIGINT AS denominator,
       ((remote_n / nullif(total_n, 0)) / nullif(remote_pop / nullif(total_pop, 0), 0))::DOUBLE
           AS value
FROM shares
