using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Directory.Taxonomies;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory.Taxonomies;

/// <summary>The coordinator's service types.</summary>
public sealed class TaxonomyTests
{

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Coordinator_extends_the_service_types_and_nobody_else_can(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var editor = new DirectoryAs(app, await app.EditorAsync());

        await coordinator.Taxonomies.AddServiceTypeAsync("Peer mentoring");
        await Assert.ThrowsAsync<ForbiddenException>(() => editor.Taxonomies.AddServiceTypeAsync("Something else"));
        var dup = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.Taxonomies.AddServiceTypeAsync("peer mentoring"));
        Assert.True(dup.Errors.ContainsKey("Name"));

        Assert.Contains(await coordinator.Taxonomies.TermsAsync(Taxonomy.ServiceTypesSlug), t => t.Name == "Peer mentoring");
    }
}
