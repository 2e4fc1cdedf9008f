using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Playwright;
using PathwayHub.E2E.Published;
using PathwayHub.E2E.Scale;

namespace PathwayHub.Benchmarks.Load;

/// <summary>
/// <c>load</c>: real Blazor Server circuits against a deployment this command starts on loopback (one published instance on
/// SQLite, or two on PostgreSQL behind nginx), bounded in count and time. It signs in the demo users, holds N idle circuits and
/// reads the servers' resident memory before and after, then drives M users who open the home page, a Pathway and a meeting
/// every 10 s (a fresh page load and circuit, then the same pages by navigation inside the circuit), while a few headless
/// Chromium tabs open a Pathway and its Members tab (the interaction). <c>api</c>: C concurrent clients read the open
/// directory API and the OCDS release package through the same deployment.
/// </summary>
public static partial class LoadRun
{
    private static bool GcDump = true;
    private static TimeSpan Warmup;
    private static readonly string[] Users = ["coordinator", "commissioner", "provider", "member", "associate", "chair"];
    private const string Password = "Pathway-Demo-2026!";

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.FirstOrDefault() ?? "circuits";
        int Arg(string name, int fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
        string Text(string name, string fallback) => args.SkipWhile(a => a != "--" + name).Skip(1).FirstOrDefault() ?? fallback;
        var deploy = Text("deploy", "sqlite");
        var idle = Math.Min(Arg("idle", 200), 2000);
        var active = Math.Min(Arg("active", 50), 500);
        var seconds = Math.Min(Arg("seconds", 60), 600);
        // --warmup S: the same load runs S seconds before anything is measured. A fresh instance spends its first minute or so
        // compiling (tiered JIT: 5 s of compilation in each of its first 10-second spans under 40 users, nearly none after 80 s),
        // which is start-up, not what a user of a running portal waits for; --warmup 0 measures from a cold start.
        Warmup = TimeSpan.FromSeconds(Math.Min(Arg("warmup", 90), 600));
        var browsers = Math.Min(Arg("browsers", 3), 10);
        // --page PATH: hold every idle circuit on that page (home or Pathway), to see what one page costs.
        var idlePage = Text("page", "");
        // --gcdump 0: skip the managed heap dumps, which take minutes with a thousand circuits on a busy machine.
        GcDump = Arg("gcdump", 1) != 0;
        var clients = Math.Min(Arg("clients", 200), 1000);
        // --ready-to-run: publish for this runtime with ReadyToRun code, as the README's production publish does.
        PathwayHub.E2E.Published.PublishedApp.ReadyToRun = args.Contains("--ready-to-run");

        // Every client of this run comes from 127.0.0.1, one address: the per-address limits are raised for the run.
        var settings = new Dictionary<string, string>
        {
            ["RateLimits__PublicApi__PermitLimit"] = Text("api-limit", "1000000"),
            ["RateLimits__SignIn__PermitLimit"] = "1000",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Demo__Seed"] = "true",
        };
        // --set KEY=VALUE: more settings for the instances (environment variables), e.g. DOTNET_gcServer=0.
        foreach (var set in args.Select((a, i) => (a, i)).Where(x => x.a == "--set" && x.i + 1 < args.Length).Select(x => args[x.i + 1]))
            settings[set[..set.IndexOf('=', StringComparison.Ordinal)]] = set[(set.IndexOf('=', StringComparison.Ordinal) + 1)..];
        await using var target = await Target.StartAsync(deploy, settings);
        Console.WriteLine($"# {deploy}: {target.BaseUrl}, instances' pids {string.Join(", ", target.Pids)}; load before: {Uptime()}");
        return mode == "api" ? await ApiAsync(target, clients, seconds) : await CircuitsAsync(target, idle, active, seconds, browsers, idlePage);
    }

