using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// One cell of the coverage matrix that one service fills: an active public service (<see cref="Service.IsPublic"/>: published,
/// of an approved organisation, as the directory shows it to everyone), a prison it is delivered at and a taxonomy term it has.
/// Derived data, never edited: <see cref="DirectorySaveInterceptor"/> rewrites a service's rows in the transaction of every save
/// that changes its status, publication (its organisation's approval included), prisons or terms, so the matrix is one grouped
/// count over this table's key instead of a join of services, terms and locations.
/// </summary>
public sealed class ServiceCoverage
{
    public int ServiceId { get; set; }
    public int PrisonId { get; set; }
    public int TaxonomyTermId { get; set; }

    /// <summary>
    /// Rewrites the rows of the given services (all services when <paramref name="serviceIds"/> is null) from their current
    /// state, inside the caller's transaction. One statement pair for both providers: the ids are integers written as literals.
    /// </summary>
    public static async Task RebuildAsync(AppDbContext db, IReadOnlyCollection<int>? serviceIds, bool async, CancellationToken ct = default)
    {
        if (serviceIds is null)
        {
            await ExecuteAsync(db, """DELETE FROM "ServiceCoverage" """, async, ct);
            await ExecuteAsync(db, Insert, async, ct);
            return;
        }
        foreach (var chunk in serviceIds.Distinct().Order().Chunk(500))
        {
            var ids = string.Join(',', chunk.Select(id => id.ToString(CultureInfo.InvariantCulture)));
            await ExecuteAsync(db, $"""DELETE FROM "ServiceCoverage" WHERE "ServiceId" IN ({ids})""", async, ct);
            await ExecuteAsync(db, $"""{Insert} AND s."Id" IN ({ids})""", async, ct);
        }
    }

    // A service is at a location once (unique ServiceId + LocationId), a prison is one location (unique PrisonId) and a service
    // has a term once (the key), so each (service, prison, term) is selected once.
    private const string Insert = $"""
        INSERT INTO "ServiceCoverage" ("ServiceId", "PrisonId", "TaxonomyTermId")
        SELECT s."Id", l."PrisonId", t."TaxonomyTermId"
        FROM "Services" s
        JOIN "ServiceTaxonomyTerms" t ON t."ServiceId" = s."Id"
        JOIN "ServiceAtLocations" sal ON sal."ServiceId" = s."Id"
        JOIN "Locations" l ON l."Id" = sal."LocationId"
        WHERE s."Status" = '{nameof(ServiceStatus.Active)}' AND s."IsPublic" AND l."PrisonId" IS NOT NULL
        """;

    private static async Task ExecuteAsync(AppDbContext db, string sql, bool async, CancellationToken ct)
    {
#pragma warning disable EF1002 // Only integer literals are written into the SQL; nothing a user typed.
        if (async) await db.Database.ExecuteSqlRawAsync(sql, ct);
        else db.Database.ExecuteSqlRaw(sql);
#pragma warning restore EF1002
    }
}

internal sealed class ServiceCoverageConfiguration : IEntityTypeConfiguration<ServiceCoverage>
{
    public void Configure(EntityTypeBuilder<ServiceCoverage> b)
    {
        b.ToTable("ServiceCoverage");
        // Term first, then prison: a taxonomy's matrix is a range of the key per term, counted in key order without a sort.
        b.HasKey(c => new { c.TaxonomyTermId, c.PrisonId, c.ServiceId });
        b.HasIndex(c => c.ServiceId);
        b.HasOne<Service>().WithMany().HasForeignKey(c => c.ServiceId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Prison>().WithMany().HasForeignKey(c => c.PrisonId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<TaxonomyTerm>().WithMany().HasForeignKey(c => c.TaxonomyTermId).OnDelete(DeleteBehavior.Cascade);
    }
}
