using System.Net;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.HttpOverrides;

namespace PathwayHub.Web.Infrastructure.Security;

/// <summary>
/// Which requests are believed about who sent them and which host they are for. Behind a reverse proxy the client's address
/// and scheme come from X-Forwarded-For and X-Forwarded-Proto, but only when the request arrives from a configured proxy
/// (the loopback addresses always count, for a proxy on the same machine). The Host header is checked against
/// <c>AllowedHosts</c>; outside Development, when that is not set, against the host of <c>PublicUrl</c>.
/// </summary>
public static class ProxiesAndHosts
{
    public static IServiceCollection AddPathwayHubProxiesAndHosts(this IServiceCollection services, IConfiguration config, IHostEnvironment environment, PublicAddress publicAddress)
    {
        var proxies = List(config.GetSection("ForwardedHeaders:KnownProxies")).Select(IPAddress.Parse).ToList();
        var networks = List(config.GetSection("ForwardedHeaders:KnownNetworks")).Select(System.Net.IPNetwork.Parse).ToList();
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = config.GetValue("ForwardedHeaders:ForwardLimit", 1);
            foreach (var proxy in proxies) o.KnownProxies.Add(proxy);
            foreach (var network in networks) o.KnownIPNetworks.Add(network);
        });

        if (string.IsNullOrWhiteSpace(config["AllowedHosts"]) && !environment.IsDevelopment())
        {
            // The framework reads AllowedHosts only when nothing has set the list, so this is the default, never an override.
            services.Configure<HostFilteringOptions>(o => o.AllowedHosts = [publicAddress.Host]);
        }
        return services;
    }

    /// <summary>A list setting given either as an array (<c>KnownProxies:0</c>, <c>KnownProxies:1</c>) or as one value separated by ; or ,.</summary>
    private static IEnumerable<string> List(IConfigurationSection section) =>
        (section.Value is { } single ? single.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [])
        .Concat(section.GetChildren().Select(c => c.Value?.Trim()).OfType<string>().Where(v => v.Length > 0));
}
