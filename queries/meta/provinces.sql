-- title = { id = "Daftar provinsi", en = "Province list" }
-- description.id = "Provinsi yang datanya ada di gudang data (data rujukan atau kantor): sumber pilihan parameter provinsi setiap kueri. Lampung (18) selalu ada karena data rujukannya dikirim bersama Pantau."
-- description.en = "The provinces the warehouse holds data for (reference data or branches): the source of every query's province parameter choices. Lampung (18) is always there, as its reference data ships with Pantau."
-- tags = ["meta"]
-- scope = "national"
SELECT p.province_code AS value, p.name AS label, p.name AS label_en
FROM ref_province p
WHERE p.province_code IN (
    SELECT province_code FROM ref_kabupaten
    UNION
    SELECT left(kabupaten_code, 2) FROM branches
)
ORDER BY p.province_code
