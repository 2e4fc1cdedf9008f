using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PathwayHub.Web.Data;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>The probes a load balancer polls: anonymous, small, and honest about the database and the job storage.</summary>
public sealed class HealthTests
{
    [Fact]
    public async Task Live_and_ready_answer_anonymously_with_each_check_named()
    {
        await using var app = new WebApp();
        using var client = app.Browser();

        using var live = await client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("Healthy", (await JsonAsync(live)).GetProperty("status").GetString());

        foreach (var path in new[] { "/health/ready", "/health" })
        {
            using var ready = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            var body = await JsonAsync(ready);
            Assert.Equal("Healthy", body.GetProperty("status").GetString());
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetString());
            Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("jobs").GetString());
        }
    }

    [Fact]
    public async Task Ready_answers_503_when_the_database_is_gone_while_live_still_answers()
    {
        await using var app = await WebApp.OnAsync(DatabaseProvider.Postgres);
        using var client = app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The database disappears under the running instance (its connections are cut), as when the server goes away.
        var database = new NpgsqlConnectionStringBuilder(app.Services.GetRequiredService<DatabaseSettings>().ConnectionString).Database;
        await using (var admin = new NpgsqlConnection(PostgresServer.AdminConnectionString))
        {
            await admin.OpenAsync(TestContext.Current.CancellationToken);
            await using var drop = new NpgsqlCommand($"DROP DATABASE {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        using var ready = await client.GetAsync("/health/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        var body = await JsonAsync(ready);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        Assert.Equal("Unhealthy", body.GetProperty("checks").GetProperty("database").GetString());
        Assert.DoesNotContain("Host=", body.GetRawText(), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }
}
