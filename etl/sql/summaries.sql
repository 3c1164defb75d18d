-- reads: refresh_months
-- writes: refresh_scope
--
-- Summary tables that dashboards read instead of raw transactions, refreshed at load time for
-- the months a load touched (temp table refresh_months). Their grains were chosen to shrink the
-- data by orders of magnitude at provincial scale (a branch × service × day table would be
-- almost as large as the raw rows); docs/architecture.md lists the measured sizes.
-- Bump SUMMARY_VERSION in etl/summaries.py when a table's shape changes: the next load then
-- rebuilds them all.

CREATE TABLE IF NOT EXISTS agg_day (
    day DATE, month DATE, kabupaten_code VARCHAR, service_code VARCHAR, channel VARCHAR,
    mou_service BOOLEAN, n_total BIGINT, n_completed BIGINT, n_cancelled BIGINT,
    n_no_show BIGINT, amount_idr DECIMAL(38, 2), n_waited BIGINT, wait_seconds_sum BIGINT,
    n_within_standard BIGINT, service_seconds_sum BIGINT, n_served BIGINT,
    n_remote_customer BIGINT, n_located_customer BIGINT);

CREATE TABLE IF NOT EXISTS agg_branch_month (
    month DATE, branch_code VARCHAR, service_code VARCHAR, channel VARCHAR, mou_service BOOLEAN,
    n_total BIGINT, n_completed BIGINT, n_cancelled BIGINT, n_no_show BIGINT,
    amount_idr DECIMAL(38, 2), n_waited BIGINT, wait_seconds_sum BIGINT,
    n_within_standard BIGINT, service_seconds_sum BIGINT, n_served BIGINT, days_active BIGINT);

-- Waiting-time histogram, one-minute buckets 0..59 and 60 = an hour or more; percentiles are
-- read from the cumulative counts (within one minute of the exact value).
CREATE TABLE IF NOT EXISTS agg_wait_hist (
    month DATE, branch_code VARCHAR, service_code VARCHAR, wait_minute SMALLINT, n BIGINT);

CREATE TABLE IF NOT EXISTS agg_hour_weekday (
    month DATE, kabupaten_code VARCHAR, service_code VARCHAR, iso_weekday TINYINT,
    hour TINYINT, n_total BIGINT, n_waited BIGINT, wait_seconds_sum BIGINT,
    n_within_standard BIGINT);

CREATE TABLE IF NOT EXISTS agg_customer_kecamatan_month (
    month DATE, kecamatan_code VARCHAR, kabupaten_code VARCHAR, service_code VARCHAR,
    channel VARCHAR, mou_service BOOLEAN, n_completed BIGINT, amount_idr DECIMAL(38, 2));

CREATE TABLE IF NOT EXISTS agg_branch_day (
    day DATE, month DATE, branch_code VARCHAR, n_total BIGINT, n_completed BIGINT,
    n_mou_completed BIGINT);

CREATE OR REPLACE TEMP VIEW refresh_scope AS
SELECT t.*,
       date_trunc('month', t.arrived_at)::DATE AS month,
       t.arrived_at::DATE AS day,
       b.kabupaten_code AS branch_kabupaten_code,
       t.channel IN ('LOKET', 'KELILING') AND t.served_at IS NOT NULL AS waited,
       t.wait_seconds <= s.wait_standard_min * 60 AS within_standard
FROM transactions t
JOIN branches b USING (branch_code)
JOIN ref_services s USING (service_code)
WHERE t.arrived_at >= (SELECT min(month) FROM refresh_months)
  AND t.arrived_at < (SELECT max(month) FROM refresh_months) + INTERVAL 1 MONTH
  AND date_trunc('month', t.arrived_at)::DATE IN (SELECT month FROM refresh_months);

