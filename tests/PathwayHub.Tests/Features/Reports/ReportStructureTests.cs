using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Tests.Infrastructure.Pdf;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Pdf;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Features.Reports;

/// <summary>The reports, packs and minutes as a screen reader gets them: tagged, in reading order, with the papers in the pack.</summary>
public sealed class ReportStructureTests
{
    private const string Fss = "families-and-social-support";

    private static readonly string[] PathwaySections =
    [
        "H1 Families and Social Support Pathway", "H2 Summary", "H2 Objectives, actions and measures", "H2 Membership by sector", "H2 Meetings held in the period",
        "H2 Decisions taken", "H2 Agreements serving the Pathway", "H2 Directory services and coverage", "H3 Coverage gaps by prison",
        "H2 Minimum offer at each prison", "H2 Progress against the baseline", "H2 Evaluation of services", "H2 Evidence of impact",
    ];

    /// <summary>Catalog, tables, figures, artifacts and fonts as PDF/UA-1 asks, whatever the document.</summary>
    private static void AssertAccessible(TaggedPdf pdf)
    {
        Assert.True(pdf.Marked, "MarkInfo/Marked is not true");
        Assert.Equal("en-GB", pdf.Language);
        Assert.True(pdf.DisplayDocTitle);
        Assert.Contains("<pdfuaid:part>1</pdfuaid:part>", pdf.Xmp, StringComparison.Ordinal);
        Assert.Empty(pdf.FontsNotEmbedded);
        Assert.Empty(pdf.UntaggedText);
        foreach (var table in pdf.Elements.Where(e => e.Type == "Table"))
        {
            Assert.NotEmpty(table.Children);
            Assert.All(table.Children[0].Children, c => Assert.Equal("TH", c.Type));
            Assert.All(table.Children.Skip(1), tr => Assert.Equal(table.Children[0].Children.Count, tr.Children.Count));
        }
        Assert.All(pdf.Elements.Where(e => e.Type == "Figure"), f => Assert.False(string.IsNullOrWhiteSpace(f.Alt)));
        for (var p = 1; p <= pdf.PageCount; p++) Assert.Contains(pdf.ArtifactText, t => t.Contains($"Page {p} of {pdf.PageCount}", StringComparison.Ordinal));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Pathway_report_is_tagged_with_its_sections_in_order_bookmarked_and_read_in_the_same_order(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app, Fss);
        // A meeting held in the year, so that the report has attendance to chart.
        await app.AddAsync([GovernanceBuilders.Meeting(team.PathwayId, new DateTime(2026, 10, 8, 9, 0, 0), MeetingStatus.MinutesApproved)
            .Attended((team.Chair.PersonId!.Value, AttendanceStatus.Present, false), (team.Member.PersonId!.Value, AttendanceStatus.Present, false),
                (team.Provider.PersonId!.Value, AttendanceStatus.Apologies, false), (team.Associate.PersonId!.Value, AttendanceStatus.Present, true))]);
        var file = await app.As<ReportService>(team.Member).PathwayReportAsync(Fss);

        var pdf = TaggedPdf.Read(file.Content);

        AssertAccessible(pdf);
        Assert.Equal(PathwaySections, pdf.Headings.Where(h => !h.StartsWith("H3 Objective", StringComparison.Ordinal)));
        Assert.Equal(PathwaySections.Where(h => !h.StartsWith("H3", StringComparison.Ordinal)).Select(h => h[3..]), pdf.Outline.Select(o => o.Title));
        Assert.Equal(1, pdf.Outline.Count(o => o.Level == 1));
        // Page 1 carries the summary, not an almost blank cover.
        Assert.Equal(1, pdf.Outline.Single(o => o.Title == "Summary").Page);
        // Every chart is a figure described in words and numbers, followed by a table of the same figures.
        var figures = pdf.Elements.Where(e => e.Type == "Figure").ToList();
        Assert.Equal(3, figures.Count); // status by objective, membership, and attendance at the meetings held in the year
        Assert.All(figures, f => Assert.Matches(@"\d", f.Alt!));
        Assert.StartsWith("Bar chart of action status by objective, 9 actions in all. Objective 1, ", figures[0].Alt, StringComparison.Ordinal);
        var document = pdf.Root.Children[0].Children;
        foreach (var f in figures) Assert.Equal("Table", document[document.ToList().IndexOf(f) + 1].Type);
        // PdfPig reads the page text in the order of the structure tree.
        var lines = PdfReading.Lines(file.Content);
        var positions = PathwaySections.Select(h => lines.IndexOf(h[3..])).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_pathway_with_no_plan_still_renders_a_valid_tagged_document(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        // Sub-groups report through their parent Pathway's plan and have none of their own.
        var file = await app.As<ReportService>(await app.CoordinatorAsync()).PathwayReportAsync("alcohol");

        var pdf = TaggedPdf.Read(file.Content);

        AssertAccessible(pdf);
        Assert.Equal("H1 Alcohol Pathway", pdf.Headings[0]);
        Assert.Contains("H2 Summary", pdf.Headings);
        Assert.Contains(pdf.Elements, e => e.Type == "P" && e.AllText == "No delivery plan has been drawn up for 2026/27.");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Regional_report_shows_each_recommissioning_decision_with_its_due_date_and_counts_members_apart_from_associates(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var file = await app.As<ReportService>(await app.CommissionerAsync()).RegionalReportAsync(2026);

        var pdf = TaggedPdf.Read(file.Content);

        AssertAccessible(pdf);
        Assert.Equal(["North East Reducing Re-offending Pathways", "Regional summary", "Agreements ending in the next 12 months", "Coverage gaps"], pdf.Outline.Take(4).Select(o => o.Title));
        Assert.Equal(1, pdf.Outline[1].Page);
        var tables = pdf.Elements.Where(e => e.Type == "Table").ToList();
        var summary = tables.First(t => t.Children[0].Children[0].AllText == "Pathway");
        Assert.Equal(["Pathway", "Red", "Amber", "Green", "Complete", "Members", "Associates", "Gaps"], summary.Children[0].Children.Select(c => c.AllText));
        var ending = tables.Single(t => t.Children[0].Children.Any(c => c.AllText == "Recommissioning decision"));
        var rows = ending.Children.Skip(1).Select(tr => tr.Children.Select(c => c.AllText).ToList()).ToList();

        await using var db = await app.DbAsync();
        var today = DateOnly.FromDateTime(TestApp.Now.UtcDateTime);
        var expected = await db.Agreements.Where(a => a.Status != AgreementStatus.Terminated && a.EndDate >= today && a.EndDate <= today.AddMonths(12))
            .OrderBy(a => a.EndDate).ThenBy(a => a.Reference).Select(a => new { a.Reference, a.Decision, a.DecisionDueDate }).ToListAsync();
        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, rows.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(expected[i].Reference, rows[i][0]);
            var label = CommissioningText.Label(expected[i].Decision);
            Assert.Equal(string.Concat(label[..1].ToUpperInvariant(), label[1..]), rows[i][5]);
            Assert.Equal(expected[i].DecisionDueDate.ToString("d MMM yyyy", ReportStyle.Uk), rows[i][6]);
        }
    }

    /// <summary>A PDF of <paramref name="pages"/> pages, each saying which paper and page it is.</summary>
    private static byte[] Paper(string name, int pages) => ReportDocument.Create().Title(name).Content(c =>
    {
        for (var p = 1; p <= pages; p++)
        {
            if (p > 1) c.PageBreak();
            c.Heading(1, $"{name} page {p}").Paragraph($"Text of {name.ToLowerInvariant()}, page {p} of {pages}.");
        }
    }).GeneratePdf();

    private static async Task<(int Id, PathwayTeam Team)> MeetingWithPapersAsync(TestApp app, params (string Title, string File, byte[] Content, bool Confidential)[] papers)
    {
        var team = await PathwayTeam.BuildAsync(app, Fss);
        var meetings = new GovernanceAs(app, team.Coordinator);
        var pathway = team.PathwayId;
        var id = (await meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Winter meeting", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), Venue = "NEPACS, Durham" }))[0];
        var items = (await meetings.Meetings.GetAsync(id)).Items;
        foreach (var (title, name, content, confidential) in papers) await meetings.Agenda.AddPaperAsync(items[2].Id, title, name, new MemoryStream(content), confidential);
        await meetings.Meetings.PublishAsync(id);
        return (id, team);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Pack_includes_each_pdf_paper_page_by_page_bookmarked_and_numbered_on_but_not_confidential_ones_for_associates(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (id, team) = await MeetingWithPapersAsync(app,
            ("Housing update", "housing-update.pdf", Paper("Housing update", 3), false),
            ("Family support review", "family-support.pdf", Paper("Family support review", 5), false),
            ("Prison staffing review", "staffing-review.pdf", Paper("Prison staffing review", 2), true));

        var coordinator = await app.As<ReportService>(await app.CoordinatorAsync()).MeetingPackAsync(id);
        var associate = await app.As<ReportService>(team.Associate).MeetingPackAsync(id);

        var full = TaggedPdf.Read(coordinator.Content);
        var cut = TaggedPdf.Read(associate.Content);
        AssertAccessible(full);
        AssertAccessible(cut);

        // Every page of each paper is in the coordinator's pack, in order, under the pack's running page numbers.
        var text = PdfReading.Lines(coordinator.Content);
        foreach (var (name, pages) in new[] { ("Housing update", 3), ("Family support review", 5), ("Prison staffing review", 2) })
            Assert.Equal(Enumerable.Range(1, pages).Select(p => $"{name} page {p}"), text.Where(l => l.StartsWith(name + " page ", StringComparison.Ordinal)));
        Assert.Contains($"Page {full.PageCount} of {full.PageCount}", text);
        var divisions = full.Elements.Where(e => e.Type == "Div").ToList();
        Assert.Equal(10, divisions.Count);

        // Bookmarks: the sections, then each agenda item with papers and each paper under it, on the page where it starts.
        var item = "Item 3: Minutes of the previous meeting and matters arising";
        Assert.Equal(["Families and Social Support Pathway", "Agenda", "Papers", "Action log", item, "Paper 3.1: Housing update", "Paper 3.2: Family support review", "Paper 3.3: Prison staffing review"],
            full.Outline.Select(o => o.Title));
        Assert.Equal([1, 2, 2, 2, 2, 3, 3, 3], full.Outline.Select(o => o.Level));
        var housing = full.Outline.Single(o => o.Title == "Paper 3.1: Housing update").Page;
        var family = full.Outline.Single(o => o.Title == "Paper 3.2: Family support review").Page;
        var staffing = full.Outline.Single(o => o.Title == "Paper 3.3: Prison staffing review").Page;
        Assert.Equal(housing + 3, family);
        Assert.Equal(family + 5, staffing);
        Assert.Equal(staffing + 1, full.PageCount);

        // The associate's pack is the same less the confidential paper: not listed, not bookmarked, not printed.
        Assert.Equal(full.PageCount - 2, cut.PageCount);
        Assert.DoesNotContain(cut.Outline, o => o.Title.Contains("staffing", StringComparison.OrdinalIgnoreCase));
        var associateText = PdfReading.Lines(associate.Content);
        Assert.DoesNotContain(associateText, l => l.Contains("staffing", StringComparison.OrdinalIgnoreCase) || l.Contains("Confidential", StringComparison.Ordinal));
        Assert.Equal(Enumerable.Range(1, 5).Select(p => $"Family support review page {p}"), associateText.Where(l => l.StartsWith("Family support review page ", StringComparison.Ordinal)));
        Assert.Contains($"Page {cut.PageCount} of {cut.PageCount}", associateText);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_damaged_paper_is_listed_with_a_note_and_the_rest_of_the_pack_still_renders(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var truncated = Paper("Budget", 2)[..600];
        var (id, team) = await MeetingWithPapersAsync(app,
            ("Budget", "budget.pdf", truncated, false),
            ("Empty shell", "shell.pdf", "%PDF-1.4\n%%EOF"u8.ToArray(), false),
            ("Housing update", "housing-update.pdf", Paper("Housing update", 3), false));

        var file = await app.As<ReportService>(await app.CoordinatorAsync()).MeetingPackAsync(id);

        var pdf = TaggedPdf.Read(file.Content);
        AssertAccessible(pdf);
        var text = string.Join(" ", PdfReading.Lines(file.Content));
        Assert.Contains("budget.pdf (1 KB) could not be included: it is not a PDF that can be read (it may be damaged or protected by a password).", text, StringComparison.Ordinal);
        Assert.Contains("shell.pdf (1 KB) could not be included", text, StringComparison.Ordinal);
        Assert.Contains("Housing update page 3", text, StringComparison.Ordinal);
        var papers = pdf.Elements.Where(e => e.Type == "Table").Single(t => t.Children[0].Children.Any(c => c.AllText == "In this pack"));
        Assert.Equal(["Could not be read", "Could not be read", "3 pages"], papers.Children.Skip(1).Select(tr => tr.Children[4].AllText));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Minutes_are_tagged_with_a_heading_per_item(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (id, team) = await MeetingWithPapersAsync(app);
        var coordinator = await app.CoordinatorAsync();
        var meetings = new GovernanceAs(app, coordinator);
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 12, 30, 0, TimeSpan.Zero)); // after the meeting: it can be marked held
        await meetings.Meetings.MarkHeldAsync(id);
        var item = (await meetings.Meetings.GetAsync(id)).Items[2];
        await meetings.Minutes.SaveMinutesAsync(item.Id, "The minutes of the last meeting were agreed as a true record.", item.Version);

        var file = await app.As<ReportService>(coordinator).MinutesAsync(id);

        var pdf = TaggedPdf.Read(file.Content);
        AssertAccessible(pdf);
        Assert.Equal("H1 Families and Social Support Pathway", pdf.Headings[0]);
        Assert.Contains("H2 3. Minutes of the previous meeting and matters arising", pdf.Headings);
        Assert.Contains(pdf.Elements, e => e.Type == "P" && e.AllText == "The minutes of the last meeting were agreed as a true record.");
    }
}
