-- title = { id = "Bagian penduduk kabupaten/kota", en = "Kabupaten/kota population share" }
-- description.id = "Bagian penduduk provinsi yang tinggal di kabupaten/kota; membagi target provinsi yang berupa jumlah."
-- description.en = "The share of the province's population living in a kabupaten/kota; splits provincial count targets."
-- tags = ["meta"]
--
-- [params.kabupaten]
-- type = "choice"
-- choices = "meta/kabupaten"
-- default = "first"
-- label = { id = "Kabupaten/kota", en = "Kabupaten/kota" }
SELECT kabupaten_code,
       (population / (SELECT sum(population) FROM ref_kabupaten))::DOUBLE AS population_share
FROM ref_kabupaten
WHERE kabupaten_code = $kabupaten
