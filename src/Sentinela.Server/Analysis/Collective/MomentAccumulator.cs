namespace Sentinela.Server.Analysis.Collective;

/// <summary>Running count, sum and sum of squares, for mean and standard deviation without keeping the values.</summary>
public struct MomentAccumulator
{
    public int Count;
    public double Sum;
    public double SumOfSquares;

    public void Add(double value)
    {
        Count++;
        Sum += value;
        SumOfSquares += value * value;
    }

    public void Add(MomentAccumulator other)
    {
        Count += other.Count;
        Sum += other.Sum;
        SumOfSquares += other.SumOfSquares;
    }

    public readonly double? Mean => Count == 0 ? null : Sum / Count;

    public readonly double? StandardDeviation => Count < 2
        ? null
        : Math.Sqrt(Math.Max(0, (SumOfSquares - Sum * Sum / Count) / (Count - 1)));
}
