using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Sentinela.Server.Analysis.Counting;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Storage.Embedded;

/// <summary>Opens the SQLite file with durable settings and creates the schema.</summary>
public sealed class SqliteDatabase : ISecretStore
{
    readonly string _connectionString;

    public SqliteDatabase(IOptions<EmbeddedStorageOptions> options)
    {
        var path = System.IO.Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = 30 }.ToString();
        using var connection = Open();
        // WAL lets readers run beside the single writer; synchronous=FULL fsyncs each commit, so an acknowledged write survives power loss.
        Execute(connection, "PRAGMA journal_mode=WAL;");
        ArchiveWaveOneAlerts(connection);
        Execute(connection, Schema);
        AddMissingColumns(connection);
        if (Scalar(connection, "SELECT COUNT(*) FROM meta WHERE key = 'source_keys';") == 0) Execute(connection, SqliteSourceKey.Upgrade);
        CreateAnalysisTables(connection);
    }

    public SqliteConnection Open() => Open(durable: true);

    /// <param name="durable">
    /// False for writes that may be lost to a power cut but not to a crash (synchronous=NORMAL: in WAL mode a commit is
    /// in the log at once and fsynced at the next checkpoint): delivery receipts, whose loss costs a resend, not data.
    /// </param>
    public SqliteConnection Open(bool durable)
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, $"PRAGMA synchronous={(durable ? "FULL" : "NORMAL")}; PRAGMA foreign_keys=ON; PRAGMA busy_timeout=30000;");
        return connection;
    }

    /// <summary>A random per-deployment secret kept in the database (e.g. the salt of source identities), created on first use.</summary>
    public byte[] GetOrCreateSecret(string name)
    {
        using var connection = Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO meta(key, value) VALUES ($k, $v) ON CONFLICT(key) DO NOTHING;";
        insert.Parameters.AddWithValue("$k", name);
        insert.Parameters.AddWithValue("$v", Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        insert.ExecuteNonQuery();
        using var select = connection.CreateCommand();
        select.CommandText = "SELECT value FROM meta WHERE key = $k;";
        select.Parameters.AddWithValue("$k", name);
        return Convert.FromBase64String((string)select.ExecuteScalar()!);
    }

    /// <summary>Columns added after a table's first release: CREATE TABLE IF NOT EXISTS leaves an older file's table as it was.</summary>
    static void AddMissingColumns(SqliteConnection connection)
    {
        AddColumn(connection, "push_jobs", "trace_parent", "TEXT");
        // Web Push (issue 18): a browser's subscription, its endpoint unique like the other tokens.
        AddColumn(connection, "devices", "web_endpoint", "TEXT");
        AddColumn(connection, "devices", "web_p256dh", "TEXT");
        AddColumn(connection, "devices", "web_auth", "TEXT");
        Execute(connection, "CREATE UNIQUE INDEX IF NOT EXISTS ux_devices_web_endpoint ON devices (web_endpoint);");
        // Result lifecycle and laboratories (issue 15): versions, status, where the location came from, absences, the
        // group later analytes join, the submitting account, the results behind a hemogram, whether it is counted.
        AddColumn(connection, "hemograms", "version", "INTEGER NOT NULL DEFAULT 1");
        AddColumn(connection, "hemograms", "status", "INTEGER NOT NULL DEFAULT 0");
        AddColumn(connection, "hemograms", "location_source", "INTEGER");
        AddColumn(connection, "hemograms", "absent_mask", "INTEGER NOT NULL DEFAULT 0");
        AddColumn(connection, "hemograms", "group_key", "TEXT");
        AddColumn(connection, "hemograms", "submitter", "TEXT");
        AddColumn(connection, "hemograms", "content_hash", "TEXT");
        AddColumn(connection, "hemograms", "members", "TEXT");
        AddColumn(connection, "hemograms", "updated_at", "INTEGER");
        AddColumn(connection, "hemograms", "counted", "INTEGER NOT NULL DEFAULT 1");
        AddColumn(connection, "labs", "municipality", "INTEGER");
        // Alert workflow (issue 18): numbered steps, unique per alert so concurrent transitions cannot both win; the old
        // "Investigating" is the workflow's verification step. Both updates touch only rows from before the workflow.
        AddColumn(connection, "alert_handling", "step", "INTEGER");
        Execute(connection, """
            UPDATE alert_handling SET step = (SELECT COUNT(*) FROM alert_handling o WHERE o.alert_id = alert_handling.alert_id AND o.seq <= alert_handling.seq)
            WHERE step IS NULL;
            UPDATE alert_handling SET state = 'Verifying' WHERE state = 'Investigating';
            CREATE UNIQUE INDEX IF NOT EXISTS ux_alert_handling_step ON alert_handling (alert_id, step);
            CREATE TABLE IF NOT EXISTS alert_escalations (
                alert_id TEXT PRIMARY KEY,
                alert_version INTEGER NOT NULL,
                at INTEGER NOT NULL,
                coordinators INTEGER NOT NULL) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_alert_escalations_at ON alert_escalations (at);
            """);
        Execute(connection, """
            CREATE INDEX IF NOT EXISTS ix_hemograms_group ON hemograms (group_key) WHERE group_key IS NOT NULL;
            CREATE INDEX IF NOT EXISTS ix_labs_cnes ON labs (cnes) WHERE cnes IS NOT NULL;
            """);
    }

    static void AddColumn(SqliteConnection connection, string table, string column, string definition)
    {
        using var check = connection.CreateCommand();
        check.CommandText = $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = '{column}';";
        if ((long)check.ExecuteScalar()! == 0) Execute(connection, $"ALTER TABLE {table} ADD COLUMN {column} {definition};");
    }

    /// <summary>
    /// Alert versions written before learned baselines (format 1) carry statistics this build cannot read: they are kept,
    /// renamed to *_v1, and the log starts afresh.
    /// </summary>
    static void ArchiveWaveOneAlerts(SqliteConnection connection)
    {
        if (Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'alert_events';") == 0) return;
        if (Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'meta';") > 0
            && Scalar(connection, "SELECT COUNT(*) FROM meta WHERE key = 'alert_format';") > 0) return;
        Execute(connection, """
            ALTER TABLE alert_events RENAME TO alert_events_v1;
            ALTER TABLE alerts RENAME TO alerts_v1;
            ALTER TABLE alert_evidence RENAME TO alert_evidence_v1;
            ALTER TABLE alert_reach RENAME TO alert_reach_v1;
            DROP INDEX IF EXISTS ix_alerts_last_seq;
            DROP INDEX IF EXISTS ix_alert_reach_alert;
            DROP INDEX IF EXISTS ix_alert_reach_municipality;
            DROP INDEX IF EXISTS ix_alert_reach_state;
            """);
    }

    /// <summary>
    /// The analysis outbox and the counters it feeds. A file from before them gets its stored hemograms queued in the
    /// outbox once, so the counters start with the history the file already holds.
    /// </summary>
    static void CreateAnalysisTables(SqliteConnection connection)
    {
        var existed = Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'analysis_outbox';") > 0;
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS analysis_outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                municipality INTEGER NOT NULL,
                day INTEGER NOT NULL,
                lab TEXT,
                received_hour INTEGER NOT NULL,
                measured INTEGER NOT NULL,
                abnormal INTEGER NOT NULL,
                sign INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS daily_counts (
                municipality INTEGER NOT NULL,
                day INTEGER NOT NULL,
                {string.Join(", ", CountSlots.ColumnNames.Select(c => c + " INTEGER NOT NULL DEFAULT 0"))},
                changed_at INTEGER NOT NULL,
                PRIMARY KEY (municipality, day)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_daily_counts_day ON daily_counts (day);
            CREATE INDEX IF NOT EXISTS ix_daily_counts_changed ON daily_counts (changed_at);
            CREATE TABLE IF NOT EXISTS lab_hour_counts (
                lab TEXT NOT NULL,
                hour INTEGER NOT NULL,
                hemograms INTEGER NOT NULL,
                municipality INTEGER NOT NULL,
                PRIMARY KEY (lab, hour)) WITHOUT ROWID;
            CREATE INDEX IF NOT EXISTS ix_lab_hour_counts_hour ON lab_hour_counts (hour);
            INSERT INTO meta (key, value) VALUES ('alert_format', '2') ON CONFLICT (key) DO NOTHING;
            """);
        if (existed) return;
        // Integer division is the floor for times after 1970, like AnalysisDay.Of.
        var measured = string.Join(" | ", HemogramParameters.All.Select(p => $"(({p.ApiName()} IS NOT NULL) << {(int)p})"));
        Execute(connection, $"""
            INSERT INTO analysis_outbox (municipality, day, lab, received_hour, measured, abnormal, sign)
            SELECT municipality, (collected_at + ({(long)AnalysisDay.Offset.TotalMilliseconds})) / 86400000,
                   lab, received_at / 3600000, {measured}, abnormal_mask, 1
            FROM hemograms ORDER BY seq;
            """);
    }

    static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    const string Schema = """
        CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS hemograms (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            id TEXT NOT NULL UNIQUE,
            source_key BLOB NOT NULL UNIQUE, -- the keyed hash's bytes (SqliteSourceKey); files from before declared it TEXT
            lab TEXT,
            municipality INTEGER NOT NULL,
            state INTEGER NOT NULL,
            lat REAL NOT NULL,
            lon REAL NOT NULL,
            sex INTEGER NOT NULL,
            age_band TEXT,
            collected_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            abnormal_mask INTEGER NOT NULL,
            leukocytes REAL, hemoglobin REAL, platelets REAL, hematocrit REAL,
            erythrocytes REAL, neutrophils REAL, lymphocytes REAL, eosinophils REAL);
        CREATE INDEX IF NOT EXISTS ix_hemograms_collected ON hemograms (collected_at);
        CREATE INDEX IF NOT EXISTS ix_hemograms_municipality ON hemograms (municipality, collected_at);

        CREATE TABLE IF NOT EXISTS findings (
            hemogram_seq INTEGER NOT NULL REFERENCES hemograms (seq),
            parameter INTEGER NOT NULL,
            direction INTEGER NOT NULL,
            value REAL NOT NULL,
            reference_low REAL NOT NULL,
            reference_high REAL NOT NULL,
            severity INTEGER NOT NULL,
            PRIMARY KEY (hemogram_seq, parameter)) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_findings_condition ON findings (parameter, direction);

        -- The identities of the results that joined a hemogram after its first (whose identity is hemograms.source_key).
        CREATE TABLE IF NOT EXISTS hemogram_keys (
            key TEXT PRIMARY KEY,
            hemogram_seq INTEGER NOT NULL REFERENCES hemograms (seq)) WITHOUT ROWID;

        -- Every version a hemogram had before its current one (amended, merged, retracted), whole, as JSON.
        CREATE TABLE IF NOT EXISTS hemogram_versions (
            hemogram_seq INTEGER NOT NULL REFERENCES hemograms (seq),
            version INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL,
            payload TEXT NOT NULL,
            PRIMARY KEY (hemogram_seq, version)) WITHOUT ROWID;

        CREATE TABLE IF NOT EXISTS alert_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            occurred_at INTEGER NOT NULL,
            payload TEXT NOT NULL,
            UNIQUE (alert_id, version));

        CREATE TABLE IF NOT EXISTS alerts (
            id TEXT PRIMARY KEY,
            last_seq INTEGER NOT NULL REFERENCES alert_events (seq),
            status TEXT NOT NULL,
            parameter TEXT,
            state INTEGER NOT NULL,
            municipality INTEGER,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_alerts_last_seq ON alerts (last_seq);

        CREATE TABLE IF NOT EXISTS delivery_records (
            alert_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            sequence INTEGER NOT NULL,
            recipient TEXT NOT NULL,
            connection_id TEXT NOT NULL,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            delivered_at INTEGER NOT NULL,
            acked_at INTEGER,
            failed_at INTEGER,
            failure_reason TEXT,
            PRIMARY KEY (alert_id, version, connection_id)) WITHOUT ROWID;
        -- Nothing reads by recipient, and the index was rewritten on every ack.
        DROP INDEX IF EXISTS ix_delivery_recipient;

        CREATE TABLE IF NOT EXISTS alert_evidence (
            alert_id TEXT NOT NULL,
            hemogram_id TEXT NOT NULL,
            PRIMARY KEY (alert_id, hemogram_id)) WITHOUT ROWID;

        -- The places each alert reaches, for listing by jurisdiction: one row per municipality, or (state, NULL) for a whole state.
        CREATE TABLE IF NOT EXISTS alert_reach (
            alert_id TEXT NOT NULL,
            state INTEGER NOT NULL,
            municipality INTEGER);
        CREATE INDEX IF NOT EXISTS ix_alert_reach_alert ON alert_reach (alert_id);
        CREATE INDEX IF NOT EXISTS ix_alert_reach_municipality ON alert_reach (municipality, alert_id);
        CREATE INDEX IF NOT EXISTS ix_alert_reach_state ON alert_reach (state, alert_id);

        CREATE TABLE IF NOT EXISTS users (
            id TEXT PRIMARY KEY,
            cpf TEXT NOT NULL UNIQUE,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            jurisdiction TEXT NOT NULL,
            lab_id TEXT,
            password_hash TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS labs (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            cnes TEXT,
            created_at INTEGER NOT NULL,
            disabled INTEGER NOT NULL);

        CREATE TABLE IF NOT EXISTS lab_api_keys (
            key_id TEXT PRIMARY KEY,
            lab_id TEXT NOT NULL REFERENCES labs (id),
            hash TEXT NOT NULL UNIQUE,
            created_at INTEGER NOT NULL,
            revoked_at INTEGER);

        CREATE TABLE IF NOT EXISTS refresh_tokens (
            hash TEXT PRIMARY KEY,
            family_id TEXT NOT NULL,
            user_id TEXT NOT NULL,
            issued_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            revoked_at INTEGER) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_refresh_family ON refresh_tokens (family_id);
        CREATE INDEX IF NOT EXISTS ix_refresh_user ON refresh_tokens (user_id);

        CREATE TABLE IF NOT EXISTS audit_events (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            at INTEGER NOT NULL,
            action TEXT NOT NULL,
            actor TEXT,
            actor_role TEXT,
            ip TEXT,
            target TEXT,
            detail TEXT);
        CREATE INDEX IF NOT EXISTS ix_audit_actor ON audit_events (actor, seq);
        CREATE INDEX IF NOT EXISTS ix_audit_target ON audit_events (target, seq);

        CREATE TABLE IF NOT EXISTS devices (
            device_id TEXT PRIMARY KEY,
            user_id TEXT NOT NULL,
            expo_token TEXT UNIQUE,
            fcm_token TEXT UNIQUE,
            apns_token TEXT UNIQUE,
            updated_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_devices_user ON devices (user_id);

        CREATE TABLE IF NOT EXISTS push_jobs (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id TEXT NOT NULL,
            version INTEGER NOT NULL,
            user_id TEXT NOT NULL,
            device_id TEXT NOT NULL,
            priority INTEGER NOT NULL,
            title TEXT NOT NULL,
            body TEXT NOT NULL,
            check_ack INTEGER NOT NULL,
            not_before INTEGER NOT NULL,
            trace_parent TEXT,
            status TEXT NOT NULL,
            attempts INTEGER NOT NULL,
            lease_until INTEGER,
            provider TEXT,
            provider_message_id TEXT,
            token TEXT,
            receipt_checked INTEGER NOT NULL DEFAULT 0,
            reason TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            UNIQUE (alert_id, version, device_id));
        CREATE INDEX IF NOT EXISTS ix_push_jobs_next ON push_jobs (status, priority DESC, id);
        CREATE INDEX IF NOT EXISTS ix_push_jobs_lease ON push_jobs (status, lease_until);
        CREATE INDEX IF NOT EXISTS ix_push_jobs_batch ON push_jobs (alert_id, version, status, id);
        CREATE INDEX IF NOT EXISTS ix_push_jobs_receipts ON push_jobs (provider, receipt_checked, updated_at) WHERE status = 'Sent';
        CREATE TABLE IF NOT EXISTS alert_handling (
            seq INTEGER PRIMARY KEY AUTOINCREMENT,
            alert_id TEXT NOT NULL,
            alert_version INTEGER NOT NULL,
            state TEXT NOT NULL,
            note TEXT,
            user_id TEXT NOT NULL,
            user_name TEXT NOT NULL,
            at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_alert_handling_alert ON alert_handling (alert_id, seq);

        -- Per-user settings as JSON, one row per kind ("notifications").
        CREATE TABLE IF NOT EXISTS user_preferences (
            user_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload TEXT NOT NULL,
            updated_at INTEGER NOT NULL,
            PRIMARY KEY (user_id, kind)) WITHOUT ROWID;

        -- $import jobs (Ingestion/BulkImports.cs): at most one unfinished per laboratory.
        CREATE TABLE IF NOT EXISTS import_jobs (
            id TEXT PRIMARY KEY,
            lab TEXT NOT NULL,
            state TEXT NOT NULL,
            requested_at INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL,
            finished_at INTEGER,
            lines INTEGER, stored INTEGER, duplicates INTEGER, revised INTEGER, refused INTEGER, fraction REAL, elapsed_ms INTEGER,
            failure TEXT,
            refusals TEXT,
            cancel_requested INTEGER NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX IF NOT EXISTS ux_import_jobs_unfinished ON import_jobs (lab) WHERE finished_at IS NULL;
        CREATE INDEX IF NOT EXISTS ix_import_jobs_finished ON import_jobs (finished_at) WHERE finished_at IS NOT NULL;
        """;
}