DELETE FROM agg_day WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_day (
    day, month, kabupaten_code, service_code, channel, mou_service, n_total, n_completed,
    n_cancelled, n_no_show, amount_idr, n_waited, wait_seconds_sum, n_within_standard,
    service_seconds_sum, n_served, n_remote_customer, n_located_customer)
SELECT day, month, branch_kabupaten_code, service_code, channel, any_value(mou_service),
       count(*),
       count(*) FILTER (status = 'COMPLETED'),
       count(*) FILTER (status = 'CANCELLED'),
       count(*) FILTER (status = 'NO_SHOW'),
       coalesce(sum(amount_idr) FILTER (status = 'COMPLETED'), 0),
       count(*) FILTER (waited),
       coalesce(sum(wait_seconds) FILTER (waited), 0),
       count(*) FILTER (waited AND within_standard),
       coalesce(sum(service_seconds) FILTER (status = 'COMPLETED'), 0),
       count(service_seconds) FILTER (status = 'COMPLETED'),
       count(*) FILTER (customer_remote),
       count(customer_kecamatan_code)
FROM refresh_scope
GROUP BY ALL;

DELETE FROM agg_branch_month WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_branch_month (
    month, branch_code, service_code, channel, mou_service, n_total, n_completed, n_cancelled,
    n_no_show, amount_idr, n_waited, wait_seconds_sum, n_within_standard, service_seconds_sum,
    n_served, days_active)
SELECT month, branch_code, service_code, channel, any_value(mou_service),
       count(*),
       count(*) FILTER (status = 'COMPLETED'),
       count(*) FILTER (status = 'CANCELLED'),
       count(*) FILTER (status = 'NO_SHOW'),
       coalesce(sum(amount_idr) FILTER (status = 'COMPLETED'), 0),
       count(*) FILTER (waited),
       coalesce(sum(wait_seconds) FILTER (waited), 0),
       count(*) FILTER (waited AND within_standard),
       coalesce(sum(service_seconds) FILTER (status = 'COMPLETED'), 0),
       count(service_seconds) FILTER (status = 'COMPLETED'),
       count(DISTINCT day)
FROM refresh_scope
GROUP BY month, branch_code, service_code, channel;

DELETE FROM agg_wait_hist WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_wait_hist (month, branch_code, service_code, wait_minute, n)
SELECT month, branch_code, service_code, least(wait_seconds // 60, 60)::SMALLINT, count(*)
FROM refresh_scope
WHERE waited
GROUP BY ALL;

DELETE FROM agg_hour_weekday WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_hour_weekday (
    month, kabupaten_code, service_code, iso_weekday, hour, n_total, n_waited, wait_seconds_sum,
    n_within_standard)
SELECT month, branch_kabupaten_code, service_code, isodow(arrived_at)::TINYINT,
       hour(arrived_at)::TINYINT,
       count(*),
       count(*) FILTER (waited),
       coalesce(sum(wait_seconds) FILTER (waited), 0),
       count(*) FILTER (waited AND within_standard)
FROM refresh_scope
GROUP BY ALL;

DELETE FROM agg_customer_kecamatan_month WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_customer_kecamatan_month (
    month, kecamatan_code, kabupaten_code, service_code, channel, mou_service, n_completed,
    amount_idr)
SELECT month, customer_kecamatan_code, customer_kabupaten_code, service_code, channel,
       any_value(mou_service), count(*), coalesce(sum(amount_idr), 0)
FROM refresh_scope
WHERE status = 'COMPLETED' AND customer_kecamatan_code IS NOT NULL
GROUP BY month, customer_kecamatan_code, customer_kabupaten_code, service_code, channel;

DELETE FROM agg_branch_day WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_branch_day (day, month, branch_code, n_total, n_completed, n_mou_completed)
SELECT day, month, branch_code, count(*),
       count(*) FILTER (status = 'COMPLETED'),
       count(*) FILTER (status = 'COMPLETED' AND mou_service)
FROM refresh_scope
GROUP BY ALL;
