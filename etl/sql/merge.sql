-- reads: __STAGE__
-- writes: merge_stored, merge_multi, merge_outcome, merge_counts, merge_winners
--
-- Classify every staged row of this load as loaded, updated or duplicate, and pick the version
-- of each key the warehouse keeps. Written for any target (__TARGET__ keyed by __KEY__, staged in
-- __STAGE__), so transactions and branches follow one rule:
--
-- * rows are read in processing order (file_seq, source_row); the "current" version of a key is
--   the one with the highest version_key seen so far (stored in the warehouse or earlier in
--   this load); version_key = lower(file name)|sha prefix#row (load_files.source_key and
--   the row), so a re-sent file named later
--   (…_revisi, …_v2, a later date) wins, and the result does not depend on load order;
-- * identical content to the current version → duplicate; a newer version with other content
--   → updated; an older version → duplicate (the warehouse already holds a newer one);
-- * the winner of a key is its highest version_key; it replaces the stored row only when its
--   content differs.

-- Most keys appear once (new rows, not stored, not repeated in this load): they are loaded
-- without further work. Only the rows of the other keys (merge_multi) are ranked, and only they
-- get an outcome row; a staged row is identified by (file_id, source_row).

CREATE OR REPLACE TEMP TABLE merge_stored AS
SELECT t.__KEY__ AS k, t.row_hash,
       f.source_key || '#' || lpad(t.source_row::VARCHAR, 12, '0') AS version_key
FROM __TARGET__ t
JOIN load_files f USING (file_id)
SEMI JOIN __STAGE__ s ON s.__KEY__ = t.__KEY__;

CREATE OR REPLACE TEMP TABLE merge_multi AS
SELECT __KEY__ AS k FROM __STAGE__ GROUP BY ALL HAVING count(*) > 1
UNION
SELECT k FROM merge_stored;

CREATE OR REPLACE TEMP TABLE merge_outcome AS
SELECT k, file_id, source_row,
       CASE WHEN c_key IS NULL THEN 'loaded'
            WHEN row_hash = c_hash THEN 'duplicate'
            WHEN version_key > c_key THEN 'updated'
            ELSE 'duplicate' END AS outcome,
       version_key = best_key
           AND (stored_key IS NULL OR row_hash <> stored_hash) AS winner,
       stored_key IS NOT NULL AND version_key = best_key AND row_hash <> stored_hash AS replaces
FROM (
    SELECT w.*,
           CASE WHEN st.version_key IS NOT NULL
                 AND (w.prev_key IS NULL OR st.version_key > w.prev_key)
                THEN st.version_key ELSE w.prev_key END AS c_key,
           CASE WHEN st.version_key IS NOT NULL
                 AND (w.prev_key IS NULL OR st.version_key > w.prev_key)
                THEN st.row_hash ELSE w.prev_hash END AS c_hash,
           greatest(st.version_key, w.batch_best) AS best_key,
           st.version_key AS stored_key,
           st.row_hash AS stored_hash
    FROM (
        SELECT k, file_id, source_row, version_key, row_hash,
               max(version_key) OVER prev AS prev_key,
               arg_max(row_hash, version_key) OVER prev AS prev_hash,
               max(version_key) OVER (PARTITION BY k) AS batch_best
        FROM (
            SELECT s.__KEY__ AS k, s.file_id, s.source_row, s.file_seq, s.row_hash,
                   f.source_key || '#' || lpad(s.source_row::VARCHAR, 12, '0') AS version_key
            FROM __STAGE__ s
            JOIN load_files f USING (file_id)
            SEMI JOIN merge_multi m ON m.k = s.__KEY__
        )
        WINDOW prev AS (PARTITION BY k ORDER BY file_seq, source_row
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) w
    LEFT JOIN merge_stored st ON st.k = w.k
) x;

-- Per file: loaded, updated and duplicate rows (rows of single keys are all loaded).
CREATE OR REPLACE TEMP TABLE merge_counts AS
SELECT file_id,
       count(*) FILTER (outcome = 'loaded') AS loaded,
       count(*) FILTER (outcome = 'updated') AS updated,
       count(*) FILTER (outcome = 'duplicate') AS duplicate
FROM (SELECT s.file_id, 'loaded' AS outcome
      FROM __STAGE__ s ANTI JOIN merge_multi m ON m.k = s.__KEY__
      UNION ALL
      SELECT file_id, outcome FROM merge_outcome)
GROUP BY file_id;

-- The staged rows to insert: single keys, and the winners of the others.
CREATE OR REPLACE TEMP VIEW merge_winners AS
SELECT s.*
FROM __STAGE__ s
LEFT JOIN merge_outcome o ON o.file_id = s.file_id AND o.source_row = s.source_row
WHERE coalesce(o.winner, true);
