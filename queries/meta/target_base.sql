-- title = { id = "Dasar pembagian target per kabupaten/kota", en = "Bases that split targets over kabupaten/kota" }
-- description.id = "Untuk tiap dasar pembagian target jumlah (aggregation = \"sum\" di targets.toml) dan tiap kabupaten/kota: nilai dasar dan bagiannya dari provinsi. vehicles = kendaraan terdaftar (Korlantas, Januari 2023; untuk PKB), population = penduduk (Dukcapil, semester 2 2024; untuk yang lain). Target provinsi × bagian = target kabupaten/kota, kecuali targets.toml memberi target kabupaten/kota sendiri."
-- description.en = "For each base that splits count targets (aggregation = \"sum\" in targets.toml) and each kabupaten/kota: the base's value and its share of the province. vehicles = registered vehicles (Korlantas, January 2023; for PKB), population = residents (Dukcapil, 2nd half 2024; for the others). Provincial target × share = the kabupaten/kota target, unless targets.toml gives the kabupaten/kota its own."
-- formula.id = "bagian = nilai dasar kabupaten/kota ÷ jumlah nilai dasar semua kabupaten/kota"
-- formula.en = "share = the kabupaten/kota's base value ÷ the sum of the base over every kabupaten/kota"
-- caveats.id = "Dasar kemiskinan (BPS) dan target PKB per UPTD belum ada di gudang data (data/reference/poverty.csv, bapenda_uptd.csv); dua UPTD tidak punya target yang diketahui."
-- caveats.en = "The poverty base (BPS) and the per-UPTD PKB targets are not in the warehouse yet (data/reference/poverty.csv, bapenda_uptd.csv); two UPTD have no known target."
-- tags = ["meta"]
WITH bases AS (
    SELECT kabupaten_code, 'vehicles' AS base, vehicles_2023::DOUBLE AS value FROM ref_kabupaten
    UNION ALL
    SELECT kabupaten_code, 'population' AS base, population::DOUBLE AS value FROM ref_kabupaten
)
SELECT base,
       kabupaten_code,
       value,
       (value / sum(value) OVER (PARTITION BY base))::DOUBLE AS share
FROM bases
ORDER BY base, kabupaten_code
