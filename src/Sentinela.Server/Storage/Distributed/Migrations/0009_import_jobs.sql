-- $import jobs (issue 15), shared by every instance: any of them answers a job's status URL and takes its cancellation;
-- the instance that received the body runs it and refreshes heartbeat_at. One unfinished job per laboratory.
CREATE TABLE import_jobs (
    id uuid PRIMARY KEY,
    lab uuid NOT NULL,
    state text NOT NULL,
    requested_at timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    finished_at timestamptz,
    lines bigint, stored bigint, duplicates bigint, revised bigint, refused bigint, fraction double precision, elapsed_ms bigint,
    failure text,
    refusals text,
    cancel_requested boolean NOT NULL DEFAULT false
);
CREATE UNIQUE INDEX import_jobs_unfinished ON import_jobs (lab) WHERE finished_at IS NULL;
CREATE INDEX import_jobs_finished ON import_jobs (finished_at) WHERE finished_at IS NOT NULL;
