namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>A Redis error reply, e.g. "MOVED 3999 127.0.0.1:6381".</summary>
public sealed record RespError(string Message);
