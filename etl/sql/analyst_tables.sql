-- reads: (none)
-- writes: (none)
--
-- What an analyst's ad-hoc SQL reads instead of the load log and the reject table (the runner
-- refuses those to the analyst role, views included): the same rows without file paths,
-- hashes or anything else that is not needed to judge data quality. Rebuilt by every load.

CREATE OR REPLACE TABLE analyst_rejects AS
SELECT r.file_id, f.name AS file_name, r.source_row, r.column_name, r.reason, r.value
FROM rejects r
LEFT JOIN load_files f USING (file_id);

CREATE OR REPLACE TABLE analyst_load_log AS
SELECT f.load_id, f.file_id, f.name AS file_name, f.kind, f.file_format, f.status,
       f.rows_read, f.rows_loaded, f.rows_updated, f.rows_duplicate, f.rows_rejected, f.rows_skipped,
       f.ignored_columns, f.loaded_at, f.seconds
FROM load_files f;
