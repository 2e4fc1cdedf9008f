using System.Globalization;
using System.Net;
using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using OxyPlot;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Delivery-plan reports over a real SQLite file: each of the seven Pathways has 200 members (20 of them associates), a plan
/// of 6 objectives with 60 actions and 12 measures, 4 meetings held with attendance and 10 decisions; each report also lists
/// 40 agreements, built as report data because agreements are not in the model yet. The Pathway report is about 20 pages
/// with 3 charts. In the same run, the same Pathway report as HTML is printed to PDF by headless Chromium (Debian's browser
/// through Playwright): the Ratio column compares it with our engine given the same data.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 12)]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes in GlobalCleanup.")]
public class ReportRender
{
    private const int Year = 2026;
    private BenchHost _host = null!;
    private IDbContextFactory<AppDbContext> _dbs = null!;
    private int _pathwayId;
    private PathwayReportData _data = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private readonly MemoryStream _output = new();

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        _dbs = _host.Get<IDbContextFactory<AppDbContext>>();
        await SeedAsync();
        _data = await LoadAsync();

        var pdf = PathwayReport.Build(_data).GeneratePdf();
        var pages = Web.Infrastructure.Pdf.PdfLayoutEngine.Layout(PathwayReport.Build(_data)).Count;
        Console.WriteLine($"// Pathway report: {pages} pages, {pdf.Length:N0} bytes ({pdf.Length / 1024.0:F0} KiB)");
        var regional = await RegionalAsync();
        Console.WriteLine($"// Regional report: {regional:N0} bytes ({regional / 1024.0:F0} KiB)");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        _page = await _browser.NewPageAsync();
        var chromium = await ChromiumFromData();
        Console.WriteLine($"// Chromium's PDF of the same report: {chromium:N0} bytes ({chromium / 1024.0:F0} KiB)");
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _host.DisposeAsync();
        await _output.DisposeAsync();
    }

    /// <summary>The whole download: the report's queries, layout and PDF.</summary>
    [Benchmark]
    public async Task<long> PathwayReportFromDatabase()
    {
        var data = await LoadAsync();
        return Render(PathwayReport.Build(data), limit: 1024 * 1024);
    }

    [Benchmark]
    public Task<long> RegionalReportFromDatabase() => RegionalAsync();

    /// <summary>Layout and PDF only, from data already loaded: the baseline for Chromium.</summary>
    [Benchmark(Baseline = true)]
    public long PathwayReportFromData() => Render(PathwayReport.Build(_data), limit: 1024 * 1024);

    /// <summary>The same report as HTML (charts as SVG), printed to PDF by headless Chromium.</summary>
    [Benchmark]
    public async Task<long> ChromiumFromData()
    {
        await _page.SetContentAsync(ReportHtml.Build(_data));
        var pdf = await _page.PdfAsync(new PagePdfOptions
        {
            Format = "A4", PrintBackground = true, DisplayHeaderFooter = true,
            Margin = new Margin { Top = "0.78in", Bottom = "0.78in", Left = "0.69in", Right = "0.69in" },
            HeaderTemplate = $"<div style=\"font-size:8px;margin-left:50pt\">{WebUtility.HtmlEncode(_data.PathwayName)} Pathway — Delivery plan {DeliveryPlanText.YearLabel(Year)}</div>",
            FooterTemplate = "<div style=\"font-size:8px;width:100%;text-align:right;margin-right:50pt\">Page <span class=\"pageNumber\"></span> of <span class=\"totalPages\"></span></div>",
        });
        return pdf.Length;
    }

    /// <summary>Writes the document; a Pathway's report must stay under 1 MB (the regional one, seven of them, has no such target).</summary>
    private long Render(Web.Infrastructure.Pdf.ReportDocument document, long limit = long.MaxValue)
    {
        _output.SetLength(0);
        document.GeneratePdf(_output);
        if (_output.Length > limit) throw new InvalidOperationException($"The report is {_output.Length:N0} bytes, over {limit:N0}.");
        return _output.Length;
    }

    private async Task<PathwayReportData> LoadAsync()
    {
        await using var db = await _dbs.CreateDbContextAsync();
        var data = await new ReportDataQuery(db, Actor.System, DateTime.UtcNow).PathwayAsync(_pathwayId, Year, default);
        return data with { Agreements = Agreements(data.PathwayName) };
    }

    private async Task<long> RegionalAsync()
    {
        await using var db = await _dbs.CreateDbContextAsync();
        var region = await new ReportDataQuery(db, Actor.System, DateTime.UtcNow).RegionAsync(Year, default);
        region = region with
        {
            Pathways = region.Pathways.Select(p => p with { Agreements = Agreements(p.PathwayName) }).ToList(),
            AgreementsEnding = region.Pathways.SelectMany(p => Agreements(p.PathwayName).Take(5)).ToList(),
        };
        return Render(RegionalReport.Build(region));
    }

    private static List<ReportAgreement> Agreements(string pathway) => Enumerable.Range(1, 40).Select(i => new ReportAgreement(
        $"AG-{i:D3}", $"{pathway}: service level agreement {i} for family support and resettlement work", (i % 3) switch { 0 => "Grant", 1 => "Contract", _ => "Service-level agreement" },
        $"Provider organisation {i % 11}", 25_000m + 1_250m * i, new DateOnly(2025, 4, 1), new DateOnly(2026 + i % 3, 3, 31), i % 4 == 0 ? "Ending" : "Active")).ToList();

    /// <summary>Seven Pathways, each with 200 members, a 60-action plan, 4 meetings held and 10 decisions.</summary>
    private async Task SeedAsync()
    {
        await using var db = await _dbs.CreateDbContextAsync();
        // The seeded plans make way for the benchmark's own.
        await db.PlanProgressNotes.ExecuteDeleteAsync();
        await db.PlanActions.ExecuteDeleteAsync();
        await db.PlanMeasures.ExecuteDeleteAsync();
        await db.PlanObjectives.ExecuteDeleteAsync();
        await db.DeliveryPlans.ExecuteDeleteAsync();
        var orgs = await db.Organisations.Select(o => o.Id).ToListAsync();
        var pathways = await db.Pathways.Where(p => p.ParentId == null).OrderBy(p => p.SortOrder).ToListAsync();
        _pathwayId = pathways.Single(p => p.Slug == "families-and-social-support").Id;
        var sectors = Enum.GetValues<Sector>();
        var statuses = Enum.GetValues<PlanActionStatus>();
        foreach (var (pathway, pi) in pathways.Select((p, i) => (p, i)))
        {
            var people = new List<(Person Person, bool Associate)>();
            for (var i = 0; i < 200; i++)
            {
                var person = new Person { FullName = $"Member {pi}-{i:D3} Surname", Email = $"m{pi}-{i}@example.org", Sector = sectors[i % 3], OrganisationId = orgs[i % orgs.Count], JobTitle = "Manager" };
                var associate = i >= 180;
                db.Memberships.Add(new Membership { Person = person, PathwayId = pathway.Id, Role = i == 0 ? MembershipRole.Chair : associate ? MembershipRole.Associate : MembershipRole.Member, StartDate = new DateOnly(2025, 4, 1) });
                people.Add((person, associate));
            }
            var plan = new DeliveryPlan { PathwayId = pathway.Id, Year = Year, Summary = "Reduce re-offending by improving support for people in custody and on release, working across the statutory, private and voluntary sectors." };
            for (var o = 0; o < 6; o++)
            {
                var objective = new PlanObjective { Order = o * 10, Title = $"Objective {o + 1} of the {pathway.Name} Pathway's plan", Description = "Support and services are few and need improving; share good practice and put it into a framework across the region's prisons.", OutcomeSought = "Prisoners and their families receive consistent support in prison and in the community." };
                for (var a = 0; a < 10; a++)
                {
                    var action = new PlanAction
                    {
                        Order = a * 10, Description = $"Action {a + 1}: agree the referral route and a named contact with partner organisation {a + o}", OwnerOrganisationId = orgs[(a + o) % orgs.Count],
                        DueDate = new DateOnly(2026, 4, 1).AddDays(30 * a + 7 * o), Status = statuses[(a + o) % statuses.Length],
                    };
                    action.Notes.Add(new PlanProgressNote { AtUtc = new DateTime(2026, 9, 1, 12, 0, 0, DateTimeKind.Utc), Author = "Coordinator", Status = action.Status, Text = "Partners met in September and agreed the next steps." });
                    objective.Actions.Add(action);
                }
                for (var m = 0; m < 2; m++)
                    objective.Measures.Add(new PlanMeasure { Name = $"Measure {m + 1}: people supported", TargetQ1 = 100, TargetQ2 = 120, TargetQ3 = 140, TargetQ4 = 160, ActualQ1 = 95, ActualQ2 = 125 });
                plan.Objectives.Add(objective);
            }
            db.DeliveryPlans.Add(plan);
            for (var q = 0; q < 4; q++)
            {
                var start = new DateTime(2026, 4 + q * 2, 10, 9, 0, 0, DateTimeKind.Utc);
                var meeting = new Meeting { PathwayId = pathway.Id, Title = $"Quarterly meeting {q + 1}", StartUtc = start, EndUtc = start.AddHours(2), Venue = "Durham", Status = MeetingStatus.MinutesApproved };
                var item = new AgendaItem { Order = 10, Title = "Decisions", Purpose = ItemPurpose.Decision };
                meeting.Items.Add(item);
                foreach (var (person, associate) in people.Where((_, i) => i % (q + 2) != 0))
                    meeting.Attendance.Add(new Attendance { Person = person, Status = AttendanceStatus.Present, IsAssociate = associate });
                db.Meetings.Add(meeting);
                await db.SaveChangesAsync();
                for (var d = 0; d < (q < 2 ? 3 : 2); d++)
                    db.Decisions.Add(new Decision { PathwayId = pathway.Id, Number = q * 3 + d + 1, AgendaItemId = item.Id, Text = $"The Pathway agreed to adopt the family assessment tool in prison {d + 1} and to review progress at the next meeting." });
            }
            await db.SaveChangesAsync();
        }
    }
}

