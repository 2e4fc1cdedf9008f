using System.Net;
using System.Text;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Actions;
using PathwayHub.Web.Features.Governance.Agenda;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Governance.Minutes;
using PathwayHub.Tests.Features.Governance;

namespace PathwayHub.Tests.Http;

/// <summary>
/// Who may see what, for every routed page and mapped endpoint of the app, read from the app's own route table. Each route is
/// requested as seven identities against seeded records of its kind; the expected outcome of every cell is written once in
/// <see cref="Expected"/>. A route missing from the table fails the test, so no page or endpoint is added without deciding who sees it.
/// </summary>
public sealed class AuthorisationMatrixTests(AuthorisationMatrixTests.World world) : IClassFixture<AuthorisationMatrixTests.World>
{
    /// <summary>The seven identities, in the order of each row's outcomes.</summary>
    public enum Who { Anonymous, NoRole, Coordinator, Commissioner, Provider, Member, Associate }

    // What a request gets: O the content; L the sign-in page; R the registration-status page (an account without a role);
    // D a refusal (403, the access-denied page or the in-page "You cannot see this page"); H nothing at all (404, or the
    // record's "not found" message, so that its existence is not given away). Anything else is reported as it came.

    private static string[] Row(string codes) => codes.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    private const string AnyRole = "L R O O O O O";
    private const string CoordinatorOnly = "L R O D D D D";
    private const string Managers = "L R O O D D D"; // the coordinator and commissioners
    private const string Public = "O O O O O O O";

