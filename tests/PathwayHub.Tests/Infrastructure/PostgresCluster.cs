using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// Starts a throwaway PostgreSQL server from Debian's package (initdb + pg_ctl, as the postgres user when run as root) on a
/// free loopback port, stopped and deleted at process exit. No test framework here: the benchmarks link this file too.
/// </summary>
internal static class PostgresCluster
{
    /// <summary>The newest installed server's bin folder, or null if PostgreSQL is not installed.</summary>
    public static string? BinFolder() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault()
            : null;

    /// <summary>
    /// Starts a server and returns the connection string of its postgres database, or null if PostgreSQL is not installed.
    /// <paramref name="settings"/> are more <c>-c name=value</c> server options.
    /// </summary>
    public static string? Start(string settings = "")
    {
        var bin = BinFolder();
        if (bin is null) return null;

        var root = Path.Combine(Path.GetTempPath(), "pathwayhub-pg-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(root);
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot) Run("chown", "postgres:postgres", root);
        Sh($"{bin}/initdb -D {root}/data -U postgres --auth=trust -E UTF8 --no-sync", asRoot);
        Sh($"{bin}/pg_ctl -D {root}/data -l {root}/log -o \"-c listen_addresses=127.0.0.1 -p {port} -k {root} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=1000 {settings}\" -w start", asRoot);
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try { Sh($"{bin}/pg_ctl -D {root}/data -m immediate -w stop", asRoot); Directory.Delete(root, recursive: true); }
            catch (IOException) { }
            catch (InvalidOperationException) { }
        };
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
    }

    /// <summary>
    /// Creates a database on the server, empty or as a copy of <paramref name="template"/> (a database nobody is connected to),
    /// and returns its connection string.
    /// </summary>
    public static async Task<string> CreateDatabaseAsync(string adminConnectionString, string? template = null)
    {
        var name = "ph_" + Guid.NewGuid().ToString("N")[..12];
        await using (var conn = new NpgsqlConnection(adminConnectionString))
        {
            await conn.OpenAsync();
            await using var cmd = new NpgsqlCommand(template is null ? $"CREATE DATABASE {name}" : $"CREATE DATABASE {name} TEMPLATE {template}", conn);
            await cmd.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name, Pooling = true, MaxPoolSize = 20 }.ToString();
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
