using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.Serialization;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Governance;

/// <summary>
/// What a calendar app relies on in the iCalendar feeds, read back through Ical.Net: an event that changes only when the meeting
/// does (DTSTAMP and LAST-MODIFIED from its last change), a SEQUENCE that grows with each change of time, place or status, the
/// status following the meeting, and the feed's name, method, UIDs and links.
/// </summary>
public sealed class CalendarFeedTests
{
    private sealed record World(TestApp App, Actor Coordinator, Actor Member, int PathwayId, int MeetingId) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
        public MeetingService Meetings => App.As<MeetingService>(Coordinator);
        public CalendarService Calendars(Actor a) => App.As<CalendarService>(a);
        public DateTime Now => App.Clock.GetUtcNow().UtcDateTime;
        public void Later(int minutes) => App.Clock.Advance(TimeSpan.FromMinutes(minutes));
    }

    private static async Task<World> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app);
        var ids = await app.As<MeetingService>(team.Coordinator).CreateAsync(team.PathwayId, new MeetingInput
        {
            Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), DurationMinutes = 120, Venue = "NEPACS, Durham",
        });
        return new World(app, team.Coordinator, team.Member, team.PathwayId, ids[0]);
    }

    /// <summary>The one event of a meeting's .ics, parsed; the text is checked to parse, serialise and parse again to the same event.</summary>
    private static async Task<(Calendar Calendar, CalendarEvent Event, string Text)> MeetingIcsAsync(World w)
    {
        var text = await w.Calendars(w.Coordinator).MeetingAsync(w.MeetingId);
        var calendar = Calendar.Load(text)!;
        var again = Calendar.Load(new CalendarSerializer().SerializeToString(calendar)!)!;
        var e = Assert.Single(calendar.Events);
        var e2 = Assert.Single(again.Events);
        Assert.Equal((e.Uid, e.Sequence, e.Status, e.DtStamp!.AsUtc, e.Start!.AsUtc, e.Location), (e2.Uid, e2.Sequence, e2.Status, e2.DtStamp!.AsUtc, e2.Start!.AsUtc, e2.Location));
        return (calendar, e, text);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_event_changes_only_when_its_meeting_does_and_each_change_of_time_place_or_status_is_a_new_sequence(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var created = w.Now;
        var (calendar, e, text) = await MeetingIcsAsync(w);
        Assert.Equal("PUBLISH", calendar.Method);
        Assert.Equal($"meeting-{w.MeetingId}@hub.example", e.Uid);
        Assert.Equal(new Uri($"{TestApp.PublicUrl}/meetings/{w.MeetingId}"), e.Url);
        Assert.Equal("TENTATIVE", e.Status);
        Assert.Equal(0, e.Sequence);
        Assert.Equal(created, e.DtStamp!.AsUtc);
        Assert.Equal(created, e.LastModified!.AsUtc);
        Assert.Equal(new DateTime(2026, 12, 10, 10, 0, 0, DateTimeKind.Utc), e.Start!.AsUtc);
        Assert.Contains("X-WR-CALNAME:Families and Social Support Pathway meeting", text, StringComparison.Ordinal);

        // Fetched again later with nothing changed: the same text, DTSTAMP included.
        w.Later(90);
        Assert.Equal(text, (await MeetingIcsAsync(w)).Text);

        w.Later(10);
        await w.Meetings.PublishAsync(w.MeetingId);
        var published = w.Now;
        (_, e, _) = await MeetingIcsAsync(w);
        Assert.Equal(("CONFIRMED", 1, published), (e.Status, e.Sequence, e.DtStamp!.AsUtc));

        // Moved an hour later and given an online link: the same event, a new sequence, both places in LOCATION.
        w.Later(10);
        await w.Meetings.RescheduleAsync(w.MeetingId, new MeetingInput
        {
            Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 10, 11, 0, 0), DurationMinutes = 120, Venue = "NEPACS, Durham", OnlineLink = "https://meet.example/fss",
        });
        var moved = w.Now;
        (_, e, _) = await MeetingIcsAsync(w);
        Assert.Equal((2, moved, moved), (e.Sequence, e.DtStamp!.AsUtc, e.LastModified!.AsUtc));
        Assert.Equal(new DateTime(2026, 12, 10, 11, 0, 0, DateTimeKind.Utc), e.Start!.AsUtc);
        Assert.Equal("NEPACS, Durham; online: https://meet.example/fss", e.Location);

        // The same again changes nothing a calendar sees.
        w.Later(10);
        await w.Meetings.RescheduleAsync(w.MeetingId, new MeetingInput
        {
            Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 10, 11, 0, 0), DurationMinutes = 120, Venue = "NEPACS, Durham", OnlineLink = "https://meet.example/fss",
        });
        Assert.Equal((2, moved), ((await MeetingIcsAsync(w)).Event.Sequence, (await MeetingIcsAsync(w)).Event.DtStamp!.AsUtc));

        await w.Meetings.CancelAsync(w.MeetingId, "Chair unavailable");
        (_, e, _) = await MeetingIcsAsync(w);
        Assert.Equal(("CANCELLED", 3, w.Now), (e.Status, e.Sequence, e.DtStamp!.AsUtc));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_feed_is_named_for_its_pathway_or_its_owner_and_shows_only_what_its_owner_may_see(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var member = w.Calendars(w.Member);
        var pathwayToken = await member.CreateFeedAsync(w.PathwayId);
        var allToken = await member.CreateFeedAsync(null);
        var uid = $"meeting-{w.MeetingId}@hub.example";

        // Planned: only the coordinator sees it (tentative); the member's feeds do not carry it.
        Assert.DoesNotContain(Calendar.Load((await member.FeedAsync(pathwayToken))!)!.Events, e => e.Uid == uid);
        var coordinatorToken = await w.Calendars(w.Coordinator).CreateFeedAsync(w.PathwayId);
        Assert.Equal("TENTATIVE", Calendar.Load((await w.Calendars(w.Coordinator).FeedAsync(coordinatorToken))!)!.Events.Single(e => e.Uid == uid).Status);

        await w.Meetings.PublishAsync(w.MeetingId);
        var text = (await member.FeedAsync(pathwayToken))!;
        var feed = Calendar.Load(text)!;
        Assert.Equal("PUBLISH", feed.Method);
        Assert.Contains("X-WR-CALNAME:Families and Social Support Pathway meetings (PathwayHub)", text, StringComparison.Ordinal);
        var e = feed.Events.Single(x => x.Uid == uid);
        Assert.Equal(("CONFIRMED", 1), (e.Status, e.Sequence));
        Assert.All(feed.Events, x => Assert.Equal(DateTimeKind.Utc, x.DtStamp!.AsUtc.Kind));
        // Polled twice with nothing changed, the feed is byte for byte the same.
        w.Later(60);
        Assert.Equal(text, await member.FeedAsync(pathwayToken));

        var all = (await member.FeedAsync(allToken))!;
        Assert.Contains("X-WR-CALNAME:Max Member's Pathway meetings (PathwayHub)", all, StringComparison.Ordinal);
        Assert.Contains(Calendar.Load(all)!.Events, x => x.Uid == uid);
    }
}
