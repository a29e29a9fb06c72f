using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sentinela.DetectionQuality.Generation;

/// <summary>What a scenario holds, written beside its hemograms as truth.json: what the scorer compares alerts with.</summary>
public sealed record GroundTruth(
    Scenario Scenario,
    DateTimeOffset ScoredFrom,
    DateTimeOffset ScoredTo,
    IReadOnlyList<SimulatedMunicipality> Municipalities,
    IReadOnlyList<InjectedOutbreak> Outbreaks,
    IReadOnlyList<NullWindow> NullWindows,
    long Hemograms,
    int OutbreaksNotPlaced)
{
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public async Task SaveAsync(string path, CancellationToken ct)
    {
        await using var file = File.Create(path);
        await JsonSerializer.SerializeAsync(file, this, Json, ct);
    }

    public static async Task<GroundTruth> LoadAsync(string path, CancellationToken ct)
    {
        await using var file = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<GroundTruth>(file, Json, ct) ?? throw new FormatException($"{path} is empty.");
    }
}
