-- title = { id = "Daftar berkas yang dimuat", en = "Loaded file list" }
-- description = { id = "Nomor dan nama setiap berkas yang pernah dimuat, terbaru dahulu; sumber pilihan parameter berkas.", en = "Id and name of every file ever loaded, newest first; the source of file parameter choices." }
-- tags = ["meta", "quality"]
SELECT CAST(file_id AS VARCHAR) AS value,
       '#' || file_id || ' · ' || coalesce(name, '?') AS label,
       '#' || file_id || ' · ' || coalesce(name, '?') AS label_en
FROM load_files
ORDER BY file_id DESC
