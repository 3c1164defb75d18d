-- title = { id = "Riwayat pemuatan berkas", en = "File load history" }
-- description.id = "Setiap berkas yang pernah dimuat beserta pemuatannya (load_runs), terbaru dahulu: status, baris dibaca = dimuat + diperbarui + duplikat + ditolak, galat, dan lama proses. Pilih hanya yang bermasalah untuk melihat berkas gagal atau yang punya baris ditolak."
-- description.en = "Every file ever loaded with its load run (load_runs), newest first: status, rows read = loaded + updated + duplicate + rejected, error, and seconds taken. Choose problems only to see failed files or those with rejected rows."
-- tags = ["quality", "load"]
--
-- [params.problems_only]
-- type = "boolean"
-- default = false
-- label = { id = "Hanya yang bermasalah", en = "Problems only" }
--
-- [chart]
-- kind = "table"
SELECT f.load_id,
       r.started_at AS load_started_at,
       r.finished_at AS load_finished_at,
       r.generation,
       f.file_id,
       f.name,
       f.path,
       f.kind,
       f.file_format,
       f.status,
       f.rows_read,
       f.rows_loaded,
       f.rows_updated,
       f.rows_duplicate,
       f.rows_rejected,
       (f.rows_rejected / NULLIF(f.rows_read, 0))::DOUBLE AS rejected_share,
       f.error,
       f.loaded_at,
       f.seconds
FROM load_files f
LEFT JOIN load_runs r USING (load_id)
WHERE NOT $problems_only
   OR f.status IS DISTINCT FROM 'loaded'
   OR coalesce(f.rows_rejected, 0) > 0
   OR f.error IS NOT NULL
ORDER BY f.load_id DESC NULLS LAST, f.loaded_at DESC NULLS LAST, f.file_id DESC
