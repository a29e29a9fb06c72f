using System.Globalization;
using System.Text.Json;
using Sentinela.Client;

namespace Sentinela.LoadHarness;

/// <summary>The child side of <see cref="ChildWatchers"/>: answers are lines starting with '@'.</summary>
public static class WatcherProcess
{
    public static async Task<int> RunAsync(HarnessArguments arguments)
    {
        var first = Console.ReadLine() ?? "";
        var tokens = first.StartsWith("TOKENS ", StringComparison.Ordinal) ? first[7..].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
        var area = WatchArea.ForState(arguments.State);
        var group = await LocalWatchers.ConnectAsync(arguments.Kind, arguments.Servers, tokens, arguments.Clients, arguments.Offset, area,
            arguments.ConnectConcurrency, arguments.Wait);
        Ready(group);
        while (Console.ReadLine() is { } command)
        {
            var (verb, argument) = command.IndexOf(' ') is var space and > 0 ? (command[..space], command[(space + 1)..]) : (command, "");
            switch (verb)
            {
                case "MARK":
                    await group.MarkAsync(long.Parse(argument, CultureInfo.InvariantCulture));
                    Answer("OK");
                    break;
                case "REPORT":
                    var report = await group.ReportAsync(TimeSpan.FromSeconds(int.Parse(argument, CultureInfo.InvariantCulture)));
                    Answer("REPORT " + JsonSerializer.Serialize(report, WatcherReport.Wire));
                    break;
                case "DROP":
                    await group.DropAsync();
                    Answer("OK");
                    break;
                case "RECONNECT":
                    await group.ReconnectAsync();
                    Ready(group);
                    break;
                case "EXIT":
                    await group.DisposeAsync();
                    return 0;
            }
        }
        await group.DisposeAsync();
        return 0;
    }

    static void Ready(LocalWatchers group) =>
        Answer(string.Create(CultureInfo.InvariantCulture, $"READY {group.Ready} {group.MaxSequence} {JsonSerializer.Serialize(group.Failures)}"));

    static void Answer(string line)
    {
        Console.Out.WriteLine("@" + line);
        Console.Out.Flush();
    }
}
