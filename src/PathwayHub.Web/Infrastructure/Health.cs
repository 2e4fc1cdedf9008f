using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// What a load balancer or an orchestrator asks: <c>/health/live</c> says the process answers (no I/O, so a slow database
/// never gets a healthy process restarted); <c>/health/ready</c> says this instance can serve, i.e. its database and its
/// Hangfire storage answer (each within <see cref="CheckTimeout"/>), and is 503 otherwise so traffic goes elsewhere.
/// <c>/health</c>, the address earlier deployments were told to poll, answers as ready. All anonymous.
/// </summary>
public static class Health
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    public const string LegacyPath = "/health";
    private const string Ready = "ready";

    /// <summary>An unreachable database should fail the check quickly, not after the driver's connect timeout.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IServiceCollection AddPortalHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddDbContextCheck<AppDbContext>("database", HealthStatus.Unhealthy, [Ready])
            .AddCheck<JobStorageHealthCheck>("jobs", HealthStatus.Unhealthy, [Ready], CheckTimeout);
        // AddDbContextCheck has no timeout parameter; set it on its registration.
        services.Configure<HealthCheckServiceOptions>(o =>
        {
            foreach (var r in o.Registrations.Where(r => r.Name == "database")) r.Timeout = CheckTimeout;
        });
        return services;
    }

    public static IEndpointRouteBuilder MapPortalHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).AllowAnonymous();
        var ready = new HealthCheckOptions { Predicate = r => r.Tags.Contains(Ready), ResponseWriter = WriteAsync };
        app.MapHealthChecks(ReadyPath, ready).AllowAnonymous();
        app.MapHealthChecks(LegacyPath, ready).AllowAnonymous();
        return app;
    }

    /// <summary>
    /// A small JSON body: the overall status and each check's status. Never the exception text, which could name a host or
    /// a connection string to anyone who asks.
    /// </summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return JsonSerializer.SerializeAsync(context.Response.Body, new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => e.Value.Status.ToString()),
        }, cancellationToken: context.RequestAborted);
    }
}

/// <summary>
/// Hangfire's storage answers a one-row question (how many recurring jobs are defined). On PostgreSQL that is a round trip to
/// the shared database's hangfire schema; in memory it always answers.
/// </summary>
internal sealed class JobStorageHealthCheck(JobStorage storage) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        // Hangfire's storage API is synchronous; run it off the request thread so the timeout can abandon it.
        Task.Run(() =>
        {
            try
            {
                using var connection = storage.GetConnection();
                _ = connection is JobStorageConnection counted ? counted.GetSetCount("recurring-jobs") : connection.GetAllItemsFromSet("recurring-jobs").Count;
                return HealthCheckResult.Healthy();
            }
#pragma warning disable CA1031 // any failure of the storage means not ready; the type of failure depends on the storage
            catch (Exception e)
#pragma warning restore CA1031
            {
                return HealthCheckResult.Unhealthy("Hangfire storage did not answer.", e);
            }
        }, cancellationToken);
}
