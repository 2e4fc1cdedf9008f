using System.Buffers;
using System.Text.Json;

namespace PathwayHub.Web.Features.Directory.OpenData;

/// <summary>
/// A collection written as newline-delimited JSON (one object per line) while it is read, so a bulk consumer gets every row
/// without paging and the server holds only the rows not yet sent, whatever the collection's size.
/// </summary>
public sealed class NdJsonResult<T>(IAsyncEnumerable<T> items, JsonSerializerOptions options) : IResult
{
    public const string ContentType = "application/x-ndjson";

    /// <summary>Sent to the client whenever this much is waiting: small enough to keep memory flat, large enough to keep writes few.</summary>
    private const int FlushBytes = 64 * 1024;

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.ContentType = ContentType;
        var body = response.BodyWriter;
        var typeInfo = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        await using var writer = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = options.Encoder, SkipValidation = true });
        var pending = 0L;
        await foreach (var item in items.WithCancellation(httpContext.RequestAborted))
        {
            JsonSerializer.Serialize(writer, item, typeInfo);
            writer.Flush();
            pending += writer.BytesCommitted + 1;
            writer.Reset();
            body.Write("\n"u8);
            if (pending < FlushBytes) continue;
            await body.FlushAsync(httpContext.RequestAborted);
            pending = 0;
        }
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
