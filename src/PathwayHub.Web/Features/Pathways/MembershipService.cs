using System.Globalization;
using System.Net.Mail;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Pathways;

public enum MemberFilter { Current, Past, All }
public enum MemberKind { All, Members, Associates }

public sealed record MemberRow(
    int MembershipId, int PersonId, string FullName, string Email, string? JobTitle, int? OrganisationId, string? Organisation, Sector Sector,
    MembershipRole Role, DateOnly StartDate, DateOnly? EndDate, bool IsCurrent, Guid Version, Guid PersonVersion);

/// <summary>What a coordinator enters to add or change a membership. A new person is created when <see cref="PersonId"/> is empty.</summary>
public sealed class MembershipInput
{
    public int? MembershipId { get; set; }
    public int? PersonId { get; set; }
    public string FullName { get; set; } = "";
    public string Email { get; set; } = "";
    public string? JobTitle { get; set; }
    public int? OrganisationId { get; set; }
    public Sector Sector { get; set; } = Sector.VCS;
    public MembershipRole Role { get; set; } = MembershipRole.Member;
    public DateOnly? StartDate { get; set; }
    public DateOnly? EndDate { get; set; }
    public Guid MembershipVersion { get; set; }
    public Guid PersonVersion { get; set; }
}

public sealed record PersonOption(int Id, string FullName, string Email, string? JobTitle, int? OrganisationId, Sector Sector, Guid Version);

