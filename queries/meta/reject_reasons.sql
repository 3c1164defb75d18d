-- title = { id = "Daftar alasan penolakan", en = "Reject reason list" }
-- description = { id = "Alasan penolakan baris yang ada di gudang data; sumber pilihan parameter alasan.", en = "Row reject reasons present in the warehouse; the source of reason choices." }
-- tags = ["meta", "quality"]
SELECT DISTINCT reason AS value, reason AS label, reason AS label_en
FROM rejects
WHERE reason IS NOT NULL
ORDER BY reason
