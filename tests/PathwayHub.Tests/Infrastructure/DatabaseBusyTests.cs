using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>
/// Under load an instance can run out of database connections. A request that cannot get one in time is told to try again
/// (503 with Retry-After, which nginx and clients understand), never given a 500, and the instance answers normally once a
/// connection is free.
/// </summary>
public sealed class DatabaseBusyTests
{
    [Fact]
    public async Task A_request_that_gets_no_connection_in_time_answers_503_with_retry_after_and_the_next_succeeds()
    {
        var seeded = await TemplateDatabases.CreatePostgresAsync(demo: true, hostClock: true);
        // One pooled connection, given up on after a second.
        var tight = new NpgsqlConnectionStringBuilder(seeded) { MaxPoolSize = 1, Timeout = 1 }.ToString();
        await using var app = new WebApp(new Dictionary<string, string>
        {
            ["Database:Provider"] = nameof(DatabaseProvider.Postgres),
            ["ConnectionStrings:Postgres"] = tight,
        });
        using var client = app.Browser();
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/directory/public", ct)).StatusCode);

        await using (var held = await app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync(ct))
        {
            await held.Database.OpenConnectionAsync(ct); // the pool's only connection, taken by other work

            foreach (var path in new[] { "/directory/public", "/api/directory/services" })
            {
                using var busy = await client.GetAsync(path, ct);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
                Assert.Equal(TimeSpan.FromSeconds(DatabaseBusy.RetryAfterSeconds), busy.Headers.RetryAfter?.Delta);
                Assert.Contains("try again in a few seconds", await busy.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            }
        }

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/directory/public", ct)).StatusCode);
    }

    [Fact]
    public void Only_a_database_that_is_busy_or_timed_out_counts_as_busy()
    {
        Assert.True(DatabaseBusy.Is(new InvalidOperationException("wrapped", new TimeoutException())));
        Assert.True(DatabaseBusy.Is(new Microsoft.Data.Sqlite.SqliteException("database is locked", 5)));
        Assert.False(DatabaseBusy.Is(new Microsoft.Data.Sqlite.SqliteException("constraint", 19)));
        Assert.False(DatabaseBusy.Is(new InvalidOperationException("a bug")));
    }
}
