using System.Diagnostics;
using System.Net.Http;
using System.Text;

namespace PathwayHub.E2E.Scale;

/// <summary>
/// Debian's nginx (<c>/usr/sbin/nginx</c>) in a folder of its own, in the foreground, from <c>nginx.conf.template</c> with the
/// instances' ports filled in, listening on a free loopback port. When the tests run as root it drops to www-data, as a
/// packaged nginx's workers do; nothing outside its folder is written. No test framework here: the load client links it.
/// </summary>
public sealed class Nginx : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/nginx";
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    public string Folder { get; }
    public string BaseUrl { get; }

    private Nginx(Process process, string folder, string baseUrl)
    {
        _process = process;
        Folder = folder;
        BaseUrl = baseUrl;
    }

    public static bool Installed => File.Exists(Executable);

    /// <summary>The configuration nginx runs with: the template with its placeholders filled in.</summary>
    public static string Configuration(string folder, int port, IEnumerable<int> upstreamPorts)
    {
        var template = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Scale", "nginx.conf.template"));
        var upstreams = string.Join('\n', upstreamPorts.Select(p => $"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;"));
        return template.Replace("{{PREFIX}}", folder, StringComparison.Ordinal)
            .Replace("{{LISTEN}}", $"127.0.0.1:{port}", StringComparison.Ordinal)
            .Replace("{{UPSTREAMS}}", upstreams, StringComparison.Ordinal);
    }

    public static async Task<Nginx> StartAsync(int port, IEnumerable<int> upstreamPorts)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pathwayhub-nginx-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(folder);
        var conf = Path.Combine(folder, "nginx.conf");
        await File.WriteAllTextAsync(conf, Configuration(folder, port, upstreamPorts));

        var asRoot = Environment.UserName == "root";
        ProcessStartInfo start;
        if (asRoot)
        {
            // setpriv replaces itself with nginx (no extra parent), so killing this process ends nginx.
            Run("chown", "-R", "www-data:www-data", folder);
            start = new ProcessStartInfo("setpriv");
            foreach (var a in new[] { "--reuid=www-data", "--regid=www-data", "--clear-groups", Executable }) start.ArgumentList.Add(a);
        }
        else start = new ProcessStartInfo(Executable);
        foreach (var a in new[] { "-p", folder, "-c", conf, "-e", Path.Combine(folder, "error.log"), "-g", "daemon off;" }) start.ArgumentList.Add(a);
        start.RedirectStandardOutput = start.RedirectStandardError = true;
        start.UseShellExecute = false;

        var process = Process.Start(start) ?? throw new InvalidOperationException("nginx did not start");
        var nginx = new Nginx(process, folder, $"http://localhost:{port}");
        process.OutputDataReceived += (_, e) => nginx.Append(e.Data);
        process.ErrorDataReceived += (_, e) => nginx.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await nginx.WaitUntilAnsweringAsync(TimeSpan.FromSeconds(20));
        return nginx;
    }

    /// <summary>One line of the access log: the request line, its status, and the port of the instance that finally answered.</summary>
    public sealed record LoggedRequest(string Request, int Status, int? Upstream);

    /// <summary>
    /// The requests nginx has finished for the browser holding this affinity cookie, oldest first (a WebSocket is logged when
    /// it closes). A request retried on another instance lists both; the last is the one that answered.
    /// </summary>
    public IReadOnlyList<LoggedRequest> RequestsOf(string affinity) =>
        ReadShared(Path.Combine(Folder, "access.log")).Split('\n')
            .Where(l => l.EndsWith(" affinity=" + affinity, StringComparison.Ordinal))
            .Select(l =>
            {
                var request = l.Split('"')[1];
                var rest = l.Split('"')[2].Trim().Split(' ');
                var upstream = l.Split('"')[2].Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault(p => p.StartsWith("127.0.0.1:", StringComparison.Ordinal));
                return new LoggedRequest(request, int.Parse(rest[0], System.Globalization.CultureInfo.InvariantCulture),
                    upstream is null ? null : int.Parse(upstream.Split(':')[1].TrimEnd(','), System.Globalization.CultureInfo.InvariantCulture));
            })
            .ToList();

    public string ErrorLog => File.Exists(Path.Combine(Folder, "error.log")) ? ReadShared(Path.Combine(Folder, "error.log")) : "";

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
    }

    private async Task WaitUntilAnsweringAsync(TimeSpan limit)
    {
        using var http = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        var until = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"nginx stopped ({_process.ExitCode}): {_output}{ErrorLog}");
            try
            {
                using var response = await http.GetAsync("/health/live");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"nginx did not answer within {limit.TotalSeconds} s: {_output}{ErrorLog}");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // The master and its worker: nginx's workers outlive a killed master otherwise.
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try { Directory.Delete(Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} failed: {err}");
    }
}
