using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Listings;

/// <summary>How an edit is applied to a listing, described for the reviewer and stored as a change request: shared by editing and review.</summary>
internal static class ListingChanges
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static ChangeRequest NewChange(Actor actor, Service service, DateTime nowUtc, List<FieldChange> changes, ServiceInput input, bool isNew) => new()
    {
        ServiceId = service.Id, OrganisationId = service.OrganisationId, Status = ChangeRequestStatus.Pending, IsNewListing = isNew,
        Changes = JsonSerializer.Serialize(changes, Json), Proposed = JsonSerializer.Serialize(input, Json), BaseVersion = service.Version,
        SubmittedById = actor.UserId, SubmittedByName = actor.Name, SubmittedAtUtc = nowUtc,
    };

    public static ServiceInput Proposed(ChangeRequest change) => JsonSerializer.Deserialize<ServiceInput>(change.Proposed, Json)!;

    public static ChangeView View(ChangeRequest c) => new(c.Id, c.Status, c.IsNewListing, Parse(c.Changes), c.SubmittedByName, c.SubmittedAtUtc,
        c.ReviewedByName, c.ReviewedAtUtc, c.ReviewComment, c.Version);

    public static List<FieldChange> Parse(string json) => JsonSerializer.Deserialize<List<FieldChange>>(json, Json) ?? [];

    public static TermOption Option(TaxonomyTerm t) => new(t.Id, t.Name, t.Taxonomy.Slug, t.PathwayId, t.ParentId);

    public static void Apply(Service s, ServiceInput i)
    {
        s.Name = i.Name.Trim();
        s.Description = i.Description.Trim();
        s.Status = i.Status;
        s.Url = FieldRules.Clean(i.Url);
        s.Email = FieldRules.Clean(i.Email);
        s.EligibilityDescription = FieldRules.Clean(i.EligibilityDescription);
        s.MinimumAge = i.MinimumAge;
        s.MaximumAge = i.MaximumAge;
        s.FeesDescription = FieldRules.Clean(i.FeesDescription);
        s.ApplicationProcess = FieldRules.Clean(i.ApplicationProcess);
        s.Languages = FieldRules.Clean(i.Languages);
        s.Free = i.Free;
        s.Evaluation = i.Evaluation;
        s.Evaluator = FieldRules.Clean(i.Evaluator);
        s.EvaluationDate = i.EvaluationDate;
        s.EvaluationUrl = FieldRules.Clean(i.EvaluationUrl);
        // Children are matched by position, so unchanged contacts and schedules keep their public ids in the open data.
        Sync(s.Contacts, i.Contacts, (c, x) => { c.Name = x.Name.Trim(); c.Title = FieldRules.Clean(x.Title); c.Email = FieldRules.Clean(x.Email); c.Phone = FieldRules.Clean(x.Phone); });
        Sync(s.Schedules, i.Schedules, (c, x) =>
        {
            c.Description = x.Description.Trim(); c.ByDay = FieldRules.Clean(x.ByDay)?.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
            c.OpensAt = FieldRules.Clean(x.OpensAt); c.ClosesAt = FieldRules.Clean(x.ClosesAt);
        });
        Sync(s.Evidence, i.Evidence, (c, x) => { c.Summary = x.Summary.Trim(); c.Date = x.Date; c.Source = FieldRules.Clean(x.Source); c.SourceUrl = FieldRules.Clean(x.SourceUrl); });
    }

    /// <summary>A service with everything an edit replaces; children in a stable order, as <see cref="Sync"/> matches them by position.</summary>
    public static IQueryable<Service> WithChildren(IQueryable<Service> services) => services
        .Include(s => s.Locations).Include(s => s.Terms)
        .Include(s => s.Contacts.OrderBy(c => c.Id)).Include(s => s.Schedules.OrderBy(c => c.Id)).Include(s => s.Evidence.OrderBy(c => c.Id))
        .AsSplitQuery();

    public static void SetLinks(AppDbContext db, Service s, ServiceInput i)
    {
        var locations = i.LocationIds.ToHashSet();
        foreach (var l in s.Locations.Where(l => !locations.Contains(l.LocationId)).ToList()) db.ServiceAtLocations.Remove(l);
        foreach (var id in locations.Where(id => s.Locations.All(l => l.LocationId != id))) s.Locations.Add(new ServiceAtLocation { LocationId = id });
        var terms = i.TermIds.ToHashSet();
        foreach (var t in s.Terms.Where(t => !terms.Contains(t.TaxonomyTermId)).ToList()) db.ServiceTaxonomyTerms.Remove(t);
        foreach (var id in terms.Where(id => s.Terms.All(t => t.TaxonomyTermId != id))) s.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTermId = id });
    }

    /// <summary>Field-by-field old and new values, as the reviewer reads them.</summary>
    public static async Task<List<FieldChange>> DescribeAsync(AppDbContext db, Service? s, ServiceInput i, CancellationToken ct)
    {
        var list = new List<FieldChange>();
        void Add(string field, string label, string? old, string? @new)
        {
            if (!string.Equals(FieldRules.Clean(old), FieldRules.Clean(@new), StringComparison.Ordinal)) list.Add(new FieldChange(field, label, FieldRules.Clean(old), FieldRules.Clean(@new)));
        }
        static string? Num(int? n) => n?.ToString(CultureInfo.InvariantCulture);
        Add(nameof(i.Name), "Name", s?.Name, i.Name);
        Add(nameof(i.Description), "Description", s?.Description, i.Description);
        Add(nameof(i.Status), "Status", s?.Status.ToString(), i.Status.ToString());
        Add(nameof(i.Url), "Website", s?.Url, i.Url);
        Add(nameof(i.Email), "Email", s?.Email, i.Email);
        Add(nameof(i.EligibilityDescription), "Who it is for", s?.EligibilityDescription, i.EligibilityDescription);
        Add(nameof(i.MinimumAge), "Minimum age", Num(s?.MinimumAge), Num(i.MinimumAge));
        Add(nameof(i.MaximumAge), "Maximum age", Num(s?.MaximumAge), Num(i.MaximumAge));
        Add(nameof(i.FeesDescription), "Fees", s?.FeesDescription, i.FeesDescription);
        Add(nameof(i.ApplicationProcess), "How to apply", s?.ApplicationProcess, i.ApplicationProcess);
        Add(nameof(i.Languages), "Languages", s?.Languages, i.Languages);
        Add(nameof(i.Free), "Free to use", s is null ? null : ServiceCost.Label(s.Free), ServiceCost.Label(i.Free));
        Add(nameof(i.Evaluation), "Evaluation", s is null ? null : ServiceEvaluation.Label(s.Evaluation), ServiceEvaluation.Label(i.Evaluation));
        Add(nameof(i.Evaluator), "Evaluator", s?.Evaluator, i.Evaluator);
        Add(nameof(i.EvaluationDate), "Evaluation date", s?.EvaluationDate?.ToString("d MMM yyyy", Uk), i.EvaluationDate?.ToString("d MMM yyyy", Uk));
        Add(nameof(i.EvaluationUrl), "Evaluation report", s?.EvaluationUrl, i.EvaluationUrl);

        var oldLocations = s?.Locations.Select(l => l.LocationId).ToList() ?? [];
        var oldTerms = s?.Terms.Select(t => t.TaxonomyTermId).ToList() ?? [];
        var locationIds = oldLocations.Concat(i.LocationIds).Distinct().ToList();
        var termIds = oldTerms.Concat(i.TermIds).Distinct().ToList();
        var locationNames = await db.Locations.Where(l => locationIds.Contains(l.Id)).ToDictionaryAsync(l => l.Id, l => l.Name, ct);
        var termNames = await db.TaxonomyTerms.Where(t => termIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        string? Names(IEnumerable<int> ids, Dictionary<int, string> names) =>
            string.Join(", ", ids.Distinct().Select(id => names.GetValueOrDefault(id, "?")).Order(StringComparer.Ordinal)) is { Length: > 0 } x ? x : null;
        Add(nameof(i.LocationIds), "Where it is delivered", Names(oldLocations, locationNames), Names(i.LocationIds, locationNames));
        Add(nameof(i.TermIds), "Pathways and service types", Names(oldTerms, termNames), Names(i.TermIds, termNames));
        static string? Lines<T>(IEnumerable<T> items) => string.Join("; ", items.Select(x => x!.ToString())) is { Length: > 0 } x ? x : null;
        Add(nameof(i.Contacts), "Contacts", Lines((s?.Contacts ?? []).Select(c => new ContactInput { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone })), Lines(i.Contacts));
        Add(nameof(i.Schedules), "When", Lines((s?.Schedules ?? []).Select(x => new ScheduleInput { Description = x.Description, ByDay = x.ByDay, OpensAt = x.OpensAt, ClosesAt = x.ClosesAt })), Lines(i.Schedules));
        Add(nameof(i.Evidence), "Evidence of impact", Lines((s?.Evidence ?? []).Select(e => new EvidenceInput { Summary = e.Summary, Date = e.Date, Source = e.Source, SourceUrl = e.SourceUrl })), Lines(i.Evidence));
        return list;
    }

    private static void Sync<TEntity, TInput>(List<TEntity> existing, List<TInput> wanted, Action<TEntity, TInput> set) where TEntity : new()
    {
        if (existing.Count > wanted.Count) existing.RemoveRange(wanted.Count, existing.Count - wanted.Count);
        for (var n = 0; n < wanted.Count; n++)
        {
            if (n == existing.Count) existing.Add(new TEntity());
            set(existing[n], wanted[n]);
        }
    }
}
