using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server from Debian's package, started once per test run on a free loopback port and stopped at exit.
/// Without the package the PostgreSQL tests skip on a developer machine and fail in CI (CI=true).
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string?> Server = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly bool InCi = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Connection string to the server's postgres database, or skips/fails the calling test if there is no server.</summary>
    public static string AdminConnectionString
    {
        get
        {
            var cs = Environment.GetEnvironmentVariable("PATHWAYHUB_TEST_POSTGRES") ?? Server.Value;
            if (cs is not null) return cs;
            if (InCi) throw new InvalidOperationException("CI=true but PostgreSQL is not installed (/usr/lib/postgresql/*/bin/initdb): .ci/run must install the postgresql package.");
            Assert.Skip("PostgreSQL is not installed here (apt-get install postgresql); these tests run in CI.");
            return "";
        }
    }

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = AdminConnectionString;
        var name = "ph_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(admin))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 20 }.ToString();
    }

    private static string? Start()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;
        if (bin is null) return null;

        var root = Path.Combine(Path.GetTempPath(), "pathwayhub-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:postgres", root);
        Sh($"{bin}/initdb -D {root}/data -U postgres --auth=trust -E UTF8 --no-sync", asRoot);
        Sh($"{bin}/pg_ctl -D {root}/data -l {root}/log -o \"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" -w start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Sh($"{bin}/pg_ctl -D {root}/data -m immediate -w stop", asRoot); Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (InvalidOperationException) { }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    private static void Sh(string command, bool asPostgres)
    {
        if (asPostgres) Run("su", "postgres", "-c", command);
        else Run("/bin/sh", "-c", command);
    }

    private static void Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({p.ExitCode}): {err.Result}");
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
