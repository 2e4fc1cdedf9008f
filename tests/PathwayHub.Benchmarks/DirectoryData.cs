using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Benchmarks;

/// <summary>
/// A generated directory at the size the issue names: 10,000 organisations with five services each (50,000), every service
/// with one or two Pathway terms and one or two service types, delivered at one to three prisons (and some at a community site),
/// a contact each, a schedule for half and evidence of impact for one in ten. Same data every run (fixed random seed).
/// </summary>
internal static class DirectoryData
{
    public const int Organisations = 10_000;
    public const int ServicesPerOrganisation = 5;

    private static readonly string[] Words =
    [
        "family", "support", "housing", "employment", "mentoring", "advice", "recovery", "literacy", "visits", "parenting",
        "children", "debt", "benefits", "wellbeing", "resettlement", "gate", "peer", "women", "veterans", "education",
        "training", "skills", "restorative", "victims", "accommodation", "tenancy", "mental", "health", "substance", "alcohol",
        "relationships", "youth", "community", "outreach", "casework", "learning", "money", "trauma", "creative", "sport",
    ];
    private static readonly string[] Places = ["Tyneside", "Wearside", "Teesside", "Durham", "Northumberland", "Gateshead", "Hartlepool", "Darlington", "Sunderland", "Newcastle"];
    private static readonly string[] Kinds = ["Trust", "Project", "Foundation", "Network", "Partnership", "Charity", "Collective", "Association"];

