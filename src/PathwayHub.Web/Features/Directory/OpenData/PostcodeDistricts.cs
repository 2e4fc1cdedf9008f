using System.Globalization;
using System.Text.RegularExpressions;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>A point on the earth, in degrees (WGS 84).</summary>
public readonly record struct GeoPoint(double Latitude, double Longitude)
{
    private const double EarthRadiusMetres = 6_371_008.8;

    /// <summary>Great-circle distance in metres (haversine): within a few metres of the ellipsoid's across a region.</summary>
    public double MetresTo(GeoPoint other)
    {
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var dLat = Radians(other.Latitude - Latitude);
        var dLon = Radians(other.Longitude - Longitude);
        var a = Math.Pow(Math.Sin(dLat / 2), 2) + Math.Cos(Radians(Latitude)) * Math.Cos(Radians(other.Latitude)) * Math.Pow(Math.Sin(dLon / 2), 2);
        return 2 * EarthRadiusMetres * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}

/// <summary>
/// Where a postcode is, offline: the centroid of its postcode district (the outward code, "DH1" of "DH1 3HU") from
/// seed-data/postcode-districts.csv, which names its source. Only the North East's districts are there; any other postcode is
/// unknown, and so is anything that is not shaped like a postcode.
/// </summary>
public sealed partial class PostcodeDistricts
{
    public const string FileName = "postcode-districts.csv";
    private readonly Dictionary<string, GeoPoint> _centroids;

    public PostcodeDistricts(IReadOnlyDictionary<string, GeoPoint> centroids) =>
        _centroids = new Dictionary<string, GeoPoint>(centroids, StringComparer.OrdinalIgnoreCase);

    public int Count => _centroids.Count;

    /// <summary>Reads the CSV: "district,latitude,longitude" after a header row; lines starting with # are the file's notes.</summary>
    public static PostcodeDistricts Load(string seedFolder)
    {
        var centroids = new Dictionary<string, GeoPoint>(StringComparer.OrdinalIgnoreCase);
        var lines = File.ReadAllLines(Path.Combine(seedFolder, FileName)).Where(l => !l.StartsWith('#') && !string.IsNullOrWhiteSpace(l)).Skip(1);
        foreach (var line in lines)
        {
            var parts = line.Split(',');
            if (parts.Length != 3) throw new InvalidDataException($"{FileName}: '{line}' is not district,latitude,longitude.");
            centroids.Add(parts[0].Trim(), new GeoPoint(double.Parse(parts[1], CultureInfo.InvariantCulture), double.Parse(parts[2], CultureInfo.InvariantCulture)));
        }
        return new PostcodeDistricts(centroids);
    }

    /// <summary>The district of a full postcode ("dh1 3hu") or a district alone ("DH1"), in capitals; null if it is neither.</summary>
    public static string? DistrictOf(string postcode)
    {
        var compact = postcode.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        if (FullPostcode().IsMatch(compact)) return compact[..^3];
        return District().IsMatch(compact) ? compact : null;
    }

    /// <summary>The centroid of the postcode's district, or null when it is not a postcode of a district we have.</summary>
    public GeoPoint? Locate(string postcode) => DistrictOf(postcode) is { } d && _centroids.TryGetValue(d, out var p) ? p : null;

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")]
    private static partial Regex FullPostcode();

    [GeneratedRegex("^[A-Z]{1,2}[0-9][A-Z0-9]?$")]
    private static partial Regex District();
}
