using System.Globalization;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>A query parameter refused: the message names it and says what it must be. Answered as 400 by <see cref="OpenDataEndpoints"/>.</summary>
public sealed class OpenDataBadRequestException(string message) : Exception(message);

/// <summary>
/// Reads an open data request's query string against the parameters its endpoint documents (<see cref="OpenDataParameters"/>).
/// A parameter the endpoint does not document, one given twice, or a value that is not what the parameter takes is refused
/// with a message naming it, so a client never gets unfiltered results while believing it filtered.
/// </summary>
public sealed class OpenDataQuery
{
    private readonly IQueryCollection _query;

    public OpenDataQuery(IQueryCollection query, IReadOnlyList<OpenDataParameter> documented)
    {
        _query = query;
        foreach (var (name, values) in query)
        {
            if (!documented.Any(p => p.Name == name))
                throw new OpenDataBadRequestException(documented.Count == 0
                    ? $"'{name}' is not a parameter of this endpoint, which takes none."
                    : $"'{name}' is not a parameter of this endpoint; it takes {string.Join(", ", documented.Select(p => p.Name).Distinct())}.");
            if (values.Count > 1) throw new OpenDataBadRequestException($"{name} is given {values.Count} times; give it once.");
        }
    }

    /// <summary>The query of this request, already checked against its endpoint's parameters by <see cref="OpenDataEndpoints"/>' filter.</summary>
    public static OpenDataQuery Of(HttpContext http) => http.Items[typeof(OpenDataQuery)] as OpenDataQuery
        ?? throw new InvalidOperationException("An open data endpoint runs behind its filter, which reads the query.");

    /// <summary>Checks the query against the endpoint's documented parameters and keeps it for the handler (<see cref="Of"/>).</summary>
    public static void Check(HttpContext http, IReadOnlyList<OpenDataParameter> documented) =>
        http.Items[typeof(OpenDataQuery)] = new OpenDataQuery(http.Request.Query, documented);

    private string? Raw(string name) => _query.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.ToString().Trim() : null;

    public string? Text(string name) => Raw(name);

    public Guid? Id(string name, string what) => Raw(name) is not { } raw ? null
        : Guid.TryParse(raw, out var id) ? id : throw new OpenDataBadRequestException($"{name} must be {what}'s id (a GUID), not '{raw}'.");

    public bool Flag(string name) => Raw(name) switch
    {
        null => false,
        var raw when bool.TryParse(raw, out var b) => b,
        var raw => throw new OpenDataBadRequestException($"{name} must be true or false, not '{raw}'."),
    };

    public int? Whole(string name, int min, int max) => Raw(name) is not { } raw ? null
        : int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
        : throw new OpenDataBadRequestException($"{name} must be a whole number from {min} to {max.ToString("N0", CultureInfo.InvariantCulture)}, not '{raw}'.");

    public DateTime? Instant(string name) => Raw(name) is not { } raw ? null
        : DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var d) ? d
        : throw new OpenDataBadRequestException($"{name} must be a date and time like 2026-01-31T09:00:00Z, not '{raw}'.");

    /// <summary>A local time as schedules store it ("HH:mm"); seconds, if given, must be zero.</summary>
    public string? Time(string name) => Raw(name) is not { } raw ? null
        : TimeOnly.TryParseExact(raw, ["HH:mm", "H:mm", "HH:mm:ss"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var t) && t.Second == 0
            ? t.ToString("HH:mm", CultureInfo.InvariantCulture)
            : throw new OpenDataBadRequestException($"{name} must be a time of day like 09:30, not '{raw}'.");

    private static readonly string[] DayCodes = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

    /// <summary>An RFC 5545 day code, as schedules' <c>byday</c> holds it.</summary>
    public string? Day(string name)
    {
        if (Raw(name) is not { } raw) return null;
        var upper = raw.ToUpperInvariant();
        if (DayCodes.Contains(upper)) return upper;
        if (Enum.TryParse<DayOfWeek>(raw, ignoreCase: true, out var d) && !int.TryParse(raw, out _))
            return DayCodes[((int)d + 6) % 7];
        throw new OpenDataBadRequestException($"{name} must be a day: MO, TU, WE, TH, FR, SA or SU (or Monday … Sunday), not '{raw}'.");
    }

    /// <summary>page and per_page, checked as every open API checks them (<see cref="PageRequest"/>).</summary>
    public PageRequest Paging() =>
        PageRequest.TryParse(_query, "page", "per_page", OpenDataEndpoints.DefaultPerPage, OpenDataEndpoints.MaxPerPage, out var paging, out var error)
            ? paging : throw new OpenDataBadRequestException(error);

    public bool HasPaging => Raw("page") is not null || Raw("per_page") is not null;

    /// <summary>format=ndjson: the whole collection streamed. Paging would contradict it, so it is refused with it.</summary>
    public bool NdJson()
    {
        switch (Raw("format")?.ToLowerInvariant())
        {
            case null or "json": return false;
            case "ndjson":
                if (HasPaging) throw new OpenDataBadRequestException("page and per_page do not apply with format=ndjson, which streams the whole collection.");
                return true;
            default: throw new OpenDataBadRequestException($"format must be json or ndjson, not '{Raw("format")}'.");
        }
    }

    /// <summary>The service filters shared by /services and /service_at_locations.</summary>
    public ServiceFilter ServiceFilter() => new(
        Text("search"), Id("taxonomy_term_id", "a taxonomy term"), Id("taxonomy_id", "a taxonomy"), Id("organization_id", "an organization"),
        Instant("modified_after"), Whole("minimum_age", 0, 150), Whole("maximum_age", 0, 150), Time("start_time"), Time("end_time"), Day("day"));
}