/// <summary>The Pathway report as one HTML page for Chromium: the same sections, tables and (as SVG) charts.</summary>
internal static class ReportHtml
{
    private static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public static string Build(PathwayReportData d)
    {
        var h = new StringBuilder(200_000);
        h.Append("<!DOCTYPE html><html lang=\"en-GB\"><head><meta charset=\"utf-8\"><title>").Append(E(d.PathwayName)).Append("</title><style>")
            .Append("body{font-family:'DejaVu Sans',sans-serif;font-size:9.5pt;color:#1b1b1b}h1{font-size:20pt}h2{font-size:15pt;break-after:avoid}h3{font-size:12pt;break-after:avoid}")
            .Append("table{border-collapse:collapse;width:100%;margin:6pt 0}thead{display:table-header-group}tr{break-inside:avoid}th{background:#e6e6e6;text-align:left}th,td{border:0.5pt solid #999;padding:3pt;vertical-align:top}")
            .Append(".r{background:#f4c7c3}.a{background:#ffe0b2}.g{background:#c8e6c9}.c{background:#bbdefb}.pb{break-after:page}svg{width:100%;height:auto}</style></head><body>");
        h.Append("<h1>").Append(E(d.PathwayName)).Append(" Pathway</h1><p>Delivery plan report ").Append(DeliveryPlanText.YearLabel(d.Year)).Append("</p>")
            .Append("<p><b>Period:</b> ").Append(d.Period).Append("<br><b>Chair:</b> ").Append(E(d.Chair ?? "Not set")).Append("</p><div class=\"pb\"></div>");
        var rag = d.Rag;
        h.Append("<h2>Summary</h2><p>").Append(E(d.Summary ?? "")).Append("</p><table><thead><tr><th>Actions by RAG</th><th>Red</th><th>Amber</th><th>Green</th><th>Complete</th><th>Total</th></tr></thead><tbody><tr><td>Number of actions</td>")
            .Append($"<td class=r>{rag.Red}</td><td class=a>{rag.Amber}</td><td class=g>{rag.Green}</td><td class=c>{rag.Complete}</td><td>{rag.Total}</td></tr></tbody></table>");
        Svg(h, PathwayReport.StatusChart(d), 660, 90 + 26 * d.Objectives.Count);
        h.Append("<h2>Objectives, actions and measures</h2>");
        var n = 0;
        foreach (var o in d.Objectives)
        {
            n++;
            h.Append("<h3>Objective ").Append(n).Append(": ").Append(E(o.Title)).Append("</h3><p>").Append(E(o.Description)).Append("</p><p><b>Outcome sought:</b> ").Append(E(o.OutcomeSought)).Append("</p>");
            h.Append("<table><thead><tr><th>Ref</th><th>Action</th><th>Owner</th><th>Due</th><th>Status</th><th>RAG</th></tr></thead><tbody>");
            var i = 0;
            foreach (var a in o.Actions)
                h.Append($"<tr><td>{n}.{++i}</td><td>{E(a.Description)}</td><td>{E(a.Owner)}</td><td>{a.DueDate.ToString("d MMM yyyy", Uk)}</td><td>{DeliveryPlanText.StatusLabel(a.Status)}</td><td class={Css(a.Rag)}>{DeliveryPlanText.RagLabel(a.Rag)}</td></tr>");
            h.Append("</tbody></table><ul>");
            i = 0;
            foreach (var a in o.Actions) if (a.Notes.Count > 0) h.Append($"<li>{n}.{++i} latest progress: {E(a.Notes[0].Text)}</li>");
            h.Append("</ul><table><thead><tr><th>Measure (target / actual)</th><th>Q1</th><th>Q2</th><th>Q3</th><th>Q4</th></tr></thead><tbody>");
            foreach (var m in o.Measures)
                h.Append("<tr><td>").Append(E(m.Name)).Append("</td>").Append(string.Concat(Enumerable.Range(0, 4).Select(q => $"<td>{m.Targets[q]} / {m.Actuals[q]}</td>"))).Append("</tr>");
            h.Append("</tbody></table>");
        }
        h.Append("<h2>Membership by sector</h2>");
        Svg(h, PathwayReport.MembershipChart(d), 660, 170);
        Table(h, ["Name", "Organisation", "Sector", "Role"], d.Members.Select(m => new[] { m.Name, m.Organisation ?? "–", m.Sector.ToString(), m.Role.ToString() }));
        h.Append("<h2>Meetings held in the period</h2>");
        Table(h, ["Date", "Meeting", "Members present", "Attendance", "Associates present", "Apologies"], d.Meetings.Select(m => new[]
            { m.StartUtc.ToString("d MMM yyyy", Uk), m.Title, $"{m.MembersPresent} of {m.MembersExpected}", m.AttendanceRate.ToString("0%", Uk), m.AssociatesPresent.ToString(Uk), m.Apologies.ToString(Uk) }));
        Svg(h, PathwayReport.AttendanceChart(d), 660, 80 + 22 * d.Meetings.Count);
        h.Append("<h2>Decisions taken</h2>");
        Table(h, ["No.", "Meeting", "Decision"], d.Decisions.Select(x => new[] { $"D{x.Number}", x.MeetingUtc.ToString("d MMM yyyy", Uk), x.Text }));
        h.Append("<h2>Agreements serving the Pathway</h2>");
        Table(h, ["Ref", "Agreement", "Type", "Provider", "Value", "Ends", "Status"], d.Agreements.Select(a => new[]
            { a.Reference, a.Title, a.Type, a.Provider, a.Value.ToString("£#,##0", Uk), a.End.ToString("d MMM yyyy", Uk), a.Status }));
        h.Append("<h2>Directory services and coverage</h2>");
        Table(h, ["Service", "Organisation", "Prisons", "Evidence"], d.Services.Select(s => new[] { s.Name, s.Organisation, string.Join(", ", s.Prisons), s.HasEvidence ? "Evaluated" : "None" }));
        h.Append("<h3>Coverage gaps by prison</h3>");
        Table(h, ["Prison", "Services", "Gap"], d.Coverage.Select(c => new[] { c.Prison, c.Services.ToString(Uk), c.Services == 0 ? "Gap" : "–" }));
        h.Append("<h2>Evidence of impact</h2><ul>");
        foreach (var e in d.Evidence) h.Append("<li>").Append(E($"{e.Service} ({e.Organisation}): {e.Summary}")).Append("</li>");
        h.Append("</ul></body></html>");
        return h.ToString();
    }

    private static void Table(StringBuilder h, string[] header, IEnumerable<string[]> rows)
    {
        h.Append("<table><thead><tr>").Append(string.Concat(header.Select(x => $"<th>{E(x)}</th>"))).Append("</tr></thead><tbody>");
        foreach (var r in rows) h.Append("<tr>").Append(string.Concat(r.Select(x => $"<td>{E(x)}</td>"))).Append("</tr>");
        h.Append("</tbody></table>");
    }

    private static void Svg(StringBuilder h, PlotModel model, double width, double height) =>
        h.Append(SvgExporter.ExportToString(model, width, height, false));

    private static string Css(Rag rag) => rag switch { Rag.Red => "r", Rag.Amber => "a", Rag.Green => "g", _ => "c" };
    private static string E(string s) => WebUtility.HtmlEncode(s);
}
