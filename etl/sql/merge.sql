-- Classify every staged row of this load as loaded, updated or duplicate, and pick the version
-- of each key the warehouse keeps. Written for any target (__TARGET__ keyed by __KEY__, staged in
-- __STAGE__), so transactions and branches follow one rule:
--
-- * rows are read in processing order (file_seq, source_row); the "current" version of a key is
--   the one with the highest version_key seen so far (stored in the warehouse or earlier in
--   this load); version_key = lower(file name)|sha prefix#row, so a re-sent file named later
--   (…_revisi, …_v2, a later date) wins, and the result does not depend on load order;
-- * identical content to the current version → duplicate; a newer version with other content
--   → updated; an older version → duplicate (the warehouse already holds a newer one);
-- * the winner of a key is its highest version_key; it replaces the stored row only when its
--   content differs.

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
SELECT s.__KEY__ AS k, s.file_id, s.source_row, s.version_key, 'loaded' AS outcome,
       true AS winner, false AS replaces
FROM __STAGE__ s
ANTI JOIN merge_multi m ON m.k = s.__KEY__
UNION ALL
SELECT k, file_id, source_row, version_key,
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
        SELECT s.__KEY__ AS k, s.file_id, s.source_row, s.version_key, s.row_hash,
               max(s.version_key) OVER prev AS prev_key,
               arg_max(s.row_hash, s.version_key) OVER prev AS prev_hash,
               max(s.version_key) OVER (PARTITION BY s.__KEY__) AS batch_best
        FROM __STAGE__ s
        SEMI JOIN merge_multi m ON m.k = s.__KEY__
        WINDOW prev AS (PARTITION BY s.__KEY__ ORDER BY s.file_seq, s.source_row
                        ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) w
    LEFT JOIN merge_stored st ON st.k = w.k
) x;
