namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// The publisher's settings for the OCDS export (section <c>Ocds</c>). <see cref="Validate"/> runs at start-up, so a prefix the
/// data-review tools would reject on every ocid never reaches a package.
/// </summary>
public sealed class OcdsOptions
{
    /// <summary>"ocds-" and the six letters or digits the Open Contracting Partnership registers for a publisher.</summary>
    public string Prefix { get; set; } = "ocds-nerrop";
    public string PublisherName { get; set; } = "North East Reducing Re-offending Pathways (PathwayHub)";
    /// <summary>An organisation identifier for the publisher (org-id.guide), e.g. scheme GB-GOR and its uid; written only when both are set.</summary>
    public string? PublisherScheme { get; set; }
    public string? PublisherUid { get; set; }
    public string? PublisherUri { get; set; }
    /// <summary>The licence the data is published under: the Open Government Licence unless configured.</summary>
    public string License { get; set; } = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
    /// <summary>Where the publication policy is; a path is taken relative to the public address.</summary>
    public string PublicationPolicy { get; set; } = "/open-data/publication-policy.html";

    private static readonly System.Text.RegularExpressions.Regex PrefixShape = new("^ocds-[a-z0-9]{6}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Refuses settings that would publish invalid packages, naming the setting and what it must be.</summary>
    public OcdsOptions Validate()
    {
        if (!PrefixShape.IsMatch(Prefix))
            throw new InvalidOperationException($"Ocds:Prefix '{Prefix}' is not an OCDS prefix: it must be 'ocds-' followed by six lowercase letters or digits, as registered with the Open Contracting Partnership.");
        foreach (var (name, value) in new[] { ("Ocds:License", License), ("Ocds:PublisherUri", PublisherUri) })
            if (value is not null && !Uri.TryCreate(value, UriKind.Absolute, out _))
                throw new InvalidOperationException($"{name} '{value}' must be an absolute address.");
        if (string.IsNullOrWhiteSpace(PublicationPolicy)) throw new InvalidOperationException("Ocds:PublicationPolicy must name the publication policy's address.");
        return this;
    }
}