/// <summary>
/// Memberships of Pathways: who sits on each, in which role, and for how long. Only coordinators change them;
/// coordinators, commissioners and the Pathway's own members and associates read them. Nothing is deleted: a membership ends.
/// </summary>
public sealed class MembershipService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    private DateOnly Today => clock.UkToday();

    public async Task<IReadOnlyList<MemberRow>> ListAsync(int pathwayId, MemberFilter filter = MemberFilter.Current, MemberKind kind = MemberKind.All, CancellationToken ct = default)
    {
        var today = Today;
        await using var db = await dbs.CreateDbContextAsync(ct);
        await RequireReaderAsync(db, pathwayId, ct);
        var q = db.Memberships.AsNoTracking().Where(m => m.PathwayId == pathwayId);
        q = filter switch
        {
            MemberFilter.Current => q.Where(Membership.CurrentOn(today)),
            MemberFilter.Past => q.Where(m => m.EndDate != null && m.EndDate < today),
            _ => q,
        };
        q = kind switch
        {
            MemberKind.Members => q.Where(m => m.Role != MembershipRole.Associate),
            MemberKind.Associates => q.Where(m => m.Role == MembershipRole.Associate),
            _ => q,
        };
        var rows = await q
            .OrderBy(m => m.Role).ThenBy(m => m.Person.FullName)
            .Select(m => new MemberRow(m.Id, m.PersonId, m.Person.FullName, m.Person.Email, m.Person.JobTitle,
                m.Person.OrganisationId, m.Person.Organisation!.Name, m.Person.Sector, m.Role, m.StartDate, m.EndDate,
                m.StartDate <= today && (m.EndDate == null || m.EndDate >= today), m.Version, m.Person.Version))
            .ToListAsync(ct);
        return rows;
    }

    public async Task<IReadOnlyList<PersonOption>> SearchPeopleAsync(string? text, CancellationToken ct = default)
    {
        user.Actor.Require(Roles.Coordinator);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var q = db.People.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(text))
        {
            var t = text.Trim().ToLower();
            q = q.Where(p => p.FullName.ToLower().Contains(t) || p.Email.ToLower().Contains(t));
        }
        return await q.OrderBy(p => p.FullName).Take(20)
            .Select(p => new PersonOption(p.Id, p.FullName, p.Email, p.JobTitle, p.OrganisationId, p.Sector, p.Version))
            .ToListAsync(ct);
    }

    /// <summary>Adds a membership (creating the person if new) or changes an existing one; returns the membership id.</summary>
    public async Task<int> SaveAsync(int pathwayId, MembershipInput input, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        var errors = Validate(input);
        await using var db = await dbs.OpenAsync(actor, ct);
        if (!await db.Pathways.AnyAsync(p => p.Id == pathwayId, ct)) throw new NotFoundException("That Pathway no longer exists.");

        Membership? membership = null;
        if (input.MembershipId is { } mid)
        {
            membership = await db.Memberships.Include(m => m.Person).FirstOrDefaultAsync(m => m.Id == mid && m.PathwayId == pathwayId, ct)
                ?? throw new NotFoundException("That membership no longer exists.");
            input.PersonId = membership.PersonId;
        }

        Person? person = input.PersonId is { } pid ? membership?.Person ?? await db.People.FirstOrDefaultAsync(p => p.Id == pid, ct) : null;
        if (input.PersonId is not null && person is null) errors[nameof(input.PersonId)] = "That person no longer exists.";

        var email = input.Email.Trim();
        if (!errors.ContainsKey(nameof(input.Email)) &&
            await db.People.AnyAsync(p => p.Email.ToLower() == email.ToLower() && p.Id != (person == null ? 0 : person.Id), ct))
            errors[nameof(input.Email)] = "Another person already has this email address. Choose them from the list instead.";
        if (input.OrganisationId is { } oid && !await db.Organisations.AnyAsync(o => o.Id == oid, ct))
            errors[nameof(input.OrganisationId)] = "Choose an organisation from the list.";

        if (person is not null && input.StartDate is { } start && !errors.ContainsKey(nameof(input.EndDate)))
        {
            var end = input.EndDate;
            var overlapping = await db.Memberships.AnyAsync(m =>
                m.PersonId == person.Id && m.PathwayId == pathwayId && m.Id != (membership == null ? 0 : membership.Id) &&
                m.StartDate <= (end ?? DateOnly.MaxValue) && (m.EndDate == null || m.EndDate >= start), ct);
            if (overlapping) errors[nameof(input.StartDate)] = "This person already has a membership of this Pathway covering these dates.";
        }
        ValidationFailedException.ThrowIfAny(errors);

        if (person is null)
        {
            person = new Person();
            db.People.Add(person);
        }
        else
        {
            db.Entry(person).Property(p => p.Version).OriginalValue = input.PersonVersion;
        }
        person.FullName = input.FullName.Trim();
        person.Email = email;
        person.JobTitle = string.IsNullOrWhiteSpace(input.JobTitle) ? null : input.JobTitle.Trim();
        person.OrganisationId = input.OrganisationId;
        person.Sector = input.Sector;

        if (membership is null)
        {
            membership = new Membership { Person = person, PathwayId = pathwayId };
            db.Memberships.Add(membership);
        }
        else
        {
            db.Entry(membership).Property(m => m.Version).OriginalValue = input.MembershipVersion;
        }
        membership.Role = input.Role;
        membership.StartDate = input.StartDate!.Value;
        membership.EndDate = input.EndDate;
        await db.SaveChangesOrConflictAsync(ct);
        return membership.Id;
    }

    /// <summary>Ends a membership on the given day; the record stays as history.</summary>
    public async Task EndAsync(int membershipId, DateOnly endDate, Guid version, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        await using var db = await dbs.OpenAsync(actor, ct);
        var m = await db.Memberships.FirstOrDefaultAsync(x => x.Id == membershipId, ct) ?? throw new NotFoundException("That membership no longer exists.");
        if (endDate < m.StartDate)
            throw new ValidationFailedException(new Dictionary<string, string> { [nameof(MembershipInput.EndDate)] = "The end date cannot be before the start date." });
        db.Entry(m).Property(x => x.Version).OriginalValue = version;
        m.EndDate = endDate;
        await db.SaveChangesOrConflictAsync(ct);
    }

    public async Task<string> ExportCsvAsync(int pathwayId, MemberFilter filter, MemberKind kind, CancellationToken ct = default)
    {
        var rows = await ListAsync(pathwayId, filter, kind, ct);
        var d = "yyyy-MM-dd";
        return Csv.Write(["Name", "Email", "Job title", "Organisation", "Sector", "Role", "Start", "End"],
            rows.Select(r => new[]
            {
                r.FullName, r.Email, r.JobTitle, r.Organisation, r.Sector.ToString(), PathwayText.RoleLabel(r.Role),
                r.StartDate.ToString(d, CultureInfo.InvariantCulture), r.EndDate?.ToString(d, CultureInfo.InvariantCulture),
            }));
    }


    public static Dictionary<string, string> Validate(MembershipInput input)
    {
        var errors = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(input.FullName)) errors[nameof(input.FullName)] = "Enter the person's name.";
        else if (input.FullName.Length > 200) errors[nameof(input.FullName)] = "The name must be 200 characters or fewer.";
        if (string.IsNullOrWhiteSpace(input.Email)) errors[nameof(input.Email)] = "Enter an email address.";
        else if (!FieldRules.IsEmail(input.Email.Trim())) errors[nameof(input.Email)] = "Enter an email address in the correct format, like name@example.org.";
        if (input.JobTitle?.Length > 200) errors[nameof(input.JobTitle)] = "The job title must be 200 characters or fewer.";
        if (input.StartDate is null) errors[nameof(input.StartDate)] = "Enter the start date.";
        if (input.StartDate is { } s && input.EndDate is { } e && e < s) errors[nameof(input.EndDate)] = "The end date cannot be before the start date.";
        return errors;
    }


    private async Task RequireReaderAsync(AppDbContext db, int pathwayId, CancellationToken ct)
    {
        if ((await PathwayAccess.ForAsync(db, user.Actor, pathwayId, Today, ct)).SeesMembership) return;
        throw new ForbiddenException("Only the Pathway's members and associates, coordinators and commissioners can see its membership.");
    }
}
