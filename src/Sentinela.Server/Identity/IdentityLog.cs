using Sentinela.Server.Observability.Redaction;

namespace Sentinela.Server.Identity;

/// <summary>Security events, with CPFs and secrets classified so the log redaction masks them.</summary>
static partial class IdentityLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Login of {Cpf} from {Ip}")]
    public static partial void LoggedIn(ILogger logger, [CpfData] string cpf, string? ip);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Failed login for {Cpf} from {Ip}")]
    public static partial void LoginFailed(ILogger logger, [CpfData] string cpf, string? ip);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Warning, Message = "Security: {Ip} blocked for {Minutes} min after repeated failed logins (last CPF tried {Cpf})")]
    public static partial void IpBlocked(ILogger logger, string? ip, double minutes, [CpfData] string cpf);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Security: refresh token {Token} reused; token family {Family} of user {UserId} revoked")]
    public static partial void RefreshTokenReused(ILogger logger, [SecretData] string token, Guid family, Guid userId);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "User {UserId} logged out")]
    public static partial void LoggedOut(ILogger logger, Guid userId);
}
