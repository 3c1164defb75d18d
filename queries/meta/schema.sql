-- title = { id = "Skema: tabel dan kolom", en = "Schema: tables and columns" }
-- description = { id = "Tabel dan view gudang yang dapat dibaca SQL ad-hoc, dengan kolom dan tipenya; yang tersembunyi bagi peran Anda ditapis halaman.", en = "The warehouse tables and views ad-hoc SQL can read, with their columns and types; the page leaves out those hidden from your role." }
-- tags = ["meta"]
-- scope = "national"
SELECT table_name, column_name, data_type, column_index::BIGINT AS column_index
FROM duckdb_columns()
WHERE NOT internal AND schema_name = 'main'
ORDER BY table_name, column_index
