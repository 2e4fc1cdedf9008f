using System.Text.Json;
using System.Text.Json.Nodes;
using NJsonSchema;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>Validates JSON against a schema kept under TestData (HSDS for the directory API, OCDS for the commissioning export).</summary>
public static class JsonSchemas
{
    /// <param name="folder">The folder under TestData, for example "hsds-3.0".</param>
    /// <param name="schemaFile">A file, optionally with a JSON pointer into it: "service.json#/properties/attributes".</param>
    /// <param name="adjust">Changes to the schema before use, such as pointing a published URL at a local copy.</param>
    public static async Task AssertValidAsync(string folder, string schemaFile, JsonElement json, Action<JsonNode>? adjust = null)
    {
        var errors = await ErrorsAsync(folder, schemaFile, json, adjust);
        Assert.True(errors.Count == 0, $"{schemaFile}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Kind}"))}\n{json}");
    }

    public static async Task<ICollection<NJsonSchema.Validation.ValidationError>> ErrorsAsync(string folder, string schemaFile, JsonElement json, Action<JsonNode>? adjust = null)
    {
        var parts = schemaFile.Split('#');
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", folder, parts[0]);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(path))!;
        adjust?.Invoke(node);
        foreach (var segment in parts.Length > 1 ? parts[1].Split('/', StringSplitOptions.RemoveEmptyEntries) : []) node = node[segment]!;
        var schema = await JsonSchema.FromJsonAsync(node.ToJsonString(), path);
        return schema.Validate(json.GetRawText());
    }

    /// <summary>Every "$ref" equal to <paramref name="from"/> becomes <paramref name="to"/>, anywhere in the schema.</summary>
    public static void RewriteRefs(JsonNode? node, string from, string to)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["$ref"] is JsonValue v && v.GetValue<string>() == from) o["$ref"] = to;
                foreach (var (_, child) in o.ToList()) RewriteRefs(child, from, to);
                break;
            case JsonArray a:
                foreach (var child in a) RewriteRefs(child, from, to);
                break;
        }
    }
}
