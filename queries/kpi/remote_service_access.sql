-- title = { id = "Akses teratur kecamatan terpencil", en = "Regular access, remote kecamatan" }
-- description.id = "Seperti akses teratur layanan MoU, hanya untuk kecamatan terpencil (lihat data/reference/README.md): bagian kecamatan terpencil tempat setiap layanan MoU tersedia secara teratur: dalam sebulan, titik layanan yang berada di kecamatan itu (kantor, agen, atau Pos Keliling yang singgah di sana) menyelesaikan layanan itu pada sekurang-kurangnya sekian hari (regular_days_per_month per layanan, etl/config/service_standards.toml; misalnya 4 = mingguan). Layanan dengan 0 hari tidak disyaratkan. Dihitung per kecamatan × bulan, dari agg_kecamatan_service_month. Wilayah tanpa kecamatan terpencil: penyebut 0, nilai kosong (tidak berlaku). Menjawab tujuan MoU: jangkauan yang merata."
-- description.en = "As regular access to MoU services, for remote kecamatan only (see data/reference/README.md): share of remote kecamatan where every MoU service is regularly available: in a month, service points located in the kecamatan (a branch, an agent, or a Pos Keliling stopping there) completed the service on at least a set number of days (regular_days_per_month per service, etl/config/service_standards.toml; e.g. 4 = weekly). Services set to 0 days are not required. Counted per kecamatan × month, from agg_kecamatan_service_month. An area without remote kecamatan: denominator 0, no value (not applicable). Answers the MoU goal: even reach."
-- formula.id = "Jumlah pasangan kecamatan terpencil × bulan yang setiap layanan MoU wajibnya mencapai hari layanan minimum ÷ (jumlah kecamatan terpencil × jumlah bulan periode yang berdata). Satu bulan: kecamatan terpencil yang terlayani teratur ÷ semua kecamatan terpencil."
-- formula.en = "Remote kecamatan × month pairs in which every required MoU service reached its minimum service days ÷ (remote kecamatan × months of the period with data). For one month: regularly served remote kecamatan ÷ all remote kecamatan."
-- caveats.id = "Hari layanan hanya dari transaksi selesai secara tatap muka (loket, agen, Pos Keliling; bukan daring). Tempat singgah Pos Keliling tidak ada di ekspor: diambil kecamatan tempat tinggal sebagian besar pelanggannya hari itu (dari kode pos; seri ke kode kecamatan terkecil); hari tanpa pelanggan berkode pos dikenal tidak dihitung. Kecamatan dihitung untuk kabupaten/kotanya sendiri, juga bila dilayani kantor kabupaten lain. Bulan tanpa data kantor di wilayah itu tidak dihitung. Standar hari adalah contoh sampai ditetapkan."
-- caveats.en = "Service days come only from completed in-person transactions (counter, agent, Pos Keliling; not online). A Pos Keliling's stop is not in the exports: it is taken as the kecamatan where most of that day's customers live (from their postcode; a tie goes to the lowest kecamatan code); a day without a customer of known postcode counts nowhere. A kecamatan counts for its own kabupaten/kota, also when served from another's branch. Months without branch data in the area are not counted. The day standards are examples until set."
-- tags = ["kpi", "access", "remote"]
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
WITH months AS (
    SELECT DISTINCT month FROM agg_day
    WHERE month BETWEEN $from_month AND $to_month
      AND ($kabupaten IS NULL OR kabupaten_code = $kabupaten)
),
scope AS (
    SELECT kecamatan_code FROM ref_kecamatan
    WHERE ($kabupaten IS NULL OR kabupaten_code = $kabupaten) AND remote
),
required AS (
    SELECT st.service_code, st.regular_days_per_month
    FROM ref_service_standards st
    JOIN ref_services s USING (service_code)
    WHERE s.mou AND st.regular_days_per_month > 0
),
regular AS (
    SELECT a.month, a.kecamatan_code, count(*) AS n_regular
    FROM agg_kecamatan_service_month a
    JOIN required r USING (service_code)
    WHERE a.month IN (SELECT month FROM months)
      AND a.service_days >= r.regular_days_per_month
    GROUP BY a.month, a.kecamatan_code
),
cells AS (
    SELECT coalesce(g.n_regular, 0) = (SELECT count(*) FROM required) AS available
    FROM months m
    CROSS JOIN scope k
    LEFT JOIN regular g ON g.month = m.month AND g.kecamatan_code = k.kecamatan_code
    WHERE EXISTS (SELECT * FROM required)
)
SELECT count(*) FILTER (WHERE available)::BIGINT AS numerator,
       count(*)::BIGINT AS denominator,
       (numerator / nullif(denominator, 0))::DOUBLE AS value,
       -- an area without remote kecamatan: the remote KPIs do not apply (not "no data")
       CASE WHEN NOT EXISTS (SELECT * FROM scope) THEN 'no_remote_kecamatan' END AS reason
FROM cells
