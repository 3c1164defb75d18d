-- title = { id = "Baris ditolak dari berkas satu kantor", en = "Rejected rows from one branch's files" }
-- description.id = "Baris ditolak dari setiap berkas yang membawa transaksi kantor yang dipilih, untuk dikirim ke kantor itu: berkas, baris di berkas, kolom, alasan, nilai tersamar, dan berapa kantor yang ada di berkas itu (lebih dari 1 = ekspor wilayah; baris ditolak tidak menyimpan kodenya sendiri, jadi baris dari kantor lain di berkas yang sama ikut). NIK dan nomor polisi asli tidak pernah tersimpan."
-- description.en = "Rejected rows of every file that brought the chosen branch's transactions, to send to that branch: file, row in the file, column, reason, masked value, and how many branches the file holds (more than 1 = an area export; a rejected row keeps no branch code of its own, so rows of other branches in the same file come along). Raw NIK and plate numbers are never stored."
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
    SELECT file_id, count(DISTINCT branch_code) AS branches_in_file
    FROM transactions
    WHERE file_id IN (SELECT file_id FROM transactions WHERE branch_code = $branch)
    GROUP BY file_id
)
SELECT f.name AS file_name,
       r.source_row,
       r.column_name,
       r.reason,
       r.value,
       r.transaction_id,
       bf.branches_in_file
FROM rejects r
JOIN branch_files bf USING (file_id)
LEFT JOIN load_files f USING (file_id)
ORDER BY r.file_id DESC, r.source_row, r.column_name
