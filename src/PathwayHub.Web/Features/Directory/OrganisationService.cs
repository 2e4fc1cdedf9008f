using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

public sealed record OrganisationOption(int Id, string Name, Sector Sector);

public sealed class OrganisationService(IDbContextFactory<AppDbContext> dbs, CurrentUser user)
{
    /// <summary>Organisations to choose from in forms; any signed-in user may read the names.</summary>
    public async Task<IReadOnlyList<OrganisationOption>> OptionsAsync(CancellationToken ct = default)
    {
        if (!user.Actor.IsAuthenticated) throw new ForbiddenException("Sign in to see organisations.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Organisations.AsNoTracking().OrderBy(o => o.Name).Select(o => new OrganisationOption(o.Id, o.Name, o.Sector)).ToListAsync(ct);
    }
}
