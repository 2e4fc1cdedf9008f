using Microsoft.EntityFrameworkCore;
using MimeKit;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Email;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Features.Notifications;

public sealed class OutboxTests
{
    private static async Task<(TestApp App, int MeetingId)> PublishedMeetingAsync(DatabaseProvider provider, EmailOptions? email = null)
    {
        var app = await TestApp.StartAsync(provider, email: email);
        // Five people with a sign-in sit on the Pathway, so publishing notifies five (PathwayTeam's addresses are name@test.example).
        var team = await PathwayTeam.BuildAsync(app);
        var pathway = team.PathwayId;
        var meetings = new GovernanceAs(app, team.Coordinator);
        var id = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        return (app, id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Agenda_publication_is_emailed_over_smtp_once_to_each_recipient_with_a_link(DatabaseProvider provider)
    {
        await using var smtp = new SmtpSink();
        var (app, meetingId) = await PublishedMeetingAsync(provider, new EmailOptions { Host = "127.0.0.1", Port = smtp.Port, UseTls = false });
        await using var _ = app;
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        Assert.Equal(5, await dispatcher.DeliverDueAsync());
        Assert.Equal(0, await dispatcher.DeliverDueAsync());

        var received = smtp.Messages.ToList();
        Assert.Equal(["asha.associate@test.example", "chris.chair@test.example", "cora.coordinator@test.example", "max.member@test.example", "pat.provider@test.example"],
            received.SelectMany(m => m.To).Order());
        foreach (var (_, data) in received)
        {
            var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(data)));
            Assert.StartsWith("Agenda published: Families and Social Support", message.Subject, StringComparison.Ordinal);
            Assert.Contains($"https://hub.example/meetings/{meetingId}", message.TextBody, StringComparison.Ordinal);
        }
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_refused_send_is_retried_after_back_off_and_then_delivered(DatabaseProvider provider)
    {
        await using var smtp = new SmtpSink { FailNext = 100 };
        var (app, _) = await PublishedMeetingAsync(provider, new EmailOptions { Host = "127.0.0.1", Port = smtp.Port, UseTls = false });
        await using var __ = app;
        var dispatcher = app.Services.GetRequiredService<OutboxDispatcher>();

        Assert.Equal(0, await dispatcher.DeliverDueAsync());
        await using (var db = await app.DbAsync())
            Assert.All(await db.Notifications.ToListAsync(), n => Assert.Equal((1, true), (n.Attempts, n.LastError!.Contains("try again", StringComparison.Ordinal))));

        smtp.FailNext = 0;
        Assert.Equal(0, await dispatcher.DeliverDueAsync()); // still backing off
        app.Clock.Advance(TimeSpan.FromMinutes(3));
        Assert.Equal(5, await dispatcher.DeliverDueAsync());
        Assert.Equal(5, smtp.Messages.Count);
        await using var db2 = await app.DbAsync();
        Assert.All(await db2.Notifications.ToListAsync(), n => Assert.NotNull(n.EmailSentUtc));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task After_the_last_attempt_fails_the_coordinator_sees_the_error_and_a_resend_delivers(DatabaseProvider provider)
    {
        await using var smtp = new SmtpSink { FailNext = 1000 };
        var (app, _) = await PublishedMeetingAsync(provider, new EmailOptions { Host = "127.0.0.1", Port = smtp.Port, UseTls = false });
        await using var __ = app;
        var job = app.Services.GetRequiredService<OutboxDeliveryJob>();
        var admin = app.As<NotificationService>(await app.ActorAsync("cora.coordinator@test.example"));
        var max = new ReminderOptions().MaxAttempts;

        for (var i = 0; i < max + 2; i++)
        {
            Assert.Equal(0, await job.RunAsync(CancellationToken.None));
            if (i == 0) Assert.Equal(5, (await admin.OutboxAsync(OutboxStatus.Retrying, 0, 25)).Total);
            app.Clock.Advance(TimeSpan.FromDays(1));
        }
        var failed = await admin.OutboxAsync(OutboxStatus.Failed, 0, 25);
        Assert.Equal(5, failed.Total);
        Assert.Equal(0, failed.Counts[OutboxStatus.Sent]);
        Assert.All(failed.Rows, r => Assert.Equal((max, true), (r.Attempts, r.LastError!.Contains("try again later", StringComparison.Ordinal))));
        var member = app.As<NotificationService>(await app.ActorAsync("max.member@test.example"));
        await Assert.ThrowsAsync<ForbiddenException>(() => member.ResendAsync(failed.Rows[0].Id));

        smtp.FailNext = 0;
        var row = failed.Rows.Single(r => r.Email == "asha.associate@test.example");
        await admin.ResendAsync(row.Id);
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));
        Assert.Equal("asha.associate@test.example", Assert.Single(smtp.Messages).To.Single());
        var after = await admin.OutboxAsync(OutboxStatus.All, 0, 25);
        Assert.Equal((1, 4), (after.Counts[OutboxStatus.Sent], after.Counts[OutboxStatus.Failed]));
        await Assert.ThrowsAsync<PathwayHub.Web.Infrastructure.ValidationFailedException>(() => admin.ResendAsync(row.Id));
    }

    [Fact]
    public async Task Without_an_smtp_host_mail_is_written_to_the_pickup_folder()
    {
        var (app, _) = await PublishedMeetingAsync(DatabaseProvider.Sqlite);
        await using var __ = app;
        Assert.Equal(5, await app.Services.GetRequiredService<OutboxDispatcher>().DeliverDueAsync());
        var files = System.IO.Directory.GetFiles(app.Services.GetRequiredService<EmailSender>().PickupFolder, "*.eml");
        Assert.Equal(5, files.Length);
        Assert.Contains(files, f => MimeMessage.Load(f).To.Mailboxes.Single().Address == "asha.associate@test.example");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_same_key_is_written_once_even_when_enqueued_concurrently(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var item = new OutgoingNotification(coordinator.UserId!, "test", "test:1:user", "Hello", "Body", "/");
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            await using var db = await app.DbAsync();
            await NotificationService.EnqueueAsync(db, [item], TestApp.Now.UtcDateTime);
        }));
        await using var check = await app.DbAsync();
        Assert.Equal(1, await check.Notifications.CountAsync(n => n.DedupKey == "test:1:user"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Inbox_counts_unread_and_marks_only_the_users_own_notifications(DatabaseProvider provider)
    {
        var (app, _) = await PublishedMeetingAsync(provider);
        await using var __ = app;
        var associate = app.As<NotificationService>(await app.ActorAsync("asha.associate@test.example"));
        var member = app.As<NotificationService>(await app.ActorAsync("max.member@test.example"));

        Assert.Equal(1, await associate.UnreadCountAsync());
        var mine = Assert.Single(await associate.InboxAsync());
        await member.MarkReadAsync(mine.Id); // someone else's id: no effect
        Assert.Equal(1, await associate.UnreadCountAsync());
        await associate.MarkReadAsync(null);
        Assert.Equal(0, await associate.UnreadCountAsync());
        Assert.Equal(1, await member.UnreadCountAsync());
    }
}
