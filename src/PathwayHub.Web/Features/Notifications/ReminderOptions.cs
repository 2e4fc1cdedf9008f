namespace PathwayHub.Web.Features.Notifications;

/// <summary>Every timing of reminders and delivery (configuration section <c>Reminders</c>; the README lists them).</summary>
public sealed class ReminderOptions
{
    /// <summary>Runs the Hangfire server (the recurring jobs) in this process. Tests switch it off and call the jobs themselves.</summary>
    public bool RunJobs { get; set; } = true;
    /// <summary>Cron expression (UTC) of the reminder scan.</summary>
    public string ScanCron { get; set; } = "*/15 * * * *";
    /// <summary>Cron expression (UTC) of outbox delivery.</summary>
    public string DeliveryCron { get; set; } = "* * * * *";
    /// <summary>Cron expression (UK time) of the quarterly delivery-plan reports: 06:00 on the first day of each quarter.</summary>
    public string QuarterlyReportCron { get; set; } = Reports.QuarterlyReportJob.Cron;
    /// <summary>Messages claimed per delivery round; a run repeats rounds until nothing is due.</summary>
    public int DeliveryBatch { get; set; } = 500;
    /// <summary>
    /// On PostgreSQL, how long a job fetched by a server that then died stays hidden before another server runs it. The running
    /// server keeps renewing it (<see cref="Infrastructure.Jobs.HangfireSetup.PostgresOptions"/>), so this bounds recovery, not job length.
    /// </summary>
    public TimeSpan JobInvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(5);
    /// <summary>Hangfire worker threads in this process.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Sends after a failed one wait this long, doubling each time.</summary>
    public TimeSpan RetryFirstDelay { get; set; } = TimeSpan.FromMinutes(2);
    /// <summary>After this many failed sends a message is marked failed and waits for a coordinator to resend it.</summary>
    public int MaxAttempts { get; set; } = 8;
    /// <summary>How long a delivery run holds a claimed message before another may take it (a run that died mid-send).</summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    public int CallForItemsDaysBefore { get; set; } = 21;
    public int PapersReminderDaysBefore { get; set; } = 7;
    public int MeetingTomorrowHoursBefore { get; set; } = 24;
    public int MinutesDueDaysAfter { get; set; } = 10;
    public int ActionDueSoonDays { get; set; } = 3;
    public int TorReviewDaysBefore { get; set; } = 30;
    public int ListingReviewMonths { get; set; } = 6;
    /// <summary>A reminder whose moment passed longer ago than this is not sent late (after an outage, or for old records).</summary>
    public int MaxLateDays { get; set; } = 14;
}
