using System.Buffers.Binary;
using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;

namespace PathwayHub.Benchmarks.Load;

/// <summary>
/// One browser tab's Blazor Server circuit, spoken over the same SignalR hub (<c>/_blazor</c>, "blazorpack") and the same calls
/// as blazor.web.js: the page is fetched (server prerender), its component markers read, <c>StartCircuit</c> and
/// <c>UpdateRootComponents</c> sent, each render batch acknowledged (<c>OnRenderCompleted</c>) and each JS interop call answered
/// (with no value: there is no DOM here). Navigating inside the circuit (<c>OnLocationChanged</c>) is what a click on a link does.
/// </summary>
public sealed partial class BlazorCircuit : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly Uri _baseUri;
    private CookieBrowser? _browser;
    private string? _secret;
    private long _lastBatchTicks;
    private int _batches;
    // What can be clicked, as a browser's DOM would know it: each label (the text of an element with an onclick) is the n-th
    // onclick handler its component rendered, and each component's current handlers in order (ids change when it re-renders).
    private readonly ConcurrentDictionary<string, (int Component, int Ordinal)> _labels = new();
    private readonly ConcurrentDictionary<int, ulong[]> _clicks = new();
    private Tuple<string, TaskCompletionSource>? _waiting;
    private long _renderer;
    private int _calls;
    public int JsErrors { get; private set; }
    public string? Error { get; private set; }

    private BlazorCircuit(HubConnection connection, Uri baseUri)
    {
        _connection = connection;
        _baseUri = baseUri;
    }

    public int Batches => Volatile.Read(ref _batches);

    /// <summary>Opens the page at <paramref name="path"/> and starts its circuit; returns the circuit and the times taken.</summary>
    public static async Task<(BlazorCircuit Circuit, TimeSpan Prerender, TimeSpan Interactive)> OpenAsync(CookieBrowser browser, string path, CancellationToken ct)
    {
        var watch = Stopwatch.StartNew();
        var html = await browser.GetStringAsync(path, ct);
        var prerender = watch.Elapsed;
        var markers = Markers().Matches(html).Select(m => JsonNode.Parse(m.Groups[1].Value)!.AsObject())
            .Where(m => m["descriptor"] is not null && (string?)m["type"] == "server").ToList();
        if (markers.Count == 0) throw new InvalidOperationException($"{path}: no interactive server component in the page (signed out?)");
        var state = ComponentState().Match(html) is { Success: true } s ? s.Groups[1].Value : "";

        var builder = new HubConnectionBuilder()
            .WithUrl(new Uri(browser.BaseUri, "/_blazor"), o =>
            {
                o.Transports = HttpTransportType.WebSockets;
                if (browser.CookieHeader is { Length: > 0 } cookies) o.Headers["Cookie"] = cookies;
            });
        // HubConnectionBuilder registers the JSON protocol; the circuit hub speaks "blazorpack", and the last one registered is used.
        builder.Services.AddSingleton<IHubProtocol, BlazorPackProtocol>();
        var connection = builder.Build();
        var circuit = new BlazorCircuit(connection, browser.BaseUri);
        var firstBatch = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<long, byte[]>("JS.RenderBatch", async (id, batch) =>
        {
            Interlocked.Increment(ref circuit._batches);
            Volatile.Write(ref circuit._lastBatchTicks, Stopwatch.GetTimestamp());
            circuit.Read(batch);
            firstBatch.TrySetResult();
            await connection.SendAsync("OnRenderCompleted", id, null);
        });
        // (handle, identifier, arguments, result type, target instance, call type) as blazor.web.js receives them.
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (handle, identifier, arguments, _, _, _) =>
        {
            // The renderer's .NET object that browser events are dispatched to (blazor.web.js keeps it the same way).
            if (identifier.EndsWith("attachWebRendererInterop", StringComparison.Ordinal)
                && DotNetObject().Match(arguments) is { Success: true } reference)
                circuit._renderer = long.Parse(reference.Groups[1].Value, CultureInfo.InvariantCulture);
            if (handle != 0) await connection.SendAsync("EndInvokeJSFromDotNet", handle, true, $"[{handle},true,null]");
        });
        connection.On<string>("JS.Error", error => { circuit.JsErrors++; circuit.Error = error; firstBatch.TrySetException(new InvalidOperationException(error)); });

        await connection.StartAsync(ct);
        var uri = new Uri(browser.BaseUri, path).ToString();
        circuit._secret = await connection.InvokeAsync<string?>("StartCircuit", browser.BaseUri.ToString(), uri, "[]", state, ct)
            ?? throw new InvalidOperationException("the server refused to start a circuit");
        circuit._browser = browser;
        var operations = new JsonArray();
        var ssrId = 1;
        foreach (var marker in markers)
        {
            marker["uniqueId"] = ssrId - 1;
            operations.Add(new JsonObject { ["type"] = "add", ["ssrComponentId"] = ssrId++, ["marker"] = marker.DeepClone() });
        }
        await connection.SendAsync("UpdateRootComponents", new JsonObject { ["batchId"] = 1, ["operations"] = operations }.ToJsonString(), state, ct);
        await firstBatch.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        return (circuit, prerender, watch.Elapsed);
    }

    /// <summary>Follows a link inside the circuit, and waits until the page's render batches have stopped coming.</summary>
    public async Task<TimeSpan> NavigateAsync(string path, CancellationToken ct)
    {
        var before = Batches;
        var start = Stopwatch.GetTimestamp();
        await _connection.SendAsync("OnLocationChanged", new Uri(_baseUri, path).ToString(), null, true, ct);
        var until = DateTime.UtcNow.AddSeconds(30);
        // Settled: at least one batch, then none for 150 ms (a page renders, then renders again when its data arrives).
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(10, ct);
            if (Batches == before) continue;
            if (Stopwatch.GetElapsedTime(Volatile.Read(ref _lastBatchTicks)) > TimeSpan.FromMilliseconds(150))
                return Stopwatch.GetElapsedTime(start, Volatile.Read(ref _lastBatchTicks));
        }
        throw new TimeoutException($"no render after navigating to {path}");
    }

    /// <summary>
    /// Clicks what is labelled <paramref name="label"/> (its onclick handler, dispatched to the renderer as blazor.web.js does) and waits for
    /// the render batch that carries <paramref name="until"/> (an attribute value or text of what the click shows).
    /// </summary>
    public async Task<TimeSpan> ClickAsync(string label, string until, CancellationToken ct)
    {
        // As a user waits for the tab to appear before clicking it (a page can render its frame first and its tabs a batch later).
        var looking = Stopwatch.GetTimestamp();
        ulong handler;
        while (!(_labels.TryGetValue(label, out var at) && _clicks.TryGetValue(at.Component, out var handlers) && at.Ordinal < handlers.Length
            && (handler = handlers[at.Ordinal]) > 0))
        {
            if (Stopwatch.GetElapsedTime(looking) > TimeSpan.FromSeconds(30)) throw new InvalidOperationException($"nothing labelled '{label}' to click");
            await Task.Delay(10, ct);
        }
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _waiting, Tuple.Create(until, done));
        var start = Stopwatch.GetTimestamp();
        var descriptor = new JsonObject { ["eventHandlerId"] = handler, ["eventName"] = "click", ["eventFieldInfo"] = null };
        var click = new JsonObject { ["type"] = "click", ["detail"] = 1, ["button"] = 0, ["buttons"] = 0 };
        await _connection.SendAsync("BeginInvokeDotNetFromJS", Interlocked.Increment(ref _calls).ToString(CultureInfo.InvariantCulture), null,
            "DispatchEventAsync", _renderer, new JsonArray(descriptor, click).ToJsonString(), ct);
        await done.Task.WaitAsync(TimeSpan.FromSeconds(30), ct);
        return Stopwatch.GetElapsedTime(start);
    }

    /// <summary>
    /// Reads what a render batch adds (Blazor's RenderBatchWriter format: 20-byte reference frames, a string table, and five
    /// offsets at the end): the labels that can be clicked, and whether it carries what a click waits for.
    /// </summary>
    private void Read(byte[] batch)
    {
        var n = batch.Length;
        int Int(int at) => BinaryPrimitives.ReadInt32LittleEndian(batch.AsSpan(at));
        var frames = Int(n - 16);
        var strings = Int(n - 4);
        string? Text(int index)
        {
            if (index < 0 || strings + 4 * index >= n - 20) return null;
            var at = Int(strings + 4 * index);
            int length = 0, shift = 0;
            byte b;
            do { b = batch[at++]; length |= (b & 0x7F) << shift; shift += 7; } while ((b & 0x80) != 0);
            return Encoding.UTF8.GetString(batch, at, length);
        }
        int Frame(int index) => frames + 4 + 20 * index;
        bool IsClick(int index) => Int(Frame(index)) == 3 && Text(Int(Frame(index) + 4)) == "onclick"; // attribute: name, value, handler
        ulong Handler(int index) => BinaryPrimitives.ReadUInt64LittleEndian(batch.AsSpan(Frame(index) + 12));
        // Each updated component's edits: (type, sibling index, reference frame, removed attribute name), 16 bytes each.
        var diffs = Int(n - 20);
        for (var d = 0; d < Int(diffs); d++)
        {
            var diff = Int(diffs + 4 + 4 * d);
            var (component, edits) = (Int(diff), Int(diff + 4));
            var clicks = new List<ulong>();
            var fresh = false;
            for (var e = 0; e < edits; e++)
            {
                var (type, first) = (Int(diff + 8 + 16 * e), Int(diff + 8 + 16 * e + 8));
                if (type == 3 && IsClick(first)) clicks.Add(Handler(first)); // SetAttribute: a handler replaced on re-render
                if (type != 1) continue; // PrependFrame: a new subtree, read for its labelled onclick handlers
                fresh = true;
                var length = Int(Frame(first)) is 1 or 4 or 5 ? Int(Frame(first) + 4) : 1;
                var clickAt = -100;
                for (var i = first; i < first + length; i++)
                {
                    var frameType = Int(Frame(i));
                    if (frameType == 1) clickAt = -100;
                    else if (IsClick(i))
                    {
                        clickAt = i;
                        clicks.Add(Handler(i));
                    }
                    else if (frameType == 2 && i - clickAt < 16 && Text(Int(Frame(i) + 4))?.Trim() is { Length: > 0 } label)
                        _labels[label] = (component, clicks.Count - 1);
                }
            }
            // A component's handlers keep their order: a fresh render lists them all, a re-render replaces each one.
            if (clicks.Count > 0 && (fresh || (_clicks.TryGetValue(component, out var known) && known.Length == clicks.Count)))
                _clicks[component] = [.. clicks];
        }
        if (Volatile.Read(ref _waiting) is { } waiting)
            for (var i = 0; strings + 4 * i < n - 20; i++)
                if (Text(i) == waiting.Item1) { waiting.Item2.TrySetResult(); break; }
    }

    /// <summary>Closes the tab as a browser does: the page's unload beacon tells the server to drop the circuit now, rather than
    /// keep it for a reconnect (<c>DisconnectedCircuitRetentionPeriod</c>).</summary>
    public async ValueTask DisposeAsync()
    {
        if (_browser is not null && _secret is not null)
        {
            try
            {
                using var beacon = await _browser.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(_baseUri, "/_blazor/disconnect"))
                {
                    Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["circuitId"] = _secret }),
                }, CancellationToken.None);
            }
            catch (HttpRequestException) { }
        }
        await _connection.DisposeAsync();
    }

    [GeneratedRegex("<!--Blazor:(\\{.*?\\})-->", RegexOptions.Singleline)]
    private static partial Regex Markers();

    [GeneratedRegex("\"__dotNetObject\":(\\d+)")]
    private static partial Regex DotNetObject();

    [GeneratedRegex("<!--Blazor-Server-Component-State:([A-Za-z0-9+/=]+)-->")]
    private static partial Regex ComponentState();
}

