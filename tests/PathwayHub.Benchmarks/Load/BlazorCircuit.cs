using System.Buffers;
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
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
        connection.On<long, byte[]>("JS.RenderBatch", async (id, _) =>
        {
            Interlocked.Increment(ref circuit._batches);
            Volatile.Write(ref circuit._lastBatchTicks, Stopwatch.GetTimestamp());
            firstBatch.TrySetResult();
            await connection.SendAsync("OnRenderCompleted", id, null);
        });
        // (handle, identifier, arguments, result type, target instance, call type) as blazor.web.js receives them.
        connection.On<long, string, string, int, long, int>("JS.BeginInvokeJS", async (handle, _, _, _, _, _) =>
        {
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
