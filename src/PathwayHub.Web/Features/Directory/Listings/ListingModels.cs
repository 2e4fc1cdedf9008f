using System.Globalization;
using PathwayHub.Web.Features.Directory.Evaluation;

namespace PathwayHub.Web.Features.Directory.Listings;

public enum DirectorySort { Name, Organisation, LastReviewed, Status }

/// <summary>A directory search: text, filters, and a zero-based page.</summary>
public sealed record DirectoryQuery
{
    public string? Text { get; init; }
    public int? PathwayId { get; init; }
    public int? ServiceTypeTermId { get; init; }
    public int? PrisonId { get; init; }
    public int? OrganisationId { get; init; }
    public ServiceStatus? Status { get; init; }
    public EvaluationStatus? Evaluation { get; init; }
    /// <summary>Only listings due for review (see <see cref="Review.ListingReviewDue"/>).</summary>
    public bool NotReviewedRecently { get; init; }
    /// <summary>Only what the public directory shows (always so for anyone not signed in).</summary>
    public bool PublishedOnly { get; init; }
    public int Page { get; init; }
    public int PageSize { get; init; } = 25;
    public DirectorySort Sort { get; init; }
    public bool Descending { get; init; }
}

public sealed record ServiceRow(
    int Id, Guid PublicId, string Name, int OrganisationId, string Organisation, ServiceStatus Status, DateOnly? AssuredDate,
    bool IsPublished, bool HasEvidence, bool DueForReview, IReadOnlyList<string> Prisons, IReadOnlyList<string> Pathways,
    EvaluationStatus Evaluation, string? Evaluator, DateOnly? EvaluationDate, string? EvaluationUrl, bool? Free);

public sealed record DirectoryResults(IReadOnlyList<ServiceRow> Items, int TotalItems);

public sealed record TermOption(int Id, string Name, string TaxonomySlug, int? PathwayId, int? ParentId);
/// <summary>A prison with its directory location; <see cref="Closed"/> says "closed in 2011, now HMP Northumberland" for a closed one.</summary>
public sealed record PrisonOption(int Id, string Name, int LocationId, string? Closed = null);
public sealed record LocationView(int Id, string Name, LocationType Type, int? PrisonId);
public sealed record ContactView(string Name, string? Title, string? Email, string? Phone);
public sealed record ScheduleView(string Description, string? ByDay, string? OpensAt, string? ClosesAt);
public sealed record EvidenceView(string Summary, DateOnly? Date, string? Source, string? SourceUrl);
public sealed record ChangeView(int Id, ChangeRequestStatus Status, bool IsNewListing, IReadOnlyList<FieldChange> Changes, string SubmittedBy,
    DateTime SubmittedAtUtc, string? ReviewedBy, DateTime? ReviewedAtUtc, string? ReviewComment, Guid Version);

public sealed record ServiceDetail(
    int Id, Guid PublicId, int OrganisationId, string Organisation, string Name, string Description, ServiceStatus Status, string? Url, string? Email,
    string? EligibilityDescription, int? MinimumAge, int? MaximumAge, string? FeesDescription, string? ApplicationProcess, string? Languages,
    DateOnly? AssuredDate, bool DueForReview, bool IsPublished, DateTime LastModifiedUtc,
    IReadOnlyList<LocationView> Locations, IReadOnlyList<TermOption> Terms, IReadOnlyList<ContactView> Contacts,
    IReadOnlyList<ScheduleView> Schedules, IReadOnlyList<EvidenceView> Evidence, bool CanEdit, bool CanReview,
    ChangeView? PendingChange, ChangeView? LastReturnedChange, Guid Version, bool? Free, EvaluationView Evaluation);

/// <summary>A service's evaluation status; evaluator, date and link for an independent evaluation.</summary>
public sealed record EvaluationView(EvaluationStatus Status, string? Evaluator, DateOnly? Date, string? Url);

