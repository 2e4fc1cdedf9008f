namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>
/// The security headers on every response: pages, APIs, downloads, redirects, error pages and 429s. The same in every
/// environment, so a page that breaks under the policy breaks on the developer's machine and in the browser tests first.
/// </summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Blazor Server and MudBlazor under a policy without 'unsafe-eval' and without inline script: scripts are files from
    /// this origin (App.razor has no inline script; its import map was dropped for that reason); the circuit's WebSocket is
    /// same-origin, which connect-src 'self' covers; MudBlazor writes style attributes and its theme's &lt;style&gt; element,
    /// so styles, and only styles, allow 'unsafe-inline'.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; " +
        "script-src 'self'; " +
        "style-src 'self' 'unsafe-inline'; " +
        "img-src 'self' data:; " +
        "font-src 'self' data:; " +
        "connect-src 'self'; " +
        "frame-ancestors 'self'; " +
        "form-action 'self'; " +
        "base-uri 'self'";

    /// <summary>No feature the portal does not use.</summary>
    public const string PermissionsPolicy =
        "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), " +
        "microphone=(), midi=(), payment=(), publickey-credentials-get=(), usb=(), browsing-topics=()";

    /// <summary>
    /// Set just before the response starts (replacing, not adding), so headers survive the exception handler clearing the
    /// response and are not doubled where the framework sets one of its own (antiforgery's X-Frame-Options).
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        // Only under `dotnet watch`, which reloads the browser over its own WebSocket on another localhost port.
        var csp = Environment.GetEnvironmentVariable("DOTNET_WATCH") == "1"
            ? ContentSecurityPolicy.Replace("connect-src 'self'", "connect-src 'self' ws://localhost:* wss://localhost:*", StringComparison.Ordinal)
            : ContentSecurityPolicy;
        return app.Use((context, next) =>
        {
            context.Response.OnStarting(static state =>
            {
                var (response, policy) = ((HttpResponse, string))state;
                var headers = response.Headers;
                headers.ContentSecurityPolicy = policy;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "SAMEORIGIN";
                headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                return Task.CompletedTask;
            }, (context.Response, csp));
            return next(context);
        });
    }
}
