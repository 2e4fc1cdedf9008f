using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Listings;

namespace PathwayHub.Tests.Http;

public abstract class DirectoryEditHttpTests(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApp _app = null!;
    public async ValueTask InitializeAsync() => _app = await WebApp.OnAsync(provider);
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    private async Task<(int Id, ServiceInput Input)> LoadAsync(string name)
    {
        var dbs = _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>();
        await using var db = await dbs.CreateDbContextAsync();
        var s = await db.Services.Include(x => x.Locations).Include(x => x.Terms).SingleAsync(x => x.Name == name);
        return (s.Id, new ServiceInput
        {
            Name = s.Name, Description = s.Description, Status = s.Status, Url = s.Url, Email = s.Email, EligibilityDescription = s.EligibilityDescription,
            MinimumAge = s.MinimumAge, MaximumAge = s.MaximumAge, FeesDescription = s.FeesDescription, ApplicationProcess = s.ApplicationProcess,
            Languages = s.Languages, LocationIds = s.Locations.Select(l => l.LocationId).ToList(), TermIds = s.Terms.Select(t => t.TaxonomyTermId).ToList(), Version = s.Version,
        });
    }

    [Fact]
    public async Task Provider_editor_cannot_change_another_organisations_service_over_http()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "provider@pathwayhub.example", Seeder.DemoPassword);
        var (pactId, pact) = await LoadAsync("Building Stronger Families");
        pact.Description = "Changed by NEPACS";

        var put = await client.PutAsJsonAsync($"/directory/services/{pactId}", pact);
        var confirm = await client.PostAsJsonAsync($"/directory/services/{pactId}/still-accurate", new VersionBody(pact.Version));

        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, confirm.StatusCode);
        var (_, after) = await LoadAsync("Building Stronger Families");
        Assert.NotEqual("Changed by NEPACS", after.Description);
        Assert.Equal(pact.Version, after.Version);

        var (ownId, own) = await LoadAsync("Prison visitor centres");
        own.Description = "Changed by NEPACS";
        var ownPut = await client.PutAsJsonAsync($"/directory/services/{ownId}", own);
        Assert.Equal(HttpStatusCode.OK, ownPut.StatusCode);
        Assert.Contains("SubmittedForReview", await ownPut.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stale_version_over_http_is_a_conflict_with_a_message()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "provider@pathwayhub.example", Seeder.DemoPassword);
        var (id, own) = await LoadAsync("Prison visitor centres");
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/directory/services/{id}/still-accurate", new VersionBody(own.Version))).StatusCode);

        var stale = await client.PostAsJsonAsync($"/directory/services/{id}/still-accurate", new VersionBody(own.Version));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("Someone else changed this record", await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Anonymous_cannot_edit()
    {
        var (id, input) = await LoadAsync("Prison visitor centres");
        var response = await _app.Browser().PutAsJsonAsync($"/directory/services/{id}", input);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class DirectoryEditHttpOnSqliteTests() : DirectoryEditHttpTests(DatabaseProvider.Sqlite);

public sealed class DirectoryEditHttpOnPostgresTests() : DirectoryEditHttpTests(DatabaseProvider.Postgres);
