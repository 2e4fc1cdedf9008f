using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Pathways;

public sealed record PathwaySummary(int Id, string Slug, string Name, int? ParentId, int Members, int Associates, bool IsMine);

public sealed record PathwayDetail(
    int Id, string Slug, string Name, string Description, string? ParentName, string? ParentSlug,
    IReadOnlyList<(string Slug, string Name)> SubGroups, int? LeadOrganisationId, string? LeadOrganisationName,
    int? ChairPersonId, string? ChairName, int Members, int Associates, bool CanEdit, Guid Version)
{
    /// <summary>Coordinators and the Pathway's own members and associates see its governance tabs.</summary>
    public bool CanReadGovernance { get; init; }
}

public sealed record PathwayEdit(string Description, int? ChairPersonId, int? LeadOrganisationId, Guid Version);

/// <summary>Reads and changes Pathways. Everyone signed in sees the list; only coordinators change a Pathway.</summary>
public sealed class PathwayService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => clock.UkToday();

    public async Task<IReadOnlyList<PathwaySummary>> ListAsync(CancellationToken ct = default)
    {
        var actor = RequireAnyRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var rows = await db.Pathways.AsNoTracking()
            .OrderBy(p => p.SortOrder)
            .Select(p => new
            {
                p.Id, p.Slug, p.Name, p.ParentId,
                Members = p.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Count(m => m.Role != MembershipRole.Associate),
                Associates = p.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Count(m => m.Role == MembershipRole.Associate),
                IsMine = actor.PersonId != null && p.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Any(m => m.PersonId == actor.PersonId),
            })
            .ToListAsync(ct);
        return rows.Select(r => new PathwaySummary(r.Id, r.Slug, r.Name, r.ParentId, r.Members, r.Associates, r.IsMine)).ToList();
    }

    public async Task<PathwayDetail> GetAsync(string slug, CancellationToken ct = default)
    {
        var actor = RequireAnyRole();
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var p = await db.Pathways.AsNoTracking()
            .Where(x => x.Slug == slug)
            .Select(x => new
            {
                x.Id, x.Slug, x.Name, x.Description, ParentName = x.Parent!.Name, ParentSlug = x.Parent.Slug,
                SubGroups = x.SubGroups.OrderBy(s => s.SortOrder).Select(s => new { s.Slug, s.Name }).ToList(),
                x.LeadOrganisationId, LeadName = x.LeadOrganisation!.Name, x.Version,
                Chair = x.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Where(m => m.Role == MembershipRole.Chair)
                    .Select(m => new { m.PersonId, m.Person.FullName }).FirstOrDefault(),
                Members = x.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Count(m => m.Role != MembershipRole.Associate),
                Associates = x.Memberships.AsQueryable().Where(Membership.CurrentOn(today)).Count(m => m.Role == MembershipRole.Associate),
            })
            .FirstOrDefaultAsync(ct) ?? throw new NotFoundException($"There is no Pathway called '{slug}'.");
        return new PathwayDetail(p.Id, p.Slug, p.Name, p.Description, p.ParentName, p.ParentSlug,
            p.SubGroups.Select(s => (s.Slug, s.Name)).ToList(), p.LeadOrganisationId, p.LeadName,
            p.Chair?.PersonId, p.Chair?.FullName, p.Members, p.Associates, actor.IsCoordinator, p.Version)
        {
            CanReadGovernance = (await PathwayAccess.ForAsync(db, actor, p.Id, today, ct)).CanRead,
        };
    }

    /// <summary>Changes the description, lead organisation and chair. The chair is the current member holding the Chair role, so
    /// choosing a new chair moves the role (the previous chair stays on as a member).</summary>
    public async Task UpdateAsync(int pathwayId, PathwayEdit edit, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(edit.Description)) errors[nameof(edit.Description)] = "Enter a description.";
        else if (edit.Description.Length > 4000) errors[nameof(edit.Description)] = "The description must be 4,000 characters or fewer.";

        var today = Today;
        await using var db = await dbs.OpenAsync(actor, ct);
        var pathway = await db.Pathways.FirstOrDefaultAsync(p => p.Id == pathwayId, ct) ?? throw new NotFoundException("That Pathway no longer exists.");
        if (edit.LeadOrganisationId is { } orgId && !await db.Organisations.AnyAsync(o => o.Id == orgId, ct))
            errors[nameof(edit.LeadOrganisationId)] = "Choose an organisation from the list.";

        var current = await db.Memberships.Where(Membership.CurrentOn(today)).Where(m => m.PathwayId == pathwayId).ToListAsync(ct);
        Membership? newChair = null;
        if (edit.ChairPersonId is { } chairId)
        {
            newChair = current.FirstOrDefault(m => m.PersonId == chairId && m.Role != MembershipRole.Associate);
            if (newChair is null) errors[nameof(edit.ChairPersonId)] = "The chair must be a current member (not an associate) of this Pathway.";
        }
        ValidationFailedException.ThrowIfAny(errors);

        db.Entry(pathway).Property(p => p.Version).OriginalValue = edit.Version;
        pathway.Description = edit.Description.Trim();
        pathway.LeadOrganisationId = edit.LeadOrganisationId;
        foreach (var m in current.Where(m => m.Role == MembershipRole.Chair && m != newChair)) m.Role = MembershipRole.Member;
        if (newChair is not null) newChair.Role = MembershipRole.Chair;
        await db.SaveChangesOrConflictAsync(ct);
    }

    private Actor RequireAnyRole()
    {
        var actor = user.Actor;
        actor.RequireRole();
        return actor;
    }
}
