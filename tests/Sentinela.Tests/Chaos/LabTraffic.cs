using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Chaos;

/// <summary>
/// Laboratories posting one hemogram at a time through the front, all in Contagem with every other one showing low
/// platelets (an outbreak that keeps growing, so alert versions keep coming). Records every request: when it was sent,
/// how long it took, the status, and the hemogram's id when it was acknowledged (201).
/// </summary>
public sealed class LabTraffic : IAsyncDisposable
{
    readonly CancellationTokenSource _stop = new();
    readonly List<Task> _senders;
    readonly HttpClient _http;

    public sealed record Request(DateTime SentAt, double Milliseconds, HttpStatusCode Status, Guid? Acknowledged);

    LabTraffic(Uri front, string apiKey, int senders, TimeSpan pause)
    {
        _http = new HttpClient { BaseAddress = front, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        _senders = [.. Enumerable.Range(0, senders).Select(_ => Task.Run(() => SendAsync(pause)))];
    }

    public ConcurrentQueue<Request> Requests { get; } = new();

    public static LabTraffic Start(Uri front, string apiKey, int senders = 3, TimeSpan? pause = null) =>
        new(front, apiKey, senders, pause ?? TimeSpan.FromMilliseconds(100));

    async Task SendAsync(TimeSpan pause)
    {
        for (var i = 0; !_stop.IsCancellationRequested; i++)
        {
            var sentAt = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            HttpStatusCode status;
            Guid? id = null;
            try
            {
                using var response = await _http.PostAsync("/fhir/Observation",
                    Observations.Content(Observations.Hemogram(identifier: Guid.NewGuid().ToString(), plateletsThousands: i % 2 == 0 ? 90 : 260)));
                status = response.StatusCode;
                if (status == HttpStatusCode.Created) id = Guid.Parse(response.Headers.Location!.ToString().Split('/')[3]);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                status = 0;
            }
            Requests.Enqueue(new(sentAt, clock.Elapsed.TotalMilliseconds, status, id));
            try
            {
                await Task.Delay(pause, _stop.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_senders);
        _http.Dispose();
        _stop.Dispose();
    }
}
