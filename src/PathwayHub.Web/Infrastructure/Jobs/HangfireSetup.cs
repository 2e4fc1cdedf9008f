using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Dashboard;
using Hangfire.Logging;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Telemetry;

namespace PathwayHub.Web.Infrastructure.Jobs;

/// <summary>
/// Hangfire in the web process: in-memory storage on the embedded SQLite default, the application's PostgreSQL database
/// (schema <c>hangfire</c>) when scaled out. Hangfire only schedules: what is due and what was sent live in our own tables,
/// so losing the in-memory queue on a restart loses nothing and sends nothing twice.
/// </summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    /// <summary>
    /// Hangfire.PostgreSql hides a fetched job from other servers for the invisibility timeout only: a job still running after it
    /// would be fetched and run again by another instance. The sliding timeout has the running server renew it in the background,
    /// so a long job runs once however long it takes, while a job whose server died is picked up again after the (short) timeout.
    /// </summary>
    public static PostgreSqlStorageOptions PostgresOptions(ReminderOptions options) => new()
    {
        SchemaName = "hangfire",
        PrepareSchemaIfNecessary = true,
        InvisibilityTimeout = options.JobInvisibilityTimeout,
        UseSlidingInvisibilityTimeout = true,
    };

    /// <summary>The shared job storage of every instance on one PostgreSQL database.</summary>
    public static PostgreSqlStorage PostgresStorage(string connectionString, ReminderOptions options)
    {
        var o = PostgresOptions(options);
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, o), o);
    }

    public static IServiceCollection AddPathwayHubJobs(this IServiceCollection services, DatabaseSettings database, ReminderOptions options)
    {
        // The host's own storage, registered before AddHangfire so the server, dashboard and job manager use it rather than
        // Hangfire's process-wide JobStorage.Current (which several hosts in one test process would overwrite).
        services.AddSingleton<JobStorage>(_ => database.Provider == DatabaseProvider.Postgres
            ? PostgresStorage(database.ConnectionString, options)
            : new InMemoryStorage());
        // Likewise the host's own job activator, so this host's server builds jobs from this host's services.
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings().UseStorage(sp.GetRequiredService<JobStorage>())
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>())).UsePortalTelemetry());
        if (options.RunJobs)
        {
            services.AddHangfireServer(o =>
            {
                o.WorkerCount = Math.Max(1, options.Workers);
                o.SchedulePollingInterval = TimeSpan.FromSeconds(15);
            });
        }
        return services;
    }

    /// <summary>The dashboard (coordinators only) and, where this process runs jobs, the recurring schedule.</summary>
    public static IEndpointRouteBuilder MapPathwayHubJobs(this IEndpointRouteBuilder app, ReminderOptions options)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [new CoordinatorDashboardFilter()],
            AppPath = "/admin/notifications",
            DashboardTitle = "PathwayHub jobs",
            DisplayStorageConnectionString = false,
        })
        // Anyone not signed in is sent to the sign-in page and back; signed-in users other than coordinators get 403 from the filter.
        .RequireAuthorization();
        if (options.RunJobs)
        {
            var jobs = app.ServiceProvider.GetRequiredService<IRecurringJobManager>();
            var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            jobs.AddOrUpdate<OutboxDeliveryJob>(OutboxDeliveryJob.Id, j => j.RunAsync(CancellationToken.None), options.DeliveryCron, utc);
            jobs.AddOrUpdate<ReminderScanJob>(ReminderScanJob.Id, j => j.RunAsync(CancellationToken.None), options.ScanCron, utc);
            jobs.AddOrUpdate<QuarterlyReportJob>(QuarterlyReportJob.Id, j => j.RunAsync(CancellationToken.None), options.QuarterlyReportCron,
                new RecurringJobOptions { TimeZone = UkCalendar.Zone });
            jobs.AddOrUpdate<Features.Estate.Progress.ProgressSnapshotJob>(Features.Estate.Progress.ProgressSnapshotJob.Id, j => j.RunAsync(CancellationToken.None),
                options.QuarterlyReportCron, new RecurringJobOptions { TimeZone = UkCalendar.Zone });
        }
        return app;
    }
}

/// <summary>
/// Hangfire logs through one process-wide provider, which each host's start points at its own logger factory. A server is built
/// with loggers from whatever provider is current, so where hosts share a process (the tests start hundreds) a server built while a
/// stopped host's provider was current failed with ObjectDisposedException and, thrown from the ApplicationStarted callback, never
/// ran: no error anywhere. Once its factory is disposed this provider answers a logger that writes nothing instead.
/// </summary>
public sealed class HostLogProvider(ILoggerFactory factory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(factory);

    public ILog GetLogger(string name)
    {
        try { return _inner.GetLogger(name); }
        catch (ObjectDisposedException) { return Stopped.Instance; }
    }

    private sealed class Stopped : ILog
    {
        public static readonly Stopped Instance = new();
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}

/// <summary>The dashboard is for coordinators: the roles come from the signed-in cookie. Anyone else is refused (401/403).</summary>
public sealed class CoordinatorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Coordinator);
}
