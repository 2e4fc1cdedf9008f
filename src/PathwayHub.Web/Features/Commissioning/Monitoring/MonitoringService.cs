using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using static PathwayHub.Web.Features.Commissioning.CommissioningQueries;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>
/// Contract monitoring of an agreement: its milestones and its quarterly performance returns. Only commissioners and the
/// coordinator record them; they are read with the agreement (<see cref="AgreementLifecycleService.GetAgreementAsync"/>).
/// </summary>
public sealed class MonitoringService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;
    private DateOnly Today => UkCalendar.DayOf(Now);
    private Actor Actor => user.Actor;

    public async Task<int> AddMilestoneAsync(int agreementId, MilestoneInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Title)) errors[nameof(input.Title)] = "Describe the milestone.";
        else if (input.Title.Length > 200) errors[nameof(input.Title)] = "Keep the title to 200 characters.";
        if (input.DueDate is null) errors[nameof(input.DueDate)] = "Enter the date the milestone is due.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        if (agreement.Status == AgreementStatus.Terminated) throw Invalid("The agreement is terminated.");
        var milestone = new Milestone { AgreementId = agreementId, Title = input.Title.Trim(), Kind = input.Kind, DueDate = input.DueDate!.Value, Status = MilestoneStatus.Scheduled };
        db.Milestones.Add(milestone);
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return milestone.Id;
    }

    public async Task UpdateMilestoneAsync(int id, MilestoneStatus status, DateOnly? completedDate, string? notes, Guid version, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        if (status != MilestoneStatus.Scheduled && completedDate is { } d && d > Today)
            throw new ValidationFailedException(new Dictionary<string, string> { ["CompletedDate"] = "The date it was assessed cannot be in the future." });
        await using var db = await dbs.OpenAsync(Actor, ct);
        var milestone = await db.Milestones.Include(m => m.Agreement).FirstOrDefaultAsync(m => m.Id == id, ct) ?? throw new NotFoundException("That milestone does not exist.");
        db.Entry(milestone).Property(m => m.Version).OriginalValue = version;
        milestone.Status = status;
        milestone.CompletedDate = status == MilestoneStatus.Scheduled ? null : completedDate ?? Today;
        milestone.Notes = FieldRules.Clean(notes);
        milestone.Agreement.LastModifiedUtc = Now;
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Adds one measure of a quarterly performance return. The RAG status is derived from target and actual unless given.</summary>
    public async Task<int> AddReturnAsync(int agreementId, ReturnInput input, CancellationToken ct = default)
    {
        CommissioningAccess.RequireManager(Actor);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Measure)) errors[nameof(input.Measure)] = "Name the measure, for example \"Families supported\".";
        if (input.Quarter is < 1 or > 4) errors[nameof(input.Quarter)] = "Choose a quarter from Q1 (April to June) to Q4 (January to March).";
        if (input.FinancialYear is < 2000 or > 2100) errors[nameof(input.FinancialYear)] = "Enter the year the financial year starts, for example 2026 for 2026-27.";
        if (input.Target is null) errors[nameof(input.Target)] = "Enter the target.";
        else if (input.Target < 0) errors[nameof(input.Target)] = "The target cannot be negative.";
        if (input.Actual is null) errors[nameof(input.Actual)] = "Enter the actual figure.";
        else if (input.Actual < 0) errors[nameof(input.Actual)] = "The actual figure cannot be negative.";
        if (input.Rag == Rag.Complete) errors[nameof(input.Rag)] = "A performance return is red, amber or green; complete is for Delivery Plan actions.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(Actor, ct);
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct) ?? throw new NotFoundException("That agreement does not exist.");
        var measure = input.Measure.Trim();
        if (await db.PerformanceReturns.AnyAsync(r => r.AgreementId == agreementId && r.FinancialYear == input.FinancialYear && r.Quarter == input.Quarter && r.Measure == measure, ct))
            throw new ValidationFailedException(new Dictionary<string, string> { [nameof(input.Measure)] = $"This measure is already recorded for {CommissioningText.Quarter(input.FinancialYear, input.Quarter)}." });
        var row = new PerformanceReturn
        {
            AgreementId = agreementId, FinancialYear = input.FinancialYear, Quarter = input.Quarter, Measure = measure, Target = input.Target!.Value,
            Actual = input.Actual!.Value, Commentary = FieldRules.Clean(input.Commentary), Rag = input.Rag ?? PerformanceReturn.DeriveRag(input.Target.Value, input.Actual.Value),
            SubmittedUtc = Now, SubmittedBy = Actor.Name,
        };
        db.PerformanceReturns.Add(row);
        agreement.LastModifiedUtc = Now;
        await db.SaveChangesAsync(ct);
        return row.Id;
    }
}
