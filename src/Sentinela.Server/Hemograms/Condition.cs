namespace Sentinela.Server.Hemograms;

/// <summary>A parameter deviating in one direction ("platelets low"): the unit collective analysis counts and alerts on.</summary>
public readonly record struct Condition(HemogramParameter Parameter, Direction Direction)
{
    public static readonly Condition[] All =
        HemogramParameters.All.SelectMany(p => new[] { new Condition(p, Direction.Low), new Condition(p, Direction.High) }).ToArray();

    /// <summary>Bit of this condition in a <see cref="Hemogram.AbnormalMask"/>.</summary>
    public uint Bit => 1u << ((int)Parameter * 2 + (int)Direction);

    public override string ToString() => $"{Parameter.ApiName()}-{Direction.ToString().ToLowerInvariant()}";

    /// <summary>"plaquetas baixas", "leucócitos altos", "hemoglobina baixa".</summary>
    public string Portuguese()
    {
        var adjective = (Direction, Parameter.IsFeminine(), Parameter.IsPlural()) switch
        {
            (Direction.Low, true, true) => "baixas",
            (Direction.Low, true, false) => "baixa",
            (Direction.Low, false, true) => "baixos",
            (Direction.Low, false, false) => "baixo",
            (Direction.High, true, true) => "altas",
            (Direction.High, true, false) => "alta",
            (Direction.High, false, true) => "altos",
            _ => "alto",
        };
        return $"{Parameter.PortugueseName()} {adjective}";
    }
}
