using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Features.Governance;

namespace PathwayHub.Tests.Builders;

/// <summary>
/// Meetings as they stand after some history (held last week, minuted, with decisions and actions), for tests that need a past the
/// services would only make step by step. A test sets the Pathway, the start and the status; items, times and venue are plain and
/// valid. Add a meeting through a context (<see cref="AddAsync"/>); a meeting the test itself follows is better made by
/// <c>MeetingService.CreateAsync</c>.
/// </summary>
public static class GovernanceBuilders
{
    /// <summary>A two-hour meeting with a welcome item, one business item and the action log (in that order).</summary>
    public static Meeting Meeting(int pathwayId, DateTime startUtc, MeetingStatus status = MeetingStatus.AgendaPublished, string title = "Quarterly meeting")
    {
        startUtc = DateTime.SpecifyKind(startUtc, DateTimeKind.Utc);
        var meeting = new Meeting
        {
            PathwayId = pathwayId, Title = title, StartUtc = startUtc, EndUtc = startUtc.AddHours(2), Venue = "Durham", Status = status,
            PublishedUtc = status == MeetingStatus.Planned ? null : startUtc.AddDays(-14),
        };
        meeting.Items.Add(new AgendaItem { Order = 10, Title = "Welcome and apologies", Purpose = ItemPurpose.Information, Minutes = 5, IsStanding = true });
        meeting.Items.Add(new AgendaItem { Order = 20, Title = "Business", Purpose = ItemPurpose.Decision, Minutes = 30 });
        meeting.Items.Add(new AgendaItem { Order = 30, Title = "Review of the action log", Purpose = ItemPurpose.Discussion, Minutes = 15, IsStanding = true, IsActionLog = true });
        return meeting;
    }

    /// <summary>The meeting's business item, with its minutes, and a numbered decision for each text given.</summary>
    public static Meeting Minuted(this Meeting meeting, string minutes, int firstDecision = 1, params string[] decisions)
    {
        var item = meeting.Items.Single(i => i.Title == "Business");
        item.MinutesText = minutes;
        foreach (var (text, n) in decisions.Select((d, i) => (d, i)))
            item.Decisions.Add(new Decision { PathwayId = meeting.PathwayId, Number = firstDecision + n, Text = text });
        return meeting;
    }

    /// <summary>Who came (the status given) to the meeting: people from <see cref="PeopleBuilders"/>.</summary>
    public static Meeting Attended(this Meeting meeting, params (int PersonId, AttendanceStatus Status, bool IsAssociate)[] people)
    {
        foreach (var (person, status, associate) in people) meeting.Attendance.Add(new Attendance { PersonId = person, Status = status, IsAssociate = associate });
        return meeting;
    }

    /// <summary>An action from the meeting's business item, owned by a person (<see cref="PeopleBuilders"/>).</summary>
    public static ActionItem Action(Meeting meeting, int ownerPersonId, DateOnly due, string description = "Write to the Governor", ActionStatus status = ActionStatus.Open) => new()
    {
        PathwayId = meeting.PathwayId, AgendaItem = meeting.Items.Single(i => i.Title == "Business"), OwnerPersonId = ownerPersonId, DueDate = due,
        Description = description, Status = status, DoneUtc = status == ActionStatus.Done ? TestApp.Now.UtcDateTime : null,
    };

    /// <summary>Saves meetings (and any actions) in one go; returns the meetings' ids in order.</summary>
    public static async Task<IReadOnlyList<int>> AddAsync(this TestApp app, IEnumerable<Meeting> meetings, params ActionItem[] actions)
    {
        await using var db = await app.DbAsync();
        var list = meetings.ToList();
        db.Meetings.AddRange(list);
        db.Actions.AddRange(actions);
        await db.SaveChangesAsync();
        return list.Select(m => m.Id).ToList();
    }
}
