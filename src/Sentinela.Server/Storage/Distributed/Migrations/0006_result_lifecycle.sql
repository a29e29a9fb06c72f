-- Real laboratory feeds (issue 15): result lifecycle, results joined into one hemogram, laboratories with a municipality.

-- Versions and status (final, preliminary, retracted), where the location came from (Hemograms/LocationSource.cs), the
-- parameters reported absent, the group later analytes of the same draw join (specimen, report, document), the
-- submitting laboratory account, the results behind a hemogram when there are several or one was revised (JSON, see
-- Storage/HemogramRecords.cs), and whether its count is in the counters. Existing rows are version 1, final, counted.
ALTER TABLE hemograms
    ADD COLUMN version integer NOT NULL DEFAULT 1,
    ADD COLUMN status smallint NOT NULL DEFAULT 0,
    ADD COLUMN location_source smallint,
    ADD COLUMN absent_mask integer NOT NULL DEFAULT 0,
    ADD COLUMN group_key text,
    ADD COLUMN submitter uuid,
    ADD COLUMN content_hash text,
    ADD COLUMN members jsonb,
    ADD COLUMN updated_at timestamptz,
    ADD COLUMN counted boolean NOT NULL DEFAULT true;
CREATE INDEX ix_hemograms_group ON hemograms (group_key) WHERE group_key IS NOT NULL;

-- Every result identity of a hemogram now has its key row, not only the first: a key claims its result across instances.
ALTER TABLE hemogram_keys DROP CONSTRAINT hemogram_keys_seq_key, DROP CONSTRAINT hemogram_keys_id_key;
CREATE INDEX ix_hemogram_keys_seq ON hemogram_keys (seq);

-- Every version a hemogram had before its current one, whole, as JSON (unpartitioned: revisions are rare).
CREATE TABLE hemogram_versions (
    seq bigint NOT NULL,
    version integer NOT NULL,
    recorded_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    PRIMARY KEY (seq, version));

-- A laboratory's own municipality (IBGE), the last place a hemogram it submits can be located; found by its CNES.
ALTER TABLE labs ADD COLUMN municipality integer;
CREATE INDEX ix_labs_cnes ON labs (cnes) WHERE cnes IS NOT NULL;
