namespace Sentinela.Simulator.Traffic;

/// <summary>Checks, before generating anything, that something answers HTTP at the server address.</summary>
public static class ServerProbe
{
    /// <summary>Null when the server answered (any status counts); otherwise why it could not be reached.</summary>
    public static async Task<string?> ProblemReachingAsync(HttpClient http, string path, TimeSpan timeout, CancellationToken cancellation)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        deadline.CancelAfter(timeout);
        try
        {
            using var response = await http.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            return null;
        }
        catch (HttpRequestException e)
        {
            return e.Message;
        }
        catch (OperationCanceledException)
        {
            return cancellation.IsCancellationRequested ? "cancelled" : $"no answer within {timeout.TotalSeconds:0} s";
        }
    }
}
