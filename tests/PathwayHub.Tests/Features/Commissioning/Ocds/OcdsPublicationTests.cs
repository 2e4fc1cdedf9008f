using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>
/// The open data publication policy on the OCDS feed, read as an anonymous client over HTTP: each release is checked against
/// what the policy allows, worked out here from the database on its own (not through <c>OpenDataPolicy</c>), and against a list
/// of the fields a release may have, so a new field or a new leak fails.
/// </summary>
public abstract class OcdsPublicationTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Prefix = "ocds-nerrop";
    private const string Commissioner = "commissioner@pathwayhub.example";
    private WebApp _app = null!;
    private HttpClient _anonymous = null!;
    private readonly List<AsyncServiceScope> _scopes = [];

    public async ValueTask InitializeAsync()
    {
        _app = await WebApp.OnAsync(provider);
        _anonymous = _app.CreateClient();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var s in _scopes) await s.DisposeAsync();
        await _app.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    // ---------------------------------------------------------------- helpers

    private async Task<AppDbContext> DbAsync() => await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    /// <summary>A service of the running app as a seeded user sees it (its own scope, like one circuit).</summary>
    private async Task<T> AsAsync<T>(string email) where T : notnull
    {
        Actor actor;
        await using (var lookup = _app.Services.CreateAsyncScope())
        {
            var users = lookup.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var factory = lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
            actor = Actor.From(await factory.CreateAsync(await users.FindByEmailAsync(email) ?? throw new InvalidOperationException(email)));
        }
        var scope = _app.Services.CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestApp.Principal(actor));
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    private async Task<List<JsonElement>> ReleasesAsync()
    {
        var response = await _anonymous.GetAsync("/api/ocds/releases?size=5000");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var package = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        Assert.False(package.TryGetProperty("links", out _));
        return package.GetProperty("releases").EnumerateArray().ToList();
    }

    private async Task<JsonElement> ReleaseAsync(string ocid)
    {
        var response = await _anonymous.GetAsync($"/api/ocds/records/{ocid}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("records")[0].GetProperty("compiledRelease").Clone();
    }

    private static List<JsonElement> Items(JsonElement e, string name) =>
        e.TryGetProperty(name, out var a) ? [.. a.EnumerateArray()] : [];

    private static List<string> Ids(JsonElement e, string name) => Items(e, name).Select(x => x.GetProperty("id").GetString()!).Order(StringComparer.Ordinal).ToList();

    private static List<string> Sorted(IEnumerable<string> ids) => ids.Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<JsonElement> Contracts(IEnumerable<JsonElement> releases) => releases.SelectMany(r => Items(r, "contracts"));

    private async Task<int> AgreementIdAsync(string reference)
    {
        await using var db = await DbAsync();
        return await db.Agreements.Where(a => a.Reference == reference).Select(a => a.Id).SingleAsync();
    }

    private async Task<int> OrganisationIdAsync(string name)
    {
        await using var db = await DbAsync();
        return await db.Organisations.Where(o => o.Name == name).Select(o => o.Id).SingleAsync();
    }

    private async Task<int> TenderIdAsync(string reference)
    {
        await using var db = await DbAsync();
        return await db.Tenders.Where(a => a.Reference == reference).Select(a => a.Id).SingleAsync();
    }

    // ---------------------------------------------------------------- what a release may carry

    /// <summary>Every field a release may have, arrays written as []. Anything else (a bid's value, a note, a decision) fails.</summary>
    private static readonly HashSet<string> AllowedFields = new(StringComparer.Ordinal)
    {
        "ocid", "id", "date", "tag[]", "initiationType", "language",
        "parties[].id", "parties[].name", "parties[].identifier.scheme", "parties[].identifier.id", "parties[].identifier.legalName", "parties[].roles[]",
        "buyer.id", "buyer.name",
        "tender.id", "tender.title", "tender.description", "tender.status", "tender.procuringEntity.id", "tender.procuringEntity.name", "tender.value.amount", "tender.value.currency",
        "tender.procurementMethod", "tender.procurementMethodDetails", "tender.mainProcurementCategory",
        "tender.tenderPeriod.startDate", "tender.tenderPeriod.endDate", "tender.enquiryPeriod.startDate", "tender.enquiryPeriod.endDate",
        "tender.numberOfTenderers", "tender.tenderers[].id", "tender.tenderers[].name",
        "tender.documents[].id", "tender.documents[].documentType", "tender.documents[].title", "tender.documents[].format",
        "tender.documents[].datePublished", "tender.documents[].language",
        "tender.items[].id", "tender.items[].description", "tender.items[].classification.scheme", "tender.items[].classification.id",
        "tender.items[].classification.description",
        "awards[].id", "awards[].title", "awards[].status", "awards[].date", "awards[].value.amount", "awards[].value.currency",
        "awards[].suppliers[].id", "awards[].suppliers[].name", "awards[].contractPeriod.startDate", "awards[].contractPeriod.endDate",
        "contracts[].id", "contracts[].awardID", "contracts[].title", "contracts[].description", "contracts[].status",
        "contracts[].period.startDate", "contracts[].period.endDate", "contracts[].value.amount", "contracts[].value.currency",
        "contracts[].documents[].id", "contracts[].documents[].documentType", "contracts[].documents[].title", "contracts[].documents[].format",
        "contracts[].documents[].datePublished", "contracts[].documents[].language",
        "contracts[].milestones[].id", "contracts[].milestones[].title", "contracts[].milestones[].type", "contracts[].milestones[].dueDate",
        "contracts[].milestones[].dateMet", "contracts[].milestones[].status",
        "contracts[].amendments[].id", "contracts[].amendments[].date", "contracts[].amendments[].rationale", "contracts[].amendments[].description",
    };

    /// <summary>The agreement terms whose changes an amendment may describe: those a release carries.</summary>
    private static readonly string[] PublishedTerms = ["Reference", "Title", "Description", "Kind", "Value", "Start date", "End date", "Pathways"];

    private static IEnumerable<string> Fields(JsonElement e, string path = "") => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Fields(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(x => Fields(x, path + "[]")).DefaultIfEmpty(path + "[]"),
        _ => [path],
    };

    /// <summary>
    /// Compares every anonymous release with what the publication policy allows, from the database: which processes, which
    /// organisations, bidders only on awarded tenders, milestones and agreement documents only when flagged, and nothing else.
    /// </summary>
    private async Task AssertReleasesFollowThePolicyAsync(List<JsonElement> releases)
    {
        await using var db = await DbAsync();
        var orgs = await db.Organisations.AsNoTracking().ToDictionaryAsync(o => o.Id);
        bool Approved(int id) => orgs[id].Status == OrganisationStatus.Active;
        var tenders = await db.Tenders.AsNoTracking().ToListAsync();
        var agreements = await db.Agreements.AsNoTracking().ToListAsync();
        var bids = await db.Bids.AsNoTracking().ToListAsync();
        var milestones = await db.Milestones.AsNoTracking().ToListAsync();
        var documents = await db.CommissioningDocuments.AsNoTracking().ToListAsync();
        var amendments = await db.AgreementAmendments.AsNoTracking().ToListAsync();

        var publishedTenders = tenders.Where(t => t.Status != TenderStatus.Planning && t.PublishedUtc != null && Approved(t.BuyerOrganisationId)).ToDictionary(t => $"{Prefix}-tender-{t.Id}");
        var publishedAgreements = agreements.Where(a => Approved(a.SupplierOrganisationId) && Approved(a.BuyerOrganisationId)).ToList();
        var direct = publishedAgreements.Where(a => a.TenderId == null).ToDictionary(a => $"{Prefix}-agreement-{a.Id}");
        Assert.Equal(Sorted(publishedTenders.Keys.Concat(direct.Keys)), Sorted(releases.Select(r => r.GetProperty("ocid").GetString()!)));

        foreach (var release in releases)
        {
            var ocid = release.GetProperty("ocid").GetString()!;
            var extra = Fields(release).Distinct().Where(f => !AllowedFields.Contains(f)).ToList();
            Assert.True(extra.Count == 0, $"{ocid} carries fields the policy does not publish: {string.Join(", ", extra)}");

            var tender = publishedTenders.GetValueOrDefault(ocid);
            var processAgreements = tender is null ? [direct[ocid]] : publishedAgreements.Where(a => a.TenderId == tender.Id).OrderBy(a => a.Id).ToList();
            var t = release.GetProperty("tender");
            var named = new HashSet<int>(processAgreements.SelectMany(a => new[] { a.SupplierOrganisationId, a.BuyerOrganisationId }));
            if (tender is not null)
            {
                named.Add(tender.BuyerOrganisationId);
                Assert.Equal(tender.Reference, t.GetProperty("id").GetString());
                Assert.Equal(tender.Title, t.GetProperty("title").GetString());
                if (tender.EstimatedValue is { } estimate) Assert.Equal(estimate, t.GetProperty("value").GetProperty("amount").GetDecimal());
                Assert.Equal(Sorted(documents.Where(d => d.TenderId == tender.Id && d.BidId == null && d.WithdrawnUtc == null).Select(d => $"document-{d.Id}")), Ids(t, "documents"));
                if (tender.Status == TenderStatus.Complete)
                {
                    var bidders = bids.Where(b => b.TenderId == tender.Id && Approved(b.OrganisationId)).Select(b => b.OrganisationId).ToList();
                    named.UnionWith(bidders);
                    Assert.Equal(Sorted(bidders.Select(o => $"org-{o}")), Ids(t, "tenderers"));
                    Assert.Equal(bidders.Count, t.GetProperty("numberOfTenderers").GetInt32());
                }
                else
                {
                    Assert.False(t.TryGetProperty("tenderers", out _), $"{ocid} ({tender.Status}) names its bidders");
                    Assert.False(t.TryGetProperty("numberOfTenderers", out _), $"{ocid} ({tender.Status}) counts its bidders");
                    Assert.DoesNotContain(Items(release, "parties"), p => p.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "tenderer"));
                }
            }

            // Organisations: only approved ones, only in the roles the process gives them, with their directory names.
            foreach (var party in Items(release, "parties"))
            {
                var org = int.Parse(party.GetProperty("id").GetString()!["org-".Length..], System.Globalization.CultureInfo.InvariantCulture);
                Assert.Contains(org, named);
                Assert.True(Approved(org), $"{ocid} names {orgs[org].Name}, whose registration is {orgs[org].Status}");
                Assert.Equal(orgs[org].Name, party.GetProperty("name").GetString());
            }

            var contracts = Items(release, "contracts").ToList();
            Assert.Equal(processAgreements.Select(a => a.Reference), contracts.Select(c => c.GetProperty("id").GetString()));
            Assert.Equal(processAgreements.Select(a => a.Value), Items(release, "awards").Select(a => a.GetProperty("value").GetProperty("amount").GetDecimal()));
            foreach (var (a, c) in processAgreements.Zip(contracts))
            {
                Assert.Equal(a.Title, c.GetProperty("title").GetString());
                Assert.Equal(a.Value, c.GetProperty("value").GetProperty("amount").GetDecimal());
                var published = milestones.Where(m => m.AgreementId == a.Id && m.Publishable).ToDictionary(m => $"milestone-{m.Id}");
                Assert.Equal(Sorted(published.Keys), Ids(c, "milestones"));
                foreach (var m in Items(c, "milestones")) Assert.Equal(published[m.GetProperty("id").GetString()!].Title, m.GetProperty("title").GetString());
                Assert.Equal(Sorted(documents.Where(d => d.AgreementId == a.Id && d.BidId == null && d.Publishable && d.WithdrawnUtc == null).Select(d => $"document-{d.Id}")),
                    Ids(c, "documents"));
                Assert.Equal(Sorted(amendments.Where(x => x.AgreementId == a.Id).Select(x => $"amendment-{x.Id}")), Ids(c, "amendments"));
                foreach (var am in Items(c, "amendments"))
                    if (am.TryGetProperty("description", out var d))
                        Assert.All(d.GetString()!.Split("; "), change => Assert.Contains(change.Split(':')[0], PublishedTerms));
            }
        }
    }

    // ---------------------------------------------------------------- tests

    [Fact]
    public async Task Every_anonymous_release_carries_only_what_the_policy_publishes_and_exactly_the_flagged_milestone_and_document()
    {
        // Set the data up so a leak has something to show: a bid on the open tender, an agreement with an unapproved supplier,
        // a tender document and a bid document, an agreement document not yet published, and an amendment naming a subcontractor.
        var agreements = await AsAsync<AgreementLifecycleService>(Commissioner);
        var documents = await AsAsync<DocumentService>(Commissioner);
        await using (var db = await DbAsync())
        {
            var open = await db.Tenders.SingleAsync(t => t.Reference == "NE-ROM-2026-007");
            var nepacs = await db.Organisations.SingleAsync(o => o.Name == "NEPACS");
            var bid = new Bid { TenderId = open.Id, OrganisationId = nepacs.Id, SubmittedUtc = DateTime.UtcNow, SubmittedBy = "Sarah Milburn", Value = 77_777m, Summary = "Our confidential approach." };
            db.Bids.Add(bid);
            db.Organisations.Add(new Organisation { Name = "Unapproved Newcomers CIC", Description = "Registered, not yet approved.", Status = OrganisationStatus.Pending });
            await db.SaveChangesAsync();
            db.CommissioningDocuments.Add(new CommissioningDocument { BidId = bid.Id, Title = "Our method statement", FileName = "method.pdf", ContentType = "application/pdf", Sha256 = "00", AddedUtc = DateTime.UtcNow, AddedBy = "Sarah Milburn" });
            await db.SaveChangesAsync();
        }
        await using (var db = await DbAsync())
        {
            // Straight into the database: whether the agreement form may offer an unapproved organisation is not this test's business.
            var newcomer = await db.Organisations.SingleAsync(o => o.Name == "Unapproved Newcomers CIC");
            var noms = await db.Organisations.SingleAsync(o => o.Name == "NOMS North East");
            db.Agreements.Add(new Agreement
            {
                Reference = "GR-NEW-2026-01", Title = "Peer mentoring at HMP Durham", Description = "Peer mentors.", Kind = AgreementKind.Grant,
                SupplierOrganisationId = newcomer.Id, BuyerOrganisationId = noms.Id, Value = 10_000m, StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 11, 30),
                Status = AgreementStatus.Pending, DecisionDueDate = new DateOnly(2027, 5, 30), LastModifiedUtc = DateTime.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var grant = await AgreementIdAsync("GR-NE-2025-02");
        var terms = AgreementInput.From(await agreements.GetAgreementAsync(grant));
        terms.Value = 130_000m;
        terms.SubcontractorIds = [await OrganisationIdAsync("Family Action")];
        terms.PrisonIds = terms.PrisonIds.Skip(1).ToList();
        await agreements.AmendAgreementAsync(grant, terms, new DateOnly(2026, 11, 1), "Extra visitor-centre hours");
        var awarded = await AgreementIdAsync("NE-ROM-2024-019");
        await documents.AddTenderDocumentAsync(await TenderIdAsync("NE-ROM-2026-007"), "Specification", "specification.pdf", new MemoryStream("%PDF-1.4 spec"u8.ToArray()));
        var firstDoc = await documents.AddAgreementDocumentAsync(awarded, "Signed contract", "contract.pdf", new MemoryStream("%PDF-1.4 contract"u8.ToArray()));
        await documents.AddAgreementDocumentAsync(awarded, "Payment schedule", "payments.pdf", new MemoryStream("%PDF-1.4 payments"u8.ToArray()));

        var before = await ReleasesAsync();
        await AssertReleasesFollowThePolicyAsync(before);
        Assert.Empty(Contracts(before).SelectMany(c => Items(c, "milestones")));
        Assert.Empty(Contracts(before).SelectMany(c => Items(c, "documents")));
        Assert.DoesNotContain(before, r => r.GetRawText().Contains("Unapproved Newcomers", StringComparison.Ordinal));
        // The amendment is published with the changes to published terms only: not the subcontractor or the prisons.
        var amendment = Assert.Single(Contracts(before).SelectMany(c => Items(c, "amendments")));
        Assert.Equal("Extra visitor-centre hours", amendment.GetProperty("rationale").GetString());
        Assert.Equal("Value: £120,000 to £130,000", amendment.GetProperty("description").GetString());

        // A commissioner publishes one milestone and one document: exactly those appear, and nothing else changes.
        int milestone;
        await using (var db = await DbAsync())
            milestone = await db.Milestones.Where(m => m.AgreementId == awarded && m.Title == "Evaluation report").Select(m => m.Id).SingleAsync();
        var publication = await AsAsync<AgreementPublicationService>(Commissioner);
        await publication.SetMilestonePublishableAsync(milestone, true);
        await publication.SetDocumentPublishableAsync(firstDoc, true);

        var after = await ReleasesAsync();
        await AssertReleasesFollowThePolicyAsync(after);
        Assert.Equal([$"milestone-{milestone}"], Contracts(after).SelectMany(c => Items(c, "milestones")).Select(m => m.GetProperty("id").GetString()));
        Assert.Equal([$"document-{firstDoc}"], Contracts(after).SelectMany(c => Items(c, "documents")).Select(d => d.GetProperty("id").GetString()));
        Assert.Equal(Sorted(before.Select(r => r.GetProperty("ocid").GetString()!)), Sorted(after.Select(r => r.GetProperty("ocid").GetString()!)));
    }

    [Fact]
    public async Task A_tender_open_or_in_evaluation_names_no_bidder_until_it_is_awarded()
    {
        var evaluation = await TenderIdAsync("NE-ROM-2026-004");
        var ocid = $"{Prefix}-tender-{evaluation}";
        string[] bidders = ["Safe Ground", "Pact", "M6 Theatre Company"];

        var release = await ReleaseAsync(ocid);
        var tender = release.GetProperty("tender");
        Assert.Equal("active", tender.GetProperty("status").GetString());
        Assert.False(tender.TryGetProperty("tenderers", out _));
        Assert.False(tender.TryGetProperty("numberOfTenderers", out _));
        Assert.Equal(["HM Prison Service North East"], Items(release, "parties").Select(p => p.GetProperty("name").GetString()));
        foreach (var name in bidders) Assert.DoesNotContain(name, release.GetRawText(), StringComparison.Ordinal);

        // Awarded: every bidder is named, as Contracts Finder does; the losing bids' values still are not.
        var tenders = await AsAsync<TenderService>(Commissioner);
        await using (var db = await DbAsync())
        {
            var pact = await db.Bids.SingleAsync(b => b.TenderId == evaluation && b.Organisation.Name == "Pact");
            await tenders.EvaluateBidAsync(pact.Id, new BidEvaluationInput { Score = 81, Outcome = BidOutcome.Successful, Version = pact.Version });
        }
        Guid version;
        await using (var db = await DbAsync()) version = await db.Tenders.Where(t => t.Id == evaluation).Select(t => t.Version).SingleAsync();
        await (await AsAsync<TenderAwardService>(Commissioner)).AwardAsync(evaluation, new AwardInput { StartDate = new DateOnly(2027, 1, 4), EndDate = new DateOnly(2028, 1, 3), Version = version });

        var awarded = await ReleaseAsync(ocid);
        tender = awarded.GetProperty("tender");
        Assert.Equal("complete", tender.GetProperty("status").GetString());
        Assert.Equal(3, tender.GetProperty("numberOfTenderers").GetInt32());
        Assert.Equal(bidders.Order(StringComparer.Ordinal), tender.GetProperty("tenderers").EnumerateArray().Select(x => x.GetProperty("name").GetString()!).Order(StringComparer.Ordinal));
        var pactParty = Items(awarded, "parties").Single(p => p.GetProperty("name").GetString() == "Pact");
        Assert.Equal(["supplier", "tenderer"], pactParty.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.DoesNotContain("57500", awarded.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("42000", awarded.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Milestones_and_agreement_documents_are_published_only_while_a_commissioner_has_marked_them()
    {
        var grant = await AgreementIdAsync("GR-NE-2025-02");
        var ocid = $"{Prefix}-agreement-{grant}";
        var release = await ReleaseAsync(ocid);
        var contract = Assert.Single(Items(release, "contracts"));
        // Seeded with two milestones, neither marked: the feed shows none (it used to show both).
        Assert.False(contract.TryGetProperty("milestones", out _));

        var documents = await AsAsync<DocumentService>(Commissioner);
        var doc = await documents.AddAgreementDocumentAsync(grant, "Grant letter", "letter.pdf", new MemoryStream("%PDF-1.4 letter"u8.ToArray()));
        Assert.False(Assert.Single(Items(await ReleaseAsync(ocid), "contracts")).TryGetProperty("documents", out _));

        int milestone;
        await using (var db = await DbAsync())
            milestone = await db.Milestones.Where(m => m.AgreementId == grant && m.Title == "Annual grant report").Select(m => m.Id).SingleAsync();
        var publication = await AsAsync<AgreementPublicationService>(Commissioner);
        await publication.SetMilestonePublishableAsync(milestone, true);
        await publication.SetDocumentPublishableAsync(doc, true);

        var published = await ReleaseAsync(ocid);
        Assert.NotEqual(release.GetProperty("id").GetString(), published.GetProperty("id").GetString());
        contract = Assert.Single(Items(published, "contracts"));
        var m = Assert.Single(contract.GetProperty("milestones").EnumerateArray());
        Assert.Equal("Annual grant report", m.GetProperty("title").GetString());
        Assert.Equal("reporting", m.GetProperty("type").GetString());
        var d = Assert.Single(contract.GetProperty("documents").EnumerateArray());
        Assert.Equal("Grant letter", d.GetProperty("title").GetString());

        await publication.SetDocumentPublishableAsync(doc, false);
        contract = Assert.Single(Items(await ReleaseAsync(ocid), "contracts"));
        Assert.False(contract.TryGetProperty("documents", out _));
        Assert.Single(contract.GetProperty("milestones").EnumerateArray());
    }

    [Fact]
    public async Task Next_link_only_when_there_is_a_next_page_and_a_page_past_the_end_is_empty()
    {
        var all = (await ReleasesAsync()).Count;
        var exact = JsonDocument.Parse(await _anonymous.GetStringAsync($"/api/ocds/releases?size={all}")).RootElement;
        Assert.Equal(all, exact.GetProperty("releases").GetArrayLength());
        Assert.False(exact.TryGetProperty("links", out _));

        var first = JsonDocument.Parse(await _anonymous.GetStringAsync($"/api/ocds/releases?size={all - 1}")).RootElement;
        var next = new Uri(first.GetProperty("links").GetProperty("next").GetString()!);
        Assert.Equal($"?page=2&size={all - 1}", next.Query);
        var second = JsonDocument.Parse(await _anonymous.GetStringAsync(next.PathAndQuery)).RootElement;
        Assert.Equal(1, second.GetProperty("releases").GetArrayLength());
        Assert.False(second.TryGetProperty("links", out _));

        // The last page there could be at size 1 is empty, not page 1 again.
        var last = JsonDocument.Parse(await _anonymous.GetStringAsync($"/api/ocds/releases?page={int.MaxValue}&size=1")).RootElement;
        Assert.Equal(0, last.GetProperty("releases").GetArrayLength());
        Assert.False(last.TryGetProperty("links", out _));
    }
}

public sealed class OcdsPublicationOnSqliteTests() : OcdsPublicationTests(DatabaseProvider.Sqlite);

public sealed class OcdsPublicationOnPostgresTests() : OcdsPublicationTests(DatabaseProvider.Postgres);
