using PathwayHub.Web.Features.DeliveryPlans.Actions;
using PathwayHub.Web.Features.DeliveryPlans.History;

namespace PathwayHub.Web.Features.DeliveryPlans;

/// <summary>The Delivery Plans services (their PDF reports are the Reports feature's).</summary>
public static class DeliveryPlansFeature
{
    public static IServiceCollection AddDeliveryPlans(this IServiceCollection services)
    {
        services.AddScoped<DeliveryPlanService>();
        services.AddScoped<PlanActionService>();
        services.AddScoped<PlanHistoryService>();
        return services;
    }
}
