using PathwayHub.Web.Features.Governance.Actions;
using PathwayHub.Web.Features.Governance.Agenda;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Governance.Minutes;
using PathwayHub.Web.Features.Governance.Reminders;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Governance;

/// <summary>Governance's services and reminder rules; its routes are in <see cref="GovernanceEndpoints"/>.</summary>
public static class GovernanceFeature
{
    public static IServiceCollection AddGovernance(this IServiceCollection services)
    {
        services.AddScoped<TermsOfReferenceService>();
        services.AddScoped<MeetingService>();
        services.AddScoped<AgendaService>();
        services.AddScoped<Conflicts.TenderConflictsService>();
        services.AddScoped<MinutesService>();
        services.AddScoped<ActionService>();
        services.AddScoped<CalendarService>();
        services.AddSingleton<IReminderRule, CallForItemsRule>();
        services.AddSingleton<IReminderRule, PapersReminderRule>();
        services.AddSingleton<IReminderRule, MeetingTomorrowRule>();
        services.AddSingleton<IReminderRule, MinutesDueRule>();
        services.AddSingleton<IReminderRule, ActionDueSoonRule>();
        services.AddSingleton<IReminderRule, OverdueActionsDigestRule>();
        services.AddSingleton<IReminderRule, TermsOfReferenceReviewRule>();
        return services;
    }
}
