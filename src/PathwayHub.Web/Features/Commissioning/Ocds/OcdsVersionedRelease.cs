using System.Text.Json.Nodes;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// A process's versioned release: its individual releases merged in date order by the OCDS 1.1 merge routine
/// (standard.open-contracting.org, "Merging"), each field's value replaced by the list of its values over time, each with the id,
/// date and tag of the release it came from, a value added only when it changed. Objects merge field by field; an array of
/// objects that all have an <c>id</c> merges object by object on it (the <c>id</c> kept as it is); any other array, and the two
/// arrays the schema marks for whole-list merge, is one value. The releases' own <c>id</c>, <c>date</c> and <c>tag</c> are
/// left out (omitWhenMerged) and <c>ocid</c> is not versioned.
/// </summary>
internal static class OcdsVersionedRelease
{
    // Every array the OCDS 1.1 release schema marks "wholeListMerge" is one of these two (organisations' identifiers, items'
    // classifications).
    private static readonly HashSet<string> WholeList = ["additionalIdentifiers", "additionalClassifications"];
    private static readonly HashSet<string> Omitted = ["ocid", "id", "date", "tag"];

    private sealed record Source(JsonNode? Id, JsonNode? Date, JsonNode? Tag);

    public static JsonObject Merge(IReadOnlyList<JsonObject> releases)
    {
        var output = new JsonObject();
        if (releases.Count > 0) output["ocid"] = releases[0]["ocid"]?.DeepClone();
        foreach (var release in releases)
        {
            var source = new Source(release["id"], release["date"], release["tag"]);
            foreach (var (key, value) in release)
                if (!Omitted.Contains(key)) MergeField(output, key, value, source);
        }
        return output;
    }

    private static void MergeField(JsonObject output, string key, JsonNode? input, Source source)
    {
        switch (input)
        {
            case JsonObject obj:
                if (obj.Count == 0) return;
                if (output[key] is not JsonObject target) output[key] = target = new JsonObject();
                foreach (var (k, v) in obj) MergeField(target, k, v, source);
                return;
            case JsonArray { Count: 0 }:
                return;
            case JsonArray array when !WholeList.Contains(key) && array.All(i => i is JsonObject o && o["id"] is not null):
                if (output[key] is not JsonArray merged) output[key] = merged = new JsonArray();
                foreach (var item in array.Cast<JsonObject>())
                {
                    var match = merged.OfType<JsonObject>().FirstOrDefault(m => JsonNode.DeepEquals(m["id"], item["id"]));
                    if (match is null) merged.Add(match = new JsonObject { ["id"] = item["id"]!.DeepClone() });
                    foreach (var (k, v) in item)
                        if (k != "id") MergeField(match, k, v, source);
                }
                return;
            default:
                if (output[key] is not JsonArray versions) output[key] = versions = new JsonArray();
                if (versions.Count > 0 && JsonNode.DeepEquals(versions[^1]!["value"], input)) return;
                versions.Add(new JsonObject
                {
                    ["releaseID"] = source.Id?.DeepClone(),
                    ["releaseDate"] = source.Date?.DeepClone(),
                    ["releaseTag"] = source.Tag?.DeepClone(),
                    ["value"] = input?.DeepClone(),
                });
                return;
        }
    }
}