    /// <summary>
    /// Every route: the request made (with the seeded records the <see cref="World"/> made), then the outcome for anonymous,
    /// no role, coordinator, commissioner, provider editor (NEPACS, asking for other organisations' records), member and associate.
    /// The member, the associate and the provider's person sit on Families and Social Support; the meeting, paper and terms asked
    /// for are that Pathway's. Routes that change data are requested by their own tests (named in the row) and listed here so that
    /// a new one must be placed.
    /// </summary>
    private static readonly Dictionary<string, (Func<World, string>? Url, string Expect)> Expected = new(StringComparer.Ordinal)
    {
        // Open data: public by design; the publication policy decides what is inside (OpenDataApiTests, OcdsApiTests).
        ["GET /api/{**path}"] = (_ => "/api/no-such-endpoint", "H H H H H H H"),
        ["GET /api/directory/"] = (_ => "/api/directory/", Public),
        ["GET /api/directory/openapi.json"] = (_ => "/api/directory/openapi.json", Public),
        ["GET /api/directory/organizations"] = (_ => "/api/directory/organizations", Public),
        ["GET /api/directory/organizations/{id}"] = (w => $"/api/directory/organizations/{w.PendingOrganisationPublicId}", "H H H H H H H"),
        ["GET /api/directory/service_at_locations"] = (_ => "/api/directory/service_at_locations", Public),
        ["GET /api/directory/service_at_locations/{id}"] = (w => $"/api/directory/service_at_locations/{w.PactServiceAtLocationPublicId}", Public),
        ["GET /api/directory/services"] = (_ => "/api/directory/services", Public),
        ["GET /api/directory/services/{id}"] = (w => $"/api/directory/services/{w.UnpublishedPactServicePublicId}", "H H H H H H H"),
        ["GET /api/directory/taxonomies"] = (_ => "/api/directory/taxonomies", Public),
        ["GET /api/directory/taxonomies/{id}"] = (w => $"/api/directory/taxonomies/{w.TaxonomyPublicId}", Public),
        ["GET /api/directory/taxonomy_terms"] = (_ => "/api/directory/taxonomy_terms", Public),
        ["GET /api/directory/taxonomy_terms/{id}"] = (w => $"/api/directory/taxonomy_terms/{w.TaxonomyTermPublicId}", Public),
        ["GET /api/ocds/records/{ocid}"] = (w => $"/api/ocds/records/{w.PlanningTenderOcid}", "H H H H H H H"),
        ["GET /api/ocds/releases"] = (_ => "/api/ocds/releases", Public),
        // The secret token is the credential: whoever holds it gets the owner's meetings.
        ["GET /calendar/{token}.ics"] = (w => $"/calendar/{w.MemberCalendarToken}.ics", Public),
        // Probes for a load balancer and an orchestrator: they carry no data (HealthTests).
        ["GET /health"] = (_ => "/health", Public),
        ["GET /health/live"] = (_ => "/health/live", Public),
        ["GET /health/ready"] = (_ => "/health/ready", Public),

        // Downloads.
        ["GET /commissioning/agreements.csv"] = (_ => "/commissioning/agreements.csv", AnyRole),
        ["GET /commissioning/documents/{id:int}"] = (w => $"/commissioning/documents/{w.PactDocumentId}", "L R O O H H H"),
        ["GET /directory/coverage.csv"] = (_ => "/directory/coverage.csv", AnyRole),
        ["GET /directory/import-template.csv"] = (_ => "/directory/import-template.csv", AnyRole),
        ["GET /directory/services.csv"] = (_ => "/directory/services.csv", AnyRole),
        ["GET /hangfire/{**path}"] = (_ => "/hangfire", CoordinatorOnly),
        ["GET /meetings/{id:int}.ics"] = (w => $"/meetings/{w.MeetingId}.ics", "L R O H O O O"),
        ["GET /meetings/{id:int}/minutes.pdf"] = (w => $"/meetings/{w.PlannedMeetingId}/minutes.pdf", "L R H H H H H"),
        ["GET /meetings/{id:int}/pack.pdf"] = (w => $"/meetings/{w.MeetingId}/pack.pdf", "L R O H O O O"),
        ["GET /papers/{id:int}"] = (w => $"/papers/{w.ConfidentialPaperId}", "L R O H O O D"), // the associate is refused: confidential papers are for members
        ["GET /pathways/{slug}/members.csv"] = (_ => $"/pathways/{World.Pathway}/members.csv", "L R O O O O O"),
        ["GET /reports/pathways/{slug}/delivery-plan.pdf"] = (_ => $"/reports/pathways/{World.Pathway}/delivery-plan.pdf", AnyRole),
        ["GET /reports/region/delivery-plans.pdf"] = (_ => "/reports/region/delivery-plans.pdf", Managers),

        // Pages.
        ["GET /"] = (_ => "/", AnyRole),
        ["GET /account/access-denied"] = (_ => "/account/access-denied", "D D D D D D D"), // the refusal page itself
        ["GET /account/lockout"] = (_ => "/account/lockout", Public),
        ["GET /account/login"] = (_ => "/account/login", Public),
        ["GET /account/registration"] = (_ => "/account/registration", "L O O O O O O"),
        ["GET /admin/audit"] = (_ => "/admin/audit", CoordinatorOnly),
        ["GET /admin/notifications"] = (_ => "/admin/notifications", CoordinatorOnly),
        ["GET /admin/users"] = (_ => "/admin/users", CoordinatorOnly),
        ["GET /commissioning"] = (_ => "/commissioning", Managers),
        ["GET /commissioning/agreements"] = (_ => "/commissioning/agreements", AnyRole),
        ["GET /commissioning/agreements/new"] = (_ => "/commissioning/agreements/new", Managers),
        ["GET /commissioning/agreements/{Id:int}"] = (w => $"/commissioning/agreements/{w.PactAgreementId}", AnyRole),
        ["GET /commissioning/agreements/{Id:int}/amend"] = (w => $"/commissioning/agreements/{w.PactAgreementId}/amend", Managers),
        ["GET /commissioning/tenders"] = (_ => "/commissioning/tenders", AnyRole),
        ["GET /commissioning/tenders/new"] = (_ => "/commissioning/tenders/new", Managers),
        ["GET /commissioning/tenders/{Id:int}"] = (w => $"/commissioning/tenders/{w.PlanningTenderId}", "L R O O H H H"),
        ["GET /commissioning/tenders/{Id:int}/edit"] = (w => $"/commissioning/tenders/{w.PlanningTenderId}/edit", Managers),
        ["GET /delivery-plans"] = (_ => "/delivery-plans", AnyRole),
        ["GET /directory"] = (_ => "/directory", AnyRole),
        ["GET /directory/changes"] = (_ => "/directory/changes", CoordinatorOnly),
        ["GET /directory/coverage"] = (_ => "/directory/coverage", AnyRole),
        ["GET /directory/evaluation"] = (_ => "/directory/evaluation", Managers), // DirectoryAccess.SeesEvaluationGaps
        ["GET /directory/import"] = (_ => "/directory/import", CoordinatorOnly),
        ["GET /directory/organisations/{Id:int}"] = (w => $"/directory/organisations/{w.PendingOrganisationId}", "L R O H H H H"),
        ["GET /directory/public"] = (_ => "/directory/public", Public),
        ["GET /directory/public/organisations/{Id:int}"] = (w => $"/directory/public/organisations/{w.PendingOrganisationId}", "H H H H H H H"), // OpenDataPolicy.PublishedOrganisation
        ["GET /directory/public/services/{Id:int}"] = (w => $"/directory/public/services/{w.UnpublishedPactServiceId}", "H H H H H H H"),
        ["GET /directory/register"] = (_ => "/directory/register", Public),
        ["GET /directory/services/{Id:int}"] = (w => $"/directory/services/{w.UnpublishedPactServiceId}", "L R O O H H H"),
        ["GET /error"] = (_ => "/error", Public),
        ["GET /offer"] = (_ => "/offer", AnyRole),
        ["GET /progress"] = (_ => "/progress", AnyRole), // ProgressAccess.CanSee
        ["GET /meetings"] = (_ => "/meetings", AnyRole),
        ["GET /meetings/{Id:int}"] = (w => $"/meetings/{w.PlannedMeetingId}", "L R O H H H H"),
        ["GET /my-actions"] = (_ => "/my-actions", AnyRole),
        ["GET /not-found"] = (_ => "/not-found", Public),
        ["GET /notifications"] = (_ => "/notifications", AnyRole),
        ["GET /notifications/settings"] = (_ => "/notifications/settings", "L O O O O O O"),
        ["GET /pathways"] = (_ => "/pathways", AnyRole),
        ["GET /pathways/{Slug}"] = (_ => $"/pathways/{World.Pathway}", AnyRole),
        ["GET /pathways/{Slug}/induction"] = (_ => $"/pathways/{World.Pathway}/induction", "L R O O O O O"),
        ["GET /prisons"] = (_ => "/prisons", AnyRole),
        ["GET /prisons/{Id:int}"] = (w => $"/prisons/{w.PrisonId}", AnyRole),
        ["GET /reports"] = (_ => "/reports", AnyRole),
        ["GET /terms/compare/{From:int}/{To:int}"] = (w => $"/terms/compare/{w.DraftTermsId}/{w.DraftTermsId}", "L R O H H H H"),
        ["GET /terms/{Id:int}"] = (w => $"/terms/{w.DraftTermsId}", "L R O H H H H"),
        ["GET /terms/{Id:int}/edit"] = (w => $"/terms/{w.DraftTermsId}/edit", CoordinatorOnly),

        // Changes: requested by their own tests, with the tokens and bodies they need.
        ["POST /account/logout"] = (null, "SignInTests"),
        ["POST /directory/services/{id:int}/still-accurate"] = (null, "DirectoryEditHttpTests"),
        ["PUT /directory/services/{id:int}"] = (null, "DirectoryEditHttpTests"),
    };

