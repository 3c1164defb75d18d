-- title = { id = "Bulan yang berdata", en = "Months with data" }
-- description.id = "Setiap bulan yang memiliki transaksi, terbaru dulu; sumber pilihan periode di dasbor."
-- description.en = "Every month with transactions, newest first; the source of the dashboard's period choices."
-- tags = ["meta"]
SELECT strftime(month, '%Y-%m') AS value,
       strftime(month, '%Y-%m') AS label,
       strftime(month, '%Y-%m') AS label_en,
       sum(n_total)::BIGINT AS transactions
FROM agg_day
GROUP BY month
ORDER BY month DESC
