-- title = { id = "Daftar layanan MoU", en = "MoU service list" }
-- description = { id = "Layanan yang dicakup MoU Pemprov Lampung – PT Pos Indonesia; sumber pilihan parameter layanan pada kueri MoU dan jangkauan.", en = "Services covered by the Lampung provincial government – PT Pos Indonesia MoU; the source of service choices in MoU and reach queries." }
-- tags = ["meta"]
SELECT service_code AS value, name_id AS label, name_en AS label_en
FROM ref_services
WHERE mou
ORDER BY service_code
