-- title = { id = "Jenis data: contoh atau sebenarnya", en = "Kind of data: sample or real" }
-- description.id = "Catatan yang direkam pemuatan dari berkas _dataset.json di akar folder ekspor (dataset_notes): bila ada, gudang berisi data contoh, dan sample_share adalah porsinya dari volume sebenarnya (pembayaran PKB demo per tahun dibanding public_total pembayar PKB per tahun di Lampung). Catatan terbaru saja; tanpa baris berarti data sebenarnya. loads_after = pemuatan sesudah catatan itu (catatan tetap berlaku: baris contoh tidak pernah dihapus)."
-- description.en = "The note a load recorded from the _dataset.json file at the root of an export folder (dataset_notes): when there is one, the warehouse holds sample data and sample_share is its share of the real volume (the demo's PKB payments a year against public_total PKB payers a year in Lampung). The newest note only; no row means real data. loads_after = loads since that note (it still holds: sample rows are never removed)."
-- tags = ["meta"]
SELECT n.kind,
       n.sample_share,
       n.public_total,
       n.public_total_basis,
       n.source,
       n.generator,
       n.seed,
       n.load_id,
       r.finished_at AS recorded_at,
       (SELECT count(*) FROM load_runs l WHERE l.load_id > n.load_id)::BIGINT AS loads_after
FROM dataset_notes n
LEFT JOIN load_runs r USING (load_id)
ORDER BY n.load_id DESC, n.recorded_at DESC
LIMIT 1
