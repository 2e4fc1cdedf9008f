using System.Text.Json;
using static PathwayHub.Web.Features.Commissioning.OcdsJson;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>A release's <c>parties</c> (each organisation once, with every role it plays in the process) and its <c>buyer</c>.</summary>
internal static class OcdsPartiesWriter
{
    public static void Write(Utf8JsonWriter w, OcdsBatch b, OcdsProcess p)
    {
        var buyerId = BuyerId(p);
        var roles = new Dictionary<int, SortedSet<string>>();
        void Role(int org, string role) { if (!roles.TryGetValue(org, out var set)) roles[org] = set = new(StringComparer.Ordinal); set.Add(role); }
        Role(buyerId, "buyer");
        Role(buyerId, "procuringEntity");
        foreach (var o in p.Tenderers) Role(o, "tenderer");
        foreach (var a in p.Agreements) { Role(a.SupplierId, "supplier"); Role(a.BuyerId, "buyer"); }
        w.WriteStartArray("parties");
        foreach (var (org, set) in roles.OrderBy(r => r.Key)) WriteParty(w, b.Parties[org], org, set);
        w.WriteEndArray();
        w.WriteStartObject("buyer");
        w.WriteString("id", PartyId(buyerId));
        w.WriteString("name", b.Parties[buyerId].Name);
        w.WriteEndObject();
    }

    /// <summary>The tender's buyer; for an agreement made without a tender, the agreement's.</summary>
    private static int BuyerId(OcdsProcess p) => p.Tender?.BuyerId ?? p.Agreements[0].BuyerId;

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
