using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Governance.Minutes;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Benchmarks;

/// <summary>
/// The meeting page rendered on the server with 20 agenda items, 30 papers and 25 attendees; and one page of a decisions
/// register holding 2,000 decisions. Real SQLite file, real services, coordinator's view.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class GovernanceRender
{
    private BenchHost _host = null!;
    private int _meetingId, _pathwayId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var pathway = await db.Pathways.FirstAsync(p => p.Slug == "health");
        _pathwayId = pathway.Id;
        var meeting = new Meeting { PathwayId = pathway.Id, Title = "Quarterly meeting", StartUtc = new DateTime(2026, 6, 1, 9, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2026, 6, 1, 11, 0, 0, DateTimeKind.Utc), Venue = "Durham", Status = MeetingStatus.MinutesDrafted };
        for (var i = 0; i < 20; i++)
        {
            var item = new AgendaItem { Order = i * 10, Title = $"Item {i}", Purpose = ItemPurpose.Discussion, Minutes = 10, MinutesText = "Discussed.", IsActionLog = i == 3 };
            for (var p = 0; p < (i < 10 ? 2 : 1); p++)
                item.Papers.Add(new Paper { Title = $"Paper {i}.{p}", FileName = "paper.pdf", ContentType = "application/pdf", Size = 1000, Sha256 = new string('a', 64), Confidential = p == 1, AddedUtc = DateTime.UtcNow });
            meeting.Items.Add(item);
        }
        db.Meetings.Add(meeting);
        for (var i = 0; i < 25; i++)
        {
            var person = new Person { FullName = $"Attendee {i:D2}", Email = $"attendee{i}@example.org", Sector = Sector.VCS };
            db.Memberships.Add(new Membership { Person = person, PathwayId = pathway.Id, Role = i < 20 ? MembershipRole.Member : MembershipRole.Associate, StartDate = new DateOnly(2025, 1, 1) });
            meeting.Attendance.Add(new Attendance { Person = person, Status = AttendanceStatus.Present, IsAssociate = i >= 20 });
        }
        await db.SaveChangesAsync();
        // The register's decisions come from earlier meetings, not the one whose page is rendered.
        var earlier = new Meeting { PathwayId = pathway.Id, Title = "Earlier meetings", StartUtc = new DateTime(2024, 1, 1, 9, 0, 0, DateTimeKind.Utc), EndUtc = new DateTime(2024, 1, 1, 11, 0, 0, DateTimeKind.Utc), Status = MeetingStatus.MinutesApproved };
        earlier.Items.Add(new AgendaItem { Order = 10, Title = "Decisions", Purpose = ItemPurpose.Decision });
        db.Meetings.Add(earlier);
        await db.SaveChangesAsync();
        var first = earlier.Items[0];
        for (var i = 1; i <= 2000; i++) db.Decisions.Add(new Decision { PathwayId = pathway.Id, Number = i, AgendaItemId = first.Id, Text = $"Decision number {i} of the Health Pathway." });
        await db.SaveChangesAsync();
        _meetingId = meeting.Id;
    }

    [Benchmark]
    public async Task<string> RenderMeetingPage()
    {
        var html = await _host.RenderAsync<MeetingPage>(new() { [nameof(MeetingPage.Id)] = _meetingId });
        if (!html.Contains("Paper 19.0", StringComparison.Ordinal) || !html.Contains("Attendee 24", StringComparison.Ordinal))
            throw new InvalidOperationException("The meeting page did not render in full.");
        return html;
    }

    [Benchmark]
    public async Task<int> DecisionsRegisterPage()
    {
        var (rows, total) = await _host.Get<MinutesService>().DecisionsAsync(_pathwayId, 50, 20);
        if (total != 2000 || rows.Count != 20) throw new InvalidOperationException("The register did not page.");
        return rows.Count;
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();
}
