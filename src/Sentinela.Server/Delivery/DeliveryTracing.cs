using System.Diagnostics;

namespace Sentinela.Server.Delivery;

/// <summary>Spans of real-time delivery: the local fan-out of one published alert.</summary>
public static class DeliveryTracing
{
    public const string Name = "Sentinela.Delivery";
    public static readonly ActivitySource Source = new(Name);
}
