namespace Sentinela.Tests.Fuzz;

/// <summary>Who a fuzz request claims to be.</summary>
public enum FuzzCredential
{
    Laboratory,
    Administrator,
    Manager,
    Anonymous,
    Forged,
}

/// <summary>One generated request: what is sent, as whom, and how it was made (to reproduce and report it).</summary>
public sealed record FuzzRequest(HttpMethod Method, string Path, string? ContentType, byte[]? Body, FuzzCredential Credential, string Description)
{
    public HttpRequestMessage ToMessage(FuzzCredentials credentials)
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        switch (Credential)
        {
            case FuzzCredential.Laboratory:
                message.Headers.Add("X-Api-Key", credentials.LabKey);
                break;
            case FuzzCredential.Administrator:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credentials.AdminToken);
                break;
            case FuzzCredential.Manager:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + credentials.ManagerToken);
                break;
            case FuzzCredential.Forged:
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.");
                message.Headers.Add("X-Api-Key", "sk_forged_" + new string('x', 40));
                break;
        }
        return message;
    }
}

/// <summary>The credentials the fuzzed server issued: a laboratory's API key, an administrator's and a municipal manager's tokens.</summary>
public sealed record FuzzCredentials(string LabKey, string AdminToken, string ManagerToken);
