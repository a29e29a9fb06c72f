using System.Diagnostics;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;

namespace Sentinela.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project bench/Sentinela.Benchmarks -- --filter '*'</c> runs every benchmark
/// (BenchmarkDotNet's usual switches apply); <c>-- --describe</c> prints the generated workload instead.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args is ["--describe", ..])
        {
            var stopwatch = Stopwatch.StartNew();
            var workload = new Workload(8_192);
            foreach (var line in workload.Describe()) Console.WriteLine(line);
            Console.WriteLine($"Generated and analysed in {stopwatch.Elapsed.TotalSeconds:0.0} s");
            return 0;
        }

        // Results land beside this project rather than in whatever directory the run started from.
        var config = DefaultConfig.Instance;
        if (!args.Contains("--artifacts")) config = config.WithArtifactsPath(Path.Combine(ProjectDirectory(), "BenchmarkDotNet.Artifacts"));
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return 0;
    }

    static string ProjectDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sentinela.Benchmarks.csproj"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
