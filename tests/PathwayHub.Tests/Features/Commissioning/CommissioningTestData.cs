using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>Who is who (built, not the demo's), and the tender and agreement inputs the commissioning service tests start from.</summary>
internal static class CommissioningTestData
{
    /// <summary>The commissioner (NOMS North East), made on first use (<see cref="PeopleBuilders.AccountOnceAsync"/>).</summary>
    public static Task<Actor> CommissionerAsync(TestApp app) => app.CommissionerAsync();

    public static Task<Actor> CoordinatorAsync(TestApp app) => app.CoordinatorAsync();

    /// <summary>NEPACS's provider editor, made on first use.</summary>
    public static Task<Actor> NepacsEditorAsync(TestApp app) => app.EditorAsync("NEPACS");

    /// <summary>A member of the Families and Social Support Pathway: no commissioning role.</summary>
    public static async Task<Actor> MemberAsync(TestApp app) =>
        await app.MemberAsync(await app.PathwayIdAsync(), Web.Features.Pathways.MembershipRole.Member, "Max Member");

    /// <summary>An associate of the Families and Social Support Pathway.</summary>
    public static async Task<Actor> AssociateAsync(TestApp app) =>
        await app.MemberAsync(await app.PathwayIdAsync(), Web.Features.Pathways.MembershipRole.Associate, "Asha Associate");

    public static async Task<int> OrgAsync(TestApp app, string name)
    {
        await using var db = await app.DbAsync();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    public static async Task<int> PrisonAsync(TestApp app, string slug)
    {
        await using var db = await app.DbAsync();
        return await db.Prisons.Where(o => o.Slug == slug).Select(o => o.Id).SingleAsync();
    }

    /// <summary>Another organisation's provider editor (notifications go to real users).</summary>
    public static Task<Actor> EditorOfAsync(TestApp app, string organisation) => app.EditorAsync(organisation);

    public static async Task<TenderInput> TenderAsync(TestApp app, string reference = "T-TEST-1", int daysToDeadline = 14) => new()
    {
        Reference = reference, Title = "Family support at HMP Durham", Description = "Support for families visiting HMP Durham.",
        EstimatedValue = 50_000m, Method = ProcurementMethod.Open, BuyerOrganisationId = await OrgAsync(app, "NOMS North East"),
        ClarificationDeadlineLocal = TestApp.Now.UtcDateTime.Date.AddDays(daysToDeadline - 7).AddHours(12),
        SubmissionDeadlineLocal = TestApp.Now.UtcDateTime.Date.AddDays(daysToDeadline).AddHours(12),
        PrisonIds = [await PrisonAsync(app, "hmp-durham")],
    };

    public static async Task<AgreementInput> AgreementAsync(TestApp app, string reference = "A-TEST-1") => new()
    {
        Reference = reference, Title = "Visits hall play at HMP Durham", Description = "Supervised play in the visits hall.", Kind = AgreementKind.Grant,
        SupplierOrganisationId = await OrgAsync(app, "NEPACS"), BuyerOrganisationId = await OrgAsync(app, "NOMS North East"), Value = 30_000m,
        StartDate = new DateOnly(2026, 4, 1), EndDate = new DateOnly(2027, 3, 31), ExtensionOptions = "1+1 years",
        PrisonIds = [await PrisonAsync(app, "hmp-durham")],
    };

    public static async Task<(int Id, Guid Version)> OpenTenderAsync(TestApp app, TenderService commissioner, string reference = "T-TEST-1")
    {
        var id = await commissioner.CreateTenderAsync(await TenderAsync(app, reference));
        await commissioner.ChangeTenderStatusAsync(id, TenderStatus.Active, null, (await commissioner.GetTenderAsync(id)).Version);
        return (id, (await commissioner.GetTenderAsync(id)).Version);
    }

    public static string Message(ValidationFailedException e) => string.Join(" ", e.Errors.Values);
}
