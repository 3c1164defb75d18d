-- title = { id = "Daftar kantor", en = "Branch list" }
-- description.id = "Kode dan nama setiap kantor, agen dan Pos Keliling; sumber pilihan parameter kantor. Urutan: KC, KCP, agen, Pos Keliling, lalu kode, jadi pilihan pertama adalah sebuah KC."
-- description.en = "Code and name of every branch, agent and mobile unit; the source of branch parameter choices. Ordered KC, KCP, agents, mobile units, then code, so the first choice is a KC."
-- tags = ["meta"]
SELECT branch_code AS value,
       coalesce(name, '?') || ' (' || branch_code || ')' AS label,
       coalesce(name, '?') || ' (' || branch_code || ')' AS label_en,
       type
FROM branches
ORDER BY CASE type WHEN 'KC' THEN 1 WHEN 'KCP' THEN 2 WHEN 'AGEN' THEN 3 ELSE 4 END, branch_code
