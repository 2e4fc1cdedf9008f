using System.Text.Json;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// A release's <c>parties</c> (each organisation once, with every role it plays in what the release says) and its <c>buyer</c>.
/// Every organisation a release refers to (buyer, procuring entity, tenderers, suppliers) is among its parties, so each
/// reference resolves within the release itself.
/// </summary>
internal static class OcdsPartiesWriter
{
    /// <summary>The tender's buyer; for an agreement made without a tender, the agreement's. It also runs the procurement.</summary>
    public static int BuyerId(OcdsProcess p) => p.Tender?.BuyerId ?? p.Agreements[0].BuyerId;

    /// <summary>The roles every release of the process names: the buyer, who is also the procuring entity.</summary>
    public static IEnumerable<(int Org, string Role)> BuyerRoles(OcdsProcess p) => [(BuyerId(p), "buyer"), (BuyerId(p), "procuringEntity")];

    /// <summary>
    /// The roles an agreement adds: its supplier, and the body that pays under it. A contracting process has one buyer (the
    /// release's <c>buyer</c>); an agreement signed by another commissioning body than the tender's names that body as its
    /// <c>payer</c>, so a release never carries two parties in the role buyer.
    /// </summary>
    public static IEnumerable<(int Org, string Role)> AgreementRoles(OcdsProcess p, OcdsAgreement a) =>
        [(a.SupplierId, "supplier"), (a.BuyerId, a.BuyerId == BuyerId(p) ? "buyer" : "payer")];

    /// <summary>The compiled release's parties: the buyer, the tenderers named and every agreement's parties.</summary>
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p) =>
        Write(w, b, p, BuyerRoles(p).Concat(Tenderers(p, p.Tender)).Concat(p.Agreements.SelectMany(a => AgreementRoles(p, a))));

    /// <summary>Bidders named as tenderers, only while the tender (as it stood) is one whose bidders are published.</summary>
    public static IEnumerable<(int Org, string Role)> Tenderers(OcdsProcess p, OcdsTender? state) =>
        state is not null && Infrastructure.OpenDataPolicy.BiddersPublished(state.Status) ? p.Tenderers.Select(o => (o, "tenderer")) : [];

    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p, IEnumerable<(int Org, string Role)> named)
    {
        var roles = new SortedDictionary<int, SortedSet<string>>();
        foreach (var (org, role) in named)
        {
            if (!roles.TryGetValue(org, out var set)) roles[org] = set = new(StringComparer.Ordinal);
            set.Add(role);
        }
        w.WriteStartArray("parties");
        foreach (var (org, set) in roles) WriteParty(w, b.Parties[org], org, set);
        w.WriteEndArray();
        w.WritePropertyName("buyer");
        WriteOrgRef(w, b, BuyerId(p));
    }

    private static void WriteParty(Utf8JsonWriter w, OcdsParty party, int org, SortedSet<string> roles)
    {
        w.WriteStartObject();
        w.WriteString("id", PartyId(org));
        w.WriteString("name", party.Name);
        if (party.CharityNumber is { Length: > 0 } || party.CompanyNumber is { Length: > 0 })
        {
            w.WriteStartObject("identifier");
            w.WriteString("scheme", party.CharityNumber is { Length: > 0 } ? "GB-CHC" : "GB-COH");
            w.WriteString("id", party.CharityNumber is { Length: > 0 } c ? c : party.CompanyNumber);
            w.WriteString("legalName", party.Name);
            w.WriteEndObject();
        }
        w.WriteStartArray("roles");
        foreach (var r in roles) w.WriteStringValue(r);
        w.WriteEndArray();
        w.WriteEndObject();
    }
}
