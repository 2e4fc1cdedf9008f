using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>
/// ASP.NET Core's rate limiter, partitioned by client address, on the two kinds of request a stranger can repeat at will:
/// posts of the sign-in form and the open data APIs. Registration goes over a circuit, so <see cref="RegistrationThrottle"/>
/// limits it in the service instead. One global limiter keyed by path keeps every limit in this file.
/// </summary>
public static class RateLimiting
{
    public static IServiceCollection AddPathwayHubRateLimits(this IServiceCollection services, RateLimitOptions limits)
    {
        services.AddSingleton(limits);
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
            {
                var (name, limit) = Classify(context.Request, limits);
                if (limit is null) return RateLimitPartition.GetNoLimiter(name);
                var key = name + ":" + ClientAddress.KeyOf(context.Connection.RemoteIpAddress);
                return RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = limit.PermitLimit, Window = limit.Window, QueueLimit = 0, AutoReplenishment = true,
                });
            });
            o.OnRejected = (rejected, ct) => WriteRejectionAsync(rejected.HttpContext, rejected.Lease, limits, ct);
        });
        return services;
    }

    private static (string Name, WindowLimit? Limit) Classify(HttpRequest request, RateLimitOptions limits)
    {
        if (HttpMethods.IsPost(request.Method) && request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase))
            return ("sign-in", limits.SignIn);
        if (IsPublicApi(request.Path)) return ("public-api", limits.PublicApi);
        return ("none", null);
    }

    private static bool IsPublicApi(PathString path) =>
        path.StartsWithSegments("/api/directory", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/api/ocds", StringComparison.OrdinalIgnoreCase);

    private static async ValueTask WriteRejectionAsync(HttpContext context, RateLimitLease lease, RateLimitOptions limits, CancellationToken ct)
    {
        var api = IsPublicApi(context.Request.Path);
        var wait = lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : (api ? limits.PublicApi : limits.SignIn).Window;
        context.Response.Headers.RetryAfter = TooManyAttemptsException.RetryAfterSeconds(wait);
        var when = TooManyAttemptsException.Describe(wait);
        if (api)
        {
            // Open data may be read from any origin, and so may the refusal, or a browser client could not see why.
            context.Response.Headers.AccessControlAllowOrigin = "*";
            context.Response.Headers.AccessControlExposeHeaders = "Retry-After";
            await context.Response.WriteAsJsonAsync(new { message = $"Too many requests from your address. Try again in {when}." }, ct);
            return;
        }
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="en-GB">
            <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>Too many sign-in attempts - PathwayHub</title><link rel="stylesheet" href="/app.css" /></head>
            <body><main id="main"><div class="signin">
            <h1>Too many sign-in attempts</h1>
            <p role="alert">Too many sign-in attempts have come from your network. Nothing was checked this time. Try again in {WebUtility.HtmlEncode(when)}.</p>
            <p><a href="/account/login">Back to sign in</a></p>
            </div></main></body>
            </html>
            """, ct);
    }
}
