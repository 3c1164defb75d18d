-- title = { id = "Data per", en = "Data as of" }
-- description.id = "Waktu transaksi terakhir di gudang (WIB, seperti tertulis di ekspor) dan waktu muat terakhir yang selesai."
-- description.en = "The latest transaction time in the warehouse (WIB, as the exports state it) and when the last load finished."
-- tags = ["meta"]
SELECT (SELECT max(arrived_at) FROM transactions) AS latest_transaction,
       (SELECT max(finished_at) FROM load_runs) AS last_load_finished,
       (SELECT count(*) FROM load_runs)::BIGINT AS loads
