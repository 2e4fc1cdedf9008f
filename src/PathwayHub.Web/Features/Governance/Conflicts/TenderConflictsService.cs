using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Conflicts;

/// <summary>
/// A member with a possible conflict over a tender, for commissioners: who, on which Pathway, through which organisation, the
/// meetings where the tender is on the agenda, and the declarations they recorded there.
/// </summary>
public sealed record TenderConflictRow(int PersonId, string Person, string Role, string Pathway, string Organisation, bool RegisteredInterest, bool Bid,
    IReadOnlyList<string> Meetings, IReadOnlyList<string> Declarations);

/// <summary>The tender page's list of members with a possible conflict (<see cref="ConflictAccess.SeesTenderConflicts"/>: commissioners and the coordinator).</summary>
public sealed class TenderConflictsService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    public async Task<IReadOnlyList<TenderConflictRow>> ForTenderAsync(int tenderId, CancellationToken ct = default)
    {
        if (!ConflictAccess.SeesTenderConflicts(user.Actor))
            throw new ForbiddenException("Only commissioners and the coordinator see which members may have a conflict over a tender.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.Tenders.AnyAsync(t => t.Id == tenderId, ct)) throw new NotFoundException("That tender does not exist.");
        var conflicts = await ConflictsOfInterest.FindAsync(db, [tenderId], null, clock.UkToday(), ct);
        if (conflicts.Count == 0) return [];

        // The meetings that have the tender on their agenda, and what the conflicted members declared at them.
        var meetings = await db.AgendaItems.AsNoTracking().Where(i => i.TenderId == tenderId)
            .Select(i => new { i.MeetingId, i.Meeting.PathwayId, i.Meeting.Title, i.Meeting.StartUtc, i.Meeting.Status }).Distinct().ToListAsync(ct);
        var meetingIds = meetings.Select(m => m.MeetingId).Distinct().ToList();
        var people = conflicts.Select(c => c.PersonId).Distinct().ToList();
        var declarations = (await db.Declarations.AsNoTracking().Where(d => meetingIds.Contains(d.MeetingId) && people.Contains(d.PersonId)).OrderBy(d => d.Id)
                .Select(d => new { d.PersonId, d.MeetingId, d.Interest }).ToListAsync(ct))
            .ToLookup(d => d.PersonId);
        static string Meeting(DateTime startUtc, string title) => $"{UkCalendar.ToUk(startUtc):d MMM yyyy} {title}";
        return conflicts.Select(c =>
        {
            var theirs = meetings.Where(m => m.PathwayId == c.PathwayId && m.Status != MeetingStatus.Cancelled).OrderBy(m => m.StartUtc).ToList();
            var titles = theirs.ToDictionary(m => m.MeetingId, m => Meeting(m.StartUtc, m.Title));
            return new TenderConflictRow(c.PersonId, c.Person, PathwayText.RoleLabel(c.Role), c.Pathway, c.Organisation, c.RegisteredInterest, c.Bid,
                titles.Values.ToList(),
                declarations[c.PersonId].Where(d => titles.ContainsKey(d.MeetingId)).Select(d => $"{titles[d.MeetingId]}: {d.Interest}").ToList());
        }).ToList();
    }
}
