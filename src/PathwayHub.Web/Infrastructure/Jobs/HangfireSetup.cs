using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Infrastructure.Jobs;

/// <summary>
/// Hangfire in the web process: in-memory storage on the embedded SQLite default, the application's PostgreSQL database
/// (schema <c>hangfire</c>) when scaled out. Hangfire only schedules: what is due and what was sent live in our own tables,
/// so losing the in-memory queue on a restart loses nothing and sends nothing twice.
/// </summary>
public static class HangfireSetup
{
    public const string DashboardPath = "/hangfire";

    public static IServiceCollection AddPathwayHubJobs(this IServiceCollection services, DatabaseSettings database, ReminderOptions options)
    {
        services.AddHangfire(c =>
        {
            c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180).UseSimpleAssemblyNameTypeSerializer().UseRecommendedSerializerSettings();
            if (database.Provider == DatabaseProvider.Postgres)
                c.UsePostgreSqlStorage(o => o.UseNpgsqlConnection(database.ConnectionString), new PostgreSqlStorageOptions { SchemaName = "hangfire", PrepareSchemaIfNecessary = true });
            else
                c.UseInMemoryStorage();
        });
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
        });
        if (options.RunJobs)
        {
            var jobs = app.ServiceProvider.GetRequiredService<IRecurringJobManager>();
            var utc = new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc };
            jobs.AddOrUpdate<OutboxDeliveryJob>(OutboxDeliveryJob.Id, j => j.RunAsync(CancellationToken.None), options.DeliveryCron, utc);
            jobs.AddOrUpdate<ReminderScanJob>(ReminderScanJob.Id, j => j.RunAsync(CancellationToken.None), options.ScanCron, utc);
        }
        return app;
    }
}

/// <summary>The dashboard is for coordinators: the roles come from the signed-in cookie. Anyone else is refused (401/403).</summary>
public sealed class CoordinatorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Coordinator);
}
