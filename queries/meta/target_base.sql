-- title = { id = "Dasar pembagian target per kabupaten/kota", en = "Bases that split targets over kabupaten/kota" }
-- description.id = "Untuk tiap dasar pembagian target jumlah (aggregation = \"sum\" di targets.toml) dan tiap kabupaten/kota: nilai dasar dan bagiannya dari provinsi. vehicles = kendaraan terdaftar (Korlantas, Januari 2023; untuk PKB); pkb_uptd_target = target PKB 2025 UPTD yang melayani kabupaten/kota (Bapenda; untuk PKB); poverty = penduduk miskin perkiraan, penduduk × persentase penduduk miskin BPS (tahun terdekat ke 2024; untuk bantuan sosial); population = penduduk (Dukcapil, semester 2 2024; untuk yang lain). Target provinsi × bagian = target kabupaten/kota, kecuali targets.toml memberi target kabupaten/kota sendiri."
-- description.en = "For each base that splits count targets (aggregation = \"sum\" in targets.toml) and each kabupaten/kota: the base's value and its share of the province. vehicles = registered vehicles (Korlantas, January 2023; for PKB); pkb_uptd_target = the 2025 PKB targets of the UPTD serving the kabupaten/kota (Bapenda; for PKB); poverty = estimated poor people, residents × BPS poverty rate (the year nearest 2024; for social aid); population = residents (Dukcapil, 2nd half 2024; for the others). Provincial target × share = the kabupaten/kota target, unless targets.toml gives the kabupaten/kota its own."
-- formula.id = "bagian = nilai dasar kabupaten/kota ÷ jumlah nilai dasar semua kabupaten/kota yang nilainya diketahui; poverty: nilai = penduduk × persentase miskin ÷ 100"
-- formula.en = "share = the kabupaten/kota's base value ÷ the sum of the base over every kabupaten/kota whose value is known; poverty: value = residents × poverty rate ÷ 100"
-- caveats.id = "Dua UPTD (Lampung Barat, Tulang Bawang Barat) tidak punya target PKB 2025 yang diketahui: dengan dasar pkb_uptd_target keduanya tanpa nilai dan tanpa target, dan bagian yang lain dihitung tanpa mereka. Persentase miskin Pesisir Barat dari 2025 (2024 tidak ditemukan); jumlah penduduk miskin adalah perkiraan (persentase BPS × penduduk Dukcapil), bukan angka BPS."
-- caveats.en = "Two UPTD (Lampung Barat, Tulang Bawang Barat) have no known 2025 PKB target: under the pkb_uptd_target base they have no value and no target, and the others' shares are taken without them. Pesisir Barat's poverty rate is its 2025 one (2024 not found); the poor are an estimate (BPS rate × Dukcapil residents), not a BPS count."
-- tags = ["meta"]
WITH bases AS (
    SELECT kabupaten_code, 'vehicles' AS base, vehicles_2023::DOUBLE AS value FROM ref_kabupaten
    UNION ALL
    SELECT kabupaten_code, 'population' AS base, population::DOUBLE AS value FROM ref_kabupaten
    UNION ALL
    SELECT kabupaten_code, 'poverty' AS base,
           (population * poverty_rate_pct / 100)::DOUBLE AS value
    FROM ref_kabupaten
    UNION ALL
    SELECT kabupaten_code, 'pkb_uptd_target' AS base, pkb_target_2025::DOUBLE AS value
    FROM ref_kabupaten
)
SELECT base,
       kabupaten_code,
       value,
       (value / sum(value) OVER (PARTITION BY base))::DOUBLE AS share
FROM bases
ORDER BY base, kabupaten_code
