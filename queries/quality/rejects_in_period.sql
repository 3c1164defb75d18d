-- title = { id = "Baris ditolak dalam file periode ini", en = "Rejected rows in this period's files" }
-- description.id = "Baris yang ditolak saat dimuat, dalam file yang membawa transaksi periode ini (file yang paling sedikit satu transaksinya jatuh dalam periode), menurut alasan, dengan porsinya terhadap baris yang dibaca dari file itu."
-- description.en = "Rows rejected at load, in the files that carried this period's transactions (files with at least one transaction in the period), by reason, with their share of the rows read from those files."
-- tags = ["quality", "report"]
--
-- [params.from_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Dari bulan", en = "From month" }
--
-- [params.to_month]
-- type = "month"
-- default = "last_full_month"
-- label = { id = "Sampai bulan", en = "To month" }
--
-- [chart]
-- kind = "bar"
-- x = "reason"
-- y = "rejects"
WITH files AS (
    SELECT DISTINCT file_id
    FROM transactions
    WHERE arrived_at >= $from_month AND arrived_at < $to_month::DATE + INTERVAL 1 MONTH
),
read AS (
    SELECT sum(rows_read) AS rows_read FROM analyst_load_log WHERE file_id IN (SELECT file_id FROM files)
)
SELECT r.reason,
       count(*)::BIGINT AS rejects,
       count(DISTINCT r.file_id)::BIGINT AS files,
       (count(*) / nullif((SELECT rows_read FROM read), 0))::DOUBLE AS rejects_share
FROM analyst_rejects r
WHERE r.file_id IN (SELECT file_id FROM files)
GROUP BY r.reason
ORDER BY rejects DESC, r.reason
