using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// seed-data/demo/meetings.json as the meeting workflow would have left it: the standing items with the Pathway's own items
/// before "Any other business", attendance of those who sat on the Pathway that day, decisions numbered per Pathway in meeting
/// order, actions owned by members, papers stored through the <see cref="FileStore"/>, and proposals only before a meeting is held.
/// A meeting whose data breaks one of those rules stops the load with the reason.
/// </summary>
internal sealed class DemoMeetings(AppDbContext db, DemoDates dates, FileStore files, IReadOnlyDictionary<string, Pathway> pathways,
    IReadOnlyDictionary<string, Person> people, IReadOnlyList<Membership> memberships)
{
    private static readonly MeetingStatus[] Minuted = [MeetingStatus.Held, MeetingStatus.MinutesDrafted, MeetingStatus.MinutesApproved];
    private readonly Dictionary<int, int> _decisionNumbers = [];

    /// <summary>Adds the meetings with their items, minutes, attendance and papers (saved by the caller); returns them by key.</summary>
    public async Task<Dictionary<string, Meeting>> AddAsync(DemoMeetingsSeed seed, CancellationToken ct)
    {
        var result = new Dictionary<string, Meeting>();
        _tenders = await db.Tenders.ToDictionaryAsync(t => t.Reference, t => t.Id, ct);
        foreach (var m in seed.Meetings.OrderBy(m => dates.WorkingDay(m.Day)))
        {
            var pathway = pathways[m.Pathway];
            var day = dates.WorkingDay(m.Day);
            var start = DemoDates.Utc(day, TimeOnly.Parse(m.Time, System.Globalization.CultureInfo.InvariantCulture));
            var meeting = new Meeting
            {
                Pathway = pathway, Title = m.Title, StartUtc = start, EndUtc = start.AddMinutes(m.DurationMinutes), Venue = m.Venue, OnlineLink = m.OnlineLink,
                Status = m.Status, PublishedUtc = PublishedUtc(m, start),
            };
            Require(m, Minuted.Contains(m.Status) == start < dates.NowUtc, "a meeting is held, minuted or approved only once it has started, and only then");
            AddItems(meeting, m, seed.StandingItems);
            await AddPapersAsync(meeting, m, ct);
            AddAttendance(meeting, m, day);
            foreach (var p in m.Proposals ?? [])
            {
                Require(m, m.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished, "items are proposed only before the meeting is held");
                Require(m, SeatOn(p.Email, pathway, dates.Today) is not null, $"{p.Email} proposes an item but does not sit on the Pathway");
                db.AgendaProposals.Add(new AgendaProposal { Meeting = meeting, Proposer = people[p.Email], Title = p.Title, Purpose = p.Purpose, Status = ProposalStatus.Proposed });
            }
            db.Meetings.Add(meeting);
            result[m.Key] = meeting;
        }
        return result;
    }

    /// <summary>Declarations refer to the meeting and item by id, so they are added once the meetings are saved.</summary>
    public void AddDeclarations(DemoMeetingsSeed seed, IReadOnlyDictionary<string, Meeting> meetings)
    {
        foreach (var m in seed.Meetings)
        {
            var meeting = meetings[m.Key];
            foreach (var d in m.Declarations ?? [])
            {
                Require(m, Minuted.Contains(m.Status), "interests are recorded at a meeting that has been held");
                var item = d.Item is null ? null : meeting.Items.SingleOrDefault(i => i.Title == d.Item) ?? throw Invalid(m, $"no item \"{d.Item}\"");
                db.Declarations.Add(new Declaration { MeetingId = meeting.Id, AgendaItemId = item?.Id, PersonId = people[d.Email].Id, Interest = d.Interest });
            }
        }
    }

    /// <summary>Tenders by reference, for items linked to one.</summary>
    private Dictionary<string, int> _tenders = [];

    private DateTime? PublishedUtc(DemoMeetingSeed m, DateTime start)
    {
        if (m.Status == MeetingStatus.Planned) return null;
        var published = m.Published is { } p ? DemoDates.Utc(dates.Day(p), new TimeOnly(16, 0)) : start.AddDays(-8);
        Require(m, published < start && published <= dates.NowUtc, "the agenda is published before the meeting and not in the future");
        return published;
    }

    /// <summary>The standing items (as every new meeting gets them), with the Pathway's own items before the last, "Any other business".</summary>
    private void AddItems(Meeting meeting, DemoMeetingSeed m, List<DemoStandingItemSeed> standing)
    {
        var minuted = Minuted.Contains(m.Status);
        var rows = standing.Take(standing.Count - 1).Select(s => (Standing: (DemoStandingItemSeed?)s, Own: (DemoItemSeed?)null))
            .Concat((m.Items ?? []).Select(i => (Standing: (DemoStandingItemSeed?)null, Own: (DemoItemSeed?)i)))
            .Append((Standing: standing[^1], Own: null)).ToList();
        var order = 0;
        foreach (var (s, own) in rows)
        {
            var item = own is null
                ? new AgendaItem { Title = s!.Title, Purpose = s.Purpose, Minutes = s.Minutes, IsStanding = true, IsActionLog = s.ActionLog }
                : new AgendaItem { Title = own.Title, Purpose = own.Purpose, Presenter = own.Presenter, Minutes = own.Minutes };
            // An item about a tender (commissioning.json, loaded before the demo) is linked to it, so its bidders' members are asked to declare.
            if (own?.Tender is { } reference) item.TenderId = _tenders[reference];
            item.Order = ++order * 10;
            item.MinutesText = own?.MinutesText ?? m.StandingMinutes?.GetValueOrDefault(item.Title);
            Require(m, minuted || (item.MinutesText is null && own?.Decisions is null && own?.Actions is null), "minutes, decisions and actions come after the meeting is held");
            foreach (var text in own?.Decisions ?? [])
                item.Decisions.Add(new Decision { PathwayId = meeting.Pathway.Id, Number = NextDecision(meeting.Pathway.Id), Text = text });
            foreach (var a in own?.Actions ?? []) AddAction(meeting, m, item, a);
            meeting.Items.Add(item);
        }
    }

    private void AddAction(Meeting meeting, DemoMeetingSeed m, AgendaItem item, DemoActionSeed a)
    {
        var seat = SeatOn(a.Owner, meeting.Pathway, UkCalendar.DayOf(meeting.StartUtc));
        Require(m, seat is not null and not MembershipRole.Associate, $"{a.Owner} owns an action but is not a member of the Pathway");
        var done = dates.DayOrNull(a.Done);
        var owner = people[a.Owner];
        var action = new ActionItem
        {
            PathwayId = meeting.Pathway.Id, AgendaItem = item, Description = a.Description, Owner = owner, DueDate = dates.Day(a.Due),
            Status = done is null ? ActionStatus.Open : ActionStatus.Done, DoneUtc = done is { } d ? DemoDates.Utc(d, new TimeOnly(15, 30)) : null,
        };
        // Progress notes fall a fortnight apart after the meeting, never later than yesterday.
        var at = meeting.StartUtc;
        foreach (var note in a.Notes ?? [])
        {
            at = at.AddDays(14) < dates.NowUtc.AddDays(-1) ? at.AddDays(14) : dates.NowUtc.AddDays(-1);
            action.Notes.Add(new ActionNote { AtUtc = at, Author = owner.FullName, Text = note });
        }
        db.Actions.Add(action);
    }

    private async Task AddPapersAsync(Meeting meeting, DemoMeetingSeed m, CancellationToken ct)
    {
        foreach (var own in m.Items ?? [])
        foreach (var p in own.Papers ?? [])
        {
            Require(m, m.Status != MeetingStatus.Cancelled, "papers are not added to a cancelled meeting");
            await using var content = new MemoryStream(DemoPaper.Pdf(p.Title, $"{meeting.Pathway.Name} Pathway: {m.Title}", p.Lines));
            var file = await files.SaveAsync(p.FileName, content, ct);
            var item = meeting.Items.Single(i => i.Title == own.Title);
            item.Papers.Add(new Paper
            {
                Title = p.Title, FileName = file.FileName, ContentType = file.ContentType, Size = file.Size, Sha256 = file.Sha256, Confidential = p.Confidential,
                AddedUtc = (meeting.PublishedUtc ?? dates.NowUtc).AddHours(-2),
            });
        }
    }

    private void AddAttendance(Meeting meeting, DemoMeetingSeed m, DateOnly day)
    {
        var rows = (m.Attendance?.Present ?? []).Select(e => (e, AttendanceStatus.Present))
            .Concat((m.Attendance?.Apologies ?? []).Select(e => (e, AttendanceStatus.Apologies)))
            .Concat((m.Attendance?.Absent ?? []).Select(e => (e, AttendanceStatus.Absent)));
        foreach (var (email, status) in rows)
        {
            Require(m, Minuted.Contains(m.Status), "attendance is recorded for a meeting that has been held");
            var seat = SeatOn(email, meeting.Pathway, day);
            Require(m, seat is not null, $"{email} is in the attendance but did not sit on the Pathway that day");
            meeting.Attendance.Add(new Attendance { Person = people[email], Status = status, IsAssociate = seat == MembershipRole.Associate });
        }
    }

    private MembershipRole? SeatOn(string email, Pathway pathway, DateOnly day) =>
        memberships.FirstOrDefault(x => x.PersonId == people[email].Id && x.PathwayId == pathway.Id && x.IsCurrentOn(day))?.Role;

    private int NextDecision(int pathwayId) => _decisionNumbers[pathwayId] = _decisionNumbers.GetValueOrDefault(pathwayId) + 1;

    private static void Require(DemoMeetingSeed m, bool ok, string rule)
    {
        if (!ok) throw Invalid(m, rule);
    }

    private static InvalidDataException Invalid(DemoMeetingSeed m, string rule) => new($"meetings.json, {m.Key}: {rule}.");
}
