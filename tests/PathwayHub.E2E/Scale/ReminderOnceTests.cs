using System.Globalization;
using MimeKit;
using Npgsql;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E.Scale;

/// <summary>
/// Reminders with both instances' Hangfire servers running the recurring scan and delivery on the shared PostgreSQL storage,
/// every few seconds, to a real SMTP conversation. Nothing here calls a job: the test arranges a meeting through the browser,
/// then watches what arrives.
/// </summary>
[Collection(FastReminderDeploymentGroup.Name)]
public sealed class ReminderOnceTests(FastReminderScaleFixture scale)
{
    private sealed record Mail(string To, string Subject);

    [Fact]
    public async Task A_published_meeting_is_announced_and_its_call_for_items_sent_once_each_with_both_schedulers_running()
    {
        var deployment = scale.Running;
        var coordinator = await scale.NewPageAsync();
        await new LoginPage(coordinator).SignInAsync("coordinator@pathwayhub.example");
        // Ten days ahead: inside the call-for-items window (three weeks to one week before), so the scan has something to send.
        var uk = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, uk).Date).AddDays(10);
        var meeting = new MeetingPage(coordinator);
        await meeting.CreateSeriesFromPathwayAsync("Families and Social Support", day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await meeting.ConfirmAsync("publish", "Agenda published");
        var date = day.ToString("d MMMM yyyy", CultureInfo.GetCultureInfo("en-GB"));
        var callForItems = $"Call for agenda items: Families and Social Support meeting on {date}";
        string[] members = ["associate@pathwayhub.example", "chair@pathwayhub.example", "member@pathwayhub.example", "provider@pathwayhub.example"];

        // The publish writes the announcements; a scan on one instance or the other writes the call for items; deliveries send them.
        var arrived = await PollAsync(TimeSpan.FromSeconds(150), () =>
        {
            var mails = Received();
            var announced = mails.Where(m => m.Subject.StartsWith("Agenda published", StringComparison.Ordinal) && m.Subject.Contains(date, StringComparison.Ordinal)).Select(m => m.To);
            var called = mails.Where(m => m.Subject == callForItems).Select(m => m.To);
            return members.All(announced.Contains) && members.All(called.Contains);
        });
        Assert.True(arrived, "Not every member received the announcement and the call for items: " + string.Join("; ", Received()));

        // Both instances' servers are alive on the shared storage. Which of two competing servers takes a job is a race, so if one
        // has taken every job so far it is stopped gracefully (its running job finishes, its locks are released): from then on the
        // other must run the scans and deliveries, which proves it runs jobs too, and nothing may be sent twice across the handover.
        Assert.Equal(2, await LiveServersAsync(deployment.ConnectionString));
        await PollAsync(TimeSpan.FromSeconds(30), async () => (await ServersThatRanJobsAsync(deployment.ConnectionString)).Count >= 2);
        var ran = await ServersThatRanJobsAsync(deployment.ConnectionString);
        if (ran.Count < 2)
        {
            var busy = ran.Single();
            var instance = deployment.Instances.Single(i => busy.Contains($":{i.ProcessId}:", StringComparison.Ordinal));
            await instance.StopAsync(TimeSpan.FromSeconds(30));
            Assert.True(await PollAsync(TimeSpan.FromSeconds(90), async () => (await ServersThatRanJobsAsync(deployment.ConnectionString)).Count >= 2),
                "the second instance's Hangfire server did not run a job once the first was stopped");
        }
        var (scans, deliveries) = await SucceededAsync(deployment.ConnectionString);
        Assert.True(await PollAsync(TimeSpan.FromSeconds(120), async () =>
        {
            var (s, d) = await SucceededAsync(deployment.ConnectionString);
            return s >= scans + 2 && d >= deliveries + 2;
        }), "the recurring scan and delivery did not run twice more");

        var all = Received();
        var twice = all.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => $"{g.Key.To}: {g.Key.Subject} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "sent more than once: " + string.Join("; ", twice));
        Assert.All(members, m => Assert.Single(all, x => x.To == m && x.Subject == callForItems));
    }

    private List<Mail> Received() => scale.Smtp.Messages.ToArray().SelectMany(m =>
    {
        var message = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m.Data)));
        return m.To.Select(to => new Mail(to, message.Subject ?? ""));
    }).ToList();

    /// <summary>Servers with a heartbeat in the last two minutes.</summary>
    private static async Task<long> LiveServersAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT count(*) FROM hangfire.server WHERE lastheartbeat > now() - interval '2 minutes'", conn);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>The ids ("host:pid:guid") of every server, live or since stopped, that has taken a job to Processing.</summary>
    private static async Task<List<string>> ServersThatRanJobsAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "SELECT DISTINCT (data::jsonb)->>'ServerId' FROM hangfire.state WHERE name = 'Processing'", conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<(long Scans, long Deliveries)> SucceededAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("""
            SELECT count(*) FILTER (WHERE invocationdata::text LIKE '%ReminderScanJob%'),
                   count(*) FILTER (WHERE invocationdata::text LIKE '%OutboxDeliveryJob%')
            FROM hangfire.job WHERE statename = 'Succeeded'
            """, conn);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static Task<bool> PollAsync(TimeSpan limit, Func<bool> done) => PollAsync(limit, () => Task.FromResult(done()));

    private static async Task<bool> PollAsync(TimeSpan limit, Func<Task<bool>> done)
    {
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (await done()) return true;
            await Task.Delay(500);
        }
        return await done();
    }
}
