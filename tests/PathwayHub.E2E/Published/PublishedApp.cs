using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PathwayHub.E2E.Published;

/// <summary>
/// The portal as an administrator runs it: the output of <c>dotnet publish</c>, started with <c>dotnet PathwayHub.Web.dll</c>
/// in Production from a folder with no <c>seed-data/</c> above it, on a loopback port. The publish reuses the build the test
/// run already made (<c>--no-build</c>, same configuration), so it lays out the same files a release publish does in seconds.
/// </summary>
public sealed class PublishedApp : IAsyncDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly SemaphoreSlim PublishLock = new(1, 1);
    private static string? _publishFolder;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly bool _ownsDataFolder;

    public string BaseUrl { get; }
    public string DataFolder { get; }
    public int Port => new Uri(BaseUrl).Port;
    /// <summary>The server process, for reading its memory (<c>/proc/&lt;pid&gt;/status</c>).</summary>
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    private PublishedApp(Process process, string baseUrl, string dataFolder, bool ownsDataFolder)
    {
        _process = process;
        BaseUrl = baseUrl;
        DataFolder = dataFolder;
        _ownsDataFolder = ownsDataFolder;
    }

    /// <summary>Everything the process wrote, for a failure message.</summary>
    public string Output { get { lock (_output) return _output.ToString(); } }

    /// <summary>
    /// Publish for this machine's runtime with ReadyToRun code, as the README's production publish does (<c>-r linux-x64</c>), so
    /// an instance starts with its code compiled instead of compiling it under its first users. A full build: the load client
    /// sets it; the tests keep the quick <c>--no-build</c> publish.
    /// </summary>
    public static bool ReadyToRun { get; set; }

    /// <summary>Publishes once per test run and returns the folder.</summary>
    public static async Task<string> PublishAsync()
    {
        await PublishLock.WaitAsync();
        try
        {
            if (_publishFolder is not null) return _publishFolder;
            var root = RepositoryRoot();
            var folder = Path.Combine(Path.GetTempPath(), "pathwayhub-publish-" + Guid.NewGuid().ToString("N")[..8]);
            string[] publish = ReadyToRun
                ? ["publish", Path.Combine(root, "src", "PathwayHub.Web"), "-c", Configuration, "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "--self-contained", "false", "-o", folder]
                : ["publish", Path.Combine(root, "src", "PathwayHub.Web"), "-c", Configuration, "--no-build", "-o", folder];
            var (code, output) = await RunAsync("dotnet", publish, root);
            if (code != 0) throw new InvalidOperationException($"dotnet publish failed ({code}):{Environment.NewLine}{output}");
            AppDomain.CurrentDomain.ProcessExit += (_, _) => { try { Directory.Delete(folder, recursive: true); } catch (IOException) { } };
            return _publishFolder = folder;
        }
        finally { PublishLock.Release(); }
    }

    /// <summary>
    /// Starts the published build with only the given settings (environment variables) and waits until it answers. A data
    /// folder given by the caller (several instances sharing one, as behind a load balancer) is the caller's to delete.
    /// </summary>
    public static async Task<PublishedApp> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataFolder = null, int? port = null)
    {
        var folder = await PublishAsync();
        port ??= FreePort();
        var baseUrl = $"http://localhost:{port}";
        var ownsDataFolder = dataFolder is null;
        dataFolder ??= Path.Combine(Path.GetTempPath(), "pathwayhub-data-" + Guid.NewGuid().ToString("N")[..8]);
        var start = new ProcessStartInfo("dotnet")
        {
            // Started from its own folder, as the README's production section says (a service unit's WorkingDirectory);
            // there is no seed-data folder above it, so the build must find the one it carries.
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(folder, "PathwayHub.Web.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        start.Environment["PublicUrl"] = baseUrl;
        start.Environment["DataFolder"] = dataFolder;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) start.Environment[key] = value;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var app = new PublishedApp(process, baseUrl, dataFolder, ownsDataFolder);
        process.OutputDataReceived += (_, e) => app.Append(e.Data);
        process.ErrorDataReceived += (_, e) => app.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await app.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(120));
        return app;
    }

    public HttpClient Client() => new() { BaseAddress = new Uri(BaseUrl) };

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        using var http = Client();
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The published build stopped with exit code {_process.ExitCode}:{Environment.NewLine}{Output}");
            try
            {
                using var response = await http.GetAsync("/account/login");
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(250);
        }
        throw new TimeoutException($"The published build did not answer within {limit.TotalSeconds} s:{Environment.NewLine}{Output}");
    }

    /// <summary>Ends the process at once, as a crash or a lost machine would: no graceful shutdown, circuits just vanish.</summary>
    public async Task KillAsync()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    /// <summary>
    /// Asks the process to shut down as a service manager would (SIGTERM): the host stops, Hangfire lets a running job finish and
    /// releases its locks. Killed if it has not exited within <paramref name="limit"/>.
    /// </summary>
    public async Task StopAsync(TimeSpan limit)
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(limit);
        try { await _process.WaitForExitAsync(timeout.Token); }
        catch (OperationCanceledException) { await KillAsync(); }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
        if (_ownsDataFolder)
            try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    internal static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "PathwayHub.sln"))) return dir.FullName;
        throw new InvalidOperationException("PathwayHub.sln not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, string[] args, string workingDirectory)
    {
        var start = new ProcessStartInfo(file) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }
}
