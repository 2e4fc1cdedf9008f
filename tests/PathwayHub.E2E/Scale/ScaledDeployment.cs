using PathwayHub.E2E.Published;
using PathwayHub.Tests.Infrastructure;

namespace PathwayHub.E2E.Scale;

/// <summary>
/// The scaled-out deployment the README describes, with real parts on loopback: a throwaway PostgreSQL server (Debian's
/// package, as the service tests start it), N published PathwayHub instances on one database and one shared data folder
/// (papers), and nginx in front with sticky sessions. Instances start one after another, so the first creates the schema and
/// loads the demo while the others find it done. No test framework here: the load client links it.
/// </summary>
public sealed class ScaledDeployment : IAsyncDisposable
{
    private static readonly Lazy<string?> Server = new(() => PostgresCluster.Start(), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly Dictionary<string, string> _settings;
    private readonly List<PublishedApp> _instances = [];

    public string ConnectionString { get; }
    public string DataFolder { get; }
    public Nginx Nginx { get; private set; } = null!;
    public string BaseUrl => Nginx.BaseUrl;
    public IReadOnlyList<PublishedApp> Instances => _instances;

    private ScaledDeployment(string connectionString, string dataFolder, Dictionary<string, string> settings)
    {
        ConnectionString = connectionString;
        DataFolder = dataFolder;
        _settings = settings;
    }

    /// <summary>What is missing on this machine for the deployment (nginx, PostgreSQL), or null.</summary>
    public static string? Missing() =>
        !Nginx.Installed ? $"{Nginx.Executable} is not installed (apt-get install nginx)"
        : PostgresCluster.BinFolder() is null ? "PostgreSQL is not installed (apt-get install postgresql)"
        : null;

    /// <summary>Starts the deployment. <paramref name="settings"/> are the instances' environment variables beyond the defaults here.</summary>
    public static async Task<ScaledDeployment> StartAsync(int instances, IReadOnlyDictionary<string, string>? settings = null)
    {
        var admin = Server.Value ?? throw new InvalidOperationException(Missing() ?? "PostgreSQL did not start");
        // Several instances each with a connection pool, and Hangfire's own connections, on one server of 200 connections.
        var database = await PostgresCluster.CreateDatabaseAsync(admin);
        database = new Npgsql.NpgsqlConnectionStringBuilder(database) { MaxPoolSize = 60 }.ToString();
        var folder = Path.Combine(Path.GetTempPath(), "pathwayhub-shared-" + Guid.NewGuid().ToString("N")[..8]);
        var nginxPort = PublishedApp.FreePort();
        var all = new Dictionary<string, string>
        {
            ["Database__Provider"] = "Postgres",
            ["ConnectionStrings__Postgres"] = database,
            ["Demo__Seed"] = "true",
            // The address people use is nginx's: links in emails, and the Host check, are for it.
            ["PublicUrl"] = $"http://localhost:{nginxPort}",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>()) all[key] = value;
        var deployment = new ScaledDeployment(database, folder, all);
        try
        {
            for (var i = 0; i < instances; i++) deployment._instances.Add(await PublishedApp.StartAsync(all, folder));
            foreach (var instance in deployment._instances) await WaitReadyAsync(instance.BaseUrl);
            foreach (var instance in deployment._instances) await WarmAsync(instance.BaseUrl);
            deployment.Nginx = await Nginx.StartAsync(nginxPort, deployment._instances.Select(i => i.Port));
        }
        catch
        {
            await deployment.DisposeAsync();
            throw;
        }
        return deployment;
    }

    /// <summary>Starts a stopped instance again on its port, so nginx finds it where it was.</summary>
    public async Task RestartAsync(int index)
    {
        var old = _instances[index];
        await old.DisposeAsync();
        _instances[index] = await PublishedApp.StartAsync(_settings, DataFolder, old.Port);
        await WaitReadyAsync(_instances[index].BaseUrl);
        await WarmAsync(_instances[index].BaseUrl);
    }

    /// <summary>
    /// Has a ready instance render the sign-in page and the home page once before nginx sends it users, as a load balancer's slow
    /// start would: on a loaded CI machine a cold instance's first sign-in took longer than a browser test's 30 s wait.
    /// </summary>
    public static async Task WarmAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(120) };
        foreach (var path in new[] { "/account/login", "/" })
        {
            using var response = await http.GetAsync(path);
            if ((int)response.StatusCode >= 500) throw new InvalidOperationException($"{baseUrl}{path} answered {(int)response.StatusCode} while warming up");
        }
    }

    /// <summary>Polls /health/ready: nginx itself only notices a dead instance by a failed request, so a deployment asks first.</summary>
    public static async Task WaitReadyAsync(string baseUrl)
    {
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl), Timeout = TimeSpan.FromSeconds(10) };
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("/health/ready");
                if (response.IsSuccessStatusCode) return;
                if (DateTime.UtcNow > until) throw new TimeoutException($"{baseUrl}/health/ready answered {(int)response.StatusCode}");
            }
            catch (HttpRequestException) when (DateTime.UtcNow <= until) { }
            await Task.Delay(200);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Nginx is not null) await Nginx.DisposeAsync();
        foreach (var instance in _instances) await instance.DisposeAsync();
        try { Directory.Delete(DataFolder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
