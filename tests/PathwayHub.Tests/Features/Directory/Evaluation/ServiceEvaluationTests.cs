using System.Text;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Features.Reports;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory.Evaluation;

/// <summary>
/// Evaluation status per service (none, internal monitoring, independent evaluation with who, when and a link) and whether it is
/// free: edited by the provider and reviewed like the other listing fields, imported and exported as CSV, filtered on the directory,
/// the services with none listed for the coordinator and commissioners, and counted in the reports.
/// </summary>
public sealed class ServiceEvaluationTests
{
    private const string VisitorCentres = "Prison visitor centres";

    private static async Task<int> ServiceIdAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Services.Where(s => s.Name == name).Select(s => s.Id).SingleAsync();
    }

    private static ServiceInput Independent(ServiceInput input)
    {
        input.Evaluation = EvaluationStatus.IndependentEvaluation;
        input.Evaluator = "Northumbria University";
        input.EvaluationDate = new DateOnly(2025, 9, 30);
        input.EvaluationUrl = "https://www.example.org/nepacs-evaluation.pdf";
        return input;
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_providers_evaluation_and_cost_wait_for_review_then_show_filter_and_export(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var coordinator = new DirectoryAs(app, await app.CoordinatorAsync());
        var id = await ServiceIdAsync(app, VisitorCentres);
        var before = await editor.Listings.GetServiceAsync(id);
        Assert.Equal(EvaluationStatus.None, before.Evaluation.Status);
        var input = Independent(ServiceInput.From(before));
        input.Free = false;
        input.FeesDescription = "£1 for a hot drink.";

        Assert.Equal(SaveOutcome.SubmittedForReview, await editor.Editing.UpdateServiceAsync(id, input));

        // Nothing shows until the coordinator approves; the reviewer reads each field old and new.
        Assert.Equal(EvaluationStatus.None, (await editor.Listings.GetServiceAsync(id, publishedOnly: true)).Evaluation.Status);
        var pending = Assert.Single(await coordinator.Review.PendingChangesAsync());
        Assert.Contains(pending.Changes, c => c.Label == "Evaluation" && c.Old == "No evaluation" && c.New == "Independent evaluation");
        Assert.Contains(pending.Changes, c => c.Label == "Evaluator" && c.Old is null && c.New == "Northumbria University");
        Assert.Contains(pending.Changes, c => c.Label == "Evaluation date" && c.New == "30 Sept 2025" || c.Label == "Evaluation date" && c.New == "30 Sep 2025");
        Assert.Contains(pending.Changes, c => c.Label == "Evaluation report" && c.New == "https://www.example.org/nepacs-evaluation.pdf");
        Assert.Contains(pending.Changes, c => c.Label == "Free to use" && c.Old == before.Free switch { true => "Free", false => "Charges a fee", null => "Not stated" } && c.New == "Charges a fee");
        await coordinator.Review.ApproveAsync(pending.Id, pending.Version);

        var after = await new DirectoryAs(app, Actor.Anonymous).Listings.GetServiceAsync(id, publishedOnly: true);
        Assert.Equal(new EvaluationView(EvaluationStatus.IndependentEvaluation, "Northumbria University", new DateOnly(2025, 9, 30), "https://www.example.org/nepacs-evaluation.pdf"), after.Evaluation);
        Assert.False(after.Free);

        var independent = await coordinator.Listings.SearchAsync(new DirectoryQuery { Evaluation = EvaluationStatus.IndependentEvaluation });
        Assert.Equal([VisitorCentres], independent.Items.Select(i => i.Name));
        var none = await coordinator.Listings.SearchAsync(new DirectoryQuery { Evaluation = EvaluationStatus.None });
        Assert.DoesNotContain(none.Items, i => i.Id == id);
        await using (var db = await app.DbAsync())
            Assert.Equal(await db.Services.CountAsync() - 1, none.TotalItems);

        var csv = await coordinator.Listings.ExportCsvAsync(new DirectoryQuery { Evaluation = EvaluationStatus.IndependentEvaluation });
        var lines = csv.Trim().Split("\r\n");
        Assert.Equal(2, lines.Length);
        Assert.Contains("Free,Evaluation,Evaluator,Evaluation date,Evaluation report,Evidence of impact", lines[0], StringComparison.Ordinal);
        Assert.Contains("Charges a fee,Independent evaluation,Northumbria University,2025-09-30,https://www.example.org/nepacs-evaluation.pdf", lines[1], StringComparison.Ordinal);

        // Back to internal monitoring: the coordinator's own edit applies at once and clears nothing it should keep.
        var monitoring = ServiceInput.From(await coordinator.Listings.GetServiceAsync(id));
        monitoring.Evaluation = EvaluationStatus.InternalMonitoring;
        monitoring.Evaluator = null;
        monitoring.EvaluationDate = null;
        monitoring.EvaluationUrl = null;
        Assert.Equal(SaveOutcome.Published, await coordinator.Editing.UpdateServiceAsync(id, monitoring));
        Assert.Equal(new EvaluationView(EvaluationStatus.InternalMonitoring, null, null, null), (await coordinator.Listings.GetServiceAsync(id)).Evaluation);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_evaluation_or_cost_is_refused_field_by_field_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var editor = new DirectoryAs(app, await app.EditorAsync());
        var id = await ServiceIdAsync(app, VisitorCentres);
        var current = await editor.Listings.GetServiceAsync(id);

        async Task<IReadOnlyDictionary<string, string>> RefusedAsync(Action<ServiceInput> change)
        {
            var input = ServiceInput.From(current);
            change(input);
            return (await Assert.ThrowsAsync<ValidationFailedException>(() => editor.Editing.UpdateServiceAsync(id, input))).Errors;
        }

        var bare = await RefusedAsync(i => i.Evaluation = EvaluationStatus.IndependentEvaluation);
        Assert.Equal(["EvaluationDate", "EvaluationUrl", "Evaluator"], bare.Keys.Order(StringComparer.Ordinal));
        var future = await RefusedAsync(i => { Independent(i); i.EvaluationDate = DateOnly.FromDateTime(TestApp.Now.UtcDateTime).AddDays(1); });
        Assert.Equal("The evaluation date cannot be in the future.", Assert.Single(future).Value);
        var link = await RefusedAsync(i => { Independent(i); i.EvaluationUrl = "the university website"; });
        Assert.Contains("full web address", link[nameof(ServiceInput.EvaluationUrl)], StringComparison.Ordinal);
        var stray = await RefusedAsync(i => { i.Evaluation = EvaluationStatus.InternalMonitoring; i.Evaluator = "Someone"; });
        Assert.Contains("independent evaluation only", stray[nameof(ServiceInput.Evaluation)], StringComparison.Ordinal);
        var undefined = await RefusedAsync(i => i.Evaluation = (EvaluationStatus)7);
        Assert.True(undefined.ContainsKey(nameof(ServiceInput.Evaluation)));
        var charges = await RefusedAsync(i => { i.Free = false; i.FeesDescription = " "; });
        Assert.Equal("Say what the service charges, as it is not free.", charges[nameof(ServiceInput.FeesDescription)]);

        await using var db = await app.DbAsync();
        Assert.Equal(0, await db.ChangeRequests.CountAsync());
        Assert.Equal(EvaluationStatus.None, (await db.Services.SingleAsync(s => s.Id == id)).Evaluation);
    }

    private const string Header = "organisation,service_name,service_description,pathways,free,evaluation,evaluator,evaluation_date,evaluation_url,fees_description";
    private static MemoryStream File(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_import_reads_cost_and_evaluation_and_refuses_a_file_with_a_bad_one(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var import = app.As<DirectoryImportService>(await app.CoordinatorAsync());

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header,
            "Pact,Good one,Fine.,Families and Social Support,yes,internal monitoring,,,,",
            "Pact,Bad cost,Fine.,Families and Social Support,maybe,,,,,",
            "Pact,Bad status,Fine.,Families and Social Support,,peer reviewed,,,,",
            "Pact,Bad independent,Fine.,Families and Social Support,,independent evaluation,Durham University,30/09/2025,,",
            "Pact,Stray evaluator,Fine.,Families and Social Support,,none,Durham University,,,")));
        Assert.Equal(["Row 3", "Row 4", "Row 5", "Row 6"], e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Contains("free must be yes, no or empty", e.Errors["Row 3"], StringComparison.Ordinal);
        Assert.Contains("evaluation must be none, internal monitoring or independent evaluation", e.Errors["Row 4"], StringComparison.Ordinal);
        Assert.Contains("evaluation_date must be a date like 2025-06-30", e.Errors["Row 5"], StringComparison.Ordinal);
        Assert.Contains("evaluation_url:", e.Errors["Row 5"], StringComparison.Ordinal);
        Assert.Contains("evaluation: An evaluator, date and link are recorded for an independent evaluation only", e.Errors["Row 6"], StringComparison.Ordinal);
        await using (var db = await app.DbAsync()) Assert.False(await db.Services.AnyAsync(s => s.Name == "Good one"));

        await import.ImportAsync(File(Header,
            "Pact,Monitored,Fine.,Families and Social Support,yes,Internal-Monitoring,,,,",
            "Pact,Evaluated,Fine.,Families and Social Support,no,independent evaluation,Durham University,2025-09-30,https://www.example.org/e.pdf,£2 a session",
            "Pact,Unstated,Fine.,Families and Social Support,,,,,,"));
        await using var after = await app.DbAsync();
        var rows = await after.Services.Where(s => s.Organisation.Name == "Pact" && (s.Name == "Monitored" || s.Name == "Evaluated" || s.Name == "Unstated"))
            .OrderBy(s => s.Name).Select(s => new { s.Name, s.Free, s.Evaluation, s.Evaluator, s.EvaluationDate, s.EvaluationUrl }).ToListAsync();
        Assert.Equal(3, rows.Count);
        Assert.Equal(new { Name = "Evaluated", Free = (bool?)false, Evaluation = EvaluationStatus.IndependentEvaluation, Evaluator = (string?)"Durham University",
            EvaluationDate = (DateOnly?)new DateOnly(2025, 9, 30), EvaluationUrl = (string?)"https://www.example.org/e.pdf" }, rows[0]);
        Assert.Equal((true, EvaluationStatus.InternalMonitoring), (rows[1].Free!.Value, rows[1].Evaluation));
        Assert.Equal(((bool?)null, EvaluationStatus.None), (rows[2].Free, rows[2].Evaluation));
    }

    /// <summary>Sets a service's evaluation straight in the database: these tests are about what reads it.</summary>
    private static async Task SetAsync(TestApp app, string name, EvaluationStatus status, bool published = true, ServiceStatus state = ServiceStatus.Active)
    {
        await using var db = await app.DbAsync();
        var s = await db.Services.SingleAsync(x => x.Name == name);
        s.Evaluation = status;
        if (status == EvaluationStatus.IndependentEvaluation)
        {
            s.Evaluator = "Teesside University";
            s.EvaluationDate = new DateOnly(2024, 3, 31);
            s.EvaluationUrl = "https://www.example.org/evaluation.pdf";
        }
        s.IsPublished = published;
        s.Status = state;
        await db.SaveChangesAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_coordinator_and_commissioners_see_the_services_with_no_evaluation_and_no_one_else_does(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await SetAsync(app, VisitorCentres, EvaluationStatus.IndependentEvaluation);
        await SetAsync(app, "Building Stronger Families", EvaluationStatus.InternalMonitoring);
        await SetAsync(app, "Restorative justice projects", EvaluationStatus.None, published: false);
        var fss = await app.PathwayIdAsync();

        foreach (var refused in new[] { await app.EditorAsync(), await app.AccountAsync(Roles.PathwayMember, "Mo Member"), Actor.Anonymous })
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => app.As<EvaluationGapsService>(refused).CountsAsync());
            await Assert.ThrowsAsync<ForbiddenException>(() => app.As<EvaluationGapsService>(refused).UnevaluatedAsync(null, 0, 25));
        }

        foreach (var actor in new[] { await app.CoordinatorAsync(), await app.CommissionerAsync() })
        {
            var gaps = app.As<EvaluationGapsService>(actor);
            var counts = await gaps.CountsAsync();
            await using var db = await app.DbAsync();
            var offered = db.Services.Where(s => s.IsPublished && s.Status == ServiceStatus.Active);
            var all = Assert.Single(counts, c => c.PathwayId is null);
            Assert.Equal(await offered.CountAsync(), all.Services);
            Assert.Equal((1, 1), (all.Independent, all.Internal));
            Assert.Equal(all.Services - 2, all.None);
            Assert.Equal(await offered.CountAsync(s => s.Evaluation == EvaluationStatus.None && s.Evidence.Any()), all.NoneWithEvidence);
            var underFss = offered.Where(s => s.Terms.Any(t => t.TaxonomyTerm.PathwayId == fss));
            var family = Assert.Single(counts, c => c.PathwayId == fss);
            Assert.Equal(await underFss.CountAsync(), family.Services);
            Assert.Equal(await underFss.CountAsync(s => s.Evaluation == EvaluationStatus.None), family.None);

            var list = await gaps.UnevaluatedAsync(null, 0, 100);
            Assert.Equal(all.None, list.TotalItems);
            Assert.DoesNotContain(list.Items, i => i.Name is VisitorCentres or "Building Stronger Families" or "Restorative justice projects");
            Assert.All(list.Items, i => Assert.Equal(EvaluationStatus.None, i.Evaluation));
            Assert.Equal(family.None, (await gaps.UnevaluatedAsync(fss, 0, 100)).TotalItems);
        }
    }

    [Fact]
    public async Task The_reports_count_each_Pathways_services_by_evaluation_as_the_database_holds_them()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        await SetAsync(app, VisitorCentres, EvaluationStatus.IndependentEvaluation);
        await SetAsync(app, "Building Stronger Families", EvaluationStatus.InternalMonitoring);
        var coordinator = await app.CoordinatorAsync();
        var fss = await app.PathwayIdAsync();
        await using var db = await app.DbAsync();
        var offered = db.Services.Where(s => s.IsPublished && s.Status == ServiceStatus.Active && s.Terms.Any(t => t.TaxonomyTerm.PathwayId == fss));
        var (total, none, noneWithEvidence) = (await offered.CountAsync(), await offered.CountAsync(s => s.Evaluation == EvaluationStatus.None),
            await offered.CountAsync(s => s.Evaluation == EvaluationStatus.None && s.Evidence.Any()));

        var lines = PdfReading.Lines((await app.As<ReportService>(coordinator).PathwayReportAsync("families-and-social-support")).Content);
        var text = string.Join(" ", lines);
        Assert.Contains("Evaluation of services", lines);
        Assert.Contains($"{total} services: 1 independently evaluated, 1 with internal monitoring, {none} with no evaluation ({noneWithEvidence} of them", text, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("Prison visitor centres Teesside University 31 Mar 2024", StringComparison.Ordinal));

        var regional = PdfReading.Lines((await app.As<ReportService>(coordinator).RegionalReportAsync(2026)).Content);
        Assert.Contains("Evaluation of services by Pathway", regional);
        Assert.Contains($"Families and Social Support {total} 1 1 {none} {noneWithEvidence}", regional);
    }
}
