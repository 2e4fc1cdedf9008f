using System.Collections.Concurrent;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Jobs;

namespace PathwayHub.Tests.Infrastructure.Jobs;

/// <summary>
/// Hangfire.PostgreSql's duplicate-run hazard, with two real job servers on one PostgreSQL database: a job that runs longer than
/// the invisibility timeout is fetched again by the other server unless the running one keeps renewing it. The portal's storage
/// options (<see cref="HangfireSetup.PostgresOptions"/>) renew it, so the job runs once; the same servers without the sliding
/// timeout show the hazard is real, so the first test would notice the option going.
/// </summary>
[Collection(HangfireServers.Name)]
public sealed class JobInvisibilityTests
{
    private static readonly TimeSpan Invisibility = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan JobLength = TimeSpan.FromSeconds(6);

    [Fact]
    public async Task A_job_longer_than_the_invisibility_timeout_runs_once_on_two_servers_with_the_portals_options() =>
        Assert.Equal(1, await RunOnTwoServersAsync(sliding: true));

    [Fact]
    public async Task Without_the_sliding_timeout_the_other_server_runs_the_same_job_again() =>
        Assert.True(await RunOnTwoServersAsync(sliding: false) >= 2, "the hazard this guards against did not occur");

    private static async Task<int> RunOnTwoServersAsync(bool sliding)
    {
        var options = HangfireSetup.PostgresOptions(new ReminderOptions { JobInvisibilityTimeout = Invisibility });
        options.UseSlidingInvisibilityTimeout = sliding;
        options.QueuePollInterval = TimeSpan.FromMilliseconds(200);
        var storage = new PostgreSqlStorage(new NpgsqlConnectionFactory(await PostgresServer.CreateDatabaseAsync(), options), options);
        // A short shutdown: a server being disposed does not wait out a copy of the job still sleeping.
        // Hangfire's default activator, not the process-wide one a web host (since disposed) may have set.
        var servers = new BackgroundJobServerOptions
        {
            WorkerCount = 1, SchedulePollingInterval = TimeSpan.FromSeconds(1), ShutdownTimeout = TimeSpan.FromSeconds(1), Activator = new JobActivator(),
        };
        var key = Guid.NewGuid().ToString("N");
        HangfireServers.UseOwnLogProvider();
        using (new BackgroundJobServer(servers, storage))
        using (new BackgroundJobServer(servers, storage))
        {
            var id = new BackgroundJobClient(storage).Enqueue(() => SlowJob.Run(key, JobLength));
            var monitor = storage.GetMonitoringApi();
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            // Done when the job has succeeded and no copy of it is still running, or (without the sliding timeout, where copies
            // can go on being fetched again for as long as one runs) as soon as a second copy has started.
            while (!(monitor.JobDetails(id).History.FirstOrDefault()?.StateName == "Succeeded" && SlowJob.Running(key) == 0) && !(!sliding && SlowJob.Runs(key) >= 2))
            {
                Assert.True(DateTime.UtcNow < deadline, "the job did not finish within a minute");
                await Task.Delay(200, TestContext.Current.CancellationToken);
            }
        }
        return SlowJob.Runs(key);
    }

    /// <summary>The job: counts its runs per test and takes longer than the invisibility timeout.</summary>
    public static class SlowJob
    {
        private static readonly ConcurrentDictionary<string, int> Started = new();
        private static readonly ConcurrentDictionary<string, int> Active = new();

        public static int Runs(string key) => Started.GetValueOrDefault(key);
        public static int Running(string key) => Active.GetValueOrDefault(key);

        public static void Run(string key, TimeSpan length)
        {
            Started.AddOrUpdate(key, 1, (_, n) => n + 1);
            Active.AddOrUpdate(key, 1, (_, n) => n + 1);
            try { Thread.Sleep(length); }
            finally { Active.AddOrUpdate(key, 0, (_, n) => n - 1); }
        }
    }
}
