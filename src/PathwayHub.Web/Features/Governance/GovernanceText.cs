using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Governance;

/// <summary>How Governance names things to people: meeting statuses in running text and as a label.</summary>
public static class GovernanceText
{
    public static string Label(MeetingStatus s) => s switch
    {
        MeetingStatus.AgendaPublished => "agenda published",
        MeetingStatus.MinutesDrafted => "minutes drafted",
        MeetingStatus.MinutesApproved => "minutes approved",
        _ => s.ToString().ToLowerInvariant(),
    };

    /// <summary>The status as a label on its own ("Agenda published").</summary>
    public static string StatusLabel(MeetingStatus s) => TextCase.Sentence(Label(s));
}
