-- title = { id = "Baris ditolak pada pemuatan terakhir", en = "Rows rejected by the latest load" }
-- description.id = "Pemuatan terakhir yang membaca baris (load_runs): jumlah berkas, baris dibaca, baris ditolak dan pangsa ditolak (ditolak / dibaca, seluruh berkasnya). Aturan peringatan 'rejects' membandingkan pangsa ini dengan batasnya."
-- description.en = "The latest load that read rows (load_runs): files, rows read, rows rejected and the rejected share (rejected / read, over all its files). The 'rejects' alert rule compares this share with its limit."
-- tags = ["quality", "load", "alerts"]
--
-- [chart]
-- kind = "table"
WITH per_load AS (
    SELECT load_id,
           count(*) AS files,
           sum(rows_read)::BIGINT AS rows_read,
           sum(rows_rejected)::BIGINT AS rows_rejected
    FROM load_files
    GROUP BY load_id
    HAVING sum(rows_read) > 0
)
SELECT p.load_id,
       r.started_at AS load_started_at,
       p.files,
       p.rows_read,
       p.rows_rejected,
       (p.rows_rejected / p.rows_read)::DOUBLE AS rejected_share
FROM per_load p
JOIN load_runs r USING (load_id)
ORDER BY p.load_id DESC
LIMIT 1
