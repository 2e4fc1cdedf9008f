using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Directory.Taxonomies;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory;

/// <summary>The directory's workflow services as one signed-in user, for tests that follow a listing from edit to review.</summary>
public sealed class DirectoryAs(TestApp app, Actor actor)
{
    public ListingSearchService Listings { get; } = app.As<ListingSearchService>(actor);
    public ListingEditService Editing { get; } = app.As<ListingEditService>(actor);
    public ChangeReviewService Review { get; } = app.As<ChangeReviewService>(actor);
    public CoverageService Coverage { get; } = app.As<CoverageService>(actor);
    public TaxonomyService Taxonomies { get; } = app.As<TaxonomyService>(actor);
}
