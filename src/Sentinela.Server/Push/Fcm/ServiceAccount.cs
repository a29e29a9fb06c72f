using System.Security.Cryptography;
using System.Text.Json;

namespace Sentinela.Server.Push.Fcm;

/// <summary>A Google service account able to sign its own OAuth assertions: from the JSON key file, the options, or both.</summary>
internal sealed class ServiceAccount
{
    ServiceAccount(string projectId, string clientEmail, string? privateKeyId, string tokenUri, RSA key) =>
        (ProjectId, ClientEmail, PrivateKeyId, TokenUri, Key) = (projectId, clientEmail, privateKeyId, tokenUri, key);

    public string ProjectId { get; }
    public string ClientEmail { get; }
    public string? PrivateKeyId { get; }
    public string TokenUri { get; }
    public RSA Key { get; }

    /// <summary>Null when the project, account or key is missing: FCM is then simply not configured.</summary>
    public static ServiceAccount? From(FcmOptions options)
    {
        var file = string.IsNullOrEmpty(options.ServiceAccountFile)
            ? null
            : JsonSerializer.Deserialize(File.ReadAllText(options.ServiceAccountFile), PushJsonContext.Default.ServiceAccountKeyFile);
        var projectId = Pick(options.ProjectId, file?.ProjectId);
        var clientEmail = Pick(options.ClientEmail, file?.ClientEmail);
        var pem = Pick(options.PrivateKey, file?.PrivateKey);
        if (projectId is null || clientEmail is null || pem is null) return null;
        var key = RSA.Create();
        key.ImportFromPem(pem);
        // The options' token endpoint is the one tests and operators set on purpose; the file's is Google's default anyway.
        return new ServiceAccount(projectId, clientEmail, Pick(options.PrivateKeyId, file?.PrivateKeyId), Pick(options.TokenUri, file?.TokenUri)!, key);
    }

    static string? Pick(string? configured, string? fromFile) =>
        !string.IsNullOrWhiteSpace(configured) ? configured : !string.IsNullOrWhiteSpace(fromFile) ? fromFile : null;
}
