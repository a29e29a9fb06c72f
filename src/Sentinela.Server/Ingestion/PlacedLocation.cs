using Sentinela.Geography;
using Sentinela.Server.Hemograms;

namespace Sentinela.Server.Ingestion;

/// <summary>Where a result was placed: the municipality, the coordinate kept (before coarsening) and which part of the submission said so.</summary>
public sealed record PlacedLocation(Municipality Municipality, GeoPoint Point, LocationSource Source);
