-- title = { id = "Daftar layanan", en = "Service list" }
-- description = { id = "Kode dan nama layanan; sumber pilihan parameter layanan.", en = "Service codes and names; the source of service parameter choices." }
-- tags = ["meta"]
SELECT service_code AS value, name_id AS label, name_en AS label_en
FROM ref_services
ORDER BY mou DESC, service_code
