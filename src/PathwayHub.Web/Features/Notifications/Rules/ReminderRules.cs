namespace PathwayHub.Web.Features.Notifications.Rules;

/// <summary>The rules the reminder scan runs. A feature's new rule is one class implementing <see cref="IReminderRule"/>, added here.</summary>
public static class ReminderRules
{
    public static IServiceCollection AddReminderRules(this IServiceCollection services)
    {
        services.AddSingleton<IReminderRule, CallForItemsRule>();
        services.AddSingleton<IReminderRule, PapersReminderRule>();
        services.AddSingleton<IReminderRule, MeetingTomorrowRule>();
        services.AddSingleton<IReminderRule, MinutesDueRule>();
        services.AddSingleton<IReminderRule, ActionDueSoonRule>();
        services.AddSingleton<IReminderRule, OverdueActionsDigestRule>();
        services.AddSingleton<IReminderRule, TermsOfReferenceReviewRule>();
        services.AddSingleton<IReminderRule, ListingReviewRule>();
        return services;
    }
}