    /// <summary>Inserts the generated directory in one transaction with multi-row INSERTs (<see cref="BulkInsert"/>), without audit rows.</summary>
    public static async Task<TimeSpan> GenerateAsync(DatabaseSettings settings)
    {
        var watch = Stopwatch.StartNew();
        var random = new Random(20261123);
        List<(int Id, int? PathwayId)> pathwayTerms;
        List<int> typeTerms;
        List<int> prisonLocations;
        List<int> communityLocations;
        await using (var db = Open(settings))
        {
            pathwayTerms = (await db.TaxonomyTerms.Where(t => t.Taxonomy.Slug == Taxonomy.PathwaysSlug).Select(t => new { t.Id, t.PathwayId }).ToListAsync())
                .Select(t => (t.Id, t.PathwayId)).ToList();
            typeTerms = await db.TaxonomyTerms.Where(t => t.Taxonomy.Slug == Taxonomy.ServiceTypesSlug).Select(t => t.Id).ToListAsync();
            prisonLocations = await db.Locations.Where(l => l.PrisonId != null).Select(l => l.Id).ToListAsync();
            db.Locations.AddRange(Enumerable.Range(1, 20).Select(i => new Location
            {
                Type = LocationType.Community, Name = $"{Places[i % Places.Length]} community hub {i}", Address1 = $"{i} High Street",
                City = Places[i % Places.Length], Postcode = $"NE{i} 1AA",
                // Spread over the region (Tyneside to Teesside) without drawing on the random sequence, which the rest of the data follows.
                Latitude = 54.55 + i % 5 * 0.1, Longitude = -1.75 + i / 5 * 0.1,
            }));
            await db.SaveChangesAsync();
            communityLocations = await db.Locations.Where(l => l.Type == LocationType.Community).Select(l => l.Id).ToListAsync();
        }

        var today = new DateOnly(2026, 11, 23);
        await using (var db = Open(settings))
        {
            int orgId = await db.MaxIdAsync<Organisation>(), serviceId = await db.MaxIdAsync<Service>(), salId = await db.MaxIdAsync<ServiceAtLocation>(),
                contactId = await db.MaxIdAsync<Contact>(), scheduleId = await db.MaxIdAsync<Schedule>(), evidenceId = await db.MaxIdAsync<ServiceEvidence>();
            await db.Database.OpenConnectionAsync();
            // Random GUIDs land all over their unique indexes: with SQLite's default 2 MB page cache most inserts miss it.
            if (settings.Provider == DatabaseProvider.Sqlite) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -262144");
            await using var transaction = await db.Database.BeginTransactionAsync();
            const int batch = 1_000;
            for (var first = 0; first < Organisations; first += batch)
            {
                List<Organisation> organisations = [];
                List<Service> services = [];
                List<ServiceTaxonomyTerm> terms = [];
                List<ServiceAtLocation> locations = [];
                List<Contact> contacts = [];
                List<Schedule> schedules = [];
                List<ServiceEvidence> evidence = [];
                for (var i = first; i < first + batch; i++)
                {
                    var place = Places[random.Next(Places.Length)];
                    var o = new Organisation
                    {
                        Id = ++orgId, Name = $"{place} {Pick(random)} {Kinds[random.Next(Kinds.Length)]} {i:D5}", Description = Sentence(random, 20),
                        Sector = Sector.VCS, Website = $"https://org{i}.example.org", Email = $"info@org{i}.example.org", Phone = "0191 000 0000",
                        CharityNumber = random.Next(3) == 0 ? null : (1_000_000 + i).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        Version = Guid.NewGuid(),
                    };
                    organisations.Add(o);
                    for (var j = 0; j < ServicesPerOrganisation; j++)
                    {
                        var s = new Service
                        {
                            Id = ++serviceId, OrganisationId = o.Id,
                            Name = $"{Capital(Pick(random))} {Pick(random)} {Pick(random)} {i * ServicesPerOrganisation + j}",
                            Description = Sentence(random, 30 + random.Next(20)),
                            Status = random.Next(100) < 85 ? ServiceStatus.Active : ServiceStatus.Inactive,
                            Url = $"https://org{i}.example.org/services/{j}", Email = $"service{j}@org{i}.example.org",
                            EligibilityDescription = Sentence(random, 10), ApplicationProcess = Sentence(random, 10), Languages = "English",
                            AssuredDate = random.Next(10) == 0 ? null : today.AddDays(-random.Next(730)),
                            IsPublished = random.Next(10) != 0,
                            // Ages from the position, not the random sequence, so the rest of the data is as it was before they were added.
                            MinimumAge = j == 0 ? 18 : null, MaximumAge = j == 1 && i % 2 == 0 ? 25 : null, Free = j != 4 ? true : null,
                            LastModifiedUtc = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddMinutes(random.Next(1_000_000)),
                            Version = Guid.NewGuid(),
                        };
                        s.KeepSearchText(o.Name);
                        s.KeepPublic(o.Status);
                        services.Add(s);
                        foreach (var t in Distinct(random, pathwayTerms.Count, 1 + random.Next(2))) terms.Add(new ServiceTaxonomyTerm { ServiceId = s.Id, TaxonomyTermId = pathwayTerms[t].Id });
                        foreach (var t in Distinct(random, typeTerms.Count, 1 + random.Next(2))) terms.Add(new ServiceTaxonomyTerm { ServiceId = s.Id, TaxonomyTermId = typeTerms[t] });
                        foreach (var l in Distinct(random, prisonLocations.Count, 1 + random.Next(3))) locations.Add(new ServiceAtLocation { Id = ++salId, ServiceId = s.Id, LocationId = prisonLocations[l] });
                        if (random.Next(10) < 3) locations.Add(new ServiceAtLocation { Id = ++salId, ServiceId = s.Id, LocationId = communityLocations[random.Next(communityLocations.Count)] });
                        contacts.Add(new Contact { Id = ++contactId, ServiceId = s.Id, Name = $"Contact {i}.{j}", Title = "Service lead", Email = $"lead{j}@org{i}.example.org", Phone = "0191 000 0001" });
                        if (random.Next(2) == 0)
                            schedules.Add(new Schedule { Id = ++scheduleId, ServiceId = s.Id, ByDay = "MO,WE,FR", OpensAt = "09:00", ClosesAt = "17:00", Description = "Mondays, Wednesdays and Fridays, 9am to 5pm" });
                        if (random.Next(10) == 0)
                            evidence.Add(new ServiceEvidence { Id = ++evidenceId, ServiceId = s.Id, Summary = "Reoffending 10 percentage points lower than a comparison group.", Date = today.AddYears(-2), Source = "Evaluation" });
                    }
                }
                await db.InsertAsync(organisations);
                await db.InsertAsync(services);
                await db.InsertAsync(terms);
                await db.InsertAsync(locations);
                await db.InsertAsync(contacts);
                await db.InsertAsync(schedules);
                await db.InsertAsync(evidence);
            }
            // Written with SQL rather than saved through the context, so the coverage rows the save would keep are built here.
            await ServiceCoverage.RebuildAsync(db, serviceIds: null, async: true);
            await transaction.CommitAsync();
            await db.ResetIdentityAsync<Organisation>();
            await db.ResetIdentityAsync<Service>();
            await db.ResetIdentityAsync<ServiceAtLocation>();
            await db.ResetIdentityAsync<Contact>();
            await db.ResetIdentityAsync<Schedule>();
            await db.ResetIdentityAsync<ServiceEvidence>();
        }

        // PostgreSQL's autovacuum would gather planner statistics and mark the loaded pages all-visible soon after a load like
        // this (so counts read indexes alone); do both now so the first measurements are not of a table fresh from the load.
        // ANALYZE first: its writes move the transaction horizon past the load's, without which VACUUM run straight after the
        // load leaves every page not all-visible (seen here: relallvisible 0, and counts by sequential scan). SQLite has no
        // automatic statistics, so the app runs without them.
        if (settings.Provider == DatabaseProvider.Postgres)
        {
            await using var db = Open(settings);
            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            await db.Database.ExecuteSqlRawAsync("VACUUM");
        }
        else
        {
            // The load's pages are copied from the write-ahead log into the database file and the log emptied, as the portal's
            // own checkpoints would do over time: otherwise a 140 MB log stayed beside the file, and reads of those pages went
            // through it instead of the file's memory map.
            await using var db = Open(settings);
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);");
        }
        return watch.Elapsed;
    }

    /// <summary>A context without the audit interceptor: a bulk load is not a user's change.</summary>
    private static AppDbContext Open(DatabaseSettings settings) => settings.Provider == DatabaseProvider.Postgres
        ? new PostgresAppDbContext(new DbContextOptionsBuilder<PostgresAppDbContext>().UseNpgsql(settings.ConnectionString).Options)
        : new SqliteAppDbContext(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(settings.ConnectionString).Options);

    private static string Pick(Random r) => Words[r.Next(Words.Length)];

    private static string Capital(string w) => char.ToUpperInvariant(w[0]) + w[1..];

    private static string Sentence(Random r, int words) => Capital(string.Join(' ', Enumerable.Range(0, words).Select(_ => Pick(r)))) + ".";

    private static IEnumerable<int> Distinct(Random r, int count, int take) => Enumerable.Range(0, count).OrderBy(_ => r.Next()).Take(Math.Min(take, count));
}