    private static async Task<int> CircuitsAsync(Target target, int idle, int active, int seconds, int browsers, string idlePage)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(seconds * 3 + 600));
        var ct = cts.Token;
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = 256 });
        var signedIn = new List<CookieBrowser>();
        foreach (var user in Users)
        {
            var browser = new CookieBrowser(http, new Uri(target.BaseUrl));
            await browser.SignInAsync($"{user}@pathwayhub.example", Password, ct);
            signedIn.Add(browser);
        }
        var pathway = "/pathways/families-and-social-support";
        var meeting = await FirstMeetingAsync(signedIn[0], ct);

        // Warm up: each kind of page once, so the baseline includes what every circuit shares (JIT, caches, pools).
        foreach (var path in new[] { "/", pathway, meeting })
        {
            var (c, _, _) = await BlazorCircuit.OpenAsync(signedIn[0].NewTab(), path, ct);
            await c.DisposeAsync();
        }
        await Task.Delay(3000, ct);
        var (heapBefore, componentsBefore) = await ManagedHeapAsync(target.Pids);
        var before = target.Rss();
        Console.WriteLine($"baseline resident memory: {Mb(before.Sum())} MB ({string.Join(" + ", before.Select(Mb))}); managed heap after a full collection {Mb(heapBefore)} MB");

        // N idle circuits on Pathway pages, opened 20 at a time, held until the end.
        var idleCircuits = new ConcurrentBag<BlazorCircuit>();
        var openTimes = new ConcurrentBag<double>();
        var failures = 0;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, idle), new ParallelOptions { MaxDegreeOfParallelism = 20, CancellationToken = ct }, async (i, token) =>
        {
            try
            {
                var (c, _, interactive) = await BlazorCircuit.OpenAsync(signedIn[i % signedIn.Count].NewTab(), idlePage.Length > 0 ? idlePage : i % 2 == 0 ? pathway : "/", token);
                idleCircuits.Add(c);
                openTimes.Add(interactive.TotalMilliseconds);
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
            {
                if (Interlocked.Increment(ref failures) <= 3) Console.WriteLine("circuit failed: " + e.Message);
            }
        });
        Console.WriteLine($"{idleCircuits.Count} idle circuits open in {watch.Elapsed.TotalSeconds:F1} s ({failures} failed); page + circuit p50 {P(openTimes, 50)} ms, p95 {P(openTimes, 95)} ms");
        await Task.Delay(10_000, ct);
        var held = target.Rss();
        var perCircuit = idleCircuits.IsEmpty ? 0 : (held.Sum() - before.Sum()) / idleCircuits.Count;
        Console.WriteLine($"with {idleCircuits.Count} idle circuits: {Mb(held.Sum())} MB ({string.Join(" + ", held.Select(Mb))}); {perCircuit / 1024} KB resident per circuit");
        var (heapHeld, componentsHeld) = await ManagedHeapAsync(target.Pids, show: true);
        if (heapBefore > 0 && !idleCircuits.IsEmpty)
            Console.WriteLine($"managed heap after a full collection {Mb(heapHeld)} MB: {(heapHeld - heapBefore) / idleCircuits.Count / 1024} KB per circuit, "
                + $"{(componentsHeld - componentsBefore) / (double)idleCircuits.Count:F0} components per circuit; resident after it {Mb(target.Rss().Sum())} MB");

        // M active users and a few real browsers, for the given time.
        var prerendered = new ConcurrentBag<(string Page, double Ms)>();
        var navigated = new ConcurrentBag<(string Page, double Ms)>();
        var clicked = new ConcurrentBag<double>();
        var tab = new ConcurrentBag<double>();
        var (errors, warmupErrors) = (0, 0);
        var cycles = 0;
        using var run = CancellationTokenSource.CreateLinkedTokenSource(ct);
        run.CancelAfter(Warmup + TimeSpan.FromSeconds(seconds));
        var measuring = false;
        var (serverCpu, clientCpu) = (0.0, 0.0);
        var measure = Task.Delay(Warmup, ct).ContinueWith(_ =>
        {
            (serverCpu, clientCpu) = (target.CpuSeconds(), ClientCpuSeconds());
            Volatile.Write(ref measuring, true);
            Console.WriteLine($"measuring from now, after {Warmup.TotalSeconds:F0} s of warm-up; load: {Uptime()}");
        }, TaskScheduler.Default);
        var users = Enumerable.Range(0, active).Select(i => Task.Run(async () =>
        {
            var random = new Random(i);
            await Task.Delay(random.Next(10_000), run.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            while (!run.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                var counted = Volatile.Read(ref measuring);
                var prerender = counted ? prerendered : [];
                var navigate = counted ? navigated : [];
                var clicks = counted ? clicked : [];
                try
                {
                    var (c, first, _) = await BlazorCircuit.OpenAsync(signedIn[i % signedIn.Count].NewTab(), "/", ct);
                    prerender.Add(("home", first.TotalMilliseconds));
                    await using (c)
                    {
                        foreach (var (name, path) in new[] { ("pathway", pathway), ("meeting", meeting), ("home", "/") })
                        {
                            navigate.Add((name, (await c.NavigateAsync(path, ct)).TotalMilliseconds));
                            // The interaction: open the Pathway's Members tab, until its list arrives.
                            if (name == "pathway") clicks.Add((await c.ClickAsync("Members", "member-list", ct)).TotalMilliseconds);
                        }
                        if (c.JsErrors > 0) Interlocked.Increment(ref counted ? ref errors : ref warmupErrors);
                    }
                    foreach (var (name, path) in new[] { ("pathway", pathway), ("meeting", meeting) })
                    {
                        var w = Stopwatch.StartNew();
                        await signedIn[i % signedIn.Count].GetStringAsync(path, ct);
                        prerender.Add((name, w.Elapsed.TotalMilliseconds));
                    }
                    if (counted) Interlocked.Increment(ref cycles);
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or HttpRequestException)
                {
                    if (Interlocked.Increment(ref counted ? ref errors : ref warmupErrors) <= 3) Console.WriteLine("user failed: " + e.Message);
                }
                var wait = TimeSpan.FromSeconds(10) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, run.Token).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        })).ToList();
        users.Add(BrowsersAsync(target.BaseUrl, browsers, pathway, tab, run.Token));
        await Task.WhenAll(users);
        await measure;
        var end = target.Rss();
        (serverCpu, clientCpu) = (target.CpuSeconds() - serverCpu, ClientCpuSeconds() - clientCpu);

        Console.WriteLine($"{active} active users for {seconds} s beside {idleCircuits.Count} idle circuits; load after: {Uptime()}; resident memory {Mb(end.Sum())} MB; {errors} errors ({warmupErrors} in the warm-up)");
        Console.WriteLine($"processor time: the instances {serverCpu:F1} s, this client {clientCpu:F1} s, of {Environment.ProcessorCount * seconds} core-seconds; {cycles} complete user cycles, "
            + $"{(cycles == 0 ? 0 : serverCpu * 1000 / cycles):F0} ms of the instances' processor time per cycle (a page load with a new circuit, three navigations in it, two more page loads)");
        Console.WriteLine("| what | n | p50 ms | p95 ms |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var g in prerendered.GroupBy(x => x.Page).OrderBy(g => g.Key))
            Console.WriteLine($"| first render (page load, server prerender): {g.Key} | {g.Count()} | {P(g.Select(x => x.Ms), 50)} | {P(g.Select(x => x.Ms), 95)} |");
        foreach (var g in navigated.GroupBy(x => x.Page).OrderBy(g => g.Key))
            Console.WriteLine($"| render after navigating in the circuit: {g.Key} | {g.Count()} | {P(g.Select(x => x.Ms), 50)} | {P(g.Select(x => x.Ms), 95)} |");
        Console.WriteLine($"| interaction in the circuit: open the Pathway's Members tab (click to its list) | {clicked.Count} | {P(clicked, 50)} | {P(clicked, 95)} |");
        Console.WriteLine($"| interaction in Chromium: open the Members tab | {tab.Count} | {P(tab, 50)} | {P(tab, 95)} |");
        foreach (var c in idleCircuits) await c.DisposeAsync();
        return 0;
    }

    /// <summary>Real Chromium tabs signed in as the coordinator: open a Pathway, click its Members tab, wait for the list; every 10 s.</summary>
    private static async Task BrowsersAsync(string baseUrl, int count, string pathway, ConcurrentBag<double> tab, CancellationToken ct)
    {
        if (count == 0 || !File.Exists("/usr/bin/chromium")) return;
        using var playwright = await Playwright.CreateAsync();
        await using var chromium = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium", Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            var page = await (await chromium.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl })).NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.Locator("#email").FillAsync($"{Users[i % Users.Length]}@pathwayhub.example");
            await page.Locator("#password").FillAsync(Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
            while (!ct.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await page.GotoAsync(pathway);
                    await page.Locator("[data-testid=interactive]").WaitForAsync(new() { State = WaitForSelectorState.Attached });
                    var w = Stopwatch.StartNew();
                    await page.GetByRole(AriaRole.Tab, new() { Name = "Members" }).ClickAsync();
                    await page.Locator("[data-testid=member-list]").WaitForAsync();
                    tab.Add(w.Elapsed.TotalMilliseconds);
                }
                catch (Exception e) when (e is PlaywrightException or TimeoutException)
                {
                    Console.WriteLine("browser: " + e.Message.Split('\n')[0]);
                }
                var wait = TimeSpan.FromSeconds(10) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }));
    }

    private static async Task<int> ApiAsync(Target target, int clients, int seconds)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = false }) { BaseAddress = new Uri(target.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        string[] paths = ["/api/directory/services", "/api/ocds/releases"];
        var times = new ConcurrentBag<(string Path, double Ms)>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var run = new CancellationTokenSource(Warmup + TimeSpan.FromSeconds(seconds));
        var measuring = false;
        var (serverCpu, clientCpu) = (0.0, 0.0);
        var watch = new Stopwatch();
        var measure = Task.Delay(Warmup).ContinueWith(_ =>
        {
            (serverCpu, clientCpu) = (target.CpuSeconds(), ClientCpuSeconds());
            watch.Start();
            Volatile.Write(ref measuring, true);
        }, TaskScheduler.Default);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(async () =>
        {
            var n = i;
            while (!run.IsCancellationRequested)
            {
                var path = paths[n++ % paths.Length];
                var counted = Volatile.Read(ref measuring);
                var w = Stopwatch.StartNew();
                try
                {
                    using var response = await http.GetAsync(path, HttpCompletionOption.ResponseContentRead);
                    if (!counted) continue;
                    statuses.AddOrUpdate((int)response.StatusCode, 1, (_, c) => c + 1);
                    if (response.IsSuccessStatusCode) times.Add((path, w.Elapsed.TotalMilliseconds));
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    if (counted) statuses.AddOrUpdate(0, 1, (_, c) => c + 1);
                }
            }
        })));
        await measure;
        var elapsed = watch.Elapsed.TotalSeconds;
        (serverCpu, clientCpu) = (target.CpuSeconds() - serverCpu, ClientCpuSeconds() - clientCpu);
        Console.WriteLine($"{clients} clients for {seconds} s; load after: {Uptime()}; statuses {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}"))}");
        Console.WriteLine($"processor time: the instances {serverCpu:F1} s ({serverCpu * 1000 / Math.Max(1, times.Count):F1} ms per request), this client {clientCpu:F1} s, of {Environment.ProcessorCount * elapsed:F0} core-seconds");
        Console.WriteLine("| endpoint | requests | requests/s | p50 ms | p95 ms |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var g in times.GroupBy(t => t.Path).OrderBy(g => g.Key))
            Console.WriteLine($"| {g.Key} | {g.Count()} | {g.Count() / elapsed:F0} | {P(g.Select(x => x.Ms), 50)} | {P(g.Select(x => x.Ms), 95)} |");
        return 0;
    }

    private static async Task<string> FirstMeetingAsync(CookieBrowser browser, CancellationToken ct)
    {
        var html = await browser.GetStringAsync("/meetings", ct);
        var match = System.Text.RegularExpressions.Regex.Match(html, "href=\"/?(meetings/\\d+)\"");
        return match.Success ? "/" + match.Groups[1].Value : throw new InvalidOperationException("no meeting linked from /meetings");
    }

    /// <summary>
    /// The servers' managed heaps, in bytes, after dotnet-gcdump has forced a full collection in each (0 when the tool is not
    /// installed: <c>dotnet tool install -g dotnet-gcdump</c>), and how many live components they hold (one
    /// <c>RemoteComponentState</c> each); with <paramref name="show"/>, the largest types of the first.
    /// </summary>
    private static async Task<(long Bytes, long Components)> ManagedHeapAsync(IEnumerable<int> pids, bool show = false)
    {
        var tool = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        if (!GcDump || !File.Exists(tool)) return (0, 0);
        long total = 0, components = 0;
        foreach (var pid in pids)
        {
            var file = Path.Combine(Path.GetTempPath(), $"pathwayhub-{pid}.gcdump");
            try
            {
                var collect = await RunToolAsync(tool, $"collect -p {pid} -o {file}");
                if (!File.Exists(file)) { Console.WriteLine(collect); return (0, 0); }
                var report = await RunToolAsync(tool, $"report {file}");
                var heap = report.Split('\n').First(l => l.Contains("GC Heap bytes", StringComparison.Ordinal));
                total += long.Parse(heap.Trim().Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
                components += report.Split('\n').Select(l => Row().Match(l))
                    .Where(m => m.Success && m.Groups[3].Value.Trim() == "Microsoft.AspNetCore.Components.Server.Circuits.RemoteComponentState")
                    .Sum(m => long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
                if (show)
                {
                    // The report lists object size and count per type and size band; a type's total is their product, summed.
                    var byType = report.Split('\n').Select(l => Row().Match(l)).Where(m => m.Success)
                        .GroupBy(m => m.Groups[3].Value.Trim())
                        .Select(g => (Type: g.Key, Bytes: g.Sum(m => long.Parse(m.Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture)
                            * long.Parse(m.Groups[2].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture))))
                        .OrderByDescending(t => t.Bytes).Take(25);
                    Console.WriteLine($"types holding most of {pid}'s managed heap (dotnet-gcdump):");
                    foreach (var (type, bytes) in byType) Console.WriteLine($"  {bytes / 1024,10:N0} KB  {type}");
                    show = false;
                }
            }
            finally { File.Delete(file); }
        }
        return (total, components);
    }

    private static async Task<string> RunToolAsync(string file, string arguments)
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        return output + await p.StandardError.ReadToEndAsync();
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^\s*([\d,]+)\s+([\d,]+)\s+(.+?)(?:\s+\(Bytes > [\d.]+K\))?\s+\[[^\]]+\]\s*$")]
    private static partial System.Text.RegularExpressions.Regex Row();

    private static double ClientCpuSeconds() => Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;

    private static string Uptime() => File.ReadAllText("/proc/loadavg").Trim();
    private static string Mb(long bytes) => (bytes / 1024.0 / 1024.0).ToString("F0", CultureInfo.InvariantCulture);

    private static string P(IEnumerable<double> values, int percentile)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        if (sorted.Length == 0) return "-";
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Length) - 1)].ToString("F0", CultureInfo.InvariantCulture);
    }

    /// <summary>What the load runs against: one published instance on SQLite, or two on PostgreSQL behind nginx.</summary>
    private sealed class Target : IAsyncDisposable
    {
        private PublishedApp? _single;
        private ScaledDeployment? _scaled;
        public string BaseUrl => _single?.BaseUrl ?? _scaled!.BaseUrl;
        public List<int> Pids => _single is not null ? [_single.ProcessId] : _scaled!.Instances.Select(i => i.ProcessId).ToList();

        public static async Task<Target> StartAsync(string deploy, Dictionary<string, string> settings) => deploy switch
        {
            "sqlite" => new Target { _single = await PublishedApp.StartAsync(settings) },
            "nginx" => new Target { _scaled = await ScaledDeployment.StartAsync(2, settings) },
            _ => throw new ArgumentException("--deploy sqlite|nginx"),
        };

        /// <summary>The processor time the instances have used so far, in seconds (utime + stime in /proc/PID/stat, 100 ticks a second).</summary>
        public double CpuSeconds() => Pids.Sum(pid =>
        {
            var fields = File.ReadAllText($"/proc/{pid}/stat").Split(')')[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        });

        /// <summary>Each instance's resident set (VmRSS) in bytes.</summary>
        public long[] Rss() => Pids.Select(pid => File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).ToArray();

        public async ValueTask DisposeAsync()
        {
            if (_single is not null) await _single.DisposeAsync();
            if (_scaled is not null) await _scaled.DisposeAsync();
        }
    }
}
