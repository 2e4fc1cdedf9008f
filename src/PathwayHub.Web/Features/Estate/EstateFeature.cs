using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Estate.Progress;

namespace PathwayHub.Web.Features.Estate;

/// <summary>
/// The region's picture across the prison estate: the minimum offer each open prison should have per Pathway, drawn from the
/// directory's coverage and the agreements that fund it, and its progress quarter by quarter against a baseline.
/// </summary>
public static class EstateFeature
{
    public static IServiceCollection AddEstate(this IServiceCollection services)
    {
        services.AddScoped<OfferService>();
        services.AddScoped<ProgressService>();
        services.AddScoped<ProgressSnapshotJob>();
        return services;
    }
}
