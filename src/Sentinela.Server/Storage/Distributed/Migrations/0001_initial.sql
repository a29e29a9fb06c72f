-- Sentinela's PostgreSQL schema, version 1: the same records as the embedded SQLite store (Storage/Embedded/SqliteDatabase.cs).
-- Times are timestamptz (UTC, millisecond precision as written), ids uuid, enums their names as text.

CREATE TABLE meta (key text PRIMARY KEY, value text NOT NULL);

-- Per-deployment random secrets (source-identity key, JWT signing key); the first instance to ask creates them.
CREATE TABLE secrets (name text PRIMARY KEY, value bytea NOT NULL);

-- Idempotency by source key across every month: a partitioned table can only have unique indexes that include the
-- partition key, so the one unique key a hemogram has lives here, unpartitioned. seq is the store order, drawn from
-- hemogram_seq in submission order (gaps are harmless here: only the alert log promises none).
CREATE SEQUENCE hemogram_seq;
CREATE TABLE hemogram_keys (
    source_key text PRIMARY KEY,
    seq bigint NOT NULL UNIQUE,
    id uuid NOT NULL UNIQUE,
    collected_at timestamptz NOT NULL);

-- Hemograms, one partition per month of collection (hemograms_yYYYYmMM), created by ensure_hemogram_partition.
-- geo_cell: the 0.5° grid cell of the coarse coordinate (the in-memory HemogramIndex's grid), so "near here, lately" is
-- a few btree range scans on (geo_cell, collected_at) without PostGIS; the radius analysis itself lives in memory/Redis.
-- Findings are kept with their hemogram (written and read only together), compact: [[parameter, direction, value, low, high, severity], ...].
CREATE TABLE hemograms (
    seq bigint NOT NULL,
    id uuid NOT NULL,
    source_key text NOT NULL,
    lab text,
    municipality integer NOT NULL,
    state integer NOT NULL,
    lat double precision NOT NULL,
    lon double precision NOT NULL,
    geo_cell integer GENERATED ALWAYS AS ((floor((lat + 90) * 2)::integer) * 720 + floor((lon + 180) * 2)::integer) STORED,
    sex smallint NOT NULL,
    age_band text,
    collected_at timestamptz NOT NULL,
    received_at timestamptz NOT NULL,
    abnormal_mask bigint NOT NULL,
    leukocytes double precision, hemoglobin double precision, platelets double precision, hematocrit double precision,
    erythrocytes double precision, neutrophils double precision, lymphocytes double precision, eosinophils double precision,
    findings jsonb NOT NULL DEFAULT '[]',
    PRIMARY KEY (seq, collected_at)
) PARTITION BY RANGE (collected_at);
CREATE INDEX ix_hemograms_collected ON hemograms (collected_at);
CREATE INDEX ix_hemograms_municipality ON hemograms (municipality, collected_at);
CREATE INDEX ix_hemograms_state ON hemograms (state, collected_at);
CREATE INDEX ix_hemograms_cell ON hemograms (geo_cell, collected_at);
CREATE INDEX ix_hemograms_id ON hemograms (id);

-- Creates the month's partition if missing. Serialised by an advisory lock so instances starting or crossing a month
-- boundary together do not race on the DDL; called in its own short transaction, never inside an ingestion batch.
CREATE FUNCTION ensure_hemogram_partition(month date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    first date := date_trunc('month', month)::date;
    name text := format('hemograms_y%sm%s', to_char(first, 'YYYY'), to_char(first, 'MM'));
BEGIN
    IF to_regclass(name) IS NOT NULL THEN RETURN false; END IF;
    PERFORM pg_advisory_xact_lock(hashtext('sentinela.hemogram_partitions'));
    IF to_regclass(name) IS NOT NULL THEN RETURN false; END IF;
    EXECUTE format('CREATE TABLE %I PARTITION OF hemograms FOR VALUES FROM (%L) TO (%L)',
        name, first::timestamp AT TIME ZONE 'UTC', (first + interval '1 month')::timestamp AT TIME ZONE 'UTC');
    RETURN true;
END $$;

-- The alert log. seq is assigned by AppendAsync as MAX(seq) + 1 under a transaction-scoped advisory lock (not a
-- sequence, which leaves gaps on rollback), so sequence order is commit order and the log has no gaps.
CREATE TABLE alert_events (
    seq bigint PRIMARY KEY,
    alert_id uuid NOT NULL,
    version integer NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    UNIQUE (alert_id, version));

CREATE TABLE alerts (
    id uuid PRIMARY KEY,
    last_seq bigint NOT NULL REFERENCES alert_events (seq),
    status text NOT NULL,
    parameter text NOT NULL,
    state integer NOT NULL,
    municipality integer,
    updated_at timestamptz NOT NULL);
CREATE INDEX ix_alerts_last_seq ON alerts (last_seq);
CREATE INDEX ix_alerts_status ON alerts (status, last_seq);
CREATE INDEX ix_alerts_state ON alerts (state, last_seq);
CREATE INDEX ix_alerts_municipality ON alerts (municipality, last_seq);

CREATE TABLE alert_evidence (
    alert_id uuid NOT NULL,
    hemogram_id uuid NOT NULL,
    PRIMARY KEY (alert_id, hemogram_id));

-- The places each alert reaches, for listing by jurisdiction: one row per municipality, or (state, NULL) for a whole state.
CREATE TABLE alert_reach (
    alert_id uuid NOT NULL,
    state integer NOT NULL,
    municipality integer);
CREATE INDEX ix_alert_reach_alert ON alert_reach (alert_id);
CREATE INDEX ix_alert_reach_municipality ON alert_reach (municipality, alert_id);
CREATE INDEX ix_alert_reach_state ON alert_reach (state, alert_id);

CREATE TABLE delivery_records (
    alert_id uuid NOT NULL,
    version integer NOT NULL,
    sequence bigint NOT NULL,
    recipient text NOT NULL,
    connection_id text NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    delivered_at timestamptz NOT NULL,
    acked_at timestamptz,
    failed_at timestamptz,
    failure_reason text,
    PRIMARY KEY (alert_id, version, connection_id));
CREATE INDEX ix_delivery_recipient ON delivery_records (recipient, status);

CREATE TABLE users (
    id uuid PRIMARY KEY,
    cpf text NOT NULL UNIQUE,
    name text NOT NULL,
    role text NOT NULL,
    jurisdiction text NOT NULL,
    lab_id uuid,
    password_hash text NOT NULL,
    created_at timestamptz NOT NULL,
    disabled boolean NOT NULL);

CREATE TABLE labs (
    id uuid PRIMARY KEY,
    name text NOT NULL,
    cnes text,
    created_at timestamptz NOT NULL,
    disabled boolean NOT NULL);

CREATE TABLE lab_api_keys (
    key_id text PRIMARY KEY,
    lab_id uuid NOT NULL REFERENCES labs (id),
    hash text NOT NULL UNIQUE,
    created_at timestamptz NOT NULL,
    revoked_at timestamptz);

CREATE TABLE refresh_tokens (
    hash text PRIMARY KEY,
    family_id uuid NOT NULL,
    user_id uuid NOT NULL,
    issued_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    used_at timestamptz,
    revoked_at timestamptz);
CREATE INDEX ix_refresh_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_user ON refresh_tokens (user_id);

CREATE TABLE audit_events (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL,
    action text NOT NULL,
    actor text,
    actor_role text,
    ip text,
    target text,
    detail text);
CREATE INDEX ix_audit_actor ON audit_events (actor, seq);
CREATE INDEX ix_audit_target ON audit_events (target, seq);
CREATE INDEX ix_audit_action ON audit_events (action, seq);

CREATE TABLE devices (
    device_id text PRIMARY KEY,
    user_id uuid NOT NULL,
    expo_token text UNIQUE,
    fcm_token text UNIQUE,
    apns_token text UNIQUE,
    updated_at timestamptz NOT NULL);
CREATE INDEX ix_devices_user ON devices (user_id);

CREATE TABLE push_jobs (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id uuid NOT NULL,
    version integer NOT NULL,
    user_id uuid NOT NULL,
    device_id text NOT NULL,
    priority integer NOT NULL,
    title text NOT NULL,
    body text NOT NULL,
    check_ack boolean NOT NULL,
    not_before timestamptz NOT NULL,
    status text NOT NULL,
    attempts integer NOT NULL,
    lease_until timestamptz,
    provider text,
    provider_message_id text,
    token text,
    receipt_checked boolean NOT NULL DEFAULT false,
    reason text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    UNIQUE (alert_id, version, device_id));
CREATE INDEX ix_push_jobs_next ON push_jobs (priority DESC, id) WHERE status = 'Pending';
CREATE INDEX ix_push_jobs_lease ON push_jobs (lease_until) WHERE status = 'InFlight';
CREATE INDEX ix_push_jobs_batch ON push_jobs (alert_id, version, status, id);
CREATE INDEX ix_push_jobs_receipts ON push_jobs (provider, receipt_checked, updated_at) WHERE status = 'Sent';

CREATE TABLE alert_handling (
    seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    alert_id uuid NOT NULL,
    alert_version integer NOT NULL,
    state text NOT NULL,
    note text,
    user_id uuid NOT NULL,
    user_name text NOT NULL,
    at timestamptz NOT NULL);
CREATE INDEX ix_alert_handling_alert ON alert_handling (alert_id, seq);

-- Per-user settings as JSON, one row per kind ("notifications").
CREATE TABLE user_preferences (
    user_id uuid NOT NULL,
    kind text NOT NULL,
    payload jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, kind));
