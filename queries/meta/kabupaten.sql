-- title = { id = "Daftar kabupaten/kota", en = "Kabupaten/kota list" }
-- description = { id = "Kode dan nama 15 kabupaten/kota; sumber pilihan parameter kabupaten.", en = "Codes and names of the 15 kabupaten/kota; the source of kabupaten parameter choices." }
-- tags = ["meta"]
SELECT kabupaten_code AS value, name AS label, name AS label_en
FROM ref_kabupaten
ORDER BY kabupaten_code
