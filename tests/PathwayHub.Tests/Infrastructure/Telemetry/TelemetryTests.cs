using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text;
using Hangfire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PathwayHub.Tests.Features.Governance;
using PathwayHub.Tests.Features.Notifications;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Telemetry;

namespace PathwayHub.Tests.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry: the portal's own instruments count what the reminder scan and the outbox really did, by kind; with an OTLP
/// endpoint configured, traces (requests, EF Core, Hangfire jobs) and metrics reach a real OTLP/HTTP receiver; without one,
/// no SDK is registered at all.
/// </summary>
[Collection(Jobs.HangfireServers.Name)]
public sealed class TelemetryTests
{
    [Fact]
    public async Task Reminders_written_and_emails_sent_are_counted_by_kind_and_the_queue_length_is_the_outbox_s()
    {
        await using var w = await ReminderTests.World.StartAsync(DatabaseProvider.Sqlite);
        var meetings = new GovernanceAs(w.App, await w.CoordinatorAsync());
        var id = (await meetings.Meetings.CreateAsync(await w.PathwayAsync("families-and-social-support"),
            new MeetingInput { Title = "Quarterly meeting", StartLocal = new DateTime(2026, 11, 24, 9, 0, 0), Venue = "Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        await w.DeliverAsync(); // what publishing sent, so the counts below are the scan's alone
        using var recorded = new Recorded(w.App.Services.GetRequiredService<IMeterFactory>());

        HashSet<long> before;
        await using (var db = await w.App.DbAsync()) before = [.. await db.Notifications.Select(n => n.Id).ToListAsync(TestContext.Current.CancellationToken)];
        var written = await w.App.Services.GetRequiredService<ReminderScanJob>().RunAsync(TestContext.Current.CancellationToken);
        Assert.True(written > 0, "the scan found nothing to write");
        Dictionary<string, long> byKind, emailByKind;
        await using (var db = await w.App.DbAsync())
        {
            var added = (await db.Notifications.ToListAsync(TestContext.Current.CancellationToken)).Where(n => !before.Contains(n.Id)).ToList();
            byKind = added.GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
            emailByKind = added.Where(n => n.Channels.HasFlag(Channels.Email)).GroupBy(n => n.Kind).ToDictionary(g => g.Key, g => (long)g.Count());
        }
        Assert.Equal(byKind.OrderBy(x => x.Key), recorded.ByKind("pathwayhub.reminders.written").OrderBy(x => x.Key));
        Assert.Equal(emailByKind.Values.Sum(), recorded.Observe("pathwayhub.outbox.queue_length"));

        var sent = await w.App.Services.GetRequiredService<OutboxDeliveryJob>().RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(emailByKind.Values.Sum(), sent);
        Assert.Equal(emailByKind.OrderBy(x => x.Key), recorded.ByKind("pathwayhub.emails.sent").OrderBy(x => x.Key));
        Assert.Equal(0, recorded.Observe("pathwayhub.outbox.queue_length"));
    }

    [Fact]
    public async Task With_an_OTLP_endpoint_requests_database_calls_jobs_and_metrics_are_exported_to_it()
    {
        await using var sink = await OtlpSink.StartAsync();
        await using var app = new WebApp(new Dictionary<string, string>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = sink.Url,
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "100",
            ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
        });
        var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/directory/services", TestContext.Current.CancellationToken)).StatusCode);
        Jobs.HangfireServers.UseOwnLogProvider();
        using (new BackgroundJobServer(new BackgroundJobServerOptions { WorkerCount = 1 }, app.Services.GetRequiredService<JobStorage>()))
        {
            new BackgroundJobClient(app.Services.GetRequiredService<JobStorage>()).Enqueue(() => TelemetryProbe.Run());
            await sink.WaitForAsync("traces", "job TelemetryProbe.Run");
        }
        await sink.WaitForAsync("traces", PortalTelemetry.Name);          // the service name
        await sink.WaitForAsync("traces", "GET /api/directory/services");              // ASP.NET Core's request span
        await sink.WaitForAsync("traces", "Services");                    // an EF Core command against the directory's tables
        await sink.WaitForAsync("metrics", "pathwayhub.outbox.queue_length");
        await sink.WaitForAsync("metrics", "http.server.request.duration");
        await sink.WaitForAsync("metrics", "pathwayhub.jobs.duration");
    }

    [Fact]
    public async Task Without_an_endpoint_no_telemetry_is_collected()
    {
        await using var app = new WebApp();
        Assert.Equal(HttpStatusCode.OK, (await app.Browser().GetAsync("/account/login", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Null(app.Services.GetService<TracerProvider>());
        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    public static class TelemetryProbe
    {
        public static void Run() { }
    }

    /// <summary>Measurements of the app's own meter (the instance its meter factory made, so other hosts in the process do not count).</summary>
    private sealed class Recorded : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<(string Instrument, long Value, string? Kind)> _values = new();

        public Recorded(IMeterFactory meters)
        {
            var meter = meters.Create(PortalTelemetry.Name);
            _listener.InstrumentPublished = (instrument, l) => { if (ReferenceEquals(instrument.Meter, meter)) l.EnableMeasurementEvents(instrument); };
            _listener.SetMeasurementEventCallback<long>(Record);
            _listener.SetMeasurementEventCallback<int>((i, v, tags, s) => Record(i, v, tags, s));
            _listener.Start();
        }

        private void Record(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            string? kind = null;
            foreach (var t in tags) if (t.Key == "kind") kind = (string?)t.Value;
            _values.Enqueue((instrument.Name, value, kind));
        }

        public Dictionary<string, long> ByKind(string instrument) =>
            _values.Where(v => v.Instrument == instrument).GroupBy(v => v.Kind!).ToDictionary(g => g.Key, g => g.Sum(v => v.Value));

        /// <summary>Reads the observable instrument now, as an exporter would.</summary>
        public long Observe(string instrument)
        {
            _values.Clear();
            _listener.RecordObservableInstruments();
            return Assert.Single(_values, v => v.Instrument == instrument).Value;
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A real OTLP/HTTP receiver on a loopback port: keeps every export's body (protobuf, whose strings are plain UTF-8).</summary>
    private sealed class OtlpSink : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentQueue<(string Signal, string Body)> _received = new();

        private OtlpSink(WebApplication app) => _app = app;

        public string Url => _app.Urls.First();

        public static async Task<OtlpSink> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var sink = new OtlpSink(app);
            app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                sink._received.Enqueue((signal, Encoding.UTF8.GetString(body.ToArray())));
                return Results.Ok();
            });
            await app.StartAsync();
            return sink;
        }

        public async Task WaitForAsync(string signal, string text)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (!_received.Any(r => r.Signal == signal && r.Body.Contains(text, StringComparison.Ordinal)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"No {signal} export mentioning \"{text}\" reached the receiver within 30 s ({_received.Count} exports).");
                await Task.Delay(100);
            }
        }

        public async ValueTask DisposeAsync() => await _app.DisposeAsync();
    }
}
