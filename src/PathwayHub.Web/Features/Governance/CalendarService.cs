using System.Security.Cryptography;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance;

/// <summary>
/// iCalendar (RFC 5545) feeds: per Pathway or per user behind a secret, revocable token that a calendar app can poll without
/// signing in, and one .ics per meeting. Cancelled meetings stay in the feed marked CANCELLED so calendars remove them.
/// Everything an event says comes from the stored meeting, never from the request: DTSTAMP and LAST-MODIFIED are its last
/// change and SEQUENCE its count of changes to time, place or status (<see cref="Meeting.Stamp"/>), so a calendar app polling
/// an unchanged feed sees an unchanged event. Times are in UTC throughout.
/// </summary>
public sealed class CalendarService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock, PublicAddress address)
{
    public async Task<string> CreateFeedAsync(int? pathwayId, CancellationToken ct = default)
    {
        var userId = user.Actor.UserId ?? throw new ForbiddenException("Sign in to subscribe to a calendar.");
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var db = await dbs.CreateDbContextAsync(ct);
        db.CalendarFeeds.Add(new CalendarFeed { Token = token, UserId = userId, PathwayId = pathwayId, CreatedUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
        return token;
    }

    public async Task RevokeAsync(string token, CancellationToken ct = default)
    {
        var userId = user.Actor.UserId ?? throw new ForbiddenException("Sign in to manage calendars.");
        await using var db = await dbs.CreateDbContextAsync(ct);
        await db.CalendarFeeds.Where(f => f.Token == token && f.UserId == userId)
            .ExecuteUpdateAsync(s => s.SetProperty(f => f.RevokedUtc, clock.GetUtcNow().UtcDateTime), ct);
    }

    /// <summary>One meeting as iCalendar, for whoever may see it (<see cref="MeetingAccess"/>); not found otherwise.</summary>
    public async Task<string> MeetingAsync(int meetingId, CancellationToken ct = default)
    {
        user.Actor.RequireRole();
        await using var db = await dbs.CreateDbContextAsync(ct);
        var meeting = await db.Meetings.AsNoTracking().Include(m => m.Pathway).FirstOrDefaultAsync(m => m.Id == meetingId, ct);
        var today = clock.UkToday();
        if (meeting is null || !MeetingAccess.CanSee(await PathwayAccess.ForAsync(db, user.Actor, meeting.PathwayId, today, ct), meeting.Status))
            throw new NotFoundException("That meeting does not exist.");
        return Serialize([meeting], $"{meeting.Pathway.Name} Pathway meeting");
    }

    /// <summary>The feed's calendar as the token's owner would see the meetings; null for an unknown or revoked token.</summary>
    public async Task<string?> FeedAsync(string token, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var feed = await db.CalendarFeeds.AsNoTracking().FirstOrDefaultAsync(f => f.Token == token && f.RevokedUtc == null, ct);
        if (feed is null) return null;
        var now = clock.GetUtcNow();
        var owner = await db.Users.AsNoTracking().Where(u => u.Id == feed.UserId)
            .Select(u => new { u.PersonId, u.LockoutEnd, u.DisplayName, Roles = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, x => x.Id, (r, x) => x.Name!).ToList() })
            .FirstOrDefaultAsync(ct);
        // A feed answers only while its owner may still sign in and holds a role: a disabled account's token stops working with it.
        if (owner is null || owner.LockoutEnd > now || !owner.Roles.Any(Roles.All.Contains)) return null;
        var today = UkCalendar.DayOf(now.UtcDateTime);
        var q = db.Meetings.AsNoTracking().Where(MeetingAccess.Visible(db, owner.Roles.Contains(Roles.Coordinator), owner.PersonId, today));
        if (feed.PathwayId is { } pid) q = q.Where(m => m.PathwayId == pid);
        var meetings = await q.Include(m => m.Pathway).OrderBy(m => m.StartUtc).Take(500).ToListAsync(ct);
        var name = feed.PathwayId is { } p
            ? $"{await db.Pathways.Where(x => x.Id == p).Select(x => x.Name).FirstOrDefaultAsync(ct)} Pathway meetings (PathwayHub)"
            : $"{owner.DisplayName}'s Pathway meetings (PathwayHub)";
        return Serialize(meetings, name);
    }

    /// <summary>How a calendar should show the meeting: tentative until its agenda is published, cancelled when cancelled.</summary>
    public static string CalendarStatus(MeetingStatus status) => status switch
    {
        MeetingStatus.Planned => EventStatus.Tentative,
        MeetingStatus.Cancelled => EventStatus.Cancelled,
        _ => EventStatus.Confirmed,
    };

    /// <summary>Venue and online link, whichever the meeting has.</summary>
    public static string? Location(Meeting m) => (m.Venue, m.OnlineLink) switch
    {
        ({ } venue, { } link) => $"{venue}; online: {link}",
        ({ } venue, null) => venue,
        (null, { } link) => $"Online: {link}",
        _ => null,
    };

    private string Serialize(IEnumerable<Meeting> meetings, string name)
    {
        var calendar = new Calendar { ProductId = "-//PathwayHub//Reducing Re-offending Pathways//EN", Method = CalendarMethods.Publish };
        calendar.AddProperty("X-WR-CALNAME", name);
        calendar.AddProperty("X-WR-TIMEZONE", "Europe/London");
        foreach (var m in meetings)
        {
            var changed = new CalDateTime(DateTime.SpecifyKind(m.LastChangedUtc, DateTimeKind.Utc));
            calendar.Events.Add(new CalendarEvent
            {
                Uid = $"meeting-{m.Id}@{address.Host}",
                Summary = $"{m.Pathway.Name}: {m.Title}",
                Start = new CalDateTime(DateTime.SpecifyKind(m.StartUtc, DateTimeKind.Utc)),
                End = new CalDateTime(DateTime.SpecifyKind(m.EndUtc, DateTimeKind.Utc)),
                DtStamp = changed,
                LastModified = changed,
                Location = Location(m),
                Url = new Uri(address.Link($"/meetings/{m.Id}")),
                Description = m.Status == MeetingStatus.Cancelled ? $"Cancelled: {m.CancellationReason}" : m.OnlineLink,
                Status = CalendarStatus(m.Status),
                Sequence = m.Sequence,
            });
        }
        return new CalendarSerializer().SerializeToString(calendar) ?? "";
    }
}
