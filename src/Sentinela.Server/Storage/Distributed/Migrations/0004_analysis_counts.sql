-- Learned baselines (issue 14): analysis moves off the request path.
-- The analysis outbox: each stored hemogram writes what it adds to the counters in the same transaction (see
-- PostgresHemogramStore); workers on any instance claim entries with SKIP LOCKED, fold them and upsert the counters,
-- deleting the entries in the same transaction, so each change counts exactly once.
CREATE TABLE analysis_outbox (
    id bigserial PRIMARY KEY,
    municipality integer NOT NULL,
    day integer NOT NULL,
    lab text,
    received_hour bigint NOT NULL,
    measured integer NOT NULL,
    abnormal bigint NOT NULL,
    sign smallint NOT NULL);

-- Per municipality and Brasília day (days since 1970-01-01 at UTC-3): hemograms, tests per parameter, abnormal per
-- condition. Column order is Analysis/Counting/CountSlots.cs.
CREATE TABLE daily_counts (
    municipality integer NOT NULL,
    day integer NOT NULL,
    hemograms integer NOT NULL DEFAULT 0,
    t_leukocytes integer NOT NULL DEFAULT 0,
    t_hemoglobin integer NOT NULL DEFAULT 0,
    t_platelets integer NOT NULL DEFAULT 0,
    t_hematocrit integer NOT NULL DEFAULT 0,
    t_erythrocytes integer NOT NULL DEFAULT 0,
    t_neutrophils integer NOT NULL DEFAULT 0,
    t_lymphocytes integer NOT NULL DEFAULT 0,
    t_eosinophils integer NOT NULL DEFAULT 0,
    a_leukocytes_low integer NOT NULL DEFAULT 0,
    a_leukocytes_high integer NOT NULL DEFAULT 0,
    a_hemoglobin_low integer NOT NULL DEFAULT 0,
    a_hemoglobin_high integer NOT NULL DEFAULT 0,
    a_platelets_low integer NOT NULL DEFAULT 0,
    a_platelets_high integer NOT NULL DEFAULT 0,
    a_hematocrit_low integer NOT NULL DEFAULT 0,
    a_hematocrit_high integer NOT NULL DEFAULT 0,
    a_erythrocytes_low integer NOT NULL DEFAULT 0,
    a_erythrocytes_high integer NOT NULL DEFAULT 0,
    a_neutrophils_low integer NOT NULL DEFAULT 0,
    a_neutrophils_high integer NOT NULL DEFAULT 0,
    a_lymphocytes_low integer NOT NULL DEFAULT 0,
    a_lymphocytes_high integer NOT NULL DEFAULT 0,
    a_eosinophils_low integer NOT NULL DEFAULT 0,
    a_eosinophils_high integer NOT NULL DEFAULT 0,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (municipality, day));
CREATE INDEX ix_daily_counts_day ON daily_counts (day);
-- Deciders re-read what changed lately: late results and backfills change old days too.
CREATE INDEX ix_daily_counts_changed ON daily_counts (changed_at);

-- Hemograms each laboratory delivered per hour of receipt (Unix hours), for feed-silence notices.
CREATE TABLE lab_hour_counts (
    lab text NOT NULL,
    hour bigint NOT NULL,
    hemograms integer NOT NULL,
    municipality integer NOT NULL,
    PRIMARY KEY (lab, hour));
CREATE INDEX ix_lab_hour_counts_hour ON lab_hour_counts (hour);

-- The hemograms already stored count from the start.
INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
SELECT municipality, floor((extract(epoch FROM collected_at) * 1000 - 10800000) / 86400000)::integer, lab,
       floor(extract(epoch FROM received_at) / 3600)::bigint,
       ((leukocytes IS NOT NULL)::integer << 0) | ((hemoglobin IS NOT NULL)::integer << 1) | ((platelets IS NOT NULL)::integer << 2) | ((hematocrit IS NOT NULL)::integer << 3) | ((erythrocytes IS NOT NULL)::integer << 4) | ((neutrophils IS NOT NULL)::integer << 5) | ((lymphocytes IS NOT NULL)::integer << 6) | ((eosinophils IS NOT NULL)::integer << 7),
       abnormal_mask, 1
FROM hemograms ORDER BY seq;

-- Alert versions of the first format (radius and window statistics) cannot be read by this build: they are archived
-- and the log starts afresh. Feed-silence notices name no parameter.
CREATE TABLE alert_events_v1 AS SELECT * FROM alert_events;
TRUNCATE alert_reach, alert_evidence, alerts, alert_events;
ALTER TABLE alerts ALTER COLUMN parameter DROP NOT NULL;
