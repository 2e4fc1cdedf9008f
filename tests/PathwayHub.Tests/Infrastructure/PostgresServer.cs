namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server from Debian's package (<see cref="PostgresCluster"/>), started once per test run on a free
/// loopback port and stopped at exit. Without the package the PostgreSQL tests skip on a developer machine and fail in CI (CI=true).
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<string?> Server = new(() => PostgresCluster.Start(), LazyThreadSafetyMode.ExecutionAndPublication);
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
    public static Task<string> CreateDatabaseAsync() => PostgresCluster.CreateDatabaseAsync(AdminConnectionString);
}
