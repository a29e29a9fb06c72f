using Microsoft.Extensions.Compliance.Classification;

namespace Sentinela.Server.Observability.Redaction;

/// <summary>The kinds of sensitive data Sentinela logs only redacted; each has its redactor in <see cref="LogRedactionExtensions"/>.</summary>
public static class SentinelaTaxonomy
{
    public const string Name = "Sentinela";

    /// <summary>A CPF: shown as "***.***.789-**".</summary>
    public static DataClassification Cpf { get; } = new(Name, nameof(Cpf));

    /// <summary>Passwords, tokens, API keys: erased.</summary>
    public static DataClassification Secret { get; } = new(Name, nameof(Secret));

    /// <summary>A latitude or longitude: rounded to 2 decimals (about 1 km).</summary>
    public static DataClassification Coordinate { get; } = new(Name, nameof(Coordinate));
}

public sealed class CpfDataAttribute() : DataClassificationAttribute(SentinelaTaxonomy.Cpf);

public sealed class SecretDataAttribute() : DataClassificationAttribute(SentinelaTaxonomy.Secret);

public sealed class CoordinateDataAttribute() : DataClassificationAttribute(SentinelaTaxonomy.Coordinate);
