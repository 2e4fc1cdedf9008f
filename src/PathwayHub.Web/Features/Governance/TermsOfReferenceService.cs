using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Governance;

public sealed record TorSummary(int Id, int VersionNumber, TorStatus Status, DateOnly? ApprovedOn, DateOnly? ReviewDue);
public sealed record TorSectionDiff(string Section, IReadOnlyList<(char Op, string Line)> Lines);

public sealed class TorInput
{
    public string Purpose { get; set; } = "";
    public string Scope { get; set; } = "";
    public string Membership { get; set; } = "";
    public string Quorum { get; set; } = "";
    public int QuorumCount { get; set; } = 3;
    public string MeetingFrequency { get; set; } = "";
    public string DecisionMaking { get; set; } = "";
    public string ReportingLines { get; set; } = "";
    public string Introduction { get; set; } = "";
    public Guid Version { get; set; }
}

/// <summary>
/// Versioned terms of reference: a draft is edited, approved (superseding the approved version, so exactly one is approved)
/// and then frozen. Everyone on the Pathway reads approved and past versions; only coordinators write.
/// </summary>
public sealed class TermsOfReferenceService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => clock.UkToday();

    public async Task<IReadOnlyList<TorSummary>> ListAsync(int pathwayId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var access = await RequireReaderAsync(db, pathwayId, ct);
        return await db.TermsOfReference.AsNoTracking().Where(t => t.PathwayId == pathwayId && (access.IsCoordinator || t.Status != TorStatus.Draft))
            .OrderByDescending(t => t.VersionNumber)
            .Select(t => new TorSummary(t.Id, t.VersionNumber, t.Status, t.ApprovedOn, t.ReviewDue)).ToListAsync(ct);
    }

    public async Task<TermsOfReference> GetAsync(int id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var tor = await db.TermsOfReference.AsNoTracking().FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Those terms of reference do not exist.");
        var access = await RequireReaderAsync(db, tor.PathwayId, ct);
        if (tor.Status == TorStatus.Draft && !access.IsCoordinator) throw new NotFoundException("Those terms of reference do not exist.");
        return tor;
    }

    public async Task<TermsOfReference?> CurrentAsync(int pathwayId, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await RequireReaderAsync(db, pathwayId, ct);
        return await db.TermsOfReference.AsNoTracking().FirstOrDefaultAsync(t => t.PathwayId == pathwayId && t.Status == TorStatus.Approved, ct);
    }

    /// <summary>A new draft, starting from the approved version's text (or empty). Only one draft at a time.</summary>
    public async Task<int> CreateDraftAsync(int pathwayId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var existing = await db.TermsOfReference.Where(t => t.PathwayId == pathwayId && t.Status == TorStatus.Draft).Select(t => (int?)t.Id).FirstOrDefaultAsync(ct);
        if (existing is { } draftId) return draftId;
        var from = await db.TermsOfReference.AsNoTracking().FirstOrDefaultAsync(t => t.PathwayId == pathwayId && t.Status == TorStatus.Approved, ct);
        var next = (await db.TermsOfReference.Where(t => t.PathwayId == pathwayId).MaxAsync(t => (int?)t.VersionNumber, ct) ?? 0) + 1;
        var draft = new TermsOfReference { PathwayId = pathwayId, VersionNumber = next, Status = TorStatus.Draft };
        if (from is not null) Copy(Input(from), draft);
        db.TermsOfReference.Add(draft);
        await db.SaveChangesAsync(ct);
        return draft.Id;
    }

    public async Task UpdateDraftAsync(int id, TorInput input, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.Purpose)) errors[nameof(input.Purpose)] = "Enter the purpose of the Pathway.";
        if (input.QuorumCount is < 1 or > 50) errors[nameof(input.QuorumCount)] = "The quorum must be between 1 and 50 members.";
        ValidationFailedException.ThrowIfAny(errors);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        var tor = await db.TermsOfReference.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Those terms of reference do not exist.");
        if (tor.Status != TorStatus.Draft) throw new ValidationFailedException(new Dictionary<string, string> { [""] = "Only a draft can be changed; approved versions are kept as they were approved." });
        db.Entry(tor).Property(t => t.Version).OriginalValue = input.Version;
        Copy(input, tor);
        await db.SaveChangesOrConflictAsync(ct);
    }

    /// <summary>Approves a draft: the previously approved version becomes superseded, in one transaction.</summary>
    public async Task ApproveAsync(int id, DateOnly approvedOn, int? atMeetingId, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var tor = await db.TermsOfReference.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new NotFoundException("Those terms of reference do not exist.");
        if (tor.Status != TorStatus.Draft) throw new ValidationFailedException(new Dictionary<string, string> { [""] = "Only a draft can be approved." });
        if (atMeetingId is { } mid && !await db.Meetings.AnyAsync(m => m.Id == mid && m.PathwayId == tor.PathwayId, ct))
            throw new ValidationFailedException(new Dictionary<string, string> { ["MeetingId"] = "Choose a meeting of this Pathway." });
        foreach (var old in await db.TermsOfReference.Where(t => t.PathwayId == tor.PathwayId && t.Status == TorStatus.Approved).ToListAsync(ct))
            old.Status = TorStatus.Superseded;
        await db.SaveChangesAsync(ct); // the superseded row must leave the one-approved index before the new one joins it
        tor.Status = TorStatus.Approved;
        tor.ApprovedOn = approvedOn;
        tor.ApprovedAtMeetingId = atMeetingId;
        tor.ReviewDue = approvedOn.AddYears(1);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    public async Task AcknowledgeAsync(int id, CancellationToken ct = default)
    {
        var tor = await GetAsync(id, ct);
        var personId = user.Actor.PersonId ?? throw new ForbiddenException("Only Pathway members and associates record reading the terms of reference.");
        await using var db = await dbs.OpenAsync(user.Actor, ct);
        if (await db.TorAcknowledgements.AnyAsync(a => a.TermsOfReferenceId == id && a.PersonId == personId, ct)) return;
        db.TorAcknowledgements.Add(new TorAcknowledgement { TermsOfReferenceId = tor.Id, PersonId = personId, ReadUtc = clock.GetUtcNow().UtcDateTime });
        await db.SaveChangesAsync(ct);
    }

    public async Task<bool> HasAcknowledgedAsync(int id, CancellationToken ct = default)
    {
        if (user.Actor.PersonId is not { } personId) return false;
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.TorAcknowledgements.AnyAsync(a => a.TermsOfReferenceId == id && a.PersonId == personId, ct);
    }

    /// <summary>What changed between two versions, section by section, line by line.</summary>
    public async Task<IReadOnlyList<TorSectionDiff>> CompareAsync(int fromId, int toId, CancellationToken ct = default)
    {
        var a = await GetAsync(fromId, ct);
        var b = await GetAsync(toId, ct);
        return TermsOfReference.Sections
            .Select(s => new TorSectionDiff(s.Name, LineDiff.Diff(s.Get(a), s.Get(b))))
            .Where(d => d.Lines.Any(l => l.Op != ' ')).ToList();
    }

    public bool IsReviewDue(TermsOfReference tor) => tor.ReviewDue is { } due && due <= Today.AddDays(30);

    public static TorInput Input(TermsOfReference t) => new()
    {
        Purpose = t.Purpose, Scope = t.Scope, Membership = t.Membership, Quorum = t.Quorum, QuorumCount = t.QuorumCount,
        MeetingFrequency = t.MeetingFrequency, DecisionMaking = t.DecisionMaking, ReportingLines = t.ReportingLines, Introduction = t.Introduction, Version = t.Version,
    };

    private static void Copy(TorInput i, TermsOfReference t)
    {
        t.Purpose = i.Purpose; t.Scope = i.Scope; t.Membership = i.Membership; t.Quorum = i.Quorum; t.QuorumCount = i.QuorumCount;
        t.MeetingFrequency = i.MeetingFrequency; t.DecisionMaking = i.DecisionMaking; t.ReportingLines = i.ReportingLines; t.Introduction = i.Introduction;
    }

    private async Task<PathwayAccess> RequireReaderAsync(AppDbContext db, int pathwayId, CancellationToken ct)
    {
        var access = await PathwayAccess.ForAsync(db, user.Actor, pathwayId, Today, ct);
        if (!access.SeesMembership) throw new ForbiddenException("Only the Pathway's members and associates can read its terms of reference.");
        return access;
    }
}

/// <summary>A longest-common-subsequence line diff: ' ' kept, '-' removed, '+' added.</summary>
public static class LineDiff
{
    public static IReadOnlyList<(char Op, string Line)> Diff(string before, string after)
    {
        var a = before.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var b = after.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
            for (var j = b.Length - 1; j >= 0; j--)
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
        var result = new List<(char, string)>();
        int x = 0, y = 0;
        while (x < a.Length && y < b.Length)
        {
            if (a[x] == b[y]) { result.Add((' ', a[x])); x++; y++; }
            else if (lcs[x + 1, y] >= lcs[x, y + 1]) result.Add(('-', a[x++]));
            else result.Add(('+', b[y++]));
        }
        while (x < a.Length) result.Add(('-', a[x++]));
        while (y < b.Length) result.Add(('+', b[y++]));
        return result;
    }
}
