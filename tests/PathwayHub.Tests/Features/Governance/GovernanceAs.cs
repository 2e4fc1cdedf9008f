using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Governance.Actions;
using PathwayHub.Web.Features.Governance.Agenda;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Governance.Minutes;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Governance;

/// <summary>The meeting workflow's services as one signed-in user, for tests that follow a meeting from agenda to approved minutes.</summary>
public sealed record GovernanceAs(MeetingService Meetings, AgendaService Agenda, MinutesService Minutes, ActionService Actions)
{
    public GovernanceAs(TestApp app, Actor actor)
        : this(app.As<MeetingService>(actor), app.As<AgendaService>(actor), app.As<MinutesService>(actor), app.As<ActionService>(actor)) { }

    public GovernanceAs(IServiceProvider services)
        : this(services.GetRequiredService<MeetingService>(), services.GetRequiredService<AgendaService>(),
            services.GetRequiredService<MinutesService>(), services.GetRequiredService<ActionService>()) { }
}
