namespace Sentinela.LoadHarness;

/// <summary>Closed-loop ingest throughput: a warm-up, then one run per concurrency level (bench/ingest-benchmark.sh).</summary>
public static class IngestScenario
{
    public static async Task<int> RunAsync(ScenarioContext context)
    {
        var (arguments, municipalities, http, seed) = context;
        var count = arguments.Count ?? 20_000;
        // Warm-up: JIT, connection pool, the server's first collective-analysis initialisation. Its own seed, not counted.
        if (arguments.Warmup > 0)
        {
            var warm = await new IngestRun(http, Payloads.Generate(municipalities, unchecked(seed - 1), arguments.Warmup, arguments.Bundle),
                arguments.Concurrency.Max(), arguments.Prefer).RunAsync(CancellationToken.None);
            Console.WriteLine($"Warm-up: {warm.Created:N0} stored, {warm.Duplicates:N0} already stored, {warm.Failed:N0} failed in {warm.Elapsed.TotalSeconds:0.0} s");
            if (warm.Created == 0)
            {
                Console.Error.WriteLine("sentinela-load: nothing was stored during the warm-up; is the server up?");
                foreach (var sample in warm.ErrorSamples) Console.Error.WriteLine("  " + sample);
                return 1;
            }
        }

        var failed = false;
        for (var k = 0; k < arguments.Concurrency.Count; k++)
        {
            var payloads = Payloads.Generate(municipalities, unchecked(seed + k), count, arguments.Bundle);
            Console.WriteLine($"Scenario {k + 1}: seed {unchecked(seed + k)}, {payloads.Bodies.Count:N0} bodies, {payloads.Bytes / 1024.0 / 1024.0:0.0} MiB");
            var pid = arguments.ServerPids.Count > 0 ? arguments.ServerPids[0] : (int?)null;
            var serverBefore = ServerUsage.Cpu(pid);
            var result = await new IngestRun(http, payloads, arguments.Concurrency[k], arguments.Prefer).RunAsync(CancellationToken.None);
            var serverAfter = ServerUsage.Cpu(pid);
            Console.WriteLine(result.Report(serverAfter - serverBefore));
            failed |= result.Failed > 0;
        }
        return failed ? 1 : 0;
    }
}
