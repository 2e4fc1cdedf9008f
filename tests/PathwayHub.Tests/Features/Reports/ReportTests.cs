using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using UglyToad.PdfPig;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Features.Reports;

public sealed class ReportTests
{
    private const string Fss = "families-and-social-support";

    /// <summary>
    /// The Families and Social Support Pathway's team (<see cref="PathwayTeam"/>) and two more members without a sign-in: six members
    /// and an associate.
    /// </summary>
    private static async Task<PathwayTeam> TeamOfSixAsync(TestApp app)
    {
        var team = await PathwayTeam.BuildAsync(app, Fss);
        await app.MembershipAsync(await app.PersonAsync("Rita Researcher", sector: Sector.Private), team.PathwayId, MembershipRole.Member);
        await app.MembershipAsync(await app.PersonAsync("Lena Worker"), team.PathwayId, MembershipRole.Member);
        return team;
    }

    /// <summary>A meeting of the Pathway held on 8 October 2026 with attendance recorded and minutes approved with one decision.</summary>
    private static async Task<(Actor Coordinator, int MeetingId)> HoldMeetingAsync(TestApp app, PathwayTeam team)
    {
        var coordinator = team.Coordinator;
        var meetings = new GovernanceAs(app, coordinator);
        var id = (await meetings.Meetings.CreateAsync(team.PathwayId, new MeetingInput { Title = "Autumn meeting", StartLocal = new DateTime(2026, 10, 8, 10, 0, 0), Venue = "NEPACS, Durham" }))[0];
        await meetings.Meetings.PublishAsync(id);
        await meetings.Meetings.RecordAttendanceAsync(id, new Dictionary<int, AttendanceStatus>
        {
            [team.Chair.PersonId!.Value] = AttendanceStatus.Present, [team.Member.PersonId!.Value] = AttendanceStatus.Present, [team.Coordinator.PersonId!.Value] = AttendanceStatus.Present,
            [team.Provider.PersonId!.Value] = AttendanceStatus.Apologies, [team.Associate.PersonId!.Value] = AttendanceStatus.Present,
        });
        await meetings.Meetings.MarkHeldAsync(id);
        var item = (await meetings.Meetings.GetAsync(id)).Items[2].Id;
        await meetings.Minutes.AddDecisionAsync(item, "Adopt HMP Durham's family assessment tool as the regional model.");
        await meetings.Minutes.ApproveMinutesAsync(id);
        return (coordinator, id);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Pathway_report_reads_back_with_its_sections_every_action_with_its_rag_and_the_totals(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await using var db = await app.DbAsync();
        var team = await TeamOfSixAsync(app);
        var pathwayId = team.PathwayId;
        // Decisions of a meeting before the period: the new one is numbered after them.
        await app.AddAsync([GovernanceBuilders.Meeting(pathwayId, new DateTime(2026, 3, 12, 10, 0, 0), MeetingStatus.MinutesApproved)
            .Minuted("Agreed.", 1, "Keep the visitor centre open on Saturdays.", "Ask the prison for a family day.")]);
        await HoldMeetingAsync(app, team);
        var member = team.Member;

        var file = await app.As<ReportService>(member).PathwayReportAsync(Fss);

        Assert.Equal("families-and-social-support-delivery-plan-2026-27.pdf", file.FileName);
        using (var pdf = PdfDocument.Open(file.Content))
        {
            Assert.Equal("Families and Social Support Pathway: delivery plan report 2026/27", pdf.Information.Title);
            Assert.Contains($"Page {pdf.NumberOfPages} of {pdf.NumberOfPages}", PdfReading.Lines(pdf.GetPage(pdf.NumberOfPages)));
        }
        var lines = PdfReading.Lines(file.Content);
        var text = string.Join(" ", lines); // wrapped lines joined back up
        foreach (var heading in new[] { "Families and Social Support Pathway", "Summary", "Objectives, actions and measures", "Membership by sector", "Meetings held in the period",
                     "Decisions taken", "Agreements serving the Pathway", "Directory services and coverage", "Coverage gaps by prison", "Evaluation of services", "Evidence of impact" })
            Assert.Contains(heading, lines);
        Assert.Contains("Period: 1 April 2026 to 31 March 2027", lines);
        // The agreements serving the Pathway, from the database (the seeded ones), each by its reference.
        var agreements = await db.Agreements.Where(a => a.Pathways.Any(p => p.PathwayId == pathwayId)).Select(a => a.Reference).ToListAsync();
        Assert.NotEmpty(agreements);
        Assert.All(agreements, reference => Assert.Contains(reference, text, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{agreements.Count} agreements worth ", StringComparison.Ordinal));
        Assert.DoesNotContain("No agreements serving this Pathway are recorded.", lines);

        // Every live action of the plan, from the database, on its own row with its due date, status and RAG as of today.
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var objectives = await db.PlanObjectives.Where(o => o.DeliveryPlan.PathwayId == pathwayId && o.DeliveryPlan.Year == 2026 && !o.Archived)
            .OrderBy(o => o.Order).Include(o => o.Actions).ToListAsync();
        var expected = new Dictionary<Rag, int>();
        for (var o = 0; o < objectives.Count; o++)
        {
            Assert.Contains($"Objective {o + 1}: {objectives[o].Title}", text, StringComparison.Ordinal);
            var actions = objectives[o].Actions.Where(a => !a.Archived).OrderBy(a => a.Order).ToList();
            for (var a = 0; a < actions.Count; a++)
            {
                var rag = PlanAction.RagFor(actions[a].Status, actions[a].DueDate, today);
                expected[rag] = expected.GetValueOrDefault(rag) + 1;
                var row = Assert.Single(lines, l => l.StartsWith($"{o + 1}.{a + 1} ", StringComparison.Ordinal));
                Assert.Contains(actions[a].DueDate.ToString("d MMM yyyy", ReportStyle.Uk), row, StringComparison.Ordinal);
                Assert.EndsWith($"{DeliveryPlanText.StatusLabel(actions[a].Status)} {DeliveryPlanText.RagLabel(rag)}", row, StringComparison.Ordinal);
                Assert.Contains(string.Join(' ', actions[a].Description.Split(' ').Take(3)), row, StringComparison.Ordinal);
            }
        }
        var total = expected.Values.Sum();
        Assert.Equal(9, total);
        Assert.Contains($"Number of actions {expected.GetValueOrDefault(Rag.Red)} {expected.GetValueOrDefault(Rag.Amber)} {expected.GetValueOrDefault(Rag.Green)} {expected.GetValueOrDefault(Rag.Complete)} {total}", lines);
        Assert.Contains($"Actions: {total}", lines);
        Assert.Contains("1.1 latest progress (20 Jun 2026, Northern Rock Foundation): Funding agreed for two years", text, StringComparison.Ordinal);
        Assert.Contains("Pathways with VCS representation (of 7) 3 / 3 4 / 5 6 / – 7 / –", lines);

        // Membership, meetings and decisions from governance.
        var day = today;
        var current = await db.Memberships.Where(m => m.PathwayId == pathwayId && m.StartDate <= day && (m.EndDate == null || m.EndDate >= day)).Select(m => m.Role).ToListAsync();
        var associates = current.Count(r => r == MembershipRole.Associate);
        Assert.Contains($"{current.Count(r => r != MembershipRole.Associate)} members and {associates} associate{(associates == 1 ? "" : "s")}.", text, StringComparison.Ordinal);
        Assert.Contains("8 Oct 2026 Autumn meeting 3 of 6 50% 1 1", lines);
        // Numbered after the decisions the Pathway's earlier meeting recorded.
        var number = await db.Decisions.Where(d => d.Text.StartsWith("Adopt HMP Durham")).Select(d => d.Number).SingleAsync();
        Assert.Equal(3, number);
        Assert.Equal(await db.Decisions.CountAsync(d => d.PathwayId == pathwayId), number);
        Assert.Contains($"D{number} 8 Oct 2026 Adopt HMP Durham's family assessment tool as the regional model.", lines);

        // Coverage gaps agree with the directory's own coverage matrix.
        var coverage = await app.As<Web.Features.Directory.Coverage.CoverageService>(member).CoverageAsync();
        var column = coverage.Columns.ToList().FindIndex(c => c.PathwayId == pathwayId);
        var gaps = coverage.Rows.Where(r => r.Counts[column] == 0).Select(r => r.Prison).Order().ToList();
        // The only gaps were HMP Acklington and HMYOI Castington, closed in 2011: no longer "2 of 9 prisons have no service".
        Assert.Empty(gaps);
        Assert.Contains("Every prison has at least one service for this Pathway.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Acklington", text, StringComparison.Ordinal);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_pathway_with_no_plan_members_or_meetings_still_renders_a_valid_report(DatabaseProvider provider)
    {
        // The reference data alone: the Alcohol sub-group has no plan, no members and no meetings.
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = new Actor("coordinator", "Coordinator", new HashSet<string> { Roles.Coordinator }, null, null);

        var file = await app.As<ReportService>(coordinator).PathwayReportAsync("alcohol");

        Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(file.Content, 0, 5), StringComparison.Ordinal);
        using var pdf = PdfDocument.Open(file.Content);
        Assert.InRange(pdf.NumberOfPages, 1, 3);
        var lines = PdfReading.Lines(file.Content);
        Assert.Contains("No delivery plan has been drawn up for 2026/27.", lines);
        Assert.Contains("0 members and 0 associates. Associates receive agendas, minutes and associated material but are not counted for quorum.", string.Join(" ", lines), StringComparison.Ordinal);
        Assert.Contains("No meetings were held in the period.", lines);
        Assert.Contains("No decisions are recorded in approved minutes for the period.", lines);
        Assert.DoesNotContain("Objectives, actions and measures", lines);
    }

    /// <summary>A Pathway's row of the regional RAG table: its name followed by the counts.</summary>
    /// <summary>The Pathway's row of the regional summary: the first table that starts rows with Pathway names (the evaluation table is a later one).</summary>
    private static string RagRow(IEnumerable<string> lines, string pathway) =>
        lines.First(l => l.StartsWith(pathway + " ", StringComparison.Ordinal) && l.Length > pathway.Length + 1 && char.IsDigit(l[pathway.Length + 1]));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Reports_go_only_to_those_the_pathway_and_region_belong_to(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app, Fss);
        var member = team.Member; // who also sits on Life Skills and Offending Behaviour
        await app.MembershipAsync(member.PersonId!.Value, await app.PathwayIdAsync("life-skills-and-offending-behaviour"), MembershipRole.Member);
        var commissioner = await app.CommissionerAsync();

        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<ReportService>(member).PathwayReportAsync("accommodation"));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<ReportService>(member).RegionalReportAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<ReportService>(Actor.Anonymous).PathwayReportAsync(Fss));
        await Assert.ThrowsAsync<NotFoundException>(() => app.As<ReportService>(commissioner).PathwayReportAsync("no-such-pathway"));
        var (choices, regional) = await app.As<ReportService>(member).ChoicesAsync();
        Assert.Equal([Fss, "life-skills-and-offending-behaviour"], choices.Select(c => c.Slug));
        Assert.False(regional);

        var file = await app.As<ReportService>(commissioner).RegionalReportAsync(2026);
        var lines = PdfReading.Lines(file.Content);
        Assert.Contains("Regional summary", lines);
        Assert.Contains("Agreements ending in the next 12 months", lines);
        // Red, amber, green, complete: the seeded statuses, none contradicted by a due date already past (PlanAction.StatusOn).
        Assert.StartsWith("Families and Social Support 1 2 5 1 ", RagRow(lines, "Families and Social Support"), StringComparison.Ordinal);
        Assert.StartsWith("Accommodation 0 1 2 1 ", RagRow(lines, "Accommodation"), StringComparison.Ordinal);
        await using var db = await app.DbAsync();
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var ending = await db.Agreements.Where(a => a.Status != Web.Features.Commissioning.AgreementStatus.Terminated && a.EndDate >= today && a.EndDate <= today.AddMonths(12))
            .Select(a => a.Reference).ToListAsync();
        var regionalText = string.Join(" ", lines);
        Assert.NotEmpty(ending);
        Assert.All(ending, reference => Assert.Contains(reference, regionalText, StringComparison.Ordinal));
        foreach (var name in await db.Pathways.Where(p => p.ParentId == null).Select(p => p.Name).ToListAsync())
            Assert.Contains($"{name} Pathway", lines);
        // A year no Pathway has planned yet: each is listed as having no plan.
        var next = PdfReading.Lines((await app.As<ReportService>(commissioner).RegionalReportAsync(2027)).Content);
        Assert.Contains(next, l => l.StartsWith("Accommodation (no plan) 0 0 0 0 ", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Quarterly_job_sends_each_member_and_associate_a_link_to_their_pathways_report_once(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        // Five with a sign-in on Families and Social Support; its coordinator also sits on Accommodation, its member on Life Skills.
        var team = await PathwayTeam.BuildAsync(app, Fss);
        await app.MembershipAsync(team.Coordinator.PersonId!.Value, await app.PathwayIdAsync("accommodation"), MembershipRole.Member);
        await app.MembershipAsync(team.Member.PersonId!.Value, await app.PathwayIdAsync("life-skills-and-offending-behaviour"), MembershipRole.Member);
        var job = app.As<QuarterlyReportJob>(Actor.System);

        Assert.Equal(7, await job.RunAsync());
        Assert.Equal(0, await job.RunAsync());

        await using var db = await app.DbAsync();
        var sent = await db.Notifications.Where(n => n.Kind == QuarterlyReportJob.Kind)
            .Select(n => new { n.Recipient!.Email, n.Link, n.DedupKey, n.Subject }).ToListAsync();
        var fss = sent.Where(n => n.Link == "/reports/pathways/families-and-social-support/delivery-plan.pdf?year=2026").Select(n => n.Email).Order().ToList();
        Assert.Equal(["asha.associate@test.example", "chris.chair@test.example", "cora.coordinator@test.example", "max.member@test.example", "pat.provider@test.example"], fss);
        Assert.Equal("cora.coordinator@test.example", Assert.Single(sent, n => n.Link.Contains("/accommodation/", StringComparison.Ordinal)).Email);
        var lifeSkills = Assert.Single(sent, n => n.Link.Contains("life-skills", StringComparison.Ordinal));
        Assert.Equal("max.member@test.example", lifeSkills.Email);
        Assert.Equal("Families and Social Support Pathway delivery plan report, Q2 2026/27", sent.First(n => n.Email == "asha.associate@test.example").Subject);
        Assert.All(sent, n => Assert.Contains(":2026-q2:user:", n.DedupKey, StringComparison.Ordinal));

        // Next quarter, a new round.
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        Assert.Equal(7, await job.RunAsync());
    }
}
