using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Tests.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Email;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Features.Notifications;

/// <summary>
/// Each reminder rule under a fake clock, scanned and delivered by the real jobs to a real SMTP conversation with an in-test
/// server; every message is read back (recipients, subject, link) and no rule fires twice across repeated scans.
/// </summary>
public sealed class ReminderTests
{
    private const string Base = TestApp.PublicUrl;
    private const string Families = "families-and-social-support";

    internal sealed record Mail(string To, string Subject, string Text, string Html);

    /// <summary>
    /// A test app on reference data only, whose email goes to an in-test SMTP server: the Families Pathway's team
    /// (<see cref="PathwayTeam"/>) and a commissioner are everyone who can be told anything, so each test knows its recipients.
    /// Helpers scan, deliver and read what arrived.
    /// </summary>
    internal sealed class World(TestApp app, SmtpSink smtp, PathwayTeam team, Actor commissioner) : IAsyncDisposable
    {
        public TestApp App { get; } = app;
        public SmtpSink Smtp { get; } = smtp;
        public PathwayTeam Team { get; } = team;
        public Actor Commissioner { get; } = commissioner;
        public static EmailOptions Email(SmtpSink smtp) => new() { Host = "127.0.0.1", Port = smtp.Port, UseTls = false };

        public static async Task<World> StartAsync(DatabaseProvider provider)
        {
            var smtp = new SmtpSink();
            var app = await TestApp.StartAsync(provider, email: Email(smtp));
            var team = await PathwayTeam.BuildAsync(app, Families);
            return new World(app, smtp, team, await app.CommissionerAsync());
        }

        /// <summary>The whole team's addresses in the order <see cref="Received"/> lists them: everyone a Pathway's meeting mail goes to.</summary>
        public string[] Everyone => Addresses(Team.Everyone.ToArray());

        public static string[] Addresses(params Actor[] actors) => actors.Select(a => PeopleBuilders.EmailOf(a.Name)).Order(StringComparer.Ordinal).ToArray();

        public Task<int> ScanAsync() => App.Services.GetRequiredService<ReminderScanJob>().RunAsync(CancellationToken.None);
        public Task<int> DeliverAsync() => App.Services.GetRequiredService<OutboxDeliveryJob>().RunAsync(CancellationToken.None);

        /// <summary>Scans, delivers, and returns the messages the SMTP server received since the last call.</summary>
        public async Task<List<Mail>> ScanAndReceiveAsync(string? kindSubjectPrefix = null)
        {
            await ScanAsync();
            await DeliverAsync();
            return Received(kindSubjectPrefix);
        }

