-- title = { id = "Contoh baris ditolak", en = "Sample of rejected rows" }
-- description.id = "Baris yang ditolak saat pemuatan: berkas, nomor baris di berkas (seperti di spreadsheet), kolom, alasan dan nilai yang ditolak. Nilai dan nomor transaksi sudah disamarkan saat pemuatan (deretan 10 angka atau lebih dan pola nomor polisi diganti); NIK dan nomor polisi asli tidak pernah tersimpan. Berkas terbaru dahulu, paling banyak sejumlah baris yang dipilih."
-- description.en = "Rows rejected at load time: file, row number in the file (as in a spreadsheet), column, reason and the rejected value. Values and transaction ids were masked at load time (runs of 10 or more digits and plate-shaped text replaced); raw NIK and plate numbers are never stored. Newest file first, at most the chosen number of rows."
-- tags = ["quality", "rejects"]
--
-- [params.file]
-- type = "choice"
-- choices = "meta/files"
-- optional = true
-- label = { id = "Berkas (kosong = semua)", en = "File (empty = all)" }
--
-- [params.reason]
-- type = "choice"
-- choices = "meta/reject_reasons"
-- optional = true
-- label = { id = "Alasan (kosong = semua)", en = "Reason (empty = all)" }
--
-- [params.max_rows]
-- type = "integer"
-- default = 200
-- min = 1
-- max = 10000
-- label = { id = "Baris paling banyak", en = "Maximum rows" }
--
-- [chart]
-- kind = "table"
SELECT r.file_id,
       f.name AS file_name,
       r.source_row,
       r.column_name,
       r.reason,
       r.value,
       r.transaction_id
FROM rejects r
LEFT JOIN load_files f USING (file_id)
WHERE ($file IS NULL OR CAST(r.file_id AS VARCHAR) = $file)
  AND ($reason IS NULL OR r.reason = $reason)
ORDER BY r.file_id DESC, r.source_row, r.column_name, r.reason
LIMIT $max_rows
