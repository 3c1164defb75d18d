-- title = { id = "Standar waktu tunggu", en = "Waiting standard" }
-- description.id = "Standar waktu tunggu loket (menit) yang digambar sebagai garis pada grafik waktu tunggu: standar layanan yang dipilih, atau tanpa layanan, standar layanan MoU. Dengan standar terendah dan tertinggi layanan yang dicakup (semua layanan bila tidak dipilih), karena pangsa dalam standar membandingkan setiap pelanggan dengan standar layanannya sendiri."
-- description.en = "The counter waiting standard (minutes) drawn as a line on the waiting charts: the chosen service's standard or, with no service chosen, the MoU services' standard. With the lowest and highest standard of the services covered (every service when none is chosen), because the share within the standard holds each customer to their own service's standard."
-- tags = ["wait", "meta"]
--
-- [params.service]
-- type = "choice"
-- choices = "meta/services"
-- optional = true
-- label = { id = "Layanan (kosong = semua)", en = "Service (empty = all)" }
--
-- [chart]
-- kind = "table"
SELECT coalesce(max(wait_standard_min) FILTER (WHERE service_code = $service),
                max(wait_standard_min) FILTER (WHERE mou))::DOUBLE AS wait_standard_min,
       min(wait_standard_min) FILTER (WHERE $service IS NULL OR service_code = $service)::DOUBLE
           AS lowest_standard_min,
       max(wait_standard_min) FILTER (WHERE $service IS NULL OR service_code = $service)::DOUBLE
           AS highest_standard_min
FROM ref_services
