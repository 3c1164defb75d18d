-- title = { id = "Pemerataan antarwilayah", en = "Equity between areas" }
-- description.id = "Penggunaan layanan MoU per penduduk di kabupaten/kota terendah dibagi penggunaan per penduduk provinsi (1,0 = merata). Dengan saringan kabupaten/kota: kecamatan terendah dibagi kabupaten/kota itu. Menurut tempat tinggal pelanggan."
-- description.en = "MoU-service use per resident in the lowest kabupaten/kota divided by the provincial use per resident (1.0 = even). With a kabupaten filter: the lowest kecamatan divided by that kabupaten. By where customers live."
-- formula.id = "Tanpa saringan: min atas kabupaten/kota dari (transaksi layanan MoU selesai menurut kabupaten/kota tempat tinggal pelanggan ÷ penduduk kabupaten/kota) ÷ (jumlah transaksi itu ÷ penduduk provinsi). Dengan saringan kabupaten/kota: sama atas kecamatannya, dibagi angka kabupaten/kota itu. Wilayah tanpa transaksi dihitung 0; kosong bila tidak ada transaksi sama sekali."
-- formula.en = "Without a filter: the minimum over kabupaten/kota of (completed MoU-service transactions by the customer's kabupaten/kota of residence ÷ its population) ÷ (all those transactions ÷ the province's population). With a kabupaten filter: the same over its kecamatan, divided by that kabupaten's figure. An area without transactions counts as 0; empty when there are no transactions at all."
-- caveats.id = "Satu wilayah menentukan nilai: satu kecamatan tanpa transaksi membuat nilainya 0, apa pun yang terjadi di tempat lain. Hanya transaksi dengan kode pos pelanggan dikenali; pembilang dan penyebut sama-sama kehilangan yang tidak dikenali, dan itu saling meniadakan hanya bila porsinya sama di semua wilayah. Penduduk kecamatan (dengan saringan) adalah perkiraan menurut jumlah desa. Menghitung transaksi, bukan warga; wilayah dengan banyak penerima bansos atau pensiunan tampak lebih tinggi tanpa layanan yang lebih mudah."
-- caveats.en = "One area decides the value: one kecamatan without transactions makes it 0, whatever happens elsewhere. Only transactions with a recognised customer postcode; numerator and denominator both lose the unrecognised ones, which cancels only if their share is the same everywhere. Kecamatan population (with a filter) is an estimate by number of desa. It counts transactions, not citizens; areas with many aid recipients or pensioners look higher without easier service."
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
    SELECT CASE WHEN $kabupaten IS NULL THEN c.kabupaten_code ELSE c.kecamatan_code END AS area,
           sum(c.n_completed) AS n
    FROM agg_customer_kecamatan_month c
    WHERE c.month BETWEEN $from_month AND $to_month AND c.mou_service
      AND ($kabupaten IS NULL OR c.kabupaten_code = $kabupaten)
    GROUP BY area
),
areas AS (
    SELECT kabupaten_code AS area, population FROM ref_kabupaten WHERE $kabupaten IS NULL
    UNION ALL
    SELECT kecamatan_code, population FROM ref_kecamatan WHERE kabupaten_code = $kabupaten
),
per_capita AS (
    SELECT a.area, coalesce(u.n, 0) AS n, a.population,
           coalesce(u.n, 0) / nullif(a.population, 0) AS rate
    FROM areas a
    LEFT JOIN use u USING (area)
)
SELECT arg_min(area, rate) AS lowest_area,
       sum(n)::BIGINT AS numerator,
       sum(population)::BIGINT AS denominator,
       CASE WHEN sum(n) > 0 THEN min(rate) / (sum(n) / nullif(sum(population), 0)) END::DOUBLE
           AS value
FROM per_capita
