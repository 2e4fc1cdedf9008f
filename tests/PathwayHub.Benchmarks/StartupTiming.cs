using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Start-up to the first 200 response over an existing database: starts the built web app as its own process against a data
/// folder that a first (untimed) run migrated and seeded, polls /pathways' sign-in page, and reports each run and the median.
/// </summary>
internal static class StartupTiming
{
    public static async Task<int> RunAsync(string[] args)
    {
        var dll = args.FirstOrDefault() ?? FindWebDll();
        var data = Path.Combine(Path.GetTempPath(), "pathwayhub-startup-" + Guid.NewGuid().ToString("N")[..8]);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await TimeOnceAsync(dll, data, http); // creates and seeds the database
        var runs = new List<double>();
        for (var i = 0; i < 5; i++) runs.Add(await TimeOnceAsync(dll, data, http));
        runs.Sort();
        Console.WriteLine($"start-up to first 200 over an existing database: runs {string.Join(", ", runs.Select(r => $"{r:F0} ms"))}; median {runs[2]:F0} ms");
        Directory.Delete(data, recursive: true);
        return 0;
    }

    private static async Task<double> TimeOnceAsync(string dll, string data, HttpClient http)
    {
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "--urls", $"http://127.0.0.1:{port}", "--DataFolder", data, "--Demo:Seed", "true", "--Logging:LogLevel:Default", "Warning" })
            info.ArgumentList.Add(a);
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            while (clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                try
                {
                    using var response = await http.GetAsync($"http://127.0.0.1:{port}/account/login");
                    if (response.StatusCode == HttpStatusCode.OK) return clock.Elapsed.TotalMilliseconds;
                }
                catch (HttpRequestException) { }
                catch (TaskCanceledException) { }
                await Task.Delay(10);
            }
            throw new TimeoutException("The app did not answer within 60 s.");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    private static string FindWebDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "PathwayHub.Web", "bin", "Release", "net10.0", "PathwayHub.Web.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("Build the web app first: dotnet build -c Release src/PathwayHub.Web");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
