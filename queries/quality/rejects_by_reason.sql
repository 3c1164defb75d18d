-- title = { id = "Baris ditolak menurut alasan", en = "Rejected rows by reason" }
-- description.id = "Jumlah penolakan per alasan dan kolom, dengan jumlah berkas yang terkena dan pangsa dari semua penolakan (0–1). Satu baris bisa ditolak karena lebih dari satu kolom. Saring satu berkas."
-- description.en = "Rejects per reason and column, with the number of files affected and the share of all rejects (0–1). One row can be rejected for more than one column. Filter one file."
-- tags = ["quality", "rejects"]
--
-- [params.file]
-- type = "choice"
-- choices = "meta/files"
-- optional = true
-- label = { id = "Berkas (kosong = semua)", en = "File (empty = all)" }
--
-- [chart]
-- kind = "bar"
-- x = "reason"
-- y = "rejects"
-- color = "column_name"
WITH r AS (
    SELECT reason, column_name, count(*) AS rejects,
           count(DISTINCT (file_id, source_row)) AS source_rows,
           count(DISTINCT file_id) AS files
    FROM rejects
    WHERE $file IS NULL OR CAST(file_id AS VARCHAR) = $file
    GROUP BY reason, column_name
)
SELECT reason,
       column_name,
       rejects::BIGINT AS rejects,
       source_rows::BIGINT AS source_rows,
       files::BIGINT AS files,
       (rejects / NULLIF(sum(rejects) OVER (), 0))::DOUBLE AS rejects_share
FROM r
ORDER BY rejects DESC, reason, column_name
