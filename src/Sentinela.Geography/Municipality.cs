namespace Sentinela.Geography;

/// <summary>An IBGE municipality: 7-digit code, name, centroid and federative unit.</summary>
public sealed record Municipality(int IbgeCode, string Name, GeoPoint Centroid, int StateCode, bool IsCapital)
{
    public BrazilianState State => BrazilianState.FromCode(StateCode);
}
