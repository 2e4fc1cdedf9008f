using PathwayHub.Web.Features.Estate.Offer;

namespace PathwayHub.Web.Features.Estate;

/// <summary>
/// The region's picture across the prison estate: the minimum offer each open prison should have per Pathway, drawn from the
/// directory's coverage and the agreements that fund it.
/// </summary>
public static class EstateFeature
{
    public static IServiceCollection AddEstate(this IServiceCollection services)
    {
        services.AddScoped<OfferService>();
        return services;
    }
}
