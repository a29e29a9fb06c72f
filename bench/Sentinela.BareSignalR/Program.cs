using Microsoft.AspNetCore.SignalR;
using Sentinela.BareSignalR;
using Sentinela.Client;

// The floor a fan-out is compared with: nothing but SignalR. POST /fire sends one alert-shaped event to every
// connection with Clients.All; clients call Ack(sequence) for each. Listens where --urls says (loopback in the script).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
builder.Services.AddSingleton<AckCounter>();
builder.Services.AddSignalR().AddJsonProtocol(o =>
{
    // The wire format Sentinela's clients read (camelCase, enums as strings), so both sides parse the same bytes.
    o.PayloadSerializerOptions = SentinelaWireFormat.JsonOptions;
});
var app = builder.Build();
app.MapHub<BareHub>("/hub");
var sequence = 0L;
app.MapPost("/fire", async (IHubContext<BareHub> hub) =>
{
    var e = BareEvents.Alert(Interlocked.Increment(ref sequence), DateTimeOffset.UtcNow);
    await hub.Clients.All.SendAsync("alert", e);
    return Results.Ok(new { e.Sequence });
});
app.MapGet("/acks", (AckCounter acks) => Results.Ok(new { acks.Count }));
app.MapGet("/health", () => "ok");
app.Run();
