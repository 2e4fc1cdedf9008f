using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Tests.Features.Commissioning.CommissioningTestData;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>Marking an agreement's milestones and documents for open data: who may, and what an unknown or stale id gets.</summary>
public sealed class OpenDataPublicationServiceTests
{
    private static async Task<(int Agreement, int Milestone)> GrantAsync(TestApp app)
    {
        await using var db = await app.DbAsync();
        var grant = await db.Agreements.Where(a => a.Reference == "GR-NE-2025-02").Select(a => a.Id).SingleAsync();
        return (grant, await db.Milestones.Where(m => m.AgreementId == grant).OrderBy(m => m.Id).Select(m => m.Id).FirstAsync());
    }

    private static async Task<(bool Milestone, bool Document)> FlagsAsync(TestApp app, int milestone, int document)
    {
        await using var db = await app.DbAsync();
        return (await db.Milestones.Where(m => m.Id == milestone).Select(m => m.Publishable).SingleAsync(),
            await db.CommissioningDocuments.Where(d => d.Id == document).Select(d => d.Publishable).SingleAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Commissioners_and_the_coordinator_publish_and_withdraw_and_the_agreement_view_shows_it(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (grant, milestone) = await GrantAsync(app);
        var commissioner = await CommissionerAsync(app);
        var document = await app.As<DocumentService>(commissioner).AddAgreementDocumentAsync(grant, "Grant letter", "letter.pdf", new MemoryStream("%PDF-1.4 letter"u8.ToArray()));
        Assert.Equal((false, false), await FlagsAsync(app, milestone, document));

        await app.As<AgreementPublicationService>(await CommissionerAsync(app)).SetMilestonePublishableAsync(milestone, true);
        await app.As<AgreementPublicationService>(await CoordinatorAsync(app)).SetDocumentPublishableAsync(document, true);
        Assert.Equal((true, true), await FlagsAsync(app, milestone, document));

        // The agreement page reads the flags back.
        var view = await app.As<AgreementLifecycleService>(commissioner).GetAgreementAsync(grant);
        Assert.True(view.Milestones.Single(m => m.Id == milestone).Publishable);
        Assert.True(view.Documents.Single(d => d.Id == document).Publishable);

        // Setting a flag to what it already is changes nothing; clearing it withdraws the record from the feed.
        await app.As<AgreementPublicationService>(await CoordinatorAsync(app)).SetDocumentPublishableAsync(document, true);
        await app.As<AgreementPublicationService>(await CoordinatorAsync(app)).SetMilestonePublishableAsync(milestone, false);
        Assert.Equal((false, true), await FlagsAsync(app, milestone, document));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Nobody_else_may_publish_not_even_the_agreements_own_supplier(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (grant, milestone) = await GrantAsync(app);
        var document = await app.As<DocumentService>(await CommissionerAsync(app))
            .AddAgreementDocumentAsync(grant, "Grant letter", "letter.pdf", new MemoryStream("%PDF-1.4 letter"u8.ToArray()));

        // NEPACS's editor edits the grant's supplier; the member and the associate sit on a Pathway.
        Actor[] others =
        [
            Actor.Anonymous,
            await NepacsEditorAsync(app),
            await MemberAsync(app),
            await AssociateAsync(app),
            new("no-role", "Someone who just registered", new HashSet<string>(), null, null),
        ];
        foreach (var actor in others)
        {
            var publication = app.As<AgreementPublicationService>(actor);
            await Assert.ThrowsAsync<ForbiddenException>(() => publication.SetMilestonePublishableAsync(milestone, true));
            await Assert.ThrowsAsync<ForbiddenException>(() => publication.SetDocumentPublishableAsync(document, true));
            // Refused before looking: an unknown id is not told apart from a known one.
            await Assert.ThrowsAsync<ForbiddenException>(() => publication.SetMilestonePublishableAsync(int.MaxValue, true));
        }
        Assert.Equal((false, false), await FlagsAsync(app, milestone, document));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task An_unknown_or_stale_id_is_not_found_and_changes_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var (grant, _) = await GrantAsync(app);
        var documents = app.As<DocumentService>(await CommissionerAsync(app));
        var publication = app.As<AgreementPublicationService>(await CommissionerAsync(app));
        int tender;
        await using (var db = await app.DbAsync()) tender = await db.Tenders.Where(t => t.Reference == "NE-ROM-2026-007").Select(t => t.Id).SingleAsync();
        var tenderDocument = await documents.AddTenderDocumentAsync(tender, "Specification", "spec.pdf", new MemoryStream("%PDF-1.4 spec"u8.ToArray()));
        var withdrawn = await documents.AddAgreementDocumentAsync(grant, "Superseded letter", "old.pdf", new MemoryStream("%PDF-1.4 old"u8.ToArray()));
        await using (var db = await app.DbAsync())
            await db.CommissioningDocuments.Where(d => d.Id == withdrawn).ExecuteUpdateAsync(u => u.SetProperty(d => d.WithdrawnUtc, TestApp.Now.UtcDateTime));

        await Assert.ThrowsAsync<NotFoundException>(() => publication.SetMilestonePublishableAsync(int.MaxValue, true));
        await Assert.ThrowsAsync<NotFoundException>(() => publication.SetDocumentPublishableAsync(int.MaxValue, true));
        // A tender's document is published with its tender, never by this flag; a withdrawn one is gone from the page.
        await Assert.ThrowsAsync<NotFoundException>(() => publication.SetDocumentPublishableAsync(tenderDocument, true));
        await Assert.ThrowsAsync<NotFoundException>(() => publication.SetDocumentPublishableAsync(withdrawn, true));

        await using (var db = await app.DbAsync())
            Assert.False(await db.CommissioningDocuments.AnyAsync(d => d.Publishable));
    }
}
