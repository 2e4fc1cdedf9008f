using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Estate.Progress;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Estate;

/// <summary>
/// Progress against a baseline: a snapshot per Pathway and for the region once a quarter, never changed; the coordinator alone
/// chooses the baseline; the figures are the offer, plan, agreement and directory counts the database holds.
/// </summary>
public sealed class ProgressTests
{
    private static readonly DateOnly October = new(2026, 10, 1);

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_quarter_is_snapshotted_once_per_scope_and_a_snapshot_cannot_be_changed_or_deleted(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var progress = app.As<ProgressService>(Actor.System);
        int pathways;
        await using (var db = await app.DbAsync()) pathways = await db.Pathways.CountAsync();

        Assert.Equal(pathways + 1, await progress.TakeAsync(October));
        Assert.Equal(0, await progress.TakeAsync(October));
        await using (var db = await app.DbAsync())
        {
            Assert.Equal(pathways + 1, await db.ProgressSnapshots.CountAsync());
            Assert.Equal(1, await db.ProgressSnapshots.CountAsync(s => s.PathwayId == null));
        }

        await using (var db = await app.DbAsync())
        {
            var region = await db.ProgressSnapshots.SingleAsync(s => s.PathwayId == null);
            db.Entry(region).Property(s => s.QuarterStart).CurrentValue = new DateOnly(2026, 7, 1);
            var changed = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Equal(SnapshotGuard.Message, changed.Message);
        }
        await using (var db = await app.DbAsync())
        {
            db.ProgressSnapshots.Remove(await db.ProgressSnapshots.SingleAsync(s => s.PathwayId == null));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = await app.DbAsync())
            Assert.Equal(October, (await db.ProgressSnapshots.SingleAsync(s => s.PathwayId == null)).QuarterStart);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_coordinator_marks_a_baseline_and_a_missing_or_foreign_snapshot_is_refused_changing_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        await app.As<ProgressService>(Actor.System).TakeAsync(new DateOnly(2026, 7, 1));
        await app.As<ProgressService>(Actor.System).TakeAsync(October);
        var families = await app.PathwayIdAsync();
        var accommodation = await app.PathwayIdAsync("accommodation");
        int july, october, foreign;
        await using (var db = await app.DbAsync())
        {
            july = await db.ProgressSnapshots.Where(s => s.PathwayId == families && s.QuarterStart == new DateOnly(2026, 7, 1)).Select(s => s.Id).SingleAsync();
            october = await db.ProgressSnapshots.Where(s => s.PathwayId == families && s.QuarterStart == October).Select(s => s.Id).SingleAsync();
            foreign = await db.ProgressSnapshots.Where(s => s.PathwayId == accommodation).Select(s => s.Id).FirstAsync();
        }
        var coordinator = app.As<ProgressService>(await app.CoordinatorAsync());

        await coordinator.MarkBaselineAsync(families, july);
        Assert.Equal(july, (await coordinator.ViewAsync(families)).BaselineId);

        var commissioner = app.As<ProgressService>(await app.CommissionerAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => commissioner.MarkBaselineAsync(families, october));
        var missing = await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.MarkBaselineAsync(families, 999_999));
        Assert.Equal("Choose a snapshot of this Pathway or region from the list.", missing.Errors["SnapshotId"]);
        await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.MarkBaselineAsync(families, foreign));
        await Assert.ThrowsAsync<ValidationFailedException>(() => coordinator.MarkBaselineAsync(null, october));

        var view = await coordinator.ViewAsync(families);
        Assert.Equal(july, view.BaselineId);
        Assert.Equal(new DateOnly(2026, 7, 1), view.Baseline!.QuarterStart);
        await using (var db = await app.DbAsync())
            Assert.Equal(1, await db.ProgressBaselines.CountAsync());

        // Choosing again moves the baseline; the snapshots themselves are untouched.
        await coordinator.MarkBaselineAsync(families, october);
        Assert.Equal(october, (await coordinator.ViewAsync(families)).BaselineId);
        await Assert.ThrowsAsync<ForbiddenException>(() => app.As<ProgressService>(Actor.Anonymous).ViewAsync(null));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_figures_are_the_counts_the_database_holds_and_a_snapshot_keeps_them(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var coordinator = await app.CoordinatorAsync();
        var progress = app.As<ProgressService>(coordinator);
        var families = await app.PathwayIdAsync();
        var today = UkCalendar.DayOf(TestApp.Now.UtcDateTime);
        var before = await progress.NowAsync(families);

        // One action past its due date (red) and one complete; one pending agreement to extend, under the Pathway.
        var nepacs = await app.OrganisationIdAsync("NEPACS");
        await using (var db = await app.DbAsync())
        {
            var plan = await db.DeliveryPlans.FirstOrDefaultAsync(p => p.PathwayId == families && p.Year == UkCalendar.FinancialYear(today))
                ?? db.DeliveryPlans.Add(new DeliveryPlan { PathwayId = families, Year = UkCalendar.FinancialYear(today) }).Entity;
            plan.Objectives.Add(new PlanObjective
            {
                Title = "Families kept in touch", Order = 99,
                Actions =
                [
                    new PlanAction { Description = "Open the visitor centre on Sundays", DueDate = today.AddDays(-1), Status = PlanActionStatus.OnTrack, OwnerOrganisationId = nepacs },
                    new PlanAction { Description = "Train family engagement workers", DueDate = today.AddDays(60), Status = PlanActionStatus.Complete, Order = 1, OwnerOrganisationId = nepacs },
                ],
            });
            var agreement = CommissioningBuilders.Agreement("AGR-PROGRESS-1", nepacs, today.AddMonths(6), AgreementStatus.Pending, RecommissioningDecision.Extend);
            agreement.Pathways.Add(new AgreementPathway { PathwayId = families });
            db.Agreements.Add(agreement);
            // Ended agreements, one past its end date and one terminated: counted by status, but their decisions are done with.
            foreach (var ended in new[]
            {
                CommissioningBuilders.Agreement("AGR-PROGRESS-ENDED", nepacs, today.AddDays(-1), AgreementStatus.Expired, RecommissioningDecision.Undecided),
                CommissioningBuilders.Agreement("AGR-PROGRESS-STOPPED", nepacs, today.AddMonths(3), AgreementStatus.Terminated, RecommissioningDecision.Extend),
            })
            {
                ended.Pathways.Add(new AgreementPathway { PathwayId = families });
                db.Agreements.Add(ended);
            }
            await db.SaveChangesAsync();
        }

        var now = await progress.NowAsync(families);
        Assert.Equal(before.ActionsRed + 1, now.ActionsRed);
        Assert.Equal(before.ActionsComplete + 1, now.ActionsComplete);
        Assert.Equal(before.AgreementsPending + 1, now.AgreementsPending);
        Assert.Equal((before.AgreementsExpired + 1, before.AgreementsTerminated + 1), (now.AgreementsExpired, now.AgreementsTerminated));
        Assert.Equal(before.DecisionsExtend + 1, now.DecisionsExtend);
        Assert.Equal(before.DecisionsUndecided, now.DecisionsUndecided);

        var offer = await app.As<OfferService>(coordinator).PathwayAsync(families);
        Assert.Equal((offer.Count(OfferStatus.Met), offer.Count(OfferStatus.AtRisk), offer.Count(OfferStatus.Missing)), (now.OfferMet, now.OfferAtRisk, now.OfferMissing));
        Assert.True(now.OfferMet + now.OfferMissing > 0);
        await using (var db = await app.DbAsync())
        {
            var offered = EvaluationGapsService.Offered(db.Services).Where(s => s.Terms.Any(t => t.TaxonomyTerm.PathwayId == families));
            Assert.Equal(await offered.CountAsync(), now.ServicesOffered);
            Assert.Equal(await offered.CountAsync(s => s.Evaluation != EvaluationStatus.None), now.ServicesEvaluated);
            var cutoff = today.AddMonths(-6);
            Assert.Equal(await offered.CountAsync(s => s.AssuredDate >= cutoff), now.ServicesReviewed);
            Assert.Equal(await db.Agreements.CountAsync(a => a.Status == AgreementStatus.Pending), (await progress.NowAsync(null)).AgreementsPending);
        }

        // A snapshot taken today holds the same figures, and later changes leave it as it was.
        var quarter = ProgressService.QuarterStartOf(today);
        await app.As<ProgressService>(Actor.System).TakeAsync(quarter);
        await using (var db = await app.DbAsync())
            await db.Agreements.Where(a => a.Reference == "AGR-PROGRESS-1").ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, AgreementStatus.Active));
        var view = await progress.ViewAsync(families);
        Assert.Equal(now.AgreementsPending, view.Snapshots.Single().Figures.AgreementsPending);
        Assert.Equal(now.AgreementsPending - 1, view.Now.AgreementsPending);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task The_job_takes_the_snapshots_on_the_first_day_of_the_quarter_and_not_again(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        app.Clock.SetUtcNow(new DateTimeOffset(2027, 1, 1, 6, 0, 0, TimeSpan.Zero));
        var written = await app.As<ProgressSnapshotJob>(Actor.System).RunAsync();
        Assert.True(written > 1);
        Assert.Equal(0, await app.As<ProgressSnapshotJob>(Actor.System).RunAsync());
        await using var db = await app.DbAsync();
        Assert.Equal(written, await db.ProgressSnapshots.CountAsync(s => s.QuarterStart == new DateOnly(2027, 1, 1)));
        Assert.Equal(written, await db.ProgressSnapshots.CountAsync());
    }

    [Fact]
    public async Task The_demo_carries_four_past_quarters_per_scope_with_the_earliest_as_baseline()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var view = await app.As<ProgressService>(await app.CoordinatorAsync()).ViewAsync(null);
        Assert.Equal(4, view.Snapshots.Count);
        Assert.Equal(view.Snapshots[0].SnapshotId, view.BaselineId);
        Assert.True(view.Snapshots[0].Figures.OfferMet <= view.Snapshots[^1].Figures.OfferMet);
        Assert.True(view.Snapshots[0].Figures.ActionsRed > view.Snapshots[^1].Figures.ActionsRed);
        await using var db = await app.DbAsync();
        Assert.Equal(4 * (await db.Pathways.CountAsync() + 1), await db.ProgressSnapshots.CountAsync());
    }
}
