namespace Sentinela.Tests.Fuzz;

/// <summary>How a canary hemogram is sent, which decides how its answer says "stored" or "already stored".</summary>
public enum FuzzCanaryRoute
{
    Observation,
    BatchEntry,
    TransactionEntry,
    RestHook,
}

/// <summary>A valid hemogram posted between the fuzz bodies: it must be stored once, and found stored when sent again.</summary>
public sealed record FuzzCanary(int Number, FuzzCanaryRoute Route, FuzzRequest Request);
