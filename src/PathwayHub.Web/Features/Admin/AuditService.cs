using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Admin;

public sealed record AuditQuery(string? User = null, string? EntityType = null, string? EntityId = null, DateOnly? From = null, DateOnly? To = null, int Page = 0, int PageSize = 25);
public sealed record AuditRow(long Id, DateTime AtUtc, string UserName, string EntityType, string EntityId, AuditAction Action, string Changes);
public sealed record AuditResults(IReadOnlyList<AuditRow> Rows, int Total);

/// <summary>The audit trail, read by coordinators only.</summary>
public sealed class AuditService(IDbContextFactory<AppDbContext> dbs, CurrentUser user)
{
    public async Task<AuditResults> SearchAsync(AuditQuery query, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.User)) { var u = query.User.Trim().ToLower(); q = q.Where(a => a.UserName.ToLower().Contains(u)); }
        if (!string.IsNullOrWhiteSpace(query.EntityType)) q = q.Where(a => a.EntityType == query.EntityType);
        if (!string.IsNullOrWhiteSpace(query.EntityId)) q = q.Where(a => a.EntityId == query.EntityId);
        if (query.From is { } from) { var f = from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(a => a.AtUtc >= f); }
        if (query.To is { } to) { var t = to.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc); q = q.Where(a => a.AtUtc < t); }
        var total = await q.CountAsync(ct);
        var rows = await q.OrderByDescending(a => a.Id).Skip(query.Page * query.PageSize).Take(query.PageSize)
            .Select(a => new AuditRow(a.Id, a.AtUtc, a.UserName, a.EntityType, a.EntityId, a.Action, a.Changes)).ToListAsync(ct);
        return new AuditResults(rows, total);
    }

    public async Task<IReadOnlyList<string>> EntityTypesAsync(CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.AuditEntries.AsNoTracking().Select(a => a.EntityType).Distinct().OrderBy(t => t).ToListAsync(ct);
    }
}
