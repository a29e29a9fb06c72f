namespace Sentinela.Server.Analysis.Backtesting;

/// <summary>One backtest: the input, the data-time range and tick, configuration overrides, and where alert versions go.</summary>
public sealed record BacktestRequest
{
    /// <summary>NDJSON of FHIR Observations (one per line, as posted to /fhir/Observation), gzip-compressed or not. Ignored when <see cref="Input"/> is given.</summary>
    public string? InputPath { get; init; }

    /// <summary>Hemograms read before (parsing and individual analysis happened then, under that read's settings).</summary>
    public BacktestInput? Input { get; init; }

    /// <summary>Only hemograms collected at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Only hemograms collected before this time; timer ticks run up to it.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary>Data time between decisions; default the configured scan interval (15 minutes as shipped).</summary>
    public TimeSpan? Tick { get; init; }

    /// <summary>Configuration overrides (<c>Sentinela:Analysis:Detection:Cusum:Threshold</c> = <c>7</c>), applied last.</summary>
    public IReadOnlyList<KeyValuePair<string, string?>> Settings { get; init; } = [];

    /// <summary>Receives one NDJSON line per alert version as it is decided; null to only return them.</summary>
    public TextWriter? Output { get; init; }
}
