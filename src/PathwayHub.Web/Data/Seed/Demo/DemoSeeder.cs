using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Prisons;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data.Seed.Demo;

/// <summary>
/// The Development demo from seed-data/demo, dated from the day it is loaded (<see cref="DemoDates"/>) so that it never goes stale.
/// Two parts, each loaded once: the people, seats and sign-ins (while there are no users), then the Pathways' governance — terms of
/// reference, meetings with their minutes, decisions, actions and papers, and the inbox each sign-in would have — in one transaction,
/// while there are no terms of reference and no meetings. Loading it again adds nothing.
/// </summary>
internal sealed class DemoSeeder(IDbContextFactory<AppDbContext> dbs, IServiceProvider services, ILogger log)
{
    public async Task<IReadOnlyList<(string Email, string Role)>> SeedAsync(string folder, CancellationToken ct)
    {
        var dates = new DemoDates(services.GetRequiredService<TimeProvider>());
        var users = services.GetRequiredService<UserManager<AppUser>>();
        var created = await new DemoPeople(dbs, users, dates).SeedAsync(Seeder.Read<DemoPeopleSeed>(folder, Path.Combine("demo", "people.json")), ct);
        await SeedGovernanceAsync(folder, dates, ct);
        await SeedPrisonRolesAsync(folder, dates, ct);
        await SeedServiceEvaluationsAsync(folder, dates, ct);
        await DemoProgress.SeedAsync(dbs, dates, services.GetRequiredService<ReminderOptions>(), ct);
        return created;
    }

    /// <summary>Some prisons' VCS coordinator roles, while none is recorded.</summary>
    private async Task SeedPrisonRolesAsync(string folder, DemoDates dates, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.PrisonVcsRoles.AnyAsync(ct)) return;
        var prisons = await db.Prisons.ToDictionaryAsync(p => p.Slug, p => p.Id, ct);
        foreach (var r in Seeder.Read<List<DemoVcsRoleSeed>>(folder, Path.Combine("demo", "prison-vcs-roles.json")))
            db.PrisonVcsRoles.Add(new PrisonVcsRole
            {
                PrisonId = prisons[r.Prison], CoordinatorName = r.Name, CoordinatorGrade = r.Grade, CoordinatorContact = r.Contact,
                CoordinatorSince = dates.DayOrNull(r.Since), StrategicLeadGrade = r.StrategicLead,
            });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>Some services' evaluation status, while no service has one.</summary>
    private async Task SeedServiceEvaluationsAsync(string folder, DemoDates dates, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.Services.AnyAsync(s => s.Evaluation != EvaluationStatus.None, ct)) return;
        foreach (var e in Seeder.Read<List<DemoEvaluationSeed>>(folder, Path.Combine("demo", "service-evaluations.json")))
        {
            var service = await db.Services.SingleAsync(s => s.Name == e.Service, ct);
            service.Evaluation = e.Status;
            service.Evaluator = e.Evaluator;
            service.EvaluationDate = dates.DayOrNull(e.Date);
            service.EvaluationUrl = e.Url;
        }
        await db.SaveChangesAsync(ct);
    }

    private sealed record DemoEvaluationSeed(string Service, EvaluationStatus Status, string? Evaluator, string? Date, string? Url);

    private sealed record DemoVcsRoleSeed(string Prison, string Name, PrisonGrade? Grade, string? Contact, string? Since, PrisonGrade? StrategicLead);

    private async Task SeedGovernanceAsync(string folder, DemoDates dates, CancellationToken ct)
    {
        await using var db = await dbs.OpenAsync(Actor.System, ct);
        if (await db.TermsOfReference.AnyAsync(ct) || await db.Meetings.AnyAsync(ct)) return;
        var people = await db.People.ToDictionaryAsync(p => p.Email, StringComparer.OrdinalIgnoreCase, ct);
        if (!people.ContainsKey("chair@pathwayhub.example"))
        {
            // A database made with an earlier demo has other people: its governance would not match them.
            log.LogWarning("The demo's meetings and terms of reference are not loaded: this database was made by an earlier demo. Delete it to get the current one.");
            return;
        }
        var meetingsSeed = Seeder.Read<DemoMeetingsSeed>(folder, Path.Combine("demo", "meetings.json"));
        var termsSeed = Seeder.Read<DemoTermsSeed>(folder, Path.Combine("demo", "terms-of-reference.json"));

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var pathways = await db.Pathways.ToDictionaryAsync(p => p.Slug, ct);
        var memberships = await db.Memberships.ToListAsync(ct);
        var loader = new DemoMeetings(db, dates, services.GetRequiredService<FileStore>(), pathways, people, memberships);
        var meetings = await loader.AddAsync(meetingsSeed, ct);
        await db.SaveChangesAsync(ct);
        loader.AddDeclarations(meetingsSeed, meetings);
        DemoTerms.Add(db, termsSeed, pathways, meetings, dates);
        await db.SaveChangesAsync(ct);
        await new DemoNotifications(db, dates, services.GetRequiredService<ReminderOptions>()).AddAsync(meetings.Values, ct);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        log.LogInformation("Seeded the demo's terms of reference, {Meetings} meetings and notifications from {Folder}", meetings.Count, folder);
    }
}
