using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Features.Reports;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Prisons;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory.Prisons;

/// <summary>
/// The VCS coordinator role in each prison: recorded by the coordinator and commissioners only, with a version stamp; flagged
/// against the research's recommendation (coordinator at principal officer grade or above, strategic lead at governor grade) on
/// the prison page and in the regional report.
/// </summary>
public sealed class PrisonVcsRoleTests
{
    private static async Task<int> PrisonAsync(TestApp app, string slug)
    {
        await using var db = await app.DbAsync();
        return await db.Prisons.Where(p => p.Slug == slug).Select(p => p.Id).SingleAsync();
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_coordinator_records_a_role_and_the_shortfalls_follow_the_recommendation(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.AccountAsync(Roles.Coordinator, "Cara Coordinator");
        var member = await app.AccountAsync(Roles.PathwayMember, "Mo Member");
        var durham = await PrisonAsync(app, "hmp-durham");

        var empty = await app.As<PrisonVcsRoleService>(member).GetAsync(durham);
        Assert.False(empty.CanEdit);
        Assert.Equal(["No VCS coordinator recorded", "No strategic VCS lead"], empty.Shortfalls);

        var version = await app.As<PrisonVcsRoleService>(coordinator).SaveAsync(durham, new VcsRoleInput
        {
            CoordinatorName = "  Pat Officer ", CoordinatorGrade = PrisonGrade.PrisonOfficer, CoordinatorContact = "pat.officer@justice.example",
            CoordinatorSince = new DateOnly(2025, 4, 1), StrategicLeadGrade = PrisonGrade.Manager,
        });
        var low = await app.As<PrisonVcsRoleService>(member).GetAsync(durham);
        Assert.Equal("Pat Officer", low.CoordinatorName);
        Assert.Equal(["VCS coordinator below Custodial manager, formerly principal officer (band 5)", "Strategic VCS lead below governor grade (Head of function, governor grade (band 7))"], low.Shortfalls);

        await app.As<PrisonVcsRoleService>(coordinator).SaveAsync(durham, new VcsRoleInput
        {
            CoordinatorName = "Pat Officer", CoordinatorGrade = PrisonGrade.CustodialManager, StrategicLeadGrade = PrisonGrade.DeputyGovernor, Version = version,
        });
        var met = await app.As<PrisonVcsRoleService>(coordinator).GetAsync(durham);
        Assert.Empty(met.Shortfalls);
        Assert.True(met.CanEdit);
        Assert.Null(met.CoordinatorContact);

        // Every open prison is in the regional list, closed ones are not.
        var all = await app.As<PrisonVcsRoleService>(member).OpenPrisonsAsync();
        Assert.Contains(all, r => r.PrisonId == durham && r.Shortfalls.Count == 0);
        Assert.DoesNotContain(all, r => r.Prison == "HMP Acklington");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_coordinator_and_commissioners_edit_and_bad_or_stale_input_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = await app.AccountAsync(Roles.Commissioner, "Chris Commissioner");
        var coordinator = await app.AccountAsync(Roles.Coordinator, "Cara Coordinator");
        var editor = await app.AccountAsync(Roles.ProviderEditor, "Ed Editor", "NEPACS");
        var frankland = await PrisonAsync(app, "hmp-frankland");
        var valid = new VcsRoleInput { CoordinatorName = "Sam Senior", CoordinatorGrade = PrisonGrade.CustodialManager };

        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<PrisonVcsRoleService>(editor).SaveAsync(frankland, valid));
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<PrisonVcsRoleService>(Actor.Anonymous).GetAsync(frankland));

        var noName = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<PrisonVcsRoleService>(commissioner).SaveAsync(frankland,
            new VcsRoleInput { CoordinatorGrade = PrisonGrade.CustodialManager }));
        Assert.Contains("name", noName.Errors[nameof(VcsRoleInput.CoordinatorName)], StringComparison.Ordinal);
        var future = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<PrisonVcsRoleService>(commissioner).SaveAsync(frankland,
            new VcsRoleInput { CoordinatorName = "Sam Senior", CoordinatorSince = DateOnly.FromDateTime(TestApp.Now.Date.AddDays(2)) }));
        Assert.True(future.Errors.ContainsKey(nameof(VcsRoleInput.CoordinatorSince)));
        var acklington = await PrisonAsync(app, "hmp-acklington");
        var closed = await Assert.ThrowsAsync<ValidationFailedException>(() => app.As<PrisonVcsRoleService>(commissioner).SaveAsync(acklington, valid));
        Assert.Contains("closed", closed.Errors[""], StringComparison.Ordinal);
        await using (var db = await app.DbAsync()) Assert.Equal(0, await db.PrisonVcsRoles.CountAsync());

        // Two people open the same role; the second save is refused rather than overwriting the first.
        var first = await app.As<PrisonVcsRoleService>(commissioner).SaveAsync(frankland, valid);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => app.As<PrisonVcsRoleService>(coordinator).SaveAsync(frankland,
            new VcsRoleInput { CoordinatorName = "Someone Else" }));
        await app.As<PrisonVcsRoleService>(coordinator).SaveAsync(frankland, new VcsRoleInput { CoordinatorName = "Someone Else", Version = first });
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => app.As<PrisonVcsRoleService>(commissioner).SaveAsync(frankland,
            new VcsRoleInput { CoordinatorName = "Sam Senior", Version = first }));
        Assert.Equal("Someone Else", (await app.As<PrisonVcsRoleService>(commissioner).GetAsync(frankland)).CoordinatorName);
    }

    [Fact]
    public async Task The_regional_report_flags_prisons_short_of_the_recommendation()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var coordinator = await app.AccountAsync(Roles.Coordinator, "Cara Coordinator");
        await app.As<PrisonVcsRoleService>(coordinator).SaveAsync(await PrisonAsync(app, "hmp-durham"), new VcsRoleInput
        {
            CoordinatorName = "Pat Principal", CoordinatorGrade = PrisonGrade.CustodialManager, StrategicLeadGrade = PrisonGrade.GoverningGovernor,
        });
        var lines = PdfReading.Lines((await app.As<ReportService>(coordinator).RegionalReportAsync(2026)).Content);
        Assert.Contains("VCS coordinator role by prison", lines);
        Assert.Contains(lines, l => l.StartsWith("HMP Durham Pat Principal", StringComparison.Ordinal) && l.EndsWith("Meets it", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("HMP Frankland None recorded", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("HMP Acklington", StringComparison.Ordinal));
    }
}