/// <summary>What a provider editor or coordinator enters for a service. Lists are ids of locations and taxonomy terms.</summary>
public sealed class ServiceInput
{
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public ServiceStatus Status { get; set; } = ServiceStatus.Active;
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? EligibilityDescription { get; set; }
    public int? MinimumAge { get; set; }
    public int? MaximumAge { get; set; }
    public string? FeesDescription { get; set; }
    public string? ApplicationProcess { get; set; }
    public string? Languages { get; set; }
    /// <summary>True when free to use, false when it charges (the fees say how much), null when not stated.</summary>
    public bool? Free { get; set; }
    public EvaluationStatus Evaluation { get; set; }
    public string? Evaluator { get; set; }
    public DateOnly? EvaluationDate { get; set; }
    public string? EvaluationUrl { get; set; }
    public List<int> LocationIds { get; set; } = [];
    public List<int> TermIds { get; set; } = [];
    public List<ContactInput> Contacts { get; set; } = [];
    public List<ScheduleInput> Schedules { get; set; } = [];
    public List<EvidenceInput> Evidence { get; set; } = [];
    public Guid Version { get; set; }

    public static ServiceInput From(ServiceDetail s) => new()
    {
        Name = s.Name, Description = s.Description, Status = s.Status, Url = s.Url, Email = s.Email, EligibilityDescription = s.EligibilityDescription,
        MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, FeesDescription = s.FeesDescription, ApplicationProcess = s.ApplicationProcess,
        Languages = s.Languages, Free = s.Free, Evaluation = s.Evaluation.Status, Evaluator = s.Evaluation.Evaluator, EvaluationDate = s.Evaluation.Date,
        EvaluationUrl = s.Evaluation.Url, LocationIds = s.Locations.Select(l => l.Id).ToList(), TermIds = s.Terms.Select(t => t.Id).ToList(),
        Contacts = s.Contacts.Select(c => new ContactInput { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone }).ToList(),
        Schedules = s.Schedules.Select(x => new ScheduleInput { Description = x.Description, ByDay = x.ByDay, OpensAt = x.OpensAt, ClosesAt = x.ClosesAt }).ToList(),
        Evidence = s.Evidence.Select(e => new EvidenceInput { Summary = e.Summary, Date = e.Date, Source = e.Source, SourceUrl = e.SourceUrl }).ToList(),
        Version = s.Version,
    };
}

public sealed class ContactInput
{
    public string Name { get; set; } = "";
    public string? Title { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }
    public override string ToString() => string.Join(", ", new[] { Name, Title, Email, Phone }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public sealed class ScheduleInput
{
    public string Description { get; set; } = "";
    /// <summary>RFC 5545 BYDAY, e.g. "MO,WE".</summary>
    public string? ByDay { get; set; }
    public string? OpensAt { get; set; }
    public string? ClosesAt { get; set; }
    public override string ToString() => string.Join(" ", new[] { Description, ByDay, OpensAt is null ? null : $"{OpensAt}-{ClosesAt}" }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public sealed class EvidenceInput
{
    public string Summary { get; set; } = "";
    public DateOnly? Date { get; set; }
    public string? Source { get; set; }
    public string? SourceUrl { get; set; }
    public override string ToString() =>
        string.Join(", ", new[] { Summary, Date?.ToString("d MMM yyyy", CultureInfo.GetCultureInfo("en-GB")), Source, SourceUrl }.Where(x => !string.IsNullOrWhiteSpace(x)));
}

public enum SaveOutcome { Published, SubmittedForReview }

/// <summary>
/// Whether a service is free (<see cref="Service.Free"/>), as the listing, the edit dialog, the review, the CSV import and export say
/// it; the open data's cost_options come from the same flag.
/// </summary>
public static class ServiceCost
{
    public static string Label(bool? free) => free switch { true => "Free", false => "Charges a fee", null => "Not stated" };

    /// <summary>The import's spelling: yes/true/free, no/false, or empty for not stated.</summary>
    public static bool TryParse(string? text, out bool? free)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "": free = null; return true;
            case "yes" or "true" or "free": free = true; return true;
            case "no" or "false": free = false; return true;
            default: free = null; return false;
        }
    }

    public static string? CsvName(bool? free) => free switch { true => "yes", false => "no", null => null };
}
