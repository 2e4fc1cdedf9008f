using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Tests.Http;

public abstract class DirectoryPagesHttpTests(DatabaseProvider provider) : IAsyncLifetime
{
    private WebApp _app = null!;
    public async ValueTask InitializeAsync() => _app = await WebApp.OnAsync(provider);
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    [Fact]
    public async Task Public_directory_needs_no_sign_in()
    {
        var response = await _app.Browser().GetAsync("/directory/public");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Services for prisoners and their families", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_public_organisation_page_shows_what_the_open_data_api_publishes_with_its_public_listings()
    {
        var client = _app.Browser();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/directory/public")).StatusCode); // the app has started and seeded
        int org, unlisted;
        string name, website;
        List<string> listed;
        await using (var db = await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync())
        {
            var nepacs = await db.Organisations.SingleAsync(o => o.Name == "NEPACS");
            (org, name, website) = (nepacs.Id, nepacs.Name, nepacs.Website!);
            listed = await db.Services.Where(s => s.OrganisationId == org && s.IsPublic).Select(s => s.Name).ToListAsync();
            // An approved organisation with no published listing (a commissioning body): not in the API, nor here.
            unlisted = await db.Organisations.Where(o => !o.Services.Any(s => s.IsPublished)).OrderBy(o => o.Id).Select(o => o.Id).FirstAsync();
        }

        var html = System.Net.WebUtility.HtmlDecode(await client.GetStringAsync($"/directory/public/organisations/{org}"));
        Assert.Contains($"<h1", html, StringComparison.Ordinal);
        Assert.Contains(name, html, StringComparison.Ordinal);
        Assert.Contains($"href=\"{website}\"", html, StringComparison.Ordinal);
        Assert.NotEmpty(listed);
        Assert.All(listed, listing => Assert.Contains(listing, html, StringComparison.Ordinal));
        var refused = await client.GetStringAsync($"/directory/public/organisations/{unlisted}");
        Assert.Contains("data-testid=\"error\"", refused, StringComparison.Ordinal);
        Assert.Contains("That organisation is not in the directory.", refused, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/directory")]
    [InlineData("/directory/coverage")]
    [InlineData("/directory/changes")]
    [InlineData("/directory/services.csv")]
    public async Task Signed_in_directory_pages_send_anonymous_visitors_to_sign_in(string path)
    {
        var response = await _app.Browser().GetAsync(path);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Directory_search_and_coverage_export_as_csv()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "commissioner@pathwayhub.example", Seeder.DemoPassword);

        var services = await client.GetStringAsync("/directory/services.csv?text=nepacs");
        var coverage = await client.GetStringAsync("/directory/coverage.csv?axis=service-types");

        var lines = services.Trim().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Contains("Prison visitor centres", services, StringComparison.Ordinal);
        Assert.Contains("Visitor centre", coverage.Split('\n')[0], StringComparison.Ordinal);
        Assert.Equal(8, coverage.Trim().Split('\n').Length); // a header and the seven open prisons (Acklington and Castington closed in 2011)

        // A search exported as the coverage cell links it: active and published only.
        var published = await client.GetStringAsync("/directory/services.csv?status=Active&published=true");
        Assert.All(published.Trim().Split('\n').Skip(1), line => Assert.Contains(",Active,Yes,", line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Coordinator_downloads_the_import_template_with_every_column()
    {
        var client = _app.Browser();
        await WebApp.SignInAsync(client, "coordinator@pathwayhub.example", Seeder.DemoPassword);

        var response = await client.GetAsync("/directory/import-template.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("directory-import-template.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(DirectoryImportService.Template().Trim(), text.TrimStart('\uFEFF').Trim());
    }
}

public sealed class DirectoryPagesHttpOnSqliteTests() : DirectoryPagesHttpTests(DatabaseProvider.Sqlite);

public sealed class DirectoryPagesHttpOnPostgresTests() : DirectoryPagesHttpTests(DatabaseProvider.Postgres);
