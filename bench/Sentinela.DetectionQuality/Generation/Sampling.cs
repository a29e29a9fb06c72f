namespace Sentinela.DetectionQuality.Generation;

/// <summary>
/// The distributions the generator draws from, over one seeded <see cref="Random"/> (whose seeded sequence is fixed across
/// .NET versions and platforms), so a scenario is the same wherever it is generated.
/// </summary>
public sealed class Sampling(int seed)
{
    readonly Random _random = new(seed);

    public double Uniform() => _random.NextDouble();

    public double Uniform(double low, double high) => low + (high - low) * _random.NextDouble();

    public int Next(int exclusiveMax) => _random.Next(exclusiveMax);

    public bool Chance(double p) => _random.NextDouble() < p;

    public double Normal()
    {
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>Marsaglia–Tsang; shapes below 1 by the usual boost.</summary>
    public double Gamma(double shape)
    {
        if (shape < 1) return Gamma(shape + 1) * Math.Pow(1.0 - _random.NextDouble(), 1.0 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal();
                v = 1 + c * x;
            } while (v <= 0);
            v = v * v * v;
            var u = 1.0 - _random.NextDouble();
            if (Math.Log(u) < 0.5 * x * x + d - d * v + d * Math.Log(v)) return d * v;
        }
    }

    /// <summary>A proportion around <paramref name="mean"/> with variance mean·(1−mean)/(concentration+1).</summary>
    public double Beta(double mean, double concentration)
    {
        if (mean <= 0) return 0;
        var a = Gamma(mean * concentration);
        var b = Gamma((1 - mean) * concentration);
        return a / (a + b);
    }

    /// <summary>Knuth's product method for small means, a rounded normal approximation beyond.</summary>
    public int Poisson(double mean)
    {
        if (mean <= 0) return 0;
        if (mean > 60) return Math.Max(0, (int)Math.Round(mean + Math.Sqrt(mean) * Normal()));
        var limit = Math.Exp(-mean);
        var k = 0;
        for (var p = 1.0 - _random.NextDouble(); p > limit; p *= 1.0 - _random.NextDouble()) k++;
        return k;
    }

    /// <summary>Fisher–Yates, in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];
}