    [Fact]
    public void Every_route_of_the_app_is_in_the_table_and_every_row_is_a_route()
    {
        var routes = world.Routes();
        Assert.Empty(routes.Except(Expected.Keys));
        Assert.Empty(Expected.Keys.Except(routes));
    }

    [Theory]
    [InlineData(Who.Anonymous)]
    [InlineData(Who.NoRole)]
    public async Task The_circuit_hub_lets_anyone_connect_so_public_pages_stay_interactive(Who who)
    {
        using var response = await world.Client(who).PostAsync("/_blazor/negotiate?negotiateVersion=1", new ByteArrayContent([]));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("connectionToken", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_route_answers_each_identity_as_the_table_says()
    {
        var wrong = new List<string>();
        foreach (var (route, (url, expect)) in Expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (url is null) continue;
            var path = url(world);
            var expected = Row(expect);
            foreach (var who in Enum.GetValues<Who>())
            {
                var actual = await world.OutcomeAsync(who, path);
                if (actual != expected[(int)who]) wrong.Add($"{route} ({path}) as {who}: expected {expected[(int)who]}, got {actual}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    public sealed class World : IAsyncLifetime
    {
        // Several hundred requests from one test address: the rate limits are not what this test is about (RateLimitTests).
        private readonly WebApp _app = new(new Dictionary<string, string>
        {
            ["RateLimits:PublicApi:PermitLimit"] = "100000", ["RateLimits:SignIn:PermitLimit"] = "1000",
        });
        private readonly Dictionary<Who, HttpClient> _clients = [];
        public int MeetingId { get; private set; }
        public int PlannedMeetingId { get; private set; }
        public int ConfidentialPaperId { get; private set; }
        public int DraftTermsId { get; private set; }
        public int PlanningTenderId { get; private set; }
        public int OpenTenderId { get; private set; }
        public int PactAgreementId { get; private set; }
        public int PactDocumentId { get; private set; }
        public int PlanningTenderDocumentId { get; private set; }
        public int PactOrganisationId { get; private set; }
        public int PendingOrganisationId { get; private set; }
        public int PactServiceId { get; private set; }
        public int UnpublishedPactServiceId { get; private set; }
        public int PrisonId { get; private set; }
        public Guid PendingOrganisationPublicId { get; private set; }
        public Guid UnpublishedPactServicePublicId { get; private set; }
        public Guid PactServiceAtLocationPublicId { get; private set; }
        public Guid TaxonomyPublicId { get; private set; }
        public Guid TaxonomyTermPublicId { get; private set; }
        public string PlanningTenderOcid { get; private set; } = "";
        public string MemberCalendarToken { get; private set; } = "";
        public const string Pathway = "families-and-social-support";
        public const string RegistrantEmail = "registrant@familylinks.example";

        public async ValueTask InitializeAsync()
        {
            var services = _app.Services;
            var dbs = services.GetRequiredService<IDbContextFactory<AppDbContext>>();
            var files = services.GetRequiredService<FileStore>();
            await using var scope = services.CreateAsyncScope();
            Actor coordinator;
            {
                var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
                var factory = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.IUserClaimsPrincipalFactory<AppUser>>();
                coordinator = Actor.From(await factory.CreateAsync((await users.FindByEmailAsync("coordinator@pathwayhub.example"))!));
            }
            T As<T>(Actor actor) where T : notnull
            {
                var s = services.CreateAsyncScope();
                s.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestApp.Principal(actor));
                return s.ServiceProvider.GetRequiredService<T>();
            }

            await As<OrganisationService>(Actor.Anonymous).RegisterAsync(new RegistrationInput
            {
                Organisation = new OrganisationInput { Name = "Tyneside Family Links", Description = "Volunteers supporting families at HMP Durham." },
                ContactName = "Jo Robson", ContactEmail = RegistrantEmail, Password = "Family-Links-2026!",
            });

            await using var db = await dbs.CreateDbContextAsync();
            var pathwayId = await db.Pathways.Where(p => p.Slug == Pathway).Select(p => p.Id).SingleAsync();
            var meetings = new GovernanceAs(As<MeetingService>(coordinator), As<AgendaService>(coordinator), As<MinutesService>(coordinator), As<ActionService>(coordinator));
            MeetingId = (await meetings.Meetings.CreateAsync(pathwayId, new MeetingInput { Title = "Quarterly meeting", StartLocal = DateTime.Now.AddDays(20), Venue = "Durham" }))[0];
            PlannedMeetingId = (await meetings.Meetings.CreateAsync(pathwayId, new MeetingInput { Title = "Planning only", StartLocal = DateTime.Now.AddDays(110), Venue = "Durham" }))[0];
            var item = (await meetings.Meetings.GetAsync(MeetingId)).Items[2].Id;
            ConfidentialPaperId = await meetings.Agenda.AddPaperAsync(item, "Prison staffing review", "staffing.pdf", new MemoryStream("%PDF-1.4\n%%EOF"u8.ToArray()), true);
            await meetings.Meetings.PublishAsync(MeetingId);
            DraftTermsId = await As<TermsOfReferenceService>(coordinator).CreateDraftAsync(pathwayId);

            PlanningTenderId = await db.Tenders.Where(t => t.Reference == "NE-ROM-2026-011").Select(t => t.Id).SingleAsync();
            OpenTenderId = await db.Tenders.Where(t => t.Reference == "NE-ROM-2026-007").Select(t => t.Id).SingleAsync();
            PactAgreementId = await db.Agreements.Where(a => a.Reference == "SLA-DUR-2024-03").Select(a => a.Id).SingleAsync();
            var commissioning = As<DocumentService>(coordinator);
            PactDocumentId = await commissioning.AddAgreementDocumentAsync(PactAgreementId, "Signed agreement", "sla.pdf", new MemoryStream("%PDF-1.4\n%%EOF"u8.ToArray()));
            PlanningTenderDocumentId = await commissioning.AddTenderDocumentAsync(PlanningTenderId, "Draft specification", "spec.pdf", new MemoryStream("%PDF-1.4\n%%EOF"u8.ToArray()));
            PactOrganisationId = await db.Organisations.Where(o => o.Name == "Pact").Select(o => o.Id).SingleAsync();
            PendingOrganisationId = await db.Organisations.Where(o => o.Name == "Tyneside Family Links").Select(o => o.Id).SingleAsync();
            var pactServices = await db.Services.Where(s => s.OrganisationId == PactOrganisationId).OrderBy(s => s.Id).Select(s => s.Id).ToListAsync();
            (PactServiceId, UnpublishedPactServiceId) = (pactServices[0], pactServices[1]);
            // Saved through the context, as a coordinator's unpublishing is, so the listing leaves the open data too.
            (await db.Services.SingleAsync(s => s.Id == UnpublishedPactServiceId)).IsPublished = false;
            await db.SaveChangesAsync();
            PrisonId = await db.Prisons.Where(p => p.Name == "HMP Durham").Select(p => p.Id).SingleAsync();
            PendingOrganisationPublicId = await db.Organisations.Where(o => o.Id == PendingOrganisationId).Select(o => o.PublicId).SingleAsync();
            UnpublishedPactServicePublicId = await db.Services.Where(x => x.Id == UnpublishedPactServiceId).Select(x => x.PublicId).SingleAsync();
            PactServiceAtLocationPublicId = await db.ServiceAtLocations.Where(x => x.ServiceId == PactServiceId).Select(x => x.PublicId).FirstAsync();
            TaxonomyPublicId = await db.Taxonomies.Select(x => x.PublicId).FirstAsync();
            TaxonomyTermPublicId = await db.TaxonomyTerms.Select(x => x.PublicId).FirstAsync();
            PlanningTenderOcid = As<OcdsService>(Actor.Anonymous).TenderOcid(PlanningTenderId);
            var member = await db.Users.Where(u => u.Email == "member@pathwayhub.example").Select(u => u.Id).SingleAsync();
            MemberCalendarToken = await As<CalendarService>(new Actor(member, "member", new HashSet<string> { Roles.PathwayMember }, null, null)).CreateFeedAsync(null);

            foreach (var who in Enum.GetValues<Who>())
            {
                var client = _app.Browser();
                var email = who switch
                {
                    Who.Anonymous => null,
                    Who.NoRole => RegistrantEmail,
                    _ => $"{who.ToString().ToLowerInvariant()}@pathwayhub.example",
                };
                if (email is not null)
                {
                    var signIn = await WebApp.SignInAsync(client, email, who == Who.NoRole ? "Family-Links-2026!" : Seeder.DemoPassword);
                    Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
                }
                _clients[who] = client;
            }
        }

        /// <summary>Every route of the app's endpoint table, as "METHOD pattern", less the framework's own (static files, the circuit hub).</summary>
        public IReadOnlyList<string> Routes() => _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && !raw.StartsWith("/_", StringComparison.Ordinal) && raw[0] != '_'
                && !e.Metadata.Any(m => m.GetType().FullName?.Contains("StaticAsset", StringComparison.Ordinal) == true))
            .Where(e => !e.RoutePattern.RawText!.Contains(":file}", StringComparison.Ordinal))
            .Select(e => $"{Method(e)} {e.RoutePattern.RawText}")
            .Distinct().Order(StringComparer.Ordinal).ToList();

        public HttpClient Client(Who who) => _clients[who];

        /// <summary>A page answers GET and POST (its forms); it is listed by the GET that shows it.</summary>
        private static string Method(RouteEndpoint e)
        {
            var methods = e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            return methods.Contains("GET") ? "GET" : string.Join(",", methods);
        }

        public async Task<string> OutcomeAsync(Who who, string path)
        {
            using var response = await _clients[who].GetAsync(path);
            var location = WebApp.PathOf(response);
            if (response.StatusCode is HttpStatusCode.Redirect or HttpStatusCode.Found)
                return location switch
                {
                    "/account/login" => "L",
                    AuthorizationSetup.RegistrationStatusPath => "R",
                    "/account/access-denied" => "D",
                    _ => $"redirect to {location}",
                };
            if (response.StatusCode is HttpStatusCode.Unauthorized) return "L";
            if (response.StatusCode is HttpStatusCode.Forbidden) return "D";
            if (response.StatusCode is HttpStatusCode.NotFound) return "H";
            if (!response.IsSuccessStatusCode) return $"{(int)response.StatusCode}";
            if (response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                var html = await response.Content.ReadAsStringAsync();
                if (html.Contains("You cannot see this page", StringComparison.Ordinal)) return "D";
                if (html.Contains("data-testid=\"error\"", StringComparison.Ordinal)) return "H";
            }
            return "O";
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var c in _clients.Values) c.Dispose();
            await _app.DisposeAsync();
        }
    }
}
