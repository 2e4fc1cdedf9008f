using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

public sealed class AgreementRegisterServiceTests
{
    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Register_filters_pages_and_exports_csv(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var commissioner = app.As<AgreementRegisterService>(await CommissionerAsync(app));
        await using (var db = await app.DbAsync())
        {
            var pathway = await db.Pathways.SingleAsync(p => p.Slug == "life-skills-and-offending-behaviour");
            Assert.Equal(["GR-NE-2023-07"], (await commissioner.SearchAgreementsAsync(new AgreementQuery { PathwayId = pathway.Id })).Items.Select(r => r.Reference));
        }
        Assert.Equal(["GR-NE-2025-02", "NE-ROM-2024-019", "SLA-LNW-2026-01"],
            (await commissioner.SearchAgreementsAsync(new AgreementQuery { PrisonId = await PrisonAsync(app, "hmp-low-newton"), Sort = AgreementSort.Value, Descending = true })).Items.Select(r => r.Reference));
        Assert.Equal(["NE-ROM-2024-019"], (await commissioner.SearchAgreementsAsync(new AgreementQuery { SupplierId = await OrgAsync(app, "Family Action") })).Items.Select(r => r.Reference));
        Assert.Equal(2, (await commissioner.SearchAgreementsAsync(new AgreementQuery { Kind = AgreementKind.ServiceLevelAgreement })).TotalItems);
        Assert.Equal(["GR-NE-2023-07", "NE-ROM-2024-019", "SLA-DUR-2024-03"],
            (await commissioner.SearchAgreementsAsync(new AgreementQuery { EndingBefore = new DateOnly(2027, 3, 31) })).Items.Select(r => r.Reference));
        var page = await commissioner.SearchAgreementsAsync(new AgreementQuery { PageSize = 2, Page = 1 });
        Assert.Equal((5, 2), (page.TotalItems, page.Items.Count));

        var csv = Csv.Read(await commissioner.ExportAgreementsCsvAsync(new AgreementQuery { Kind = AgreementKind.Grant }));
        Assert.Equal("Recommissioning decision", csv[0].Fields[11]);
        Assert.Equal(["GR-NE-2023-07", "GR-NE-2025-02"], csv.Skip(1).Select(r => r.Fields[0]));
        Assert.Equal("120000.00", csv[2].Fields[5]);
        Assert.Equal("Expired", csv[1].Fields[8]);

        var memberCsv = Csv.Read(await app.As<AgreementRegisterService>(await MemberAsync(app)).ExportAgreementsCsvAsync(new AgreementQuery()));
        Assert.Equal(11, memberCsv[0].Fields.Length);
    }
}
