-- Issue 18: the alert workflow (received → acknowledged → verifying → confirmed | discarded → closed) and escalations.
-- Each step of an alert gets its number; a unique (alert, step) lets only one of two concurrent transitions win.
ALTER TABLE alert_handling ADD COLUMN step integer;
UPDATE alert_handling h SET step = n.step
FROM (SELECT seq, row_number() OVER (PARTITION BY alert_id ORDER BY seq) AS step FROM alert_handling) n
WHERE h.seq = n.seq;
ALTER TABLE alert_handling ALTER COLUMN step SET NOT NULL;
CREATE UNIQUE INDEX ux_alert_handling_step ON alert_handling (alert_id, step);
-- "Marcar em investigação" was the verification step of the new workflow.
UPDATE alert_handling SET state = 'Verifying' WHERE state = 'Investigating';

-- One row per escalated alert: the primary key is the claim that lets exactly one instance escalate it.
CREATE TABLE alert_escalations (
    alert_id uuid PRIMARY KEY,
    alert_version integer NOT NULL,
    at timestamptz NOT NULL,
    coordinators integer NOT NULL);
CREATE INDEX ix_alert_escalations_at ON alert_escalations (at);
