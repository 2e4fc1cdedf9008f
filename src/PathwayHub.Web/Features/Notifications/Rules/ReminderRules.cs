namespace PathwayHub.Web.Features.Notifications.Rules;

/// <summary>
/// Reminder rules not yet registered by their own feature. Each feature registers its rules in its Add&lt;Feature&gt;
/// (Directory, Governance); the commissioning rules are registered here until AddCommissioning takes them.
/// </summary>
public static class ReminderRules
{
    public static IServiceCollection AddReminderRules(this IServiceCollection services)
    {
        services.AddSingleton<IReminderRule, AgreementEndingRule>();
        services.AddSingleton<IReminderRule, MilestoneRule>();
        services.AddSingleton<IReminderRule, TenderDeadlineRule>();
        return services;
    }
}
