namespace PathwayHub.Web.Features.Pathways;

/// <summary>The Pathways services; their routes are in <see cref="PathwayEndpoints"/>.</summary>
public static class PathwaysFeature
{
    public static IServiceCollection AddPathways(this IServiceCollection services)
    {
        services.AddScoped<PathwayService>();
        services.AddScoped<MembershipService>();
        return services;
    }
}
