using System.Globalization;
using Microsoft.Playwright;
using PathwayHub.Tests.Infrastructure;

namespace PathwayHub.E2E.Scale;

/// <summary>
/// Two published instances on one PostgreSQL behind nginx (<see cref="ScaledDeployment"/>), each running its Hangfire server
/// and sending to an SMTP server in this process, and Debian's Chromium reaching them only through nginx. Without nginx,
/// PostgreSQL or Chromium the tests skip, and fail under CI=true.
/// </summary>
public class ScaleFixture : IAsyncLifetime
{
    private readonly bool _fastReminders;

    public ScaleFixture() : this(fastReminders: false) { }

    /// <summary>
    /// With <paramref name="fastReminders"/>, the reminder scan and delivery run every few seconds. That deployment is kept
    /// apart from the one whose instance the failover test kills: a job killed mid-run leaves its Hangfire lock behind
    /// (DisableConcurrentExecution) until the lock times out, which would hold up the next scan for minutes.
    /// </summary>
    protected ScaleFixture(bool fastReminders) => _fastReminders = fastReminders;

    private IPlaywright? _playwright;
    public ScaledDeployment? Deployment { get; private set; }
    public SmtpSink Smtp { get; } = new();
    public IBrowser? Browser { get; private set; }
    public string? Missing { get; private set; }

    public async ValueTask InitializeAsync()
    {
        Missing = PortalFixture.ChromiumInstalled ? ScaledDeployment.Missing() : "/usr/bin/chromium is not installed (apt-get install chromium)";
        if (Missing is not null) return;
        var settings = new Dictionary<string, string>
        {
            ["Email__Host"] = "127.0.0.1",
            ["Email__Port"] = Smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Email__UseTls"] = "false",
        };
        if (_fastReminders)
        {
            // Hangfire triggers recurring jobs on its schedule poll (15 s here), so "every 5 s" means each poll.
            settings["Reminders__ScanCron"] = "*/5 * * * * *";
            settings["Reminders__DeliveryCron"] = "*/5 * * * * *";
        }
        Deployment = await ScaledDeployment.StartAsync(2, settings);
        _playwright = await Playwright.CreateAsync();
        Browser = await PortalFixture.LaunchChromiumAsync(_playwright);
    }

    public ScaledDeployment Running
    {
        get
        {
            if (Missing is not null) PortalFixture.FailOrSkip(Missing);
            return Deployment!;
        }
    }

    /// <summary>A fresh browser (its own cookies, so its own affinity) on nginx's address.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var deployment = Running;
        var context = await Browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = deployment.BaseUrl, Locale = "en-GB" });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        PortalFixture.WatchPolicy(page);
        return page;
    }

    public virtual async ValueTask DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (Deployment is not null) await Deployment.DisposeAsync();
        await Smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>The same deployment with the reminder scan and delivery every few seconds, for the reminder test alone.</summary>
public sealed class FastReminderScaleFixture() : ScaleFixture(fastReminders: true);

[CollectionDefinition(Name)]
public sealed class ScaleDeploymentGroup : ICollectionFixture<ScaleFixture>
{
    public const string Name = "Two instances behind nginx";
}

[CollectionDefinition(Name)]
public sealed class FastReminderDeploymentGroup : ICollectionFixture<FastReminderScaleFixture>
{
    public const string Name = "Two instances behind nginx, reminders every few seconds";
}
