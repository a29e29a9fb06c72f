namespace Sentinela.Server.Audit;

/// <summary>The audited actions.</summary>
public static class AuditActions
{
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LoginBlocked = "login.blocked";
    public const string TokenRefreshed = "token.refreshed";
    public const string TokenReused = "token.reused";
    public const string Logout = "logout";
    public const string AlertsListed = "alerts.listed";
    public const string AlertRead = "alert.read";
    public const string EvidenceRead = "evidence.read";
    public const string UserCreated = "user.created";
    public const string UserDisabled = "user.disabled";
    public const string LabCreated = "lab.created";
    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
    public const string AlertHandled = "alert.handled";
    /// <summary>Nobody acknowledged an alert in time; it was pushed to the state coordinators (by the server, no actor).</summary>
    public const string AlertEscalated = "alert.escalated";
    public const string EvidenceExported = "evidence.exported";
    public const string NotificationPreferencesChanged = "preferences.changed";
    /// <summary>A stored hemogram got a new version: amended, corrected, finalised, joined by later results, or one of its results retracted.</summary>
    public const string HemogramRevised = "hemogram.revised";
    /// <summary>Every result of a stored hemogram was retracted (entered in error or cancelled).</summary>
    public const string HemogramRetracted = "hemogram.retracted";
    public const string ImportStarted = "import.started";
}
