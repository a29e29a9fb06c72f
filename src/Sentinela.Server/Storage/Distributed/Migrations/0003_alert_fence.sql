-- The highest decision-lease fencing token an alert append has carried. An append under a lower token comes from an
-- instance whose lease expired while it was paused (GC, slow disk) and decided on a stale view: it is refused.
CREATE TABLE alert_fence (
    id boolean PRIMARY KEY DEFAULT true CHECK (id),
    token bigint NOT NULL
);
