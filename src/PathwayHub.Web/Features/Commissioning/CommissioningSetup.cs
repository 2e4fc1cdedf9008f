using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>Everything commissioning adds to the app: its services, its reminder rules and the dashboard's cache. Its routes are in <see cref="CommissioningEndpoints"/>.</summary>
public static class CommissioningSetup
{
    public static IServiceCollection AddCommissioning(this IServiceCollection services)
    {
        services.AddSingleton<ValueBreakdownCache>();
        services.AddScoped<TenderService>();
        services.AddScoped<TenderAwardService>();
        services.AddScoped<AgreementLifecycleService>();
        services.AddScoped<AgreementPublicationService>();
        services.AddScoped<MonitoringService>();
        services.AddScoped<DocumentService>();
        services.AddScoped<AgreementRegisterService>();
        services.AddScoped<CommissioningDashboardService>();
        services.AddScoped<OcdsService>();

        services.AddSingleton<IReminderRule, AgreementEndingRule>();
        services.AddSingleton<IReminderRule, MilestoneRule>();
        services.AddSingleton<IReminderRule, TenderDeadlineRule>();
        return services;
    }
}
