using System.Diagnostics;
using System.IO.Compression;
using Sentinela.Server.Alerts;
using Sentinela.Server.Analysis.Backtesting;
using Sentinela.Server.Hemograms;
using Sentinela.Tests.Infrastructure;

namespace Sentinela.Tests.Analysis.Backtesting;

/// <summary>
/// <c>sentinela-server backtest</c> end to end on a small file: two quiet days in Contagem, then a morning in which
/// platelets-low results pile up. Collection times are a year in the past, so data time and wall time cannot be confused.
/// </summary>
public sealed class BacktestCommandTests : IDisposable
{
    static readonly DateTimeOffset Day1 = new(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset OutbreakStart = Day1.AddDays(2).AddHours(8);
    const int QuietHemograms = 192, OutbreakHemograms = 60;

    readonly string _directory = Directory.CreateTempSubdirectory("sentinela-backtest-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>One every 15 minutes for two days (normal), then one every 2 minutes of which two in three are platelets-low.</summary>
    static List<string> Lines()
    {
        var lines = new List<string>();
        for (var i = 0; i < QuietHemograms; i++)
            lines.Add(Observations.Json(Observations.Hemogram(identifier: $"quiet-{i}", collectedAt: Day1.AddMinutes(15 * i))));
        for (var i = 0; i < OutbreakHemograms; i++)
            lines.Add(Observations.Json(Observations.Hemogram(identifier: $"outbreak-{i}", collectedAt: OutbreakStart.AddMinutes(2 * i),
                plateletsThousands: i % 3 == 0 ? 250 : 60)));
        return lines;
    }

    string Write(IEnumerable<string> lines, bool gzip = false)
    {
        var path = Path.Combine(_directory, gzip ? "hemograms.ndjson.gz" : "hemograms.ndjson");
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        using var writer = new StreamWriter(stream);
        foreach (var line in lines) writer.WriteLine(line);
        return path;
    }

    async Task<(int ExitCode, string Error, List<BacktestAlertVersion> Alerts)> RunAsync(string input, params string[] options)
    {
        var output = Path.Combine(_directory, "alerts.ndjson");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var exit = await BacktestCommand.RunAsync(["backtest", "--input", input, "--out", output, .. options], stdout, stderr, CancellationToken.None);
        var alerts = File.Exists(output) ? File.ReadAllLines(output).Select(BacktestAlertVersion.Parse).ToList() : [];
        return (exit, stderr.ToString(), alerts);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_clear_outbreak_becomes_an_alert_line_with_its_footprint(bool gzip)
    {
        var (exit, error, alerts) = await RunAsync(Write(Lines(), gzip));

        Assert.Equal(0, exit);
        Assert.Contains($"{QuietHemograms + OutbreakHemograms} hemograms read (0 refused, 0 duplicates)", error);
        var first = alerts[0].Alert;
        Assert.Equal((HemogramParameter.Platelets, Direction.Low, AlertStatus.Active, 1), (first.Parameter, first.Direction, first.Status, first.Version));
        Assert.Equal([Observations.Contagem], alerts[0].Footprint);
        Assert.All(alerts, a => Assert.Equal(Observations.Contagem, a.Alert.Area.MunicipalityCode));
        // Numbered as the alert log would number them.
        Assert.Equal(Enumerable.Range(1, alerts.Count).Select(i => (long)i), alerts.Select(a => a.Alert.Sequence));
    }

    [Fact]
    public async Task Alert_times_are_collection_times_not_wall_time()
    {
        var (_, _, alerts) = await RunAsync(Write(Lines()));

        // Decided at a tick of data time (every ScanInterval, 15 minutes as shipped) while the outbreak's hemograms arrive.
        var first = alerts[0].Alert;
        Assert.InRange(first.RaisedAt, OutbreakStart, OutbreakStart.AddMinutes(2 * OutbreakHemograms));
        Assert.Equal(0, first.RaisedAt.ToUnixTimeSeconds() % (15 * 60));
        Assert.Equal(first.RaisedAt, first.UpdatedAt);
        Assert.All(alerts, a => Assert.True(a.Alert.UpdatedAt < Day1.AddDays(4), $"{a.Alert.UpdatedAt} is not data time"));
    }

    [Fact]
    public async Task Lines_that_do_not_parse_are_reported_with_their_number_and_skipped()
    {
        var lines = Lines();
        lines.Insert(2, "{ not json");
        lines.Insert(5, """{"resourceType":"Patient","id":"x"}""");
        lines.Insert(9, Observations.Json(Observations.Hemogram(identifier: "nowhere", municipality: null, collectedAt: Day1)));
        lines.Insert(12, "");
        lines.Add(lines[0]);

        var (exit, error, alerts) = await RunAsync(Write(lines));

        Assert.Equal(0, exit);
        Assert.Contains("line 3: not a FHIR resource", error);
        Assert.Contains("line 6: expected an Observation, got Patient", error);
        Assert.Contains("line 10: No location", error);
        Assert.Contains($"{QuietHemograms + OutbreakHemograms + 4} hemograms read (3 refused, 1 duplicates)", error);
        Assert.NotEmpty(alerts);
    }

    [Fact]
    public async Task From_and_to_choose_the_hemograms_observed()
    {
        var input = Write(Lines());

        var (_, beforeError, before) = await RunAsync(input, "--to", OutbreakStart.ToString("O"));
        var (_, duringError, during) = await RunAsync(input, "--from", "2025-06-03T05:00:00-03:00");

        Assert.Empty(before);
        Assert.Contains($"{QuietHemograms} observed", beforeError);
        Assert.NotEmpty(during);
        Assert.Contains($"{OutbreakHemograms} observed", duringError);
    }

    [Fact]
    public async Task Set_overrides_the_configuration_and_bad_values_are_refused()
    {
        var input = Write(Lines());
        const string Detection = "Sentinela:Analysis:Detection";

        var (_, _, shipped) = await RunAsync(input);
        var (_, _, strict) = await RunAsync(input, "--set", $"{Detection}:MinCases=1000");
        var (invalid, error, _) = await RunAsync(input, "--set", $"{Detection}:Alpha=7");

        Assert.NotEmpty(shipped);
        Assert.Empty(strict);
        Assert.Equal(2, invalid);
        Assert.Contains("Alpha", error);
    }

    [Fact]
    public async Task Arguments_are_checked_and_help_is_printed()
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        Assert.Equal(0, await BacktestCommand.RunAsync(["backtest", "--help"], stdout, stderr, CancellationToken.None));
        Assert.Contains("--tick SPAN", stdout.ToString());
        Assert.Equal(2, await BacktestCommand.RunAsync(["backtest", "--input", "x.ndjson"], stdout, stderr, CancellationToken.None));
        Assert.Equal(2, await BacktestCommand.RunAsync(["backtest", "--input", Write(Lines()), "--out", "-", "--tick", "soon"], stdout, stderr, CancellationToken.None));
        Assert.Contains("--tick has an invalid value 'soon'", stderr.ToString());
    }

    [Fact]
    public async Task Hemograms_parsed_once_can_be_run_under_several_configurations()
    {
        var input = await Backtest.ReadAsync(Write(Lines()), [], CancellationToken.None);

        var shipped = await Backtest.RunAsync(new BacktestRequest { Input = input, Tick = TimeSpan.FromHours(1) }, CancellationToken.None);
        var scanOnly = await Backtest.RunAsync(new BacktestRequest
        {
            Input = input,
            Tick = TimeSpan.FromHours(1),
            Settings = [new("Sentinela:Analysis:Detection:TemporalDetectors", "")],
        }, CancellationToken.None);

        Assert.Equal(QuietHemograms + OutbreakHemograms, input.Hemograms.Count);
        Assert.NotEmpty(shipped.Versions);
        Assert.NotEmpty(scanOnly.Versions);
        Assert.All(scanOnly.Versions, v => Assert.Equal(Sentinela.Server.Analysis.Outbreaks.DetectorKind.SpaceTimeScan, v.Alert.Detector));
        Assert.Empty(scanOnly.Input.Refused);
    }

    [Fact]
    public async Task The_server_binary_runs_a_backtest_before_starting_anything_else()
    {
        var input = Write(Lines(), gzip: true);
        var output = Path.Combine(_directory, "out.ndjson");
        var server = Path.Combine(AppContext.BaseDirectory, "sentinela-server.dll");

        // Storage options that could not be opened: the command must never get that far.
        using var process = Process.Start(new ProcessStartInfo("dotnet",
            [server, "backtest", "--input", input, "--out", output, "--tick", "1h"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _directory,
            Environment = { ["Sentinela__Storage__Embedded__Path"] = "/nonexistent/sentinela.db", ["Urls"] = "http://203.0.113.1:1" },
        })!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(0, process.ExitCode);
        Assert.Contains("backtest: 252 hemograms read", error);
        Assert.NotEmpty(File.ReadAllLines(output));
        Assert.False(Directory.Exists(Path.Combine(_directory, "data")));
    }
}
