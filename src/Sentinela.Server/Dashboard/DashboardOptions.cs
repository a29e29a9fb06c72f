using System.ComponentModel.DataAnnotations;

namespace Sentinela.Server.Dashboard;

/// <summary>Sentinela:Dashboard — where the built web app is and which map tiles, if any, it may load.</summary>
public sealed class DashboardOptions
{
    public const string Section = "Sentinela:Dashboard";

    /// <summary>Folder of the built app (web/dist). Empty: the "dashboard" folder beside the server's binaries, where the build copies it.</summary>
    public string Path { get; set; } = "";

    /// <summary>
    /// A Leaflet tile URL template ("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"). Empty: no tiles, the map draws a
    /// coordinate grid and municipality centroids, so it works without internet. Its origin is added to the CSP's img-src.
    /// </summary>
    [RegularExpression(@"^(https?://[^/\s'"";]+/[^\s'"";]*)?$", ErrorMessage = "TileUrl must be empty or an http(s) URL template.")]
    public string TileUrl { get; set; } = "";

    /// <summary>Attribution the tile provider requires, shown as plain text in the map's corner.</summary>
    [MaxLength(300)]
    public string TileAttribution { get; set; } = "";

    public string ResolvedPath => string.IsNullOrWhiteSpace(Path)
        ? System.IO.Path.Combine(AppContext.BaseDirectory, "dashboard")
        : System.IO.Path.GetFullPath(Path);
}
