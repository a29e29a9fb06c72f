using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Options;
using Sentinela.Server.Identity;

namespace Sentinela.Benchmarks;

/// <summary>
/// The cost of one login's password check with Argon2id at the shipped parameters (OWASP's minimum: 19 MiB, t = 2,
/// p = 1) and at two stronger settings, to choose the cost against the time a login may take.
/// </summary>
[MemoryDiagnoser]
public class PasswordHashingBenchmarks
{
    [Params(19 * 1024, 46 * 1024)]
    public int MemoryKiB { get; set; }

    [Params(2, 3)]
    public int Iterations { get; set; }

    PasswordHasher _hasher = null!;
    string _stored = "";

    [GlobalSetup]
    public void Setup()
    {
        _hasher = new PasswordHasher(Options.Create(new IdentityOptions { Argon2MemoryKiB = MemoryKiB, Argon2Iterations = Iterations }));
        _stored = _hasher.Hash("uma senha bem longa e correta");
    }

    [Benchmark]
    public bool Verify() => _hasher.Verify("uma senha bem longa e correta", _stored);
}
