using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance.Conflicts;

/// <summary>
/// A possible conflict as the meeting page shows it: who, why, the agenda items it touches (their ids, for a declaration), and
/// the declarations that person has already recorded at this meeting. <see cref="Mine"/> when the reader is the member.
/// </summary>
public sealed record ConflictView(int PersonId, string Person, string Role, string Why, IReadOnlyList<int> ItemIds, IReadOnlyList<string> Items,
    IReadOnlyList<DeclarationView> Declarations, bool Mine)
{
    public bool Declared => Declarations.Count > 0;
}

/// <summary>A tender linked to an agenda item, as the reader may see it (a tender still being planned only by commissioners and the coordinator).</summary>
public sealed record LinkedTender(int Id, string Reference, string Title);

/// <summary>What a meeting's agenda says about tenders: the tenders its items are linked to, and the possible conflicts the reader may see.</summary>
internal static class MeetingConflicts
{
    public static async Task<(IReadOnlyDictionary<int, LinkedTender> Tenders, IReadOnlyList<ConflictView> Conflicts)> ForAsync(
        AppDbContext db, Actor actor, PathwayAccess access, Meeting meeting, IReadOnlyList<AgendaItem> items, CancellationToken ct)
    {
        var linked = items.Where(i => i.TenderId is not null).Select(i => i.TenderId!.Value).Distinct().ToList();
        if (linked.Count == 0) return (new Dictionary<int, LinkedTender>(), []);
        var tenders = await CommissioningAccess.VisibleTenders(db, actor).Where(t => linked.Contains(t.Id))
            .Select(t => new LinkedTender(t.Id, t.Reference, t.Title)).ToDictionaryAsync(t => t.Id, ct);

        var all = await ConflictsOfInterest.FindAsync(db, linked, meeting.PathwayId, UkCalendar.DayOf(meeting.StartUtc), ct);
        var visible = ConflictAccess.AtMeeting(all, access, actor);
        if (visible.Count == 0) return (tenders, []);
        var people = visible.Select(c => c.PersonId).Distinct().ToList();
        var titles = items.ToDictionary(i => i.Id, i => i.Title);
        var declarations = (await db.Declarations.AsNoTracking().Where(d => d.MeetingId == meeting.Id && people.Contains(d.PersonId)).OrderBy(d => d.Id)
                .Select(d => new { d.PersonId, d.AgendaItemId, Name = d.Person.FullName, d.Interest }).ToListAsync(ct))
            .ToLookup(d => d.PersonId, d => new DeclarationView(d.Name, d.AgendaItemId is { } i ? titles.GetValueOrDefault(i) : null, d.Interest));
        var me = actor.PersonId;
        return (tenders, visible.Select(c =>
        {
            var touched = items.Where(i => i.TenderId == c.TenderId).ToList();
            return new ConflictView(c.PersonId, c.Person, PathwayText.RoleLabel(c.Role), c.Why, touched.Select(i => i.Id).ToList(), touched.Select(i => i.Title).ToList(),
                declarations[c.PersonId].ToList(), c.PersonId == me);
        }).ToList());
    }
}
