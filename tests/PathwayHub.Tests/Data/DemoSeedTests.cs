using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Data;

/// <summary>
/// The Development demo (seed-data/demo) tells the seed documents' story for every role, dated from the day it is loaded, and
/// loading it again adds nothing. Loaded here into a database holding only the reference data, as a first start in Development does.
/// </summary>
public sealed class DemoSeedTests
{
    private static readonly string[] SignIns =
        ["coordinator@pathwayhub.example", "commissioner@pathwayhub.example", "provider@pathwayhub.example", "member@pathwayhub.example",
         "associate@pathwayhub.example", "chair@pathwayhub.example"];

    private static async Task<TestApp> LoadDemoAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider, demo: false);
        await LoadAgainAsync(app);
        return app;
    }

    private static Task LoadAgainAsync(TestApp app) => Startup.InitialiseDatabaseAsync(app.Services,
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Demo:Seed"] = "true" }).Build(),
        new TestApp.TestEnvironment(AppContext.BaseDirectory));

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Some_services_have_an_evaluation_status_so_the_directory_shows_a_mix(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        await using var db = await app.DbAsync();
        var statuses = await db.Services.GroupBy(s => s.Evaluation).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Key, g => g.Count);
        Assert.Equal(1, statuses[PathwayHub.Web.Features.Directory.Evaluation.EvaluationStatus.IndependentEvaluation]);
        Assert.Equal(2, statuses[PathwayHub.Web.Features.Directory.Evaluation.EvaluationStatus.InternalMonitoring]);
        Assert.True(statuses[PathwayHub.Web.Features.Directory.Evaluation.EvaluationStatus.None] > 0);
        var bsf = await db.Services.SingleAsync(s => s.Name == "Building Stronger Families");
        Assert.Equal("Ministry of Justice Justice Data Lab", bsf.Evaluator);
        Assert.True(bsf.EvaluationDate < DateOnly.FromDateTime(TestApp.Now.UtcDateTime));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Some_prisons_have_their_VCS_role_recorded_one_meeting_the_recommendation_and_others_short_of_it(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        var roles = await app.As<PathwayHub.Web.Features.Directory.Prisons.PrisonVcsRoleService>(await app.ActorAsync("coordinator@pathwayhub.example")).OpenPrisonsAsync();
        Assert.Empty(Assert.Single(roles, r => r.Prison == "HMP Durham").Shortfalls);
        Assert.Equal(["VCS coordinator below Custodial manager, formerly principal officer (band 5)", "No strategic VCS lead"], Assert.Single(roles, r => r.Prison == "HMP Holme House").Shortfalls);
        Assert.Equal(4, roles.Count(r => r.CoordinatorName is not null));
        Assert.Contains(roles, r => r.CoordinatorName is null && r.Shortfalls.Contains("No VCS coordinator recorded"));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_pathway_and_sub_group_has_its_officers_three_sectors_associates_and_terms_with_an_induction(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        await using var db = await app.DbAsync();
        var today = app.Clock.UkToday();
        var seats = await db.Memberships.Where(Membership.CurrentOn(today)).Include(m => m.Person).ToListAsync();

        foreach (var pathway in await db.Pathways.ToListAsync())
        {
            var on = seats.Where(s => s.PathwayId == pathway.Id).ToList();
            Assert.True(on.Count(s => s.Role == MembershipRole.Chair) == 1, $"{pathway.Name}: one chair");
            Assert.True(on.Count(s => s.Role == MembershipRole.ViceChair) == 1, $"{pathway.Name}: one vice-chair");
            Assert.True(on.Any(s => s.Role == MembershipRole.Associate), $"{pathway.Name}: associates");
            Assert.Equal([Sector.Statutory, Sector.Private, Sector.VCS],
                on.Where(s => s.Role != MembershipRole.Associate).Select(s => s.Person.Sector).Distinct().Order());
            Assert.NotNull(pathway.LeadOrganisationId);

            var approved = await db.TermsOfReference.SingleAsync(t => t.PathwayId == pathway.Id && t.Status == TorStatus.Approved);
            Assert.Contains("new members", approved.Introduction, StringComparison.Ordinal);
            Assert.Contains($"Welcome to the {pathway.Name} Pathway", approved.Introduction, StringComparison.Ordinal);
            Assert.True(approved.ApprovedOn <= today && approved.ReviewDue == approved.ApprovedOn!.Value.AddYears(1), pathway.Name);
        }
        var draft = await db.TermsOfReference.Include(t => t.Pathway).SingleAsync(t => t.Status == TorStatus.Draft);
        Assert.Equal(("Accommodation", 2), (draft.Pathway.Name, draft.VersionNumber));
        Assert.True(seats.GroupBy(s => s.PersonId).Count(g => g.Select(s => s.PathwayId).Distinct().Count() > 1) >= 3, "three people sit on more than one Pathway");
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Families_and_social_support_has_a_year_of_quarterly_meetings(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        await using var db = await app.DbAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = app.Clock.UkToday();
        var families = await db.Pathways.SingleAsync(p => p.Slug == "families-and-social-support");
        var meetings = await db.Meetings.Where(m => m.PathwayId == families.Id).Include(m => m.Items).ThenInclude(i => i.Papers)
            .Include(m => m.Attendance).OrderBy(m => m.StartUtc).ToListAsync();

        Assert.Equal([MeetingStatus.MinutesApproved, MeetingStatus.MinutesApproved, MeetingStatus.MinutesApproved, MeetingStatus.MinutesDrafted, MeetingStatus.AgendaPublished],
            meetings.Select(m => m.Status));
        Assert.InRange((meetings[^1].StartUtc - meetings[0].StartUtc).TotalDays, 330, 366);
        foreach (var held in meetings.Take(4))
        {
            Assert.True(held.StartUtc < now);
            Assert.Contains(held.Attendance, a => a.Status == AttendanceStatus.Present);
            Assert.Contains(held.Attendance, a => a.Status == AttendanceStatus.Apologies);
            Assert.True(await db.Declarations.AnyAsync(d => d.MeetingId == held.Id), "declarations of interest");
            Assert.True(await db.Decisions.AnyAsync(d => d.AgendaItem.MeetingId == held.Id), "decisions");
            Assert.All(held.Items.Where(i => !i.IsStanding), i => Assert.False(string.IsNullOrEmpty(i.MinutesText)));
        }
        var lastWeek = meetings[3];
        Assert.InRange(today.DayNumber - UkCalendar.DayOf(lastWeek.StartUtc).DayNumber, 6, 8);
        // Draft minutes: the chair and coordinator read them; members and associates do not until they are approved.
        Assert.True(MinutesAccess.MinutesVisible(new PathwayAccess(false, MembershipRole.Chair), lastWeek.Status));
        Assert.False(MinutesAccess.MinutesVisible(new PathwayAccess(false, MembershipRole.ViceChair), lastWeek.Status));

        var next = meetings[4];
        Assert.True(next.StartUtc > now && next.PublishedUtc < now);
        var papers = next.Items.SelectMany(i => i.Papers).ToList();
        Assert.Contains(papers, p => !p.Confidential);
        var confidential = Assert.Single(papers, p => p.Confidential);
        Assert.True(File.Exists(app.Services.GetRequiredService<FileStore>().PathOf(confidential.Sha256)), "the paper is in the file store");
        Assert.StartsWith("%PDF-", await File.ReadAllTextAsync(app.Services.GetRequiredService<FileStore>().PathOf(confidential.Sha256)), StringComparison.Ordinal);
        var proposal = await db.AgendaProposals.SingleAsync(p => p.MeetingId == next.Id);
        Assert.Equal(ProposalStatus.Proposed, proposal.Status);
        Assert.True(await db.Memberships.AnyAsync(m => m.PersonId == proposal.ProposerPersonId && m.PathwayId == families.Id && m.Role == MembershipRole.Associate));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Decisions_are_numbered_and_actions_are_done_open_and_overdue_and_other_pathways_meet_too(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        await using var db = await app.DbAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        var today = app.Clock.UkToday();
        var families = await db.Pathways.SingleAsync(p => p.Slug == "families-and-social-support");

        var numbers = await db.Decisions.Where(d => d.PathwayId == families.Id).OrderBy(d => d.AgendaItem.Meeting.StartUtc).ThenBy(d => d.AgendaItem.Order)
            .Select(d => d.Number).ToListAsync();
        Assert.Equal(Enumerable.Range(1, numbers.Count), numbers);
        var actions = await db.Actions.Where(a => a.PathwayId == families.Id).Include(a => a.Owner).ToListAsync();
        Assert.Contains(actions, a => a.Status == ActionStatus.Done && a.DoneUtc is not null);
        Assert.Contains(actions, a => a.Status == ActionStatus.Open && a.DueDate >= today);
        Assert.Contains(actions, a => a.Status == ActionStatus.Open && a.DueDate < today);
        Assert.True(actions.Select(a => a.Owner.OrganisationId).Distinct().Count() >= 4, "owned by members of several organisations");
        Assert.All(actions.Where(a => a.Status == ActionStatus.Done), a => Assert.True(a.DoneUtc <= now, a.Description));

        var others = await db.Meetings.Where(m => m.PathwayId != families.Id).GroupBy(m => m.Pathway.Slug)
            .Select(g => new { Slug = g.Key, Past = g.Count(m => m.StartUtc < now), Next = g.Count(m => m.StartUtc > now && m.Status == MeetingStatus.AgendaPublished) })
            .ToListAsync();
        Assert.True(others.Count(o => o.Past >= 1 && o.Next >= 1) >= 2, "two other Pathways have a past and a next meeting");

        var planned = await db.DeliveryPlans.Where(p => p.Year == 2026).Select(p => p.Pathway.Slug).ToListAsync();
        Assert.Equal(await db.Pathways.Where(p => p.ParentId == null).Select(p => p.Slug).OrderBy(s => s).ToListAsync(), planned.Order());
        Assert.Equal(7, planned.Count);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Every_demo_sign_in_has_an_inbox_and_the_families_chair_can_sign_in(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        await using var db = await app.DbAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;

        foreach (var email in SignIns)
        {
            var user = await db.Users.SingleAsync(u => u.Email == email);
            var inbox = await db.Notifications.Where(n => n.RecipientId == user.Id).ToListAsync();
            Assert.True(inbox.Count > 0, $"{email} has notifications");
            Assert.All(inbox, n => Assert.True(n.CreatedUtc <= now && n.EmailSentUtc is not null, n.DedupKey));
        }
        Assert.True(await db.Notifications.AnyAsync(n => n.ReadUtc == null), "some are unread");

        var chair = await app.ActorAsync("chair@pathwayhub.example");
        Assert.True(chair.IsIn(Roles.PathwayMember));
        var families = await db.Pathways.SingleAsync(p => p.Slug == "families-and-social-support");
        Assert.True(await db.Memberships.Where(Membership.CurrentOn(app.Clock.UkToday()))
            .AnyAsync(m => m.PersonId == chair.PersonId && m.PathwayId == families.Id && m.Role == MembershipRole.Chair));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Loading_the_demo_twice_adds_nothing(DatabaseProvider provider)
    {
        await using var app = await LoadDemoAsync(provider);
        var before = await CountAsync(app);
        var papers = Directory.GetFiles(Path.Combine(app.Settings.DataFolder, "papers"), "*", SearchOption.AllDirectories).Length;

        app.Clock.Advance(TimeSpan.FromDays(1));
        await LoadAgainAsync(app);

        Assert.Equal(before, await CountAsync(app));
        Assert.Equal(papers, Directory.GetFiles(Path.Combine(app.Settings.DataFolder, "papers"), "*", SearchOption.AllDirectories).Length);
    }

    private static async Task<string> CountAsync(TestApp app)
    {
        await using var db = await app.DbAsync();
        var counts = new[]
        {
            await db.Users.CountAsync(), await db.People.CountAsync(), await db.Memberships.CountAsync(), await db.Organisations.CountAsync(),
            await db.TermsOfReference.CountAsync(), await db.Meetings.CountAsync(), await db.AgendaItems.CountAsync(), await db.Papers.CountAsync(),
            await db.Attendance.CountAsync(), await db.Declarations.CountAsync(), await db.Decisions.CountAsync(), await db.Actions.CountAsync(),
            await db.ActionNotes.CountAsync(), await db.AgendaProposals.CountAsync(), await db.DeliveryPlans.CountAsync(), await db.PlanActions.CountAsync(),
            await db.Notifications.CountAsync(), await db.AuditEntries.CountAsync(), await db.PrisonVcsRoles.CountAsync(),
            await db.Services.CountAsync(s => s.Evaluation != PathwayHub.Web.Features.Directory.Evaluation.EvaluationStatus.None),
        };
        return string.Join(",", counts);
    }
}
