-- title = { id = "Porsi adil kecamatan terpencil", en = "Remote fair share" }
-- description.id = "Bagian transaksi layanan MoU dari penduduk kecamatan terpencil dibagi bagian mereka dalam penduduk (1,0 = adil). Hanya transaksi dengan kode pos pelanggan yang dikenali; saringan kabupaten/kota memakai tempat tinggal pelanggan."
-- description.en = "Remote kecamatan residents' share of MoU-service transactions divided by their share of the population (1.0 = fair). Only transactions with a recognised customer postcode; the kabupaten filter uses where customers live."
-- formula.id = "(transaksi layanan MoU selesai dari penduduk kecamatan terpencil ÷ semua transaksi layanan MoU selesai dengan kecamatan pelanggan dikenali) ÷ (penduduk kecamatan terpencil ÷ penduduk semua kecamatan); menurut tempat tinggal pelanggan (dari kode pos) dan bulan kedatangan. Pembilang dan penyebut di hasil kueri: transaksi kecamatan terpencil dan semua transaksi dengan kecamatan dikenali."
-- formula.en = "(completed MoU-service transactions by residents of remote kecamatan ÷ all completed MoU-service transactions with a recognised customer kecamatan) ÷ (remote kecamatan population ÷ population of all kecamatan); by where customers live (from the postcode) and month of arrival. The query's numerator and denominator: the remote kecamatan's transactions and all transactions with a recognised kecamatan."
-- caveats.id = "Hanya transaksi dengan kode pos pelanggan yang dikenali; bila kode pos lebih sering kosong atau salah di satu wilayah, nilainya bergeser. Penduduk kecamatan adalah perkiraan (penduduk kabupaten dibagi menurut jumlah desa, data/reference/README.md), bukan angka registrasi. Menghitung transaksi, bukan warga: satu warga yang membayar beberapa kali dihitung beberapa kali. Kecamatan terpencil menurut aturan data rujukan. Nilai 1,0 berarti penggunaan sebanding dengan penduduk, bukan bahwa layanan tersedia dekat."
-- caveats.en = "Only transactions with a recognised customer postcode; where postcodes are more often blank or wrong in one area, the value shifts. Kecamatan population is an estimate (the kabupaten's population split by number of desa, data/reference/README.md), not a registry figure. It counts transactions, not citizens: one citizen paying several times counts several times. Remote kecamatan as the reference data's rule defines them. A value of 1.0 means use in proportion to population, not that a service is nearby."
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
