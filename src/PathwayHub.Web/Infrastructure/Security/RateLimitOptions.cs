namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>The <c>RateLimits</c> section: every limit is per client address (see <see cref="ClientAddress"/>).</summary>
public sealed class RateLimitOptions
{
    /// <summary>Posts of the sign-in form, successful or not: each one costs a password hash.</summary>
    public WindowLimit SignIn { get; set; } = new() { PermitLimit = 30, Window = TimeSpan.FromMinutes(1) };

    /// <summary>Wrong passwords: a cap per address across all accounts (see <see cref="SignInThrottle"/>).</summary>
    public FailureLimit SignInFailures { get; set; } = new();

    /// <summary>Submissions of the self-registration form (each one that succeeds emails every coordinator).</summary>
    public WindowLimit Registration { get; set; } = new() { PermitLimit = 10, Window = TimeSpan.FromHours(1) };

    /// <summary>Requests to the open data APIs, /api/directory and /api/ocds.</summary>
    public WindowLimit PublicApi { get; set; } = new() { PermitLimit = 120, Window = TimeSpan.FromMinutes(1) };

    public static RateLimitOptions From(IConfiguration config) => config.GetSection("RateLimits").Get<RateLimitOptions>() ?? new RateLimitOptions();
}

public sealed class WindowLimit
{
    public int PermitLimit { get; set; }
    public TimeSpan Window { get; set; }
}

public sealed class FailureLimit
{
    /// <summary>Wrong passwords from one address, over all accounts, before every sign-in from it is refused with 429.</summary>
    public int PerAddress { get; set; } = 20;

    /// <summary>How long failures are remembered: the per-address cap, and the per-account cap below the lockout threshold.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Refused for now: too many attempts from this client address. Nothing was done; <see cref="RetryAfter"/> says when to come back.</summary>
public sealed class TooManyAttemptsException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;

    /// <summary>"2 minutes", "45 seconds": how long to wait, for people.</summary>
    public static string Describe(TimeSpan wait) => wait.TotalSeconds <= 90
        ? $"{Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds))} seconds"
        : $"{(int)Math.Ceiling(wait.TotalMinutes)} minutes";

    /// <summary>The Retry-After header value: whole seconds, at least one.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