/// <summary>A browser's cookie jar and address, kept by hand: the app's cookies are Secure, which HttpClient's jar will not send over http.</summary>
public sealed partial class CookieBrowser(HttpClient http, Uri baseUri)
{
    private readonly Dictionary<string, string> _cookies = [];
    public Uri BaseUri { get; } = baseUri;

    public string CookieHeader { get { lock (_cookies) return string.Join("; ", _cookies.Select(c => $"{c.Key}={c.Value}")); } }

    /// <summary>Another tab of the same browser user: the sign-in cookies, but not nginx's affinity (a new browser is placed anew).</summary>
    public CookieBrowser NewTab()
    {
        var tab = new CookieBrowser(http, BaseUri);
        lock (_cookies) foreach (var (k, v) in _cookies.Where(c => c.Key != "pathwayhub_affinity")) tab._cookies[k] = v;
        return tab;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
    {
        if (CookieHeader is { Length: > 0 } cookies) request.Headers.TryAddWithoutValidation("Cookie", cookies);
        var response = await http.SendAsync(request, ct);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            lock (_cookies)
                foreach (var c in setCookies)
                {
                    var pair = c.Split(';')[0];
                    var eq = pair.IndexOf('=', StringComparison.Ordinal);
                    _cookies[pair[..eq]] = pair[(eq + 1)..];
                }
        return response;
    }

    public async Task<string> GetStringAsync(string path, CancellationToken ct)
    {
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Get, new Uri(BaseUri, path)), ct);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode}");
        return await response.Content.ReadAsStringAsync(ct);
    }

    public async Task SignInAsync(string email, string password, CancellationToken ct)
    {
        var page = await GetStringAsync("/account/login", ct);
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        using var response = await SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUri, "/account/login"))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = password,
            }),
        }, ct);
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location?.ToString().Contains("login", StringComparison.Ordinal) == true)
            throw new InvalidOperationException($"sign-in as {email}: {(int)response.StatusCode} {response.Headers.Location}");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();
}

/// <summary>Blazor's circuit hub protocol: MessagePack, under the name the hub accepts.</summary>
internal sealed class BlazorPackProtocol : IHubProtocol
{
    private readonly MessagePackHubProtocol _inner = new();
    public string Name => "blazorpack";
    public int Version => _inner.Version;
    public TransferFormat TransferFormat => TransferFormat.Binary;
    public ReadOnlyMemory<byte> GetMessageBytes(HubMessage message) => _inner.GetMessageBytes(message);
    public bool IsVersionSupported(int version) => _inner.IsVersionSupported(version);
    public bool TryParseMessage(ref ReadOnlySequence<byte> input, IInvocationBinder binder, [NotNullWhen(true)] out HubMessage? message) =>
        _inner.TryParseMessage(ref input, binder, out message);
    public void WriteMessage(HubMessage message, IBufferWriter<byte> output) => _inner.WriteMessage(message, output);
}
