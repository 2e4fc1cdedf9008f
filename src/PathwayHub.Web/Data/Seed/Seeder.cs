using PathwayHub.Web.Infrastructure;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed;

/// <summary>
/// Loads seed-data/ into an empty database: reference data always, demo people and sign-ins only when asked (Development).
/// Each part runs only when its tables are empty, inside one transaction, so starting twice never duplicates anything.
/// </summary>
public sealed class Seeder(IDbContextFactory<AppDbContext> dbs, IServiceScopeFactory scopes, ILogger<Seeder> log)
{
    public const string DemoPassword = "Pathway-Demo-2026!";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string FindSeedFolder(string contentRoot, string? configured)
    {
        if (!string.IsNullOrWhiteSpace(configured)) return Path.GetFullPath(Path.Combine(contentRoot, configured));
        // Walk up from the content root to the repository's seed-data folder (works from src/, bin/ and test output folders),
        // then look in the app's own folder, where a published build carries it.
        for (var dir = new DirectoryInfo(contentRoot); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "seed-data");
            if (Directory.Exists(candidate)) return candidate;
        }
        var published = Path.Combine(AppContext.BaseDirectory, "seed-data");
        if (Directory.Exists(published)) return published;
        throw new DirectoryNotFoundException($"No seed-data folder above {contentRoot} or in {AppContext.BaseDirectory}; set SeedData to its path.");
    }

    public async Task SeedReferenceDataAsync(string folder, CancellationToken ct = default)
    {
        await SeedCoreAsync(folder, ct);
        // Separate from the core so that a database created before the directory existed still gets it.
        await SeedDirectoryAsync(folder, ct);
        await SeedDeliveryPlansAsync(folder, ct);
        await SeedCommissioningAsync(folder, ct);
        await ApplyPrisonClosuresAsync(folder, ct);
        await ApplyPrisonCoordinatesAsync(folder, ct);
        await using (var db = await dbs.OpenAsync(Actor.System, ct))
            if (await Features.Estate.Offer.OfferSeed.SeedAsync(db, folder, ct) > 0) log.LogInformation("Seeded the Pathways' minimum offers from {Folder}", folder);
    }

    /// <summary>Coordinates in prisons.json for prison locations that have none, on every start: a database seeded before they were known gets them too.</summary>
    private async Task ApplyPrisonCoordinatesAsync(string folder, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        var located = Read<List<PrisonSeed>>(folder, "prisons.json").Where(p => p.Latitude is not null && p.Longitude is not null).ToDictionary(p => p.Slug);
        var missing = await db.Locations.Include(l => l.Prison).Where(l => l.Prison != null && l.Latitude == null).ToListAsync(ct);
        foreach (var l in missing.Where(l => located.ContainsKey(l.Prison!.Slug)))
            (l.Latitude, l.Longitude) = (located[l.Prison!.Slug].Latitude, located[l.Prison.Slug].Longitude);
        if (await db.SaveChangesAsync(ct) > 0) log.LogInformation("Recorded prisons' coordinates from {Folder}", folder);
    }

    /// <summary>Closures in prisons.json, on every start: a database seeded before a prison closed gets the closure too.</summary>
    private async Task ApplyPrisonClosuresAsync(string folder, CancellationToken ct)
    {
        var closures = Read<List<PrisonSeed>>(folder, "prisons.json")
            .Where(p => p.ClosedOn is not null).Select(p => new PrisonClosure(p.Slug, p.ClosedOn!.Value, p.Successor)).ToList();
        await using var scope = scopes.CreateAsyncScope();
        var today = scope.ServiceProvider.GetRequiredService<TimeProvider>().UkToday();
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await PrisonClosures.ApplyAsync(db, closures, today, ct) > 0) log.LogInformation("Recorded prison closures from {Folder}", folder);
    }

    /// <summary>The Delivery Plans in delivery-plans.json, into a database that has none yet.</summary>
    private async Task SeedDeliveryPlansAsync(string folder, CancellationToken ct)
    {
        if (!File.Exists(Path.Combine(folder, "delivery-plans.json"))) return;
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.DeliveryPlans.AnyAsync(ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pathways = await db.Pathways.ToDictionaryAsync(p => p.Slug, ct);
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name, ct);
        foreach (var p in Read<List<PlanSeed>>(folder, "delivery-plans.json"))
        {
            var plan = new DeliveryPlan { Pathway = pathways[p.Pathway], Year = p.Year, Summary = p.Summary };
            var order = 0;
            foreach (var o in p.Objectives)
            {
                var objective = new PlanObjective { Order = ++order * 10, Title = o.Title, Description = o.Description, OutcomeSought = o.OutcomeSought };
                var actionOrder = 0;
                foreach (var a in o.Actions)
                {
                    var action = new PlanAction
                    {
                        Order = ++actionOrder * 10, Description = a.Description, OwnerOrganisation = orgs[a.Owner], DueDate = a.Due, Status = a.Status,
                        CompletedUtc = a.Status == PlanActionStatus.Complete ? a.Due.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : null,
                    };
                    foreach (var n in a.Notes ?? [])
                        action.Notes.Add(new PlanProgressNote { AtUtc = n.At.ToDateTime(new TimeOnly(12, 0), DateTimeKind.Utc), Author = a.Owner, Status = n.Status, Text = n.Text });
                    objective.Actions.Add(action);
                }
                foreach (var m in o.Measures ?? [])
                {
                    decimal? At(List<decimal>? xs, int i) => xs is not null && i < xs.Count ? xs[i] : null;
                    objective.Measures.Add(new PlanMeasure
                    {
                        Name = m.Name, TargetQ1 = At(m.Targets, 0), TargetQ2 = At(m.Targets, 1), TargetQ3 = At(m.Targets, 2), TargetQ4 = At(m.Targets, 3),
                        ActualQ1 = At(m.Actuals, 0), ActualQ2 = At(m.Actuals, 1), ActualQ3 = At(m.Actuals, 2), ActualQ4 = At(m.Actuals, 3),
                    });
                }
                plan.Objectives.Add(objective);
            }
            db.DeliveryPlans.Add(plan);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded delivery plans from {Folder}", folder);
    }

    private async Task SeedCoreAsync(string folder, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.Pathways.AnyAsync(ct)) return;
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var order = 0;
        foreach (var p in Read<List<PathwaySeed>>(folder, "pathways.json"))
        {
            var pathway = new Pathway { Slug = p.Slug, Name = p.Name, Description = p.Description, SortOrder = ++order };
            db.Pathways.Add(pathway);
            foreach (var s in p.SubGroups ?? [])
                db.Pathways.Add(new Pathway { Slug = s.Slug, Name = s.Name, Description = s.Description, SortOrder = ++order, Parent = pathway });
        }
        foreach (var p in Read<List<PrisonSeed>>(folder, "prisons.json"))
            db.Prisons.Add(new Prison { Slug = p.Slug, Name = p.Name, Type = p.Type, Town = p.Town, Postcode = p.Postcode, Note = p.Note });
        foreach (var o in Read<List<OrganisationSeed>>(folder, "organisations.json"))
            db.Organisations.Add(new Organisation { Name = o.Name, Sector = o.Sector, Website = o.Website, Description = o.Description ?? "" });

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded reference data from {Folder}", folder);
    }

    /// <summary>The provider directory from directory.json: taxonomies, a location per prison, and services. Into an empty directory only.</summary>
    private async Task SeedDirectoryAsync(string folder, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.Taxonomies.AnyAsync(ct)) return;
        var seed = Read<DirectorySeed>(folder, "directory.json");
        await using var tx = await db.Database.BeginTransactionAsync(ct);

        var (pathwayTerms, typeTerms) = await AddTaxonomiesAsync(db, seed, ct);
        var (prisonLocations, otherLocations) = await AddLocationsAsync(db, seed, ct);

        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name, ct);
        foreach (var s in seed.Services)
        {
            var service = new Service
            {
                Organisation = orgs[s.Organisation], Name = s.Name, Description = s.Description, Status = s.Status ?? ServiceStatus.Active,
                Url = s.Url, Email = s.Email, EligibilityDescription = s.EligibilityDescription, MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge,
                FeesDescription = s.FeesDescription, Free = s.Free, ApplicationProcess = s.ApplicationProcess, Languages = s.Languages, AssuredDate = s.AssuredDate,
                IsPublished = true, LastModifiedUtc = s.AssuredDate is { } d ? d.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) : DateTime.UnixEpoch,
            };
            foreach (var p in s.Pathways ?? []) service.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTerm = pathwayTerms[p] });
            foreach (var t in s.ServiceTypes ?? []) service.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTerm = typeTerms[t] });
            foreach (var p in s.Prisons ?? []) service.Locations.Add(new ServiceAtLocation { Location = prisonLocations[p] });
            foreach (var l in s.Locations ?? []) service.Locations.Add(new ServiceAtLocation { Location = otherLocations[l] });
            foreach (var c in s.Contacts ?? []) service.Contacts.Add(new Contact { Name = c.Name, Title = c.Title, Email = c.Email, Phone = c.Phone });
            foreach (var x in s.Schedules ?? []) service.Schedules.Add(new Schedule { Description = x.Description, ByDay = x.ByDay, OpensAt = x.OpensAt, ClosesAt = x.ClosesAt });
            foreach (var e in s.Evidence ?? []) service.Evidence.Add(new ServiceEvidence { Summary = e.Summary, Date = e.Date, Source = e.Source, SourceUrl = e.SourceUrl });
            db.Services.Add(service);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded the provider directory from {Folder}", folder);
    }

    /// <summary>The seed's taxonomies, and a Pathways term per Pathway and sub-group; answers the Pathway terms and service types by code.</summary>
    private static async Task<(Dictionary<string, TaxonomyTerm> Pathways, Dictionary<string, TaxonomyTerm> Types)> AddTaxonomiesAsync(
        AppDbContext db, DirectorySeed seed, CancellationToken ct)
    {
        var taxonomies = new Dictionary<string, Taxonomy>();
        foreach (var t in seed.Taxonomies)
        {
            var taxonomy = new Taxonomy { Slug = t.Slug, Name = t.Name, Description = t.Description };
            var order = 0;
            foreach (var term in t.Terms ?? [])
                taxonomy.Terms.Add(new TaxonomyTerm { Code = term.Code, Name = term.Name, Description = term.Description ?? term.Name, SortOrder = ++order });
            taxonomies[t.Slug] = taxonomy;
            db.Taxonomies.Add(taxonomy);
        }
        // One Pathways term per Pathway and sub-group, linked to the Pathway row so Pathway pages and coverage can use them.
        var pathwayTerms = new Dictionary<string, TaxonomyTerm>();
        var pathways = await db.Pathways.OrderBy(p => p.SortOrder).ToListAsync(ct);
        foreach (var p in pathways)
        {
            var term = new TaxonomyTerm
            {
                Taxonomy = taxonomies[Taxonomy.PathwaysSlug], Code = p.Slug, Name = p.Name, Description = p.Description, SortOrder = p.SortOrder, Pathway = p,
                Parent = p.ParentId is { } parentId ? pathwayTerms[pathways.Single(x => x.Id == parentId).Slug] : null,
            };
            pathwayTerms[p.Slug] = term;
            db.TaxonomyTerms.Add(term);
        }
        var typeTerms = taxonomies[Taxonomy.ServiceTypesSlug].Terms.ToDictionary(t => t.Code);
        return (pathwayTerms, typeTerms);
    }

    /// <summary>A location per prison, and the seed's other locations; answers them by prison slug and by name.</summary>
    private static async Task<(Dictionary<string, Location> Prisons, Dictionary<string, Location> Others)> AddLocationsAsync(
        AppDbContext db, DirectorySeed seed, CancellationToken ct)
    {
        var prisonLocations = new Dictionary<string, Location>();
        foreach (var prison in await db.Prisons.ToListAsync(ct))
        {
            var location = new Location { Type = LocationType.Prison, Prison = prison, Name = prison.Name, City = prison.Town, Postcode = prison.Postcode };
            // Coordinates come from prisons.json on every start (ApplyPrisonCoordinatesAsync), for databases seeded before they were known too.
            prisonLocations[prison.Slug] = location;
            db.Locations.Add(location);
        }
        var otherLocations = new Dictionary<string, Location>();
        foreach (var l in seed.Locations ?? [])
        {
            var location = new Location { Type = l.Type, Name = l.Name, Address1 = l.Address1, City = l.City, Postcode = l.Postcode, Latitude = l.Latitude, Longitude = l.Longitude };
            otherLocations[l.Name] = location;
            db.Locations.Add(location);
        }
        return (prisonLocations, otherLocations);
    }

    /// <summary>Tenders and agreements from commissioning.json, into an empty commissioning set only (after the directory they link to).</summary>
    private async Task SeedCommissioningAsync(string folder, CancellationToken ct)
    {
        var path = Path.Combine(folder, "commissioning.json");
        if (!File.Exists(path)) return;
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.Tenders.AnyAsync(ct) || await db.Agreements.AnyAsync(ct)) return;
        var seed = Read<CommissioningSeed>(folder, "commissioning.json");
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name, ct);
        var pathways = await db.Pathways.ToDictionaryAsync(p => p.Slug, ct);
        var prisons = await db.Prisons.ToDictionaryAsync(p => p.Slug, ct);
        var services = await db.Services.ToDictionaryAsync(s => s.Name, ct);
        static DateTime Noon(DateOnly d) => UkCalendar.ToUtc(d.ToDateTime(new TimeOnly(12, 0)));

        var tenders = new Dictionary<string, Tender>();
        foreach (var t in seed.Tenders)
        {
            var tender = new Tender
            {
                Reference = t.Reference, Title = t.Title, Description = t.Description, EstimatedValue = t.EstimatedValue, Method = t.Method,
                Buyer = orgs[t.Buyer], Status = t.Status, PublishedUtc = t.Published is { } p ? Noon(p) : null,
                ClarificationDeadlineUtc = t.ClarificationDeadline is { } c ? Noon(c) : null, SubmissionDeadlineUtc = t.SubmissionDeadline is { } s ? Noon(s) : null,
                AwardDate = t.AwardDate, LastModifiedUtc = Noon(t.AwardDate ?? t.Published ?? new DateOnly(2026, 11, 2)),
            };
            foreach (var x in t.Pathways ?? []) tender.Pathways.Add(new TenderPathway { Pathway = pathways[x] });
            foreach (var x in t.Prisons ?? []) tender.Prisons.Add(new TenderPrison { Prison = prisons[x] });
            foreach (var x in t.Interests ?? [])
                tender.Interests.Add(new TenderInterest { Organisation = orgs[x], RegisteredUtc = tender.PublishedUtc ?? tender.LastModifiedUtc, RegisteredBy = x });
            foreach (var b in t.Bids ?? [])
                tender.Bids.Add(new Bid { Organisation = orgs[b.Organisation], Value = b.Value, Summary = b.Summary, SubmittedUtc = Noon(b.Submitted).AddHours(-2),
                    SubmittedBy = b.Organisation, Score = b.Score, Outcome = b.Outcome ?? BidOutcome.Pending });
            tenders[t.Reference] = tender;
            db.Tenders.Add(tender);
        }
        foreach (var a in seed.Agreements)
        {
            var agreement = new Agreement
            {
                Reference = a.Reference, Title = a.Title, Description = a.Description, Kind = a.Kind, Supplier = orgs[a.Supplier], Buyer = orgs[a.Buyer],
                Tender = a.Tender is { } tr ? tenders[tr] : null, Value = a.Value, StartDate = a.Start, EndDate = a.End, ExtensionOptions = a.ExtensionOptions,
                Status = a.Status, Decision = a.Decision, DecisionNote = a.DecisionNote, DecisionDueDate = a.DecisionDue ?? Agreement.DefaultDecisionDue(a.End),
                DecisionDueDateSet = a.DecisionDue is not null, DecidedUtc = a.Decision == RecommissioningDecision.Undecided ? null : Noon(new DateOnly(2026, 10, 15)),
                DecidedBy = a.Decision == RecommissioningDecision.Undecided ? null : "Commissioning team", LastModifiedUtc = Noon(a.Start),
            };
            foreach (var x in a.Pathways ?? []) agreement.Pathways.Add(new AgreementPathway { Pathway = pathways[x] });
            foreach (var x in a.Prisons ?? []) agreement.Prisons.Add(new AgreementPrison { Prison = prisons[x] });
            foreach (var x in a.Subcontractors ?? []) agreement.Subcontractors.Add(new AgreementSubcontractor { Organisation = orgs[x] });
            foreach (var x in a.Services ?? []) agreement.Services.Add(new AgreementService { Service = services[x] });
            foreach (var m in a.Milestones ?? [])
                agreement.Milestones.Add(new Milestone { Title = m.Title, Kind = m.Kind, DueDate = m.Due, Status = m.Status, CompletedDate = m.Completed, Notes = m.Notes });
            foreach (var r in a.Returns ?? [])
                agreement.Returns.Add(new PerformanceReturn { FinancialYear = r.Year, Quarter = r.Quarter, Measure = r.Measure, Target = r.Target, Actual = r.Actual,
                    Commentary = r.Commentary, Rag = PerformanceReturn.DeriveRag(r.Target, r.Actual), SubmittedUtc = Noon(a.Start), SubmittedBy = a.Supplier });
            db.Agreements.Add(agreement);
        }
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded commissioning from {Folder}", folder);
    }

    /// <summary>
    /// The Development demo (seed-data/demo): people, memberships and one sign-in per role, then the Pathways' terms of reference,
    /// meetings and inboxes. Returns the sign-ins created (empty when users already exist).
    /// </summary>
    public async Task<IReadOnlyList<(string Email, string Role)>> SeedDemoAsync(string folder, CancellationToken ct = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await new Demo.DemoSeeder(dbs, scope.ServiceProvider, log).SeedAsync(folder, ct);
    }

    internal static T Read<T>(string folder, string file)
    {
        using var stream = File.OpenRead(Path.Combine(folder, file));
        return JsonSerializer.Deserialize<T>(stream, Json) ?? throw new InvalidDataException($"{file} is empty.");
    }

    private sealed record PathwaySeed(string Slug, string Name, string Description, List<PathwaySeed>? SubGroups);
    private sealed record PrisonSeed(string Slug, string Name, PrisonType Type, string Town, string? Postcode, string? Note, DateOnly? ClosedOn = null, string? Successor = null,
        double? Latitude = null, double? Longitude = null);
    private sealed record OrganisationSeed(string Name, Sector Sector, string? Website, string? Description);
    private sealed record DirectorySeed(List<TaxonomySeed> Taxonomies, List<LocationSeed>? Locations, List<ServiceSeed> Services);
    private sealed record TaxonomySeed(string Slug, string Name, string Description, List<TermSeed>? Terms);
    private sealed record TermSeed(string Code, string Name, string? Description);
    private sealed record LocationSeed(string Name, LocationType Type, string? Address1, string? City, string? Postcode, double? Latitude, double? Longitude);
    private sealed record ServiceSeed(
        string Organisation, string Name, string Description, ServiceStatus? Status, string? Url, string? Email, string? EligibilityDescription,
        int? MinimumAge, int? MaximumAge, string? FeesDescription, bool? Free, string? ApplicationProcess, string? Languages, DateOnly? AssuredDate,
        List<string>? Pathways, List<string>? ServiceTypes, List<string>? Prisons, List<string>? Locations,
        List<ContactSeed>? Contacts, List<ScheduleSeed>? Schedules, List<EvidenceSeed>? Evidence);
    private sealed record ContactSeed(string Name, string? Title, string? Email, string? Phone);
    private sealed record ScheduleSeed(string Description, string? ByDay, string? OpensAt, string? ClosesAt);
    private sealed record EvidenceSeed(string Summary, DateOnly? Date, string? Source, string? SourceUrl);
    private sealed record PlanSeed(string Pathway, int Year, string? Summary, List<ObjectiveSeed> Objectives);
    private sealed record ObjectiveSeed(string Title, string Description, string OutcomeSought, List<PlanActionSeed> Actions, List<MeasureSeed>? Measures);
    private sealed record PlanActionSeed(string Description, string Owner, DateOnly Due, PlanActionStatus Status, List<NoteSeed>? Notes);
    private sealed record NoteSeed(DateOnly At, PlanActionStatus Status, string Text);
    private sealed record MeasureSeed(string Name, List<decimal>? Targets, List<decimal>? Actuals);
    private sealed record CommissioningSeed(List<TenderSeed> Tenders, List<AgreementSeed> Agreements);
    private sealed record TenderSeed(string Reference, string Title, string Description, decimal? EstimatedValue, ProcurementMethod Method, string Buyer,
        TenderStatus Status, DateOnly? Published, DateOnly? ClarificationDeadline, DateOnly? SubmissionDeadline, DateOnly? AwardDate,
        List<string>? Pathways, List<string>? Prisons, List<string>? Interests, List<BidSeed>? Bids);
    private sealed record BidSeed(string Organisation, decimal Value, DateOnly Submitted, string Summary, decimal? Score, BidOutcome? Outcome);
    private sealed record AgreementSeed(string Reference, string Title, string Description, AgreementKind Kind, string Supplier, string Buyer, string? Tender,
        decimal Value, DateOnly Start, DateOnly End, string? ExtensionOptions, AgreementStatus Status, RecommissioningDecision Decision, DateOnly? DecisionDue,
        string? DecisionNote, List<string>? Pathways, List<string>? Prisons, List<string>? Subcontractors, List<string>? Services,
        List<MilestoneSeed>? Milestones, List<ReturnSeed>? Returns);
    private sealed record MilestoneSeed(string Title, MilestoneKind Kind, DateOnly Due, MilestoneStatus Status, DateOnly? Completed, string? Notes);
    private sealed record ReturnSeed(int Year, int Quarter, string Measure, decimal Target, decimal Actual, string? Commentary);
}
