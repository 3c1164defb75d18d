-- title = { id = "Kepuasan masyarakat (IKM)", en = "Public satisfaction (IKM)" }
-- description.id = "Indeks Kepuasan Masyarakat menurut PermenPANRB 14/2017 dari jawaban survei yang lengkap (tabel survey_responses, tanggal survei dalam periode), per kantor, per layanan atau per kabupaten/kota kantor (parameter Rincian). IKM = rata-rata sembilan rata-rata unsur U1..U9 (skala 1–4, bobot sama 1/9) × 25. Mutu: A 88,31–100, B 76,61–88,30, C 65,00–76,60, D 25,00–64,99 (IKM dibulatkan dua desimal sebelum digolongkan). Sedikit responden = kurang dari batas minimum (bawaan 30): berkas metode IKM yang dipakai tidak memuat aturan jumlah sampel (tabel Krejcie–Morgan di Lampiran belum dibaca), jadi Pantau memakai 30, batas lazim agar rata-rata cukup stabil; nilai di bawahnya tetap tampil tetapi ditandai. Jumlah responden kecil layanan kesehatan disembunyikan oleh kontrol pengungkapan."
-- description.en = "The Public Satisfaction Index per PermenPANRB 14/2017 from the complete survey responses (table survey_responses, survey date in the period), per branch, per service or per kabupaten/kota of the branch (the Breakdown parameter). IKM = mean of the nine element means U1..U9 (scale 1–4, equal weight 1/9) × 25. Grade: A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99 (the IKM is rounded to two decimals before grading). Few respondents = fewer than the minimum (default 30): the IKM method file used gives no sample-size rule (its Lampiran's Krejcie–Morgan table was not read), so Pantau uses 30, the usual floor for a mean to be reasonably stable; smaller groups still show but are flagged. Small respondent counts of health services are hidden by the disclosure control."
-- tags = ["agency", "satisfaction"]
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
-- [params.by]
-- type = "choice"
-- choices = ["branch", "service", "kabupaten"]
-- default = "branch"
-- label = { id = "Rincian (branch = kantor, service = layanan, kabupaten = kabupaten/kota)", en = "Breakdown (branch, service or kabupaten)" }
--
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- optional = true
-- label = { id = "Kabupaten/kota (kosong = provinsi)", en = "Kabupaten/kota (empty = province)" }
--
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [params.min_respondents]
-- type = "integer"
-- default = 30
-- min = 1
-- label = { id = "Responden minimum", en = "Minimum respondents" }
--
-- [chart]
-- kind = "bar"
-- x = "ikm"
-- y = "unit"
-- color = "grade"
--
-- [disclosure]
-- counts = ["respondents"]
-- service = "service_code"
-- withhold = ["ikm"]
-- groups = [[]]
WITH s AS (
    SELECT r.branch_code, b.kabupaten_code, r.service_code,
           r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9
    FROM survey_responses r
    LEFT JOIN branches b USING (branch_code)
    WHERE r.survey_date >= $from_month
      AND r.survey_date < ($to_month::DATE + INTERVAL 1 MONTH)::DATE
      AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
      AND ($service IS NULL OR r.service_code = $service)
), g AS (
    SELECT CASE WHEN $by = 'branch' THEN branch_code END AS branch_code,
           CASE WHEN $by IN ('branch', 'kabupaten') THEN kabupaten_code END AS kabupaten_code,
           CASE WHEN $by = 'service' THEN service_code ELSE $service END AS service_code,
           count(*) AS respondents,
           (avg(u1) + avg(u2) + avg(u3) + avg(u4) + avg(u5) + avg(u6) + avg(u7) + avg(u8)
               + avg(u9)) / 9 * 25 AS ikm
    FROM s
    GROUP BY ALL
)
SELECT coalesce(CASE $by WHEN 'branch' THEN br.name WHEN 'service' THEN sv.name_id
                         ELSE k.name END, '') AS unit,
       g.branch_code,
       br.name AS branch,
       g.kabupaten_code,
       k.name AS kabupaten,
       g.service_code,
       sv.name_id AS service,
       g.respondents::BIGINT AS respondents,
       g.ikm::DOUBLE AS ikm,
       CASE WHEN round(g.ikm, 2) >= 88.31 THEN 'A'
            WHEN round(g.ikm, 2) >= 76.61 THEN 'B'
            WHEN round(g.ikm, 2) >= 65.00 THEN 'C'
            ELSE 'D' END AS grade,
       g.respondents < $min_respondents AS few_respondents
FROM g
LEFT JOIN branches br ON br.branch_code = g.branch_code
LEFT JOIN ref_kabupaten k ON k.kabupaten_code = g.kabupaten_code
LEFT JOIN ref_services sv ON sv.service_code = g.service_code
ORDER BY g.ikm, g.branch_code NULLS FIRST, g.kabupaten_code NULLS FIRST,
         g.service_code NULLS FIRST
