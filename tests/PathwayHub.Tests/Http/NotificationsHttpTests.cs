using System.Net;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Reports;

namespace PathwayHub.Tests.Http;

public sealed class NotificationsHttpTests : IAsyncLifetime
{
    private readonly WebApp _app = new();
    public ValueTask InitializeAsync() => ValueTask.CompletedTask;
    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task The_hangfire_dashboard_is_for_coordinators_only()
    {
        var anonymous = await _app.Browser().GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/account/login", anonymous.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("ReturnUrl=%2Fhangfire", anonymous.Headers.Location.Query, StringComparison.OrdinalIgnoreCase);

        foreach (var email in new[] { "member@pathwayhub.example", "associate@pathwayhub.example", "provider@pathwayhub.example", "commissioner@pathwayhub.example" })
        {
            var client = _app.Browser();
            await WebApp.SignInAsync(client, email, Seeder.DemoPassword);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/hangfire/recurring")).StatusCode);
        }

        var coordinator = _app.Browser();
        await WebApp.SignInAsync(coordinator, "coordinator@pathwayhub.example", Seeder.DemoPassword);
        var dashboard = await coordinator.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("PathwayHub jobs", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Admin_notifications_is_for_coordinators_and_settings_for_everyone_signed_in()
    {
        var member = _app.Browser();
        await WebApp.SignInAsync(member, "member@pathwayhub.example", Seeder.DemoPassword);
        Assert.StartsWith("/account/access-denied", WebApp.PathOf(await member.GetAsync("/admin/notifications")), StringComparison.Ordinal);
        var settings = await member.GetAsync("/notifications/settings");
        Assert.Equal(HttpStatusCode.OK, settings.StatusCode);
        Assert.Contains("Notification settings", await settings.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var coordinator = _app.Browser();
        await WebApp.SignInAsync(coordinator, "coordinator@pathwayhub.example", Seeder.DemoPassword);
        var admin = await coordinator.GetAsync("/admin/notifications");
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        Assert.Contains("Notifications sent", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_jobs_on_the_host_schedules_delivery_and_the_scan_from_configuration()
    {
        await using var app = new WebApp(new Dictionary<string, string> { ["Reminders:RunJobs"] = "true", ["Reminders:ScanCron"] = "*/5 * * * *" });
        _ = app.Server; // start the host
        using var connection = app.Services.GetRequiredService<JobStorage>().GetConnection();
        var jobs = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Cron);
        Assert.Equal("* * * * *", jobs[OutboxDeliveryJob.Id]);
        Assert.Equal("*/5 * * * *", jobs[ReminderScanJob.Id]);
        Assert.Equal("0 6 1 1,4,7,10 *", jobs[QuarterlyReportJob.Id]);
        // The progress snapshots are taken on the quarterly report's schedule.
        Assert.Equal(jobs[QuarterlyReportJob.Id], jobs[Web.Features.Estate.Progress.ProgressSnapshotJob.Id]);
    }

    [Fact]
    public async Task Two_instances_over_one_postgresql_database_share_hangfire_storage_and_one_schedule()
    {
        var database = new Dictionary<string, string>
        {
            ["Database:Provider"] = "Postgres",
            ["ConnectionStrings:Postgres"] = await PostgresServer.CreateDatabaseAsync(),
            ["Reminders:RunJobs"] = "true",
        };
        await using var first = new WebApp(database);
        await using var second = new WebApp(database);
        // The first instance installs Hangfire's schema and announces its server before the second starts, as a rolling start
        // does: two storages installing the schema at the same moment made the second server's announcement miss the wait below.
        _ = first.Server;
        Assert.True(await ServersAsync(first.Services.GetRequiredService<JobStorage>(), 1), $"the first instance's Hangfire server should be registered; it logged:\n{first.Logs}");
        _ = second.Server;

        var storage = second.Services.GetRequiredService<JobStorage>();
        Assert.IsType<Hangfire.PostgreSql.PostgreSqlStorage>(storage);
        using var connection = storage.GetConnection();
        Assert.Equal([OutboxDeliveryJob.Id, QuarterlyReportJob.Id, Web.Features.Estate.Progress.ProgressSnapshotJob.Id, ReminderScanJob.Id], connection.GetRecurringJobs().Select(j => j.Id).Order());
        // Both instances' servers are registered in the shared storage. Each Hangfire server announces itself from its own
        // background thread once its host has started, so wait for the second announcement (up to 90 s: a clean-clone CI run on
        // a loaded two-core machine has taken longer than 30 s to start the second server's dispatchers).
        Assert.True(await ServersAsync(storage, 2), $"both instances' Hangfire servers should be registered; the first logged:\n{first.Logs}\nthe second:\n{second.Logs}");
    }

    /// <summary>Waits up to 90 s for at least <paramref name="count"/> servers to have announced themselves.</summary>
    private static async Task<bool> ServersAsync(JobStorage storage, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (storage.GetMonitoringApi().Servers().Count < count && DateTime.UtcNow < deadline) await Task.Delay(100);
        return storage.GetMonitoringApi().Servers().Count >= count;
    }
}
