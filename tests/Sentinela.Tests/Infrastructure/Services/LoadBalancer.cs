using System.Diagnostics;

namespace Sentinela.Tests.Infrastructure.Services;

/// <summary>
/// HAProxy or nginx on a free loopback port in front of the given instances, configured by the repository's own
/// deploy/render-balancer.sh (the configuration operators get); installed through scripts/setup.sh when missing.
/// </summary>
public sealed class LoadBalancer : IAsyncDisposable
{
    readonly Process _process;
    readonly string _directory;

    LoadBalancer(Process process, string directory, Uri address) => (_process, _directory, Address) = (process, directory, address);

    public Uri Address { get; }

    /// <param name="kind"><c>haproxy</c> or <c>nginx</c>.</param>
    public static async Task<LoadBalancer> StartAsync(string kind, IEnumerable<Uri> instances)
    {
        var root = Path.GetDirectoryName(Path.GetDirectoryName(ReferenceData.FindUp("deploy/render-balancer.sh")))
            ?? throw new FileNotFoundException("deploy/render-balancer.sh not found above the test output folder.");
        var program = $"/usr/sbin/{kind}";
        if (!File.Exists(program)) await ExternalProgram.RunAsync("bash", [Path.Combine(root, "scripts", "setup.sh")], TimeSpan.FromMinutes(10));

        var directory = Directory.CreateTempSubdirectory($"sentinela-{kind}-").FullName;
        var address = new Uri($"http://127.0.0.1:{FreePorts.Take()}");
        var config = await ExternalProgram.RunAsync("bash",
            [Path.Combine(root, "deploy", "render-balancer.sh"), kind, $"127.0.0.1:{address.Port}", .. instances.Select(i => $"127.0.0.1:{i.Port}")]);
        string[] args;
        if (kind == "haproxy")
        {
            var file = Path.Combine(directory, "haproxy.cfg");
            await File.WriteAllTextAsync(file, config);
            args = ["-db", "-f", file];
            await ExternalProgram.RunAsync(program, ["-c", "-q", "-f", file]);
        }
        else
        {
            // The rendered file is an http{} include; around it, a main configuration that keeps everything in the folder,
            // which the workers (an unprivileged user) write request bodies to.
            if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
            await File.WriteAllTextAsync(Path.Combine(directory, "sentinela.conf"), config);
            var main = Path.Combine(directory, "nginx.conf");
            await File.WriteAllTextAsync(main, $$"""
                daemon off;
                pid {{directory}}/nginx.pid;
                error_log {{directory}}/error.log;
                events {}
                http {
                    access_log off;
                    client_body_temp_path {{directory}}/body;
                    proxy_temp_path {{directory}}/proxy;
                    include {{directory}}/sentinela.conf;
                }
                """);
            args = ["-p", directory, "-c", main];
            await ExternalProgram.RunAsync(program, ["-t", .. args]);
        }
        var process = ExternalProgram.Start(program, args);
        var balancer = new LoadBalancer(process, directory, address);
        using var probe = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        for (var deadline = DateTime.UtcNow.AddSeconds(20); DateTime.UtcNow < deadline; await Task.Delay(200))
        {
            try
            {
                if ((await probe.GetAsync("/health/ready")).IsSuccessStatusCode) return balancer;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
        }
        await balancer.DisposeAsync();
        throw new InvalidOperationException($"{kind} did not start answering.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
