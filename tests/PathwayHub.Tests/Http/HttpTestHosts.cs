using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace PathwayHub.Tests.Http;

/// <summary>
/// Variations of the in-memory host for the trust-boundary tests: Production mode, and a TCP peer address per client
/// (TestServer has none, so a startup filter ahead of the app's pipeline takes it from a test-only header).
/// </summary>
internal static partial class HttpTestHosts
{
    public const string PeerHeader = "X-Test-Peer";

    /// <summary>The same app in Production mode (exception handler, HSTS, Secure cookie, AllowedHosts from PublicUrl).</summary>
    public static WebApplicationFactory<Program> InProduction(this WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(b => b.UseEnvironment("Production"));

    /// <summary>The same app, where each request's TCP peer is whatever its <see cref="PeerHeader"/> says.</summary>
    public static WebApplicationFactory<Program> WithPeers(this WebApplicationFactory<Program> app) =>
        app.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, PeerFilter>()));

    /// <summary>A browser-like client (cookies, no redirects followed), optionally from a given peer address.</summary>
    public static HttpClient Client(this WebApplicationFactory<Program> app, string? peer = null, string baseAddress = "http://localhost")
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false, HandleCookies = true, BaseAddress = new Uri(baseAddress),
        });
        if (peer is not null) client.DefaultRequestHeaders.Add(PeerHeader, peer);
        return client;
    }

    /// <summary>The antiforgery token of the first form on a page (the layout's sign-out form on a signed-in page).</summary>
    public static string FormToken(string html) => WebUtility.HtmlDecode(TokenField().Match(html).Groups[1].Value);

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();

    private sealed class PeerFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (context.Request.Headers.TryGetValue(PeerHeader, out var peer))
                    context.Connection.RemoteIpAddress = IPAddress.Parse(peer.ToString());
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
