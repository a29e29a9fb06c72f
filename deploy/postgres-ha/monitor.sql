-- pg_auto_failover monitor settings for Sentinela (run once on the monitor: psql -d pg_auto_failover -f monitor.sql).
-- The defaults notice a dead node after ~20 s and then wait 30 s for a dead primary to demote itself; these values
-- fail over in ~10 s (measured in docs/OPERATIONS.md). The tests' PostgresHaCluster applies this same file.
ALTER SYSTEM SET pgautofailover.health_check_period = 1000;
ALTER SYSTEM SET pgautofailover.health_check_timeout = 1000;
ALTER SYSTEM SET pgautofailover.health_check_retry_delay = 500;
ALTER SYSTEM SET pgautofailover.health_check_max_retries = 1;
ALTER SYSTEM SET pgautofailover.node_considered_unhealthy_timeout = 3000;
ALTER SYSTEM SET pgautofailover.primary_demote_timeout = 5000;
