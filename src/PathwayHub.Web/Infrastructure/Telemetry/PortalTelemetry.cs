using System.Diagnostics;
using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;

namespace PathwayHub.Web.Infrastructure.Telemetry;

/// <summary>
/// The portal's own traces and metrics (source and meter <c>PathwayHub</c>): a span and a duration per Hangfire job, reminders
/// written to the outbox and emails sent, each by notification kind, and the outbox's queue length. Instruments cost nothing
/// until something listens, so they are always there; <see cref="AddPortalTelemetry"/> decides whether anything does.
/// </summary>
public sealed class PortalTelemetry
{
    public const string Name = "PathwayHub";
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Hangfire's filters are process-wide, so the job duration is on a process-wide meter of the same name.</summary>
    private static readonly Meter ProcessMeter = new(Name);
    private static readonly Histogram<double> Jobs = ProcessMeter.CreateHistogram<double>("pathwayhub.jobs.duration", "s", "Hangfire job run time, by job and outcome.");

    private readonly Counter<long> _reminders;
    private readonly Counter<long> _emails;

    public PortalTelemetry(IMeterFactory meters, IDbContextFactory<AppDbContext> dbs)
    {
        var meter = meters.Create(Name);
        _reminders = meter.CreateCounter<long>("pathwayhub.reminders.written", "{notification}", "Reminder notifications written to the outbox, by kind.");
        _emails = meter.CreateCounter<long>("pathwayhub.emails.sent", "{email}", "Notification emails handed to the SMTP server, by kind.");
        // Read when a reader collects (once an export interval), not on every change: one indexed count.
        meter.CreateObservableGauge("pathwayhub.outbox.queue_length", () => QueueLength(dbs), "{email}", "Emails waiting in the outbox to be sent.");
    }

    public void RemindersWritten(string kind, int count)
    {
        if (count > 0) _reminders.Add(count, new KeyValuePair<string, object?>("kind", kind));
    }

    public void EmailSent(string kind) => _emails.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public static void JobRan(string job, TimeSpan took, bool failed) =>
        Jobs.Record(took.TotalSeconds, new KeyValuePair<string, object?>("job", job), new KeyValuePair<string, object?>("outcome", failed ? "failed" : "succeeded"));

    private static int QueueLength(IDbContextFactory<AppDbContext> dbs)
    {
        using var db = dbs.CreateDbContext();
        return db.Notifications.Count(n => n.EmailSentUtc == null && n.EmailFailedUtc == null && ((int)n.Channels & (int)Channels.Email) != 0);
    }
}

/// <summary>A span per Hangfire job run and its duration, with the job's outcome.</summary>
public sealed class JobTelemetryFilter : JobFilterAttribute, IServerFilter
{
    public static readonly JobTelemetryFilter Instance = new();

    private const string Key = "pathwayhub.activity";

    public void OnPerforming(PerformingContext context)
    {
        var job = JobName(context.BackgroundJob.Job);
        var activity = PortalTelemetry.Source.StartActivity("job " + job, ActivityKind.Internal);
        activity?.SetTag("hangfire.job.id", context.BackgroundJob.Id);
        context.Items[Key] = new Run(activity, Stopwatch.GetTimestamp());
    }

    public void OnPerformed(PerformedContext context)
    {
        if (!context.Items.TryGetValue(Key, out var value) || value is not Run(var activity, var started)) return;
        var failed = context.Exception is not null && !context.ExceptionHandled;
        if (failed) activity?.SetStatus(ActivityStatusCode.Error, context.Exception!.Message);
        activity?.Dispose();
        PortalTelemetry.JobRan(JobName(context.BackgroundJob.Job), Stopwatch.GetElapsedTime(started), failed);
    }

    private sealed record Run(Activity? Activity, long Started);

    private static string JobName(Job job) => $"{job.Type.Name}.{job.Method.Name}";
}

public static class TelemetrySetup
{
    /// <summary>
    /// The OpenTelemetry SDK with OTLP export, only when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (environment or any other
    /// configuration source); the exporter reads that and the other standard <c>OTEL_*</c> settings itself. Otherwise nothing
    /// is registered and nothing is collected (the instruments of <see cref="PortalTelemetry"/>, registered with the app's
    /// services, stay silent).
    /// </summary>
    public static IServiceCollection AddPortalTelemetry(this IServiceCollection services, IConfiguration config)
    {
        if (string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"])) return services;

        services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(config["OTEL_SERVICE_NAME"] ?? PortalTelemetry.Name, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .WithTracing(t => t
                .AddSource(PortalTelemetry.Name)
                // Health probes every few seconds would drown the traces people look at.
                .AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                .AddHttpClientInstrumentation()
                .AddEntityFrameworkCoreInstrumentation()
                .AddOtlpExporter())
            .WithMetrics(m => m
                .AddMeter(PortalTelemetry.Name)
                // Made with the provider, so the outbox gauge exists before anything else asks for the instruments.
                .AddInstrumentation(sp => sp.GetRequiredService<PortalTelemetry>())
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter());
        return services;
    }

    /// <summary>Hangfire's job filters are process-wide: the telemetry filter is added once, whichever host adds it first.</summary>
    public static IGlobalConfiguration UsePortalTelemetry(this IGlobalConfiguration config)
    {
        lock (JobTelemetryFilter.Instance)
        {
            if (!GlobalJobFilters.Filters.Any(f => f.Instance is JobTelemetryFilter)) config.UseFilter(JobTelemetryFilter.Instance);
        }
        return config;
    }
}
