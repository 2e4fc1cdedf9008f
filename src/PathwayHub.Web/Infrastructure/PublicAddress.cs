namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// The portal's public address (the <c>PublicUrl</c> setting): the one base of every absolute URL the portal writes, in
/// emails, OCDS links and calendar feeds. Never taken from a request's Host header, which a client chooses.
/// </summary>
public sealed record PublicAddress(Uri BaseUri)
{
    public const string DefaultUrl = "http://localhost:5080";

    public static PublicAddress From(IConfiguration config) => Parse(config["PublicUrl"]);

    public static PublicAddress Parse(string? url)
    {
        var value = string.IsNullOrWhiteSpace(url) ? DefaultUrl : url.Trim();
        if (!Uri.TryCreate(value.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new InvalidOperationException($"PublicUrl '{value}' is not an absolute http(s) address.");
        return new PublicAddress(uri);
    }

    /// <summary>The host name, e.g. for iCalendar UIDs.</summary>
    public string Host => BaseUri.Host;

    /// <summary>The base without a trailing slash, e.g. https://pathwayhub.example.org.</summary>
    public string Base => BaseUri.GetLeftPart(UriPartial.Authority) + BaseUri.AbsolutePath.TrimEnd('/');

    /// <summary>The absolute address of a portal path such as <c>/meetings/4</c>.</summary>
    public string Link(string path) => Base + "/" + path.TrimStart('/');
}
