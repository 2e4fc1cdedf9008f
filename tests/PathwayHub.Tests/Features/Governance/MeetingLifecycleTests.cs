using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Governance;

/// <summary>What a meeting's date allows (held, minuted, approved; upcoming or past; quorum) and progress notes on actions.</summary>
public sealed class MeetingLifecycleTests
{
    private static readonly DateTimeOffset HalfAnHourIn = new(2026, 12, 10, 10, 30, 0, TimeSpan.Zero);

    private sealed record World(TestApp App, PathwayTeam Team, int MeetingId) : IAsyncDisposable
    {
        public Actor Coordinator => Team.Coordinator;
        public Actor Member => Team.Member;
        public Actor Associate => Team.Associate;
        public int PathwayId => Team.PathwayId;
        public ValueTask DisposeAsync() => App.DisposeAsync();
        public GovernanceAs As(Actor a) => new(App, a);
    }

    /// <summary>
    /// The Families and Social Support Pathway on 23 November 2026 with its team (<see cref="PathwayTeam"/>) and a planned meeting on
    /// 10 December 2026, 10:00 to 12:00.
    /// </summary>
    private static async Task<World> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app);
        var ids = await new GovernanceAs(app, team.Coordinator).Meetings.CreateAsync(team.PathwayId, new MeetingInput
        {
            Title = "Winter meeting", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), DurationMinutes = 120, Venue = "NEPACS, Durham",
        });
        return new World(app, team, ids[0]);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_meeting_cannot_be_held_minuted_or_approved_before_it_starts(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        await coord.Meetings.PublishAsync(w.MeetingId);
        Assert.False((await coord.Meetings.GetAsync(w.MeetingId)).HasStarted);

        var held = await Assert.ThrowsAsync<ValidationFailedException>(() => coord.Meetings.MarkHeldAsync(w.MeetingId));
        Assert.Equal("This meeting starts on Thursday 10 December 2026 at 10:00; it cannot be held before it starts.", held.Errors[""]);
        Assert.Equal(MeetingStatus.AgendaPublished, (await coord.Meetings.GetAsync(w.MeetingId)).Status);

        // However the meeting came to be recorded as held (an import, an earlier version), nothing is minuted or approved before it starts.
        await using (var db = await w.App.DbAsync())
            await db.Meetings.Where(m => m.Id == w.MeetingId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MeetingStatus.Held));
        var item = (await coord.Meetings.GetAsync(w.MeetingId)).Items[2];
        var minuted = await Assert.ThrowsAsync<ValidationFailedException>(() => coord.Minutes.SaveMinutesAsync(item.Id, "Agreed.", item.Version));
        Assert.Contains("cannot be minuted before it starts", minuted.Errors[""], StringComparison.Ordinal);
        await Assert.ThrowsAsync<ValidationFailedException>(() => coord.Minutes.AddDecisionAsync(item.Id, "Fund a worker."));
        await using (var db = await w.App.DbAsync())
            await db.Meetings.Where(m => m.Id == w.MeetingId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MeetingStatus.MinutesDrafted));
        var approved = await Assert.ThrowsAsync<ValidationFailedException>(() => coord.Minutes.ApproveMinutesAsync(w.MeetingId));
        Assert.Contains("cannot be approved before it starts", approved.Errors[""], StringComparison.Ordinal);
        var after = await coord.Meetings.GetAsync(w.MeetingId);
        Assert.Equal((MeetingStatus.MinutesDrafted, (string?)null), (after.Status, after.Items[2].MinutesText));
        Assert.Empty(after.Items[2].Decisions);

        // Once it has started, all of it goes ahead.
        await using (var db = await w.App.DbAsync())
            await db.Meetings.Where(m => m.Id == w.MeetingId).ExecuteUpdateAsync(u => u.SetProperty(m => m.Status, MeetingStatus.AgendaPublished));
        w.App.Clock.SetUtcNow(HalfAnHourIn);
        Assert.True((await coord.Meetings.GetAsync(w.MeetingId)).HasStarted);
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        item = (await coord.Meetings.GetAsync(w.MeetingId)).Items[2];
        await coord.Minutes.SaveMinutesAsync(item.Id, "Agreed.", item.Version);
        await coord.Minutes.ApproveMinutesAsync(w.MeetingId);
        Assert.Equal(MeetingStatus.MinutesApproved, (await coord.Meetings.GetAsync(w.MeetingId)).Status);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_meeting_in_the_past_is_never_listed_as_upcoming(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        await coord.Meetings.PublishAsync(w.MeetingId);

        async Task AssertListsAsync(Actor reader)
        {
            var now = w.App.Clock.GetUtcNow().UtcDateTime;
            var upcoming = await w.As(reader).Meetings.ListAsync(upcoming: true);
            var past = await w.As(reader).Meetings.ListAsync(upcoming: false);
            Assert.All(upcoming, m => Assert.True(m.EndUtc > now && m.Status is MeetingStatus.Planned or MeetingStatus.AgendaPublished or MeetingStatus.Cancelled,
                $"{m.Title} on {m.StartUtc:u} ({m.Status}) is listed as upcoming at {now:u}"));
            Assert.Empty(upcoming.Select(m => m.Id).Intersect(past.Select(m => m.Id)));
            // The Pathway's tab lists the same way.
            Assert.All(await w.As(reader).Meetings.ListAsync(w.PathwayId, upcoming: true), m => Assert.True(m.EndUtc > now));
        }

        // Other meetings of the Pathway: one held last week, one that ended yesterday but nobody marked held, and the next one.
        var today = TestApp.Now.UtcDateTime;
        await w.App.AddAsync([
            GovernanceBuilders.Meeting(w.PathwayId, today.AddDays(-7), MeetingStatus.Held, "Last week's meeting"),
            GovernanceBuilders.Meeting(w.PathwayId, today.AddDays(-1), MeetingStatus.AgendaPublished, "Yesterday's meeting"),
            GovernanceBuilders.Meeting(w.PathwayId, today.AddDays(60), MeetingStatus.AgendaPublished, "The next meeting"),
        ]);
        await AssertListsAsync(w.Coordinator);
        await AssertListsAsync(w.Associate);
        Assert.Contains(await coord.Meetings.ListAsync(upcoming: true), m => m.Id == w.MeetingId);

        // Once held it is past, although it has not yet ended.
        w.App.Clock.SetUtcNow(HalfAnHourIn);
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        Assert.DoesNotContain(await coord.Meetings.ListAsync(upcoming: true), m => m.Id == w.MeetingId);
        Assert.Contains(await coord.Meetings.ListAsync(upcoming: false), m => m.Id == w.MeetingId);

        // A month on, meetings nobody marked held are past too.
        w.App.Clock.Advance(TimeSpan.FromDays(31));
        await AssertListsAsync(w.Coordinator);
        await AssertListsAsync(w.Member);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Associates_do_not_see_the_quorum_before_the_meeting_starts(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        await coord.Meetings.PublishAsync(w.MeetingId);
        Assert.False((await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).ShowQuorum);
        Assert.False((await w.As(w.Member).Meetings.GetAsync(w.MeetingId)).ShowQuorum); // nothing recorded yet: "0 of 3" would be noise
        Assert.False((await coord.Meetings.GetAsync(w.MeetingId)).ShowQuorum);

        // Apologies sent ahead: the coordinator and members can see where the quorum stands; associates still cannot.
        var view = await coord.Meetings.GetAsync(w.MeetingId);
        await coord.Meetings.RecordAttendanceAsync(w.MeetingId, new Dictionary<int, AttendanceStatus> { [view.Attendees.First(a => !a.IsAssociate).PersonId] = AttendanceStatus.Apologies });
        Assert.True((await coord.Meetings.GetAsync(w.MeetingId)).ShowQuorum);
        Assert.True((await w.As(w.Member).Meetings.GetAsync(w.MeetingId)).ShowQuorum);
        Assert.False((await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).ShowQuorum);

        w.App.Clock.SetUtcNow(HalfAnHourIn);
        Assert.True((await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).ShowQuorum);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Attendance_names_the_chair_and_vice_chair(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var attendees = (await w.As(w.Coordinator).Meetings.GetAsync(w.MeetingId)).Attendees;
        Assert.Equal(Web.Features.Pathways.MembershipRole.Chair, attendees[0].Role);
        Assert.Equal(Web.Features.Pathways.MembershipRole.ViceChair, attendees[1].Role);
        Assert.True(attendees.SkipWhile(a => !a.IsAssociate).All(a => a.IsAssociate)); // associates last
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_progress_note_saves_without_completing_the_action_and_every_listing_shows_notes_newest_first(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var next = (await coord.Meetings.CreateAsync(w.PathwayId, new MeetingInput { Title = "Spring meeting", StartLocal = new DateTime(2027, 3, 10, 10, 0, 0), Venue = "Durham" }))[0];
        await coord.Meetings.PublishAsync(w.MeetingId);
        w.App.Clock.SetUtcNow(HalfAnHourIn);
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        var view = await coord.Meetings.GetAsync(w.MeetingId);
        var action = await coord.Actions.AddActionAsync(view.Items[3].Id, "Draft the job description", w.Member.PersonId!.Value, new DateOnly(2027, 1, 15));
        await coord.Minutes.ApproveMinutesAsync(w.MeetingId);
        await coord.Meetings.PublishAsync(next);

        var member = w.As(w.Member);
        var empty = await Assert.ThrowsAsync<ValidationFailedException>(() => member.Actions.AddNoteAsync(action, "  "));
        Assert.Equal("Write the progress note first.", empty.Errors["Note"]);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.As(w.Associate).Actions.AddNoteAsync(action, "Not mine"));
        await member.Actions.AddNoteAsync(action, "Asked HR for the template.");
        w.App.Clock.Advance(TimeSpan.FromDays(3));
        await member.Actions.AddNoteAsync(action, "  First draft with the chair.  ");

        string[] newestFirst = ["First draft with the chair.", "Asked HR for the template."];
        var mine = (await member.Actions.MyActionsAsync()).Single(a => a.Id == action);
        Assert.Equal(ActionStatus.Open, mine.Status);
        Assert.Equal(newestFirst, mine.Notes.Select(n => n.Text));
        Assert.Equal((w.Member.Name, new DateTime(2026, 12, 13, 10, 30, 0)), (mine.Notes[0].Author, mine.Notes[0].AtUtc));
        Assert.Equal(newestFirst, (await coord.Actions.PathwayActionsAsync(w.PathwayId)).Single(a => a.Id == action).Notes.Select(n => n.Text));
        Assert.Equal(newestFirst, (await w.As(w.Associate).Actions.PathwayActionsAsync(w.PathwayId)).Single(a => a.Id == action).Notes.Select(n => n.Text));
        Assert.Equal(newestFirst, (await member.Meetings.GetAsync(next)).CarriedActions.Single(a => a.Id == action).Notes.Select(n => n.Text));
        Assert.Equal(newestFirst, (await coord.Meetings.GetAsync(w.MeetingId)).Items[3].Actions.Single(a => a.Id == action).Notes.Select(n => n.Text));

        // Marking it done is a separate step, and keeps the notes.
        await member.Actions.UpdateActionAsync(action, ActionStatus.Done, null, mine.Version);
        var done = (await member.Actions.MyActionsAsync()).Single(a => a.Id == action);
        Assert.Equal((ActionStatus.Done, 2), (done.Status, done.Notes.Count));
    }
}
