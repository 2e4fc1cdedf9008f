using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

/// <summary>HSDS service status; only the two the region uses.</summary>
public enum ServiceStatus { Active, Inactive }

/// <summary>
/// A service an organisation delivers (HSDS <c>service</c>). Only published services appear in the public directory and
/// the open data API; a provider's edits to a published service wait as a <see cref="ChangeRequest"/>.
/// </summary>
public sealed class Service : IAudited, IVersioned
{
    public int Id { get; set; }
    /// <summary>Stable public identifier for open data.</summary>
    public Guid PublicId { get; set; } = Guid.NewGuid();
    public int OrganisationId { get; set; }
    public Organisation Organisation { get; set; } = null!;
    public string Name { get; set; } = "";
    public string Description { get; set; } = "";
    public ServiceStatus Status { get; set; } = ServiceStatus.Active;
    public string? Url { get; set; }
    public string? Email { get; set; }
    public string? EligibilityDescription { get; set; }
    public int? MinimumAge { get; set; }
    public int? MaximumAge { get; set; }
    public string? FeesDescription { get; set; }
    /// <summary>
    /// Whether using the service is free: true for most (commissioned for prisoners and their families), false when it charges (the
    /// fees description says how much), null when nobody has said. The open data's <c>cost_options</c> come from it.
    /// </summary>
    public bool? Free { get; set; }
    public string? ApplicationProcess { get; set; }
    /// <summary>How far the service's impact is evaluated (<see cref="Evaluation.ServiceEvaluation"/> holds the rules); evidence of impact is in <see cref="Evidence"/>.</summary>
    public Evaluation.EvaluationStatus Evaluation { get; set; }
    /// <summary>Who carried out an independent evaluation; with its date and link, recorded for an independent evaluation only.</summary>
    public string? Evaluator { get; set; }
    public DateOnly? EvaluationDate { get; set; }
    public string? EvaluationUrl { get; set; }
    /// <summary>Languages spoken, comma separated (English, Polish).</summary>
    public string? Languages { get; set; }
    /// <summary>When the provider or coordinator last confirmed the listing is accurate ("last reviewed").</summary>
    public DateOnly? AssuredDate { get; set; }
    public bool IsPublished { get; set; }
    public DateTime LastModifiedUtc { get; set; }
    /// <summary>
    /// What the directory's text search reads: the organisation's name, the service's name and its description in lower case,
    /// one per line. Kept by <see cref="DirectorySaveInterceptor"/> in every save that changes one of them (a renamed
    /// organisation included), so a search is one LIKE over one column.
    /// </summary>
    public string? SearchText { get; private set; }
    /// <summary>
    /// Whether the listing is in the public directory and the open data API (<see cref="OpenDataPolicy.IsPublic"/>: published, of
    /// an approved organisation). Kept by <see cref="DirectorySaveInterceptor"/> in every save that changes either (an
    /// organisation's approval or withdrawal included), so the API filters and counts services from their own indexes without
    /// joining organisations.
    /// </summary>
    public bool IsPublic { get; private set; }
    public List<ServiceAtLocation> Locations { get; set; } = [];
    public List<ServiceTaxonomyTerm> Terms { get; set; } = [];
    public List<Contact> Contacts { get; set; } = [];
    public List<Schedule> Schedules { get; set; } = [];
    public List<ServiceEvidence> Evidence { get; set; } = [];
    public Guid Version { get; set; }

    public void KeepSearchText(string organisationName) => SearchText = DirectoryText.Of(organisationName, Name, Description);

    public void KeepPublic(OrganisationStatus organisationStatus) => IsPublic = OpenDataPolicy.IsPublic(IsPublished, organisationStatus);
}

internal sealed class ServiceConfiguration : IEntityTypeConfiguration<Service>
{
    public void Configure(EntityTypeBuilder<Service> b)
    {
        b.HasIndex(s => s.PublicId).IsUnique();
        b.Property(s => s.Name).HasMaxLength(200);
        b.Property(s => s.Description).HasMaxLength(4000);
        b.Property(s => s.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(s => s.Url).HasMaxLength(500);
        b.Property(s => s.Email).HasMaxLength(256);
        b.Property(s => s.EligibilityDescription).HasMaxLength(2000);
        b.Property(s => s.FeesDescription).HasMaxLength(1000);
        b.Property(s => s.ApplicationProcess).HasMaxLength(2000);
        b.Property(s => s.Languages).HasMaxLength(200);
        b.Property(s => s.Evaluation).HasConversion<string>().HasMaxLength(30);
        b.Property(s => s.Evaluator).HasMaxLength(Evaluation.ServiceEvaluation.EvaluatorMaxLength);
        b.Property(s => s.EvaluationUrl).HasMaxLength(Evaluation.ServiceEvaluation.UrlMaxLength);
        b.Property(s => s.Version).IsConcurrencyToken();
        b.HasOne(s => s.Organisation).WithMany(o => o.Services).HasForeignKey(s => s.OrganisationId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(s => new { s.OrganisationId, s.Name }).IsUnique();
        // Active published services (the offered ones) counted from the index alone, with the columns the Progress figures
        // test (reviewed since, evaluated). Status first: SQLite cannot use an index for a bare boolean test (EF writes WHERE
        // "IsPublished") but can for Status = 'Active'; Id last so PostgreSQL answers from the index without reading the wide
        // rows (SQLite's indexes carry the row id anyway).
        b.HasIndex(s => new { s.Status, s.IsPublished, s.AssuredDate, s.Evaluation, s.Id });
        // The directory's default order and the open data API's: the first page is read in order, not sorted.
        b.HasIndex(s => s.Name);
        // The open data API's services (IsPublic, a bare boolean that only a partial index answers) with the columns its filters
        // test, so a count reads this narrow index and no wide service row. Keyed by Id, so a filter that does need the row
        // (the text search) reads the rows in table order; the page itself is read in order from the index on Name.
        b.HasIndex(s => new { s.Id, s.OrganisationId, s.LastModifiedUtc, s.MinimumAge, s.MaximumAge }, "IX_Services_Public").HasFilter("\"IsPublic\"");
        b.HasIndex(s => s.AssuredDate);
    }
}
