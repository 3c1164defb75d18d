-- title = { id = "Baris ditolak dari berkas satu kantor", en = "Rejected rows from one branch's files" }
-- description.id = "Baris ditolak yang menyebut kantor yang dipilih, untuk dikirim ke kantor itu: berkas, baris di berkas, kolom, alasan, nilai tersamar. Baris yang terlalu rusak untuk dibaca kodenya (kolom \"dikenali dari berkas\") ikut dari setiap berkas yang membawa transaksi kantor itu. NIK dan nomor polisi asli tidak pernah tersimpan."
-- description.en = "Rejected rows that name the chosen branch, to send to that branch: file, row in the file, column, reason, masked value. Rows too broken to read their branch code (column \"matched by file\") come along from every file that brought that branch's transactions. Raw NIK and plate numbers are never stored."
-- tags = ["quality", "rejects", "branch"]
--
-- [params.branch]
-- type = "choice"
-- choices = "meta/branches"
-- default = "first"
-- label = { id = "Kantor", en = "Branch" }
--
-- [chart]
-- kind = "table"
WITH branch_files AS (
    SELECT DISTINCT file_id FROM transactions WHERE branch_code = $branch
)
SELECT f.name AS file_name,
       r.source_row,
       r.column_name,
       r.reason,
       r.value,
       r.transaction_id,
       r.branch_code IS NULL AS matched_by_file
FROM rejects r
LEFT JOIN load_files f USING (file_id)
WHERE r.branch_code = $branch
   OR (r.branch_code IS NULL AND r.file_id IN (SELECT file_id FROM branch_files))
ORDER BY r.file_id DESC, r.source_row, r.column_name
