using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// seed-data/demo/terms-of-reference.json: version 1 approved for every Pathway and sub-group (reviewed a year after approval,
/// as the terms of reference workflow sets it; those approved at a demo meeting name it, so meetings are saved first), and draft second versions copied from the approved text with the changes named.
/// </summary>
internal static class DemoTerms
{
    public static void Add(AppDbContext db, DemoTermsSeed seed, IReadOnlyDictionary<string, Pathway> pathways,
        IReadOnlyDictionary<string, Meeting> meetings, DemoDates dates)
    {
        var approved = new Dictionary<string, TermsOfReference>();
        foreach (var p in seed.Pathways)
        {
            var pathway = pathways[p.Pathway];
            var atMeeting = p.ApprovedAtMeeting is { } key ? meetings[key] : null;
            var on = atMeeting is not null ? Infrastructure.UkCalendar.DayOf(atMeeting.StartUtc) : dates.Day(p.Approved ?? throw new InvalidDataException($"{p.Pathway}: say when its terms were approved."));
            var tor = Fill(new TermsOfReference { Pathway = pathway, VersionNumber = 1, Status = TorStatus.Approved }, seed.Common, pathway.Name);
            tor.Purpose = p.Purpose;
            tor.Scope = p.Scope;
            tor.ApprovedOn = on;
            tor.ReviewDue = on.AddYears(1);
            tor.ApprovedAtMeetingId = atMeeting?.Id;
            approved[p.Pathway] = tor;
            db.TermsOfReference.Add(tor);
        }
        foreach (var d in seed.Drafts ?? [])
        {
            var from = approved[d.Pathway];
            var draft = Fill(new TermsOfReference { Pathway = from.Pathway, VersionNumber = from.VersionNumber + 1, Status = TorStatus.Draft }, seed.Common, from.Pathway.Name);
            draft.Purpose = from.Purpose;
            draft.Scope = d.Scope ?? from.Scope;
            draft.Quorum = d.Quorum ?? from.Quorum;
            draft.Introduction = d.Introduction ?? from.Introduction;
            draft.QuorumCount = from.QuorumCount;
            db.TermsOfReference.Add(draft);
        }
    }

    private static TermsOfReference Fill(TermsOfReference tor, DemoTermsSections common, string name)
    {
        string Named(string s) => s.Replace("{name}", name, StringComparison.Ordinal);
        tor.Membership = Named(common.Membership);
        tor.Quorum = Named(common.Quorum);
        tor.MeetingFrequency = Named(common.MeetingFrequency);
        tor.DecisionMaking = Named(common.DecisionMaking);
        tor.ReportingLines = Named(common.ReportingLines);
        tor.Introduction = Named(common.Introduction);
        return tor;
    }
}
