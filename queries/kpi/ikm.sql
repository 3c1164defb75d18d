-- title = { id = "Indeks Kepuasan Masyarakat (IKM) kantor Pos", en = "Public Satisfaction Index (IKM) of Pos units" }
-- description.id = "IKM menurut PermenPANRB 14/2017 dari jawaban survei yang lengkap untuk kantor Pos (tabel survey_responses, tanggal survei dalam periode, kantor di kabupaten/kota yang dipilih atau seluruh provinsi), dengan jumlah responden dan mutu A/B/C/D. Menjawab tujuan MoU kemudahan/kepuasan layanan. Nilai kosong, dengan alasan, bila responden kurang dari minimum (bawaan 30) atau tidak ada jawaban: angka dari sedikit responden tidak dipakai untuk menilai target. Rumus sama dengan kueri agency/satisfaction (rincian per kantor, layanan, kabupaten/kota)."
-- description.en = "The IKM per PermenPANRB 14/2017 from the complete survey responses for Pos units (table survey_responses, survey date in the period, units in the chosen kabupaten/kota or the whole province), with the number of respondents and the grade A/B/C/D. Answers the MoU's satisfaction goal. Empty, with a reason, when there are fewer respondents than the minimum (default 30) or none: a figure from few respondents is not used to judge the target. Same formula as the query agency/satisfaction (per unit, service, kabupaten/kota)."
-- formula.id = "IKM = (rata-rata U1 + … + rata-rata U9) ÷ 9 × 25 atas jawaban lengkap (skala 1–4, bobot sama 1/9); mutu A 88,31–100, B 76,61–88,30, C 65,00–76,60, D 25,00–64,99 (dibulatkan dua desimal sebelum digolongkan)"
-- formula.en = "IKM = (mean U1 + … + mean U9) ÷ 9 × 25 over the complete responses (scale 1–4, equal weight 1/9); grade A 88.31–100, B 76.61–88.30, C 65.00–76.60, D 25.00–64.99 (rounded to two decimals before grading)"
-- caveats.id = "Hanya jawaban lengkap dihitung; unsur yang tidak dijawab menolak jawaban itu, tidak dihitung 0. Batas 30 responden adalah pilihan Pantau: berkas metode IKM yang dipakai tidak memuat aturan jumlah sampel (tabel Krejcie–Morgan di Lampiran belum dibaca). Responden memilih sendiri untuk mengisi survei, jadi IKM bukan sampel acak pelanggan."
-- caveats.en = "Only complete responses count; an unanswered element rejects that response, never scored 0. The 30-respondent floor is Pantau's choice: the IKM method file used gives no sample-size rule (its Lampiran's Krejcie–Morgan table was not read). Respondents choose to answer, so the IKM is not a random sample of customers."
-- tags = ["kpi", "agency", "satisfaction"]
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
-- [params.min_respondents]
-- type = "integer"
-- default = 30
-- min = 1
-- label = { id = "Responden minimum", en = "Minimum respondents" }
--
-- [chart]
-- kind = "table"
-- value = "value"
WITH s AS (
    SELECT r.u1, r.u2, r.u3, r.u4, r.u5, r.u6, r.u7, r.u8, r.u9
    FROM survey_responses r
    JOIN branches b USING (branch_code)
    WHERE r.survey_date >= $from_month
      AND r.survey_date < ($to_month::DATE + INTERVAL 1 MONTH)::DATE
      AND ($kabupaten IS NULL OR b.kabupaten_code = $kabupaten)
), g AS (
    SELECT count(*) AS respondents,
           (avg(u1) + avg(u2) + avg(u3) + avg(u4) + avg(u5) + avg(u6) + avg(u7) + avg(u8)
               + avg(u9)) / 9 * 25 AS ikm
    FROM s
), judged AS (
    SELECT respondents, ikm,
           CASE WHEN respondents = 0 THEN 'no_responses'
                WHEN respondents < $min_respondents THEN 'few_respondents' END AS reason
    FROM g
)
SELECT respondents::BIGINT AS numerator,
       NULL::BIGINT AS denominator,
       CASE WHEN reason IS NULL THEN ikm END::DOUBLE AS value,
       CASE WHEN reason IS NOT NULL THEN NULL
            WHEN round(ikm, 2) >= 88.31 THEN 'A'
            WHEN round(ikm, 2) >= 76.61 THEN 'B'
            WHEN round(ikm, 2) >= 65.00 THEN 'C'
            ELSE 'D' END AS grade,
       respondents::BIGINT AS respondents,
       $min_respondents::BIGINT AS min_respondents,
       reason
FROM judged
