-- reads: refresh_months
-- writes: refresh_scope, mobile_stops
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

-- n_waited and n_within_standard as in agg_branch_month: counter customers of the day (all
-- services) and those served within their service's waiting standard (issue 20's wait alert).
CREATE TABLE IF NOT EXISTS agg_branch_day (
    day DATE, month DATE, branch_code VARCHAR, n_total BIGINT, n_completed BIGINT,
    n_mou_completed BIGINT, n_waited BIGINT, n_within_standard BIGINT);

-- Completion time (arrival to finish) of completed transactions, in minutes begun: bucket m
-- (1..240) holds those that took more than m - 1 and at most m minutes, 0 those of no time at
-- all, 241 those over 240 minutes (the longest standard etl/standards.py allows). So the share
-- within any configured standard S (ref_service_standards) is exact: buckets 0..S, read at query
-- time, and a changed standard needs no rebuild. Branch's kabupaten, as agg_day.
CREATE TABLE IF NOT EXISTS agg_completion_hist (
    month DATE, kabupaten_code VARCHAR, service_code VARCHAR, channel VARCHAR,
    mou_service BOOLEAN, completion_minute SMALLINT, n BIGINT);

-- Service days (issue 17, "access, not presence"): per month, kecamatan and service, the days on
-- which a service point located in the kecamatan completed the service in person (not ONLINE).
-- A branch or agent is located at its branch-master kecamatan; a mobile unit (Pos Keliling:
-- branch type or channel KELILING) on a day stands where most of its located customers of that
-- day live (the kecamatan of their postcode; a tie goes to the lowest kecamatan code), because
-- the branch master holds only its home base and exports carry no stop. A mobile unit's day
-- without a located customer counts nowhere. mobile_days = the days a mobile stop gave (they
-- may coincide with a fixed point's days). kabupaten_code = the kecamatan's own.
CREATE TABLE IF NOT EXISTS agg_kecamatan_service_month (
    month DATE, kecamatan_code VARCHAR, kabupaten_code VARCHAR, service_code VARCHAR,
    mou_service BOOLEAN, service_days BIGINT, mobile_days BIGINT, n_completed BIGINT);

CREATE OR REPLACE TEMP VIEW refresh_scope AS
SELECT t.*,
       date_trunc('month', t.arrived_at)::DATE AS month,
       t.arrived_at::DATE AS day,
       b.kabupaten_code AS branch_kabupaten_code,
       b.kecamatan_code AS branch_kecamatan_code,
       t.channel <> 'ONLINE' AND (t.channel = 'KELILING' OR b.type = 'KELILING') AS at_mobile_unit,
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
INSERT INTO agg_branch_day (
    day, month, branch_code, n_total, n_completed, n_mou_completed, n_waited, n_within_standard)
SELECT day, month, branch_code, count(*),
       count(*) FILTER (status = 'COMPLETED'),
       count(*) FILTER (status = 'COMPLETED' AND mou_service),
       count(*) FILTER (waited),
       count(*) FILTER (waited AND within_standard)
FROM refresh_scope
GROUP BY ALL;

DELETE FROM agg_completion_hist WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_completion_hist (
    month, kabupaten_code, service_code, channel, mou_service, completion_minute, n)
SELECT month, branch_kabupaten_code, service_code, channel, any_value(mou_service),
       least(ceil(epoch(finished_at - arrived_at) / 60), 241)::SMALLINT, count(*)
FROM refresh_scope
WHERE status = 'COMPLETED' AND finished_at IS NOT NULL
GROUP BY ALL;

-- Where each mobile unit stood each day: its located customers' majority kecamatan.
CREATE OR REPLACE TEMP TABLE mobile_stops AS
SELECT branch_code, day, kecamatan_code
FROM (
    SELECT branch_code, day, customer_kecamatan_code AS kecamatan_code, count(*) AS n
    FROM refresh_scope
    WHERE at_mobile_unit AND status = 'COMPLETED' AND customer_kecamatan_code IS NOT NULL
    GROUP BY ALL
)
QUALIFY row_number() OVER (PARTITION BY branch_code, day ORDER BY n DESC, kecamatan_code) = 1;

DELETE FROM agg_kecamatan_service_month WHERE month IN (SELECT month FROM refresh_months);
INSERT INTO agg_kecamatan_service_month (
    month, kecamatan_code, kabupaten_code, service_code, mou_service, service_days, mobile_days,
    n_completed)
SELECT d.month, d.kecamatan_code, k.kabupaten_code, d.service_code, any_value(d.mou_service),
       count(*), count(*) FILTER (d.mobile), sum(d.n)
FROM (
    SELECT s.month, s.day, s.service_code,
           CASE WHEN s.at_mobile_unit THEN m.kecamatan_code ELSE s.branch_kecamatan_code END
               AS kecamatan_code,
           any_value(s.mou_service) AS mou_service, bool_or(s.at_mobile_unit) AS mobile,
           count(*) AS n
    FROM refresh_scope s
    LEFT JOIN mobile_stops m
           ON s.at_mobile_unit AND m.branch_code = s.branch_code AND m.day = s.day
    WHERE s.status = 'COMPLETED' AND s.channel <> 'ONLINE'
    GROUP BY ALL
) d
JOIN ref_kecamatan k USING (kecamatan_code)
GROUP BY d.month, d.kecamatan_code, k.kabupaten_code, d.service_code;
