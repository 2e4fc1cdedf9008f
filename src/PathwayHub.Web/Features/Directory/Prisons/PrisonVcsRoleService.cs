using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory.Prisons;

/// <summary>A prison's VCS role as shown: what is recorded (null fields where nothing is) and where it falls short.</summary>
public sealed record VcsRoleView(int PrisonId, string Prison, string? CoordinatorName, PrisonGrade? CoordinatorGrade, string? CoordinatorContact,
    DateOnly? CoordinatorSince, PrisonGrade? StrategicLeadGrade, Guid Version, IReadOnlyList<string> Shortfalls, bool CanEdit);

public sealed class VcsRoleInput
{
    public string? CoordinatorName { get; set; }
    public PrisonGrade? CoordinatorGrade { get; set; }
    public string? CoordinatorContact { get; set; }
    public DateOnly? CoordinatorSince { get; set; }
    public PrisonGrade? StrategicLeadGrade { get; set; }
    public Guid Version { get; set; }
}

/// <summary>
/// The VCS coordinator role in each prison. Any signed-in user reads it (the prison page); only the coordinator and
/// commissioners record it (<see cref="CanEdit"/>, the one rule). Open prisons only: a closed prison has no role to fill.
/// </summary>
public sealed class PrisonVcsRoleService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    public static bool CanEdit(Actor actor) => actor.IsIn(Roles.Coordinator, Roles.Commissioner);

    public async Task<VcsRoleView> GetAsync(int prisonId, CancellationToken ct = default)
    {
        RequireSignedIn(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var prison = await db.Prisons.AsNoTracking().Where(p => p.Id == prisonId).Select(p => new { p.Id, p.Name }).FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException("That prison is not in the register.");
        var role = await db.PrisonVcsRoles.AsNoTracking().FirstOrDefaultAsync(r => r.PrisonId == prisonId, ct);
        return View(prison.Id, prison.Name, role, CanEdit(user.Actor));
    }

    /// <summary>Every open prison's role, by name: the regional picture (report and prisons list).</summary>
    public async Task<IReadOnlyList<VcsRoleView>> OpenPrisonsAsync(CancellationToken ct = default)
    {
        RequireSignedIn(user.Actor);
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await ForOpenPrisonsAsync(db, clock.UkToday(), CanEdit(user.Actor), ct);
    }

    /// <summary>The same list for a caller that has already decided who may read it (the regional report).</summary>
    public static async Task<IReadOnlyList<VcsRoleView>> ForOpenPrisonsAsync(AppDbContext db, DateOnly today, bool canEdit, CancellationToken ct)
    {
        var rows = await db.Prisons.AsNoTracking().Where(Prison.OpenOn(today)).OrderBy(p => p.Name)
            .Select(p => new { p.Id, p.Name, Role = db.PrisonVcsRoles.FirstOrDefault(r => r.PrisonId == p.Id) }).ToListAsync(ct);
        return rows.Select(r => View(r.Id, r.Name, r.Role, canEdit)).ToList();
    }

    public async Task<Guid> SaveAsync(int prisonId, VcsRoleInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        if (!CanEdit(actor)) throw new ForbiddenException("Only the coordinator and commissioners record a prison's VCS coordinator role.");
        var errors = new Dictionary<string, string>();
        var name = Trimmed(input.CoordinatorName);
        var contact = Trimmed(input.CoordinatorContact);
        if (name?.Length > 200) errors[nameof(input.CoordinatorName)] = "Enter a name of 200 characters or fewer.";
        if (contact?.Length > 200) errors[nameof(input.CoordinatorContact)] = "Enter contact details of 200 characters or fewer.";
        if (name is null && (input.CoordinatorGrade is not null || contact is not null || input.CoordinatorSince is not null))
            errors[nameof(input.CoordinatorName)] = "Enter the VCS coordinator's name, or clear their other details.";
        if (input.CoordinatorSince is { } since && since > clock.UkToday())
            errors[nameof(input.CoordinatorSince)] = "The date they took on the role cannot be in the future.";
        if (input.CoordinatorGrade is { } g && !Enum.IsDefined(g)) errors[nameof(input.CoordinatorGrade)] = "Choose a grade from the list.";
        if (input.StrategicLeadGrade is { } s && !Enum.IsDefined(s)) errors[nameof(input.StrategicLeadGrade)] = "Choose a grade from the list.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var db = await dbs.OpenAsync(actor, ct);
        var today = clock.UkToday();
        var prison = await db.Prisons.FirstOrDefaultAsync(p => p.Id == prisonId, ct) ?? throw new NotFoundException("That prison is not in the register.");
        if (!prison.IsOpenOn(today)) throw new ValidationFailedException(new Dictionary<string, string> { [""] = $"{prison.Name} is closed: it has no VCS role to record." });
        var role = await db.PrisonVcsRoles.FirstOrDefaultAsync(r => r.PrisonId == prisonId, ct);
        if (role is null)
        {
            if (input.Version != Guid.Empty) throw new ConcurrencyConflictException(ConcurrencyConflictException.DefaultMessage);
            role = new PrisonVcsRole { PrisonId = prisonId };
            db.PrisonVcsRoles.Add(role);
        }
        else
        {
            db.Entry(role).Property(r => r.Version).OriginalValue = input.Version;
        }
        role.CoordinatorName = name;
        role.CoordinatorGrade = name is null ? null : input.CoordinatorGrade;
        role.CoordinatorContact = contact;
        role.CoordinatorSince = input.CoordinatorSince;
        role.StrategicLeadGrade = input.StrategicLeadGrade;
        await db.SaveChangesOrConflictAsync(ct);
        return role.Version;
    }

    private static VcsRoleView View(int id, string name, PrisonVcsRole? r, bool canEdit) =>
        new(id, name, r?.CoordinatorName, r?.CoordinatorGrade, r?.CoordinatorContact, r?.CoordinatorSince, r?.StrategicLeadGrade, r?.Version ?? Guid.Empty,
            VcsRoleStandard.Shortfalls(r?.CoordinatorGrade, r?.CoordinatorName, r?.StrategicLeadGrade), canEdit);

    private static string? Trimmed(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static void RequireSignedIn(Actor actor)
    {
        if (!actor.IsAuthenticated) throw new ForbiddenException("Sign in to see prisons' VCS roles.");
    }
}