        public List<Mail> Received(string? subjectPrefix = null)
        {
            var mails = new List<Mail>();
            while (Smtp.Messages.TryDequeue(out var m))
            {
                var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)));
                mails.Add(new Mail(Assert.Single(m.To), message.Subject ?? "", message.TextBody ?? "", message.HtmlBody ?? ""));
            }
            return mails.Where(m => subjectPrefix is null || m.Subject.StartsWith(subjectPrefix, StringComparison.Ordinal)).OrderBy(m => m.To, StringComparer.Ordinal).ToList();
        }

        public void At(int year, int month, int day, int hour = 10) => App.Clock.SetUtcNow(new DateTimeOffset(year, month, day, hour, 0, 0, TimeSpan.Zero));

        public Task<Actor> CoordinatorAsync() => Task.FromResult(Team.Coordinator);

        public Task<int> PathwayAsync(string slug) => App.PathwayIdAsync(slug);

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await Smtp.DisposeAsync();
        }
    }

    private static void AssertMails(IReadOnlyList<Mail> mails, string[] to, string subject, string link)
    {
        Assert.Equal(to, mails.Select(m => m.To));
        Assert.All(mails, m =>
        {
            Assert.Equal(subject, m.Subject);
            Assert.Contains(Base + link, m.Text, StringComparison.Ordinal);
            Assert.Contains($"href=\"{Base + link}\"", m.Html, StringComparison.Ordinal);
        });
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Meeting_reminders_fire_at_their_moments_to_members_and_associates_and_never_twice(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var coordinator = await w.CoordinatorAsync();
        var meetings = new GovernanceAs(w.App, coordinator);
        // Thursday 31 December 2026, 10:00 (GMT, so 10:00 UTC).
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 31, 10, 0, 0), Venue = "Durham" }))[0];

        Assert.Empty(await w.ScanAndReceiveAsync("Call for agenda items"));
        w.At(2026, 12, 10, 9); // 21 days and one hour before: not yet
        Assert.Empty(await w.ScanAndReceiveAsync("Call for agenda items"));

        w.At(2026, 12, 10, 10);
        AssertMails(await w.ScanAndReceiveAsync("Call for agenda items"), w.Everyone,
            "Call for agenda items: Families and Social Support meeting on 31 December 2026", $"/pathways/{Families}");
        w.At(2026, 12, 12);
        Assert.Empty(await w.ScanAndReceiveAsync("Call for agenda items"));

        w.At(2026, 12, 20);
        await meetings.Meetings.PublishAsync(id);
        AssertMails(await w.ScanAndReceiveAsync("Agenda published"), w.Everyone,
            "Agenda published: Families and Social Support, Thursday 31 December 2026 at 10:00", $"/meetings/{id}");

        w.At(2026, 12, 24, 9);
        Assert.Empty(await w.ScanAndReceiveAsync("Papers for"));
        w.At(2026, 12, 24, 10);
        AssertMails(await w.ScanAndReceiveAsync("Papers for"), w.Everyone, "Papers for the Families and Social Support meeting on 31 December 2026", $"/meetings/{id}");
        Assert.Empty(await w.ScanAndReceiveAsync("Papers for"));

        w.At(2026, 12, 30, 9);
        Assert.Empty(await w.ScanAndReceiveAsync("Tomorrow"));
        w.At(2026, 12, 30, 10);
        AssertMails(await w.ScanAndReceiveAsync("Tomorrow"), w.Everyone, "Tomorrow: Families and Social Support Pathway meeting", $"/meetings/{id}");
        w.At(2026, 12, 30, 20);
        Assert.Empty(await w.ScanAndReceiveAsync("Tomorrow"));

        w.At(2026, 12, 31, 13);
        await meetings.Meetings.MarkHeldAsync(id);
        w.At(2027, 1, 10, 9);
        Assert.Empty(await w.ScanAndReceiveAsync("Draft minutes due"));
        w.At(2027, 1, 10, 10);
        AssertMails(await w.ScanAndReceiveAsync("Draft minutes due"), World.Addresses(w.Team.Coordinator),
            "Draft minutes due: Families and Social Support, 31 December 2026", $"/meetings/{id}");
        w.At(2027, 1, 12, 10);
        Assert.Empty(await w.ScanAndReceiveAsync("Draft minutes due"));

        await using var db = await w.App.DbAsync();
        Assert.Equal(0, await db.Notifications.GroupBy(n => n.DedupKey).CountAsync(g => g.Count() > 1));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Cancelling_a_published_meeting_emails_everyone_at_once_even_those_who_chose_in_app_only(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 31, 10, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        var member = w.App.As<NotificationService>(w.Team.Member);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => member.SavePreferencesAsync(new Dictionary<string, bool> { [NotificationKinds.MeetingCancelled] = false }));
        Assert.Contains(NotificationKinds.MeetingCancelled, refused.Errors.Keys);
        Assert.False((await member.PreferencesAsync()).Single(p => p.Kind == NotificationKinds.MeetingCancelled).CanSwitchOff);

        await meetings.Meetings.CancelAsync(id, "The venue is closed by snow.");
        await w.DeliverAsync();
        var cancelled = w.Received("Cancelled");
        AssertMails(cancelled, w.Everyone, "Cancelled: Families and Social Support meeting on Thursday 31 December 2026", $"/meetings/{id}");
        Assert.All(cancelled, m => Assert.Contains("The venue is closed by snow.", m.Text, StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Moving_a_published_meeting_emails_everyone_once_per_move_and_a_planned_one_tells_nobody(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        MeetingInput At(int hour, string venue, string title = "Quarterly meeting") => new() { Title = title, StartLocal = new DateTime(2026, 12, 31, hour, 0, 0), Venue = venue };
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), At(10, "Durham")))[0];
        Assert.False((await w.App.As<NotificationService>(w.Team.Member).PreferencesAsync()).Single(p => p.Kind == NotificationKinds.MeetingMoved).CanSwitchOff);

        // Planned: nobody but the coordinator knows of it yet.
        await meetings.Meetings.RescheduleAsync(id, At(11, "Durham"));
        await w.DeliverAsync();
        Assert.Empty(w.Received("Moved"));

        await meetings.Meetings.PublishAsync(id);
        await meetings.Meetings.RescheduleAsync(id, At(14, "HMP Durham visitor centre"));
        await w.DeliverAsync();
        var moved = w.Received("Moved");
        AssertMails(moved, w.Everyone, "Moved: Families and Social Support meeting, now Thursday 31 December 2026 at 14:00", $"/meetings/{id}");
        Assert.All(moved, m => Assert.Contains("now on Thursday 31 December 2026 at 14:00, HMP Durham visitor centre.", m.Text, StringComparison.Ordinal));

        // Saved again unchanged, or only retitled: nowhere anyone has to be is different, so nothing is sent.
        await meetings.Meetings.RescheduleAsync(id, At(14, "HMP Durham visitor centre"));
        await meetings.Meetings.RescheduleAsync(id, At(14, "HMP Durham visitor centre", "Quarterly meeting (joint)"));
        await w.DeliverAsync();
        Assert.Empty(w.Received("Moved"));

        // Moved again: told again.
        await meetings.Meetings.RescheduleAsync(id, At(15, "HMP Durham visitor centre", "Quarterly meeting (joint)"));
        await w.DeliverAsync();
        AssertMails(w.Received("Moved"), w.Everyone, "Moved: Families and Social Support meeting, now Thursday 31 December 2026 at 15:00", $"/meetings/{id}");
    }

    /// <summary>Two open actions overdue, one due in three days and one done, all the vice-chair's (the team's member).</summary>
    private static async Task<(int DueSoon, int Overdue1, int Overdue2)> ActionsAsync(World w)
    {
        var owner = w.Team.Member.PersonId!.Value;
        var meeting = GovernanceBuilders.Meeting(w.Team.PathwayId, new DateTime(2026, 9, 1, 10, 0, 0), MeetingStatus.MinutesApproved, "Earlier meeting");
        ActionItem[] actions =
        [
            GovernanceBuilders.Action(meeting, owner, new DateOnly(2026, 11, 26), "Send the visitor centre figures"),
            GovernanceBuilders.Action(meeting, owner, new DateOnly(2026, 11, 20), "Draft the job description"),
            GovernanceBuilders.Action(meeting, owner, new DateOnly(2026, 11, 1), "Book the venue"),
            GovernanceBuilders.Action(meeting, owner, new DateOnly(2026, 10, 1), "Already done", ActionStatus.Done),
        ];
        await w.App.AddAsync([meeting], actions);
        return (actions[0].Id, actions[1].Id, actions[2].Id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Actions_due_soon_are_reminded_once_and_overdue_ones_come_as_one_weekly_digest_per_owner(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        await ActionsAsync(w);
        List<Mail> Owners(List<Mail> mails) => mails.Where(m => m.To == World.Addresses(w.Team.Member)[0]).ToList();

        // Monday 23 November 2026.
        var first = Owners(await w.ScanAndReceiveAsync());
        AssertMails(first.Where(m => m.Subject.StartsWith("Action due", StringComparison.Ordinal)).ToList(), World.Addresses(w.Team.Member),
            "Action due 26 November 2026: Send the visitor centre figures", "/my-actions");
        var digest = Assert.Single(first, m => m.Subject.Contains("overdue", StringComparison.Ordinal));
        AssertMails([digest], World.Addresses(w.Team.Member), "You have 2 overdue actions", "/my-actions");
        Assert.True(digest.Text.IndexOf("Book the venue", StringComparison.Ordinal) < digest.Text.IndexOf("Draft the job description", StringComparison.Ordinal), "oldest first");
        Assert.DoesNotContain("Already done", digest.Text, StringComparison.Ordinal);

        w.At(2026, 11, 23, 16);
        Assert.Empty(await w.ScanAndReceiveAsync("Action due"));
        w.At(2026, 11, 29, 23);
        Assert.Empty(Owners(await w.ScanAndReceiveAsync())); // the rest of the week: the 26th's action is overdue now, but this week's digest went

        w.At(2026, 11, 30, 0);
        var nextWeek = Assert.Single(Owners(await w.ScanAndReceiveAsync()));
        AssertMails([nextWeek], World.Addresses(w.Team.Member), "You have 3 overdue actions", "/my-actions");
        Assert.Empty(Owners(await w.ScanAndReceiveAsync()));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Terms_of_reference_review_due_within_30_days_goes_to_the_coordinator_and_the_chair_once(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        int torId;
        await using (var db = await w.App.DbAsync())
        {
            // The Pathway's terms, approved on 10 January 2026 for a year.
            var tor = new TermsOfReference
            {
                PathwayId = w.Team.PathwayId, VersionNumber = 1, Status = TorStatus.Approved, Purpose = "To coordinate family support.",
                ApprovedOn = new DateOnly(2026, 1, 10), ReviewDue = new DateOnly(2027, 1, 10),
            };
            db.TermsOfReference.Add(tor);
            await db.SaveChangesAsync();
            torId = tor.Id;
        }

        Assert.Empty(await w.ScanAndReceiveAsync("Terms of reference"));
        w.At(2026, 12, 10);
        Assert.Empty(await w.ScanAndReceiveAsync("Terms of reference"));
        w.At(2026, 12, 11);
        AssertMails(await w.ScanAndReceiveAsync("Terms of reference"), World.Addresses(w.Team.Chair, w.Team.Coordinator),
            "Terms of reference review due: Families and Social Support", $"/terms/{torId}");
        w.At(2027, 1, 20); // overdue by now: the reminder is not sent again
        Assert.Empty(await w.ScanAndReceiveAsync("Terms of reference review due: Families and Social Support"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_listing_not_reviewed_for_six_months_reminds_its_editors_each_month_until_confirmed(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        // Two of NEPACS's listings in the reference directory (seed-data/directory.json); the team's provider edits for NEPACS.
        int serviceId;
        await using (var db = await w.App.DbAsync())
            serviceId = await db.Services.Where(s => s.Name == "Family support and play in visits halls").Select(s => s.Id).SingleAsync();
        const string Subject = "Please review your listing: Family support and play in visits halls";

        // Last confirmed 15 April 2026: more than six months before 23 November.
        AssertMails(await w.ScanAndReceiveAsync(Subject), World.Addresses(w.Team.Provider), Subject, $"/directory/services/{serviceId}");
        Assert.Empty(await w.ScanAndReceiveAsync(Subject));
        w.At(2026, 11, 30, 23);
        Assert.Empty(await w.ScanAndReceiveAsync(Subject));
        w.At(2026, 12, 1, 0);
        AssertMails(await w.ScanAndReceiveAsync(Subject), World.Addresses(w.Team.Provider), Subject, $"/directory/services/{serviceId}");

        var editor = new DirectoryAs(w.App, w.Team.Provider);
        await editor.Editing.ConfirmStillAccurateAsync(serviceId, (await editor.Listings.GetServiceAsync(serviceId)).Version);
        w.At(2027, 1, 1);
        Assert.Empty(await w.ScanAndReceiveAsync(Subject));
        // The other listing was confirmed on 30 October 2026 and falls due after 30 April 2027.
        w.At(2027, 5, 1);
        Assert.Equal(["Please review your listing: Prison visitor centres"], (await w.ScanAndReceiveAsync("Please review")).Select(m => m.Subject));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_directory_change_tells_the_coordinator_and_its_review_tells_the_editor(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var editorActor = w.Team.Provider;
        var editor = new DirectoryAs(w.App, editorActor);
        var orgId = editorActor.OrganisationId!.Value;
        var (serviceId, outcome) = await editor.Editing.CreateServiceAsync(orgId, new ServiceInput { Name = "Family days", Description = "Family days in visits halls." });
        Assert.Equal(SaveOutcome.SubmittedForReview, outcome);
        await w.DeliverAsync();
        AssertMails(w.Received(), World.Addresses(w.Team.Coordinator), "To review: Family days", "/directory/changes");

        var coordinator = new DirectoryAs(w.App, w.Team.Coordinator);
        var change = Assert.Single(await coordinator.Review.PendingChangesAsync());
        await coordinator.Review.ReturnAsync(change.Id, "Say which prisons.", change.Version);
        await w.DeliverAsync();
        var returned = Assert.Single(w.Received());
        AssertMails([returned], World.Addresses(w.Team.Provider), "Returned: your change to Family days", $"/directory/services/{serviceId}");
        Assert.Contains("Say which prisons.", returned.Text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task In_app_only_preference_keeps_the_inbox_copy_and_sends_no_email(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var memberActor = w.Team.Member;
        var member = w.App.As<NotificationService>(memberActor);
        Assert.Contains(await member.PreferencesAsync(), p => p.Kind == NotificationKinds.AgendaPublished && p.Email && p.CanSwitchOff);
        Assert.DoesNotContain(await member.PreferencesAsync(), p => p.Kind == NotificationKinds.ListingReviewDue); // not a provider editor
        await member.SavePreferencesAsync(new Dictionary<string, bool> { [NotificationKinds.AgendaPublished] = false, [NotificationKinds.MeetingTomorrow] = true });
        Assert.False((await member.PreferencesAsync()).Single(p => p.Kind == NotificationKinds.AgendaPublished).Email);

        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 11, 24, 9, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        await w.DeliverAsync();
        Assert.Equal(World.Addresses(w.Team.Associate, w.Team.Chair, w.Team.Coordinator, w.Team.Provider), w.Received("Agenda published").Select(m => m.To));
        Assert.Equal("Agenda published: Families and Social Support, Tuesday 24 November 2026 at 09:00", Assert.Single(await member.InboxAsync(), n => n.Link == $"/meetings/{id}").Subject);
        // Other kinds still reach the member by email.
        Assert.Contains(World.Addresses(w.Team.Member)[0], (await w.ScanAndReceiveAsync("Tomorrow")).Select(m => m.To));

        // Switched back on: the next one is emailed again.
        await member.SavePreferencesAsync(new Dictionary<string, bool> { [NotificationKinds.AgendaPublished] = true });
        var second = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), new MeetingInput { Title = "Extra meeting", StartLocal = new DateTime(2027, 2, 1, 14, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(second);
        await w.DeliverAsync();
        Assert.Contains(World.Addresses(w.Team.Member)[0], w.Received("Agenda published").Select(m => m.To));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_new_host_over_the_same_database_does_not_resend(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync(Families), new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 11, 24, 9, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        var firstRun = await w.ScanAndReceiveAsync();
        Assert.Contains(firstRun, m => m.Subject.StartsWith("Tomorrow", StringComparison.Ordinal));
        Assert.Contains(firstRun, m => m.Subject.StartsWith("Agenda published", StringComparison.Ordinal));

        // The same moment, a fresh process: its in-memory Hangfire queue is empty, but the outbox remembers.
        await using var restarted = w.App.AnotherHost(World.Email(w.Smtp));
        Assert.Equal(0, await restarted.Services.GetRequiredService<ReminderScanJob>().RunAsync(CancellationToken.None));
        Assert.Equal(0, await restarted.Services.GetRequiredService<OutboxDeliveryJob>().RunAsync(CancellationToken.None));
        Assert.Empty(w.Received());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Two_hosts_scanning_and_delivering_at_once_write_and_send_each_notification_once(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        await ActionsAsync(w);
        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        var pathway = await w.PathwayAsync(Families);
        foreach (var day in new[] { 24, 25, 26 })
        {
            // Meetings tomorrow, within a week and within three weeks: every meeting rule has something to say.
            var id = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = $"Meeting {day}", StartLocal = new DateTime(2026, 11, day, 9, 0, 0).AddDays(day == 24 ? 0 : (day - 24) * 6), Venue = "Durham" }))[0];
            if (day != 26) await meetings.Meetings.PublishAsync(id);
        }
        w.At(2026, 11, 23, 11);
        // Publishing already wrote (unsent) notifications; what this test counts is what the scans add to it.
        List<string> before;
        int unsent;
        await using (var db0 = await w.App.DbAsync())
            (before, unsent) = (await db0.Notifications.Select(n => n.DedupKey).ToListAsync(), await db0.Notifications.CountAsync(n => n.EmailSentUtc == null));
        await using var other = w.App.AnotherHost(World.Email(w.Smtp));
        var jobsA = (Scan: w.App.Services.GetRequiredService<ReminderScanJob>(), Deliver: w.App.Services.GetRequiredService<OutboxDeliveryJob>());
        var jobsB = (Scan: other.Services.GetRequiredService<ReminderScanJob>(), Deliver: other.Services.GetRequiredService<OutboxDeliveryJob>());

        var written = await Task.WhenAll(Enumerable.Range(0, 3).SelectMany(_ => new[] { jobsA.Scan.RunAsync(CancellationToken.None), jobsB.Scan.RunAsync(CancellationToken.None) }));
        await using var db = await w.App.DbAsync();
        var keys = await db.Notifications.Select(n => n.DedupKey).ToListAsync();
        Assert.Equal(keys.Count, keys.Distinct().Count());
        var added = keys.Except(before).ToList();
        Assert.Equal(added.Count, written.Sum());
        Assert.Contains(added, k => k.Contains(NotificationKinds.MeetingTomorrow, StringComparison.Ordinal));
        Assert.Contains(added, k => k.Contains(NotificationKinds.PapersReminder, StringComparison.Ordinal) || k.Contains(NotificationKinds.CallForItems, StringComparison.Ordinal));
        Assert.Contains(added, k => k.Contains(NotificationKinds.ActionsOverdue, StringComparison.Ordinal));

        var sent = await Task.WhenAll(jobsA.Deliver.RunAsync(CancellationToken.None), jobsB.Deliver.RunAsync(CancellationToken.None), jobsA.Deliver.RunAsync(CancellationToken.None));
        var received = w.Received();
        Assert.Equal(unsent + added.Count, sent.Sum());
        Assert.Equal(unsent + added.Count, received.Count);
        Assert.Equal(received.Count, received.Select(m => (m.To, m.Subject)).Distinct().Count());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_agreement_ending_reminds_the_commissioners_at_six_three_and_one_months_with_the_undecided_decision(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        int id;
        await using (var db = await w.App.DbAsync())
        {
            var nepacs = await w.App.OrganisationIdAsync("NEPACS");
            var agreement = new Web.Features.Commissioning.Agreement
            {
                Reference = "AGR-TEST-1", Title = "Visitor centre at HMP Durham", Kind = Web.Features.Commissioning.AgreementKind.Grant,
                SupplierOrganisationId = nepacs, BuyerOrganisationId = nepacs, Value = 50000, StartDate = new DateOnly(2025, 5, 21), EndDate = new DateOnly(2027, 5, 20),
                Status = Web.Features.Commissioning.AgreementStatus.Active, DecisionDueDate = new DateOnly(2026, 11, 20),
            };
            db.Agreements.Add(agreement);
            await db.SaveChangesAsync();
            id = agreement.Id;
        }
        const string Prefix = "AGR-TEST-1 ends";

        var six = await w.ScanAndReceiveAsync(Prefix);
        AssertMails(six, World.Addresses(w.Commissioner), "AGR-TEST-1 ends in 6 months: recommissioning undecided", $"/commissioning/agreements/{id}");
        Assert.Contains("No recommissioning decision is recorded", six[0].Text, StringComparison.Ordinal);
        Assert.Empty(await w.ScanAndReceiveAsync(Prefix));
        w.At(2027, 2, 21);
        AssertMails(await w.ScanAndReceiveAsync(Prefix), World.Addresses(w.Commissioner), "AGR-TEST-1 ends in 3 months: recommissioning undecided", $"/commissioning/agreements/{id}");
        await using (var db = await w.App.DbAsync())
            await db.Agreements.Where(a => a.Id == id).ExecuteUpdateAsync(u => u.SetProperty(a => a.Decision, Web.Features.Commissioning.RecommissioningDecision.Extend));
        w.At(2027, 4, 21);
        AssertMails(await w.ScanAndReceiveAsync(Prefix), World.Addresses(w.Commissioner), "AGR-TEST-1 ends in a month", $"/commissioning/agreements/{id}");
        w.At(2027, 5, 1);
        Assert.Empty(await w.ScanAndReceiveAsync(Prefix));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Tender_deadlines_remind_the_interested_organisations_editors_a_week_and_a_day_before(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        int id;
        await using (var db = await w.App.DbAsync())
        {
            var nepacs = await w.App.OrganisationIdAsync("NEPACS");
            var tender = new Web.Features.Commissioning.Tender
            {
                Reference = "TND-TEST-1", Title = "Family support at HMP Frankland", BuyerOrganisationId = nepacs,
                Status = Web.Features.Commissioning.TenderStatus.Active, PublishedUtc = new DateTime(2026, 11, 1, 9, 0, 0, DateTimeKind.Utc),
                SubmissionDeadlineUtc = new DateTime(2026, 11, 28, 12, 0, 0, DateTimeKind.Utc),
            };
            tender.Interests.Add(new Web.Features.Commissioning.TenderInterest { OrganisationId = nepacs });
            db.Tenders.Add(tender);
            await db.SaveChangesAsync();
            id = tender.Id;
        }
        const string Prefix = "Bids for TND-TEST-1";

        AssertMails(await w.ScanAndReceiveAsync(Prefix), World.Addresses(w.Team.Provider), "Bids for TND-TEST-1 are due in 5 days", $"/commissioning/tenders/{id}");
        Assert.Empty(await w.ScanAndReceiveAsync(Prefix));
        w.At(2026, 11, 27, 13);
        AssertMails(await w.ScanAndReceiveAsync(Prefix), World.Addresses(w.Team.Provider), "Bids for TND-TEST-1 are due tomorrow", $"/commissioning/tenders/{id}");
        w.At(2026, 11, 28, 13);
        Assert.Empty(await w.ScanAndReceiveAsync(Prefix));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_milestone_reminds_the_commissioners_a_week_ahead_and_once_more_when_overdue(DatabaseProvider provider)
    {
        await using var w = await World.StartAsync(provider);
        int agreementId;
        await using (var db = await w.App.DbAsync())
        {
            var nepacs = await w.App.OrganisationIdAsync("NEPACS");
            var agreement = new Web.Features.Commissioning.Agreement
            {
                Reference = "AGR-TEST-2", Title = "Family support", Kind = Web.Features.Commissioning.AgreementKind.Contract,
                SupplierOrganisationId = nepacs, BuyerOrganisationId = nepacs, Value = 1000, StartDate = new DateOnly(2026, 1, 1), EndDate = new DateOnly(2028, 12, 31),
                Status = Web.Features.Commissioning.AgreementStatus.Active, DecisionDueDate = new DateOnly(2028, 6, 30),
            };
            agreement.Milestones.Add(new Web.Features.Commissioning.Milestone
            {
                Title = "Quarterly monitoring report", Kind = Web.Features.Commissioning.MilestoneKind.Reporting, DueDate = new DateOnly(2026, 12, 4),
            });
            db.Agreements.Add(agreement);
            await db.SaveChangesAsync();
            agreementId = agreement.Id;
        }
        const string Title = "Quarterly monitoring report (AGR-TEST-2)";
        List<Mail> Mine(List<Mail> mails) => mails.Where(m => m.Subject.EndsWith(Title, StringComparison.Ordinal)).ToList();

        Assert.Empty(Mine(await w.ScanAndReceiveAsync()));
        w.At(2026, 11, 27);
        AssertMails(Mine(await w.ScanAndReceiveAsync()), World.Addresses(w.Commissioner), "Milestone due 4 December 2026: " + Title, $"/commissioning/agreements/{agreementId}");
        Assert.Empty(Mine(await w.ScanAndReceiveAsync()));
        w.At(2026, 12, 5);
        AssertMails(Mine(await w.ScanAndReceiveAsync()), World.Addresses(w.Commissioner), "Milestone overdue: " + Title, $"/commissioning/agreements/{agreementId}");
        w.At(2026, 12, 12);
        Assert.Empty(Mine(await w.ScanAndReceiveAsync()));
    }
}
