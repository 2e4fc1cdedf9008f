using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Commissioning;

/// <summary>
/// The OCDS data-review checks as tests, over every record the export has after a process has been through each step (tender,
/// tender update, award, contract, amendment, a milestone's outcome): every package schema-valid, every field in the 1.1
/// release schema (no extension is declared), the ocid prefix's pattern, unique and stable release ids, every party reference
/// resolving to a party in the role it names, every contract's award, and release dates in order within a record.
/// </summary>
public abstract partial class OcdsDataReviewTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Commissioner = "commissioner@pathwayhub.example";
    /// <summary>Extensions a package may declare: none today. One added here must be a published extension (its extension.json).</summary>
    private static readonly HashSet<string> PublishedExtensions = [];
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

    private async Task<T> AsCommissionerAsync<T>() where T : notnull
    {
        Actor actor;
        await using (var lookup = _app.Services.CreateAsyncScope())
        {
            var users = lookup.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            var factory = lookup.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>();
            actor = Actor.From(await factory.CreateAsync((await users.FindByEmailAsync(Commissioner))!));
        }
        var scope = _app.Services.CreateAsyncScope();
        _scopes.Add(scope);
        scope.ServiceProvider.GetRequiredService<CurrentUser>().Set(TestApp.Principal(actor));
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    private async Task<AppDbContext> DbAsync() => await _app.Services.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();

    private async Task<JsonElement> GetAsync(string path)
    {
        var response = await _anonymous.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement e, string name) => e.TryGetProperty(name, out var a) ? [.. a.EnumerateArray()] : [];

    private static string Id(JsonElement e) => e.GetProperty("id").GetString()!;

    /// <summary>
    /// Takes the evaluation tender through award, a signed contract with a published milestone met, and an amendment; returns its ocid.
    /// </summary>
    private async Task<string> TakeATenderThroughEveryStepAsync()
    {
        int tenderId, pactBid;
        Guid bidVersion;
        await using (var db = await DbAsync())
        {
            tenderId = await db.Tenders.Where(t => t.Reference == "NE-ROM-2026-004").Select(t => t.Id).SingleAsync();
            var bid = await db.Bids.Where(b => b.TenderId == tenderId && b.Organisation.Name == "Pact").Select(b => new { b.Id, b.Version }).SingleAsync();
            (pactBid, bidVersion) = (bid.Id, bid.Version);
        }
        await (await AsCommissionerAsync<TenderService>()).EvaluateBidAsync(pactBid, new BidEvaluationInput { Score = 81, Outcome = BidOutcome.Successful, Version = bidVersion });
        Guid version;
        await using (var db = await DbAsync()) version = await db.Tenders.Where(t => t.Id == tenderId).Select(t => t.Version).SingleAsync();
        var agreement = (await (await AsCommissionerAsync<TenderAwardService>()).AwardAsync(tenderId,
            new AwardInput { StartDate = new DateOnly(2026, 12, 1), EndDate = new DateOnly(2027, 11, 30), Version = version }))[0];

        var monitoring = await AsCommissionerAsync<MonitoringService>();
        var milestone = await monitoring.AddMilestoneAsync(agreement, new MilestoneInput { Title = "Mobilisation complete", Kind = MilestoneKind.Delivery, DueDate = new DateOnly(2026, 12, 1) });
        await (await AsCommissionerAsync<AgreementPublicationService>()).SetMilestonePublishableAsync(milestone, true);
        Guid milestoneVersion;
        await using (var db = await DbAsync()) milestoneVersion = await db.Milestones.Where(m => m.Id == milestone).Select(m => m.Version).SingleAsync();
        await monitoring.UpdateMilestoneAsync(milestone, MilestoneStatus.Met, null, "Private note", milestoneVersion);

        var lifecycle = await AsCommissionerAsync<AgreementLifecycleService>();
        var terms = AgreementInput.From(await lifecycle.GetAgreementAsync(agreement));
        terms.Value = terms.Value + 5_000m;
        await lifecycle.AmendAgreementAsync(agreement, terms, new DateOnly(2026, 12, 1), "Extra sessions");
        return $"ocds-nerrop-tender-{tenderId}";
    }

    [Fact]
    public async Task A_process_has_a_release_per_step_with_the_tender_as_it_stood_and_ids_that_do_not_change()
    {
        var ocid = await TakeATenderThroughEveryStepAsync();
        var record = (await GetAsync($"/api/ocds/records/{ocid}")).GetProperty("records")[0];
        var releases = Items(record, "releases");
        Assert.Equal(["tender", "tenderUpdate", "award", "contract", "implementation", "contractAmendment"],
            releases.Select(r => r.GetProperty("tag")[0].GetString()));
        Assert.Equal($"{ocid}-tender", Id(releases[0]));
        Assert.Matches($"^{ocid}-tenderUpdate-[0-9]+$", Id(releases[1]));

        // The tender release shows the tender as published (in evaluation, no bidders named); the update, as awarded.
        var tender = releases[0].GetProperty("tender");
        Assert.Equal("active", tender.GetProperty("status").GetString());
        Assert.False(tender.TryGetProperty("tenderers", out _));
        Assert.DoesNotContain("Pact", releases[0].GetRawText(), StringComparison.Ordinal);
        Assert.Equal("complete", releases[1].GetProperty("tender").GetProperty("status").GetString());
        Assert.Equal(3, releases[1].GetProperty("tender").GetProperty("numberOfTenderers").GetInt32());

        // As signed, the milestone was scheduled; the implementation release says it was met; the compiled release, the latest.
        var signed = releases[3].GetProperty("contracts")[0];
        Assert.Equal("scheduled", signed.GetProperty("milestones")[0].GetProperty("status").GetString());
        Assert.Equal("met", releases[4].GetProperty("contracts")[0].GetProperty("milestones")[0].GetProperty("status").GetString());
        Assert.Equal("Extra sessions", releases[5].GetProperty("contracts")[0].GetProperty("amendments")[0].GetProperty("rationale").GetString());
        Assert.DoesNotContain("Private note", record.GetRawText(), StringComparison.Ordinal);
        var compiled = record.GetProperty("compiledRelease");
        Assert.Equal("compiled", compiled.GetProperty("tag")[0].GetString());
        Assert.Equal(releases[^1].GetProperty("date").GetString(), compiled.GetProperty("date").GetString());

        // Asked again (and as the individual releases of the release package), the same ids and dates.
        var again = Items((await GetAsync($"/api/ocds/records/{ocid}")).GetProperty("records")[0], "releases");
        Assert.Equal(releases.Select(r => (Id(r), r.GetProperty("date").GetString())), again.Select(r => (Id(r), r.GetProperty("date").GetString())));
        var individual = await GetAsync($"/api/ocds/releases?ocid={ocid}&releases=individual");
        Assert.Equal(releases.Select(Id), Items(individual, "releases").Select(Id));
    }

    [Fact]
    public async Task The_record_carries_a_versioned_release_that_replays_every_release_in_order()
    {
        var ocid = await TakeATenderThroughEveryStepAsync();
        var record = (await GetAsync($"/api/ocds/records/{ocid}")).GetProperty("records")[0];
        var releases = Items(record, "releases");
        var versioned = record.GetProperty("versionedRelease");
        Assert.Equal(ocid, versioned.GetProperty("ocid").GetString());
        Assert.False(versioned.TryGetProperty("id", out _) || versioned.TryGetProperty("date", out _) || versioned.TryGetProperty("tag", out _));

        // The tender's status as published, then as awarded, each from its release; a field that never changed has one value.
        var status = Versions(versioned.GetProperty("tender").GetProperty("status"));
        Assert.Equal([("active", Id(releases[0]), "tender"), ("complete", Id(releases[1]), "tenderUpdate")], status.Select(v => (v.Value.GetString(), v.Release, v.Tag)));
        Assert.Single(Versions(versioned.GetProperty("tender").GetProperty("title")));
        // Objects in arrays are merged on their id, which is kept as it is: the milestone scheduled when signed, then met.
        var contract = Assert.Single(versioned.GetProperty("contracts").EnumerateArray());
        Assert.Equal(JsonValueKind.String, contract.GetProperty("id").ValueKind);
        var milestone = Assert.Single(contract.GetProperty("milestones").EnumerateArray());
        Assert.Equal(["scheduled", "met"], Versions(milestone.GetProperty("status")).Select(v => v.Value.GetString()));

        // Replayed release by release, every field of each has, at that release, the value it gave.
        var order = releases.Select(Id).ToList();
        var checkedFields = 0;
        for (var i = 0; i < releases.Count; i++)
            foreach (var (path, value) in Leaves(releases[i], versioned, top: true))
            {
                var versions = Versions(path);
                Assert.All(versions.Zip(versions.Skip(1)), p => Assert.False(JsonElement.DeepEquals(p.First.Value, p.Second.Value), "a value repeats"));
                var current = versions.Last(v => order.IndexOf(v.Release) <= i);
                Assert.True(JsonElement.DeepEquals(value, current.Value), $"{Id(releases[i])}: {value} but {current.Value}");
                checkedFields++;
            }
        Assert.True(checkedFields > 50, $"only {checkedFields} fields replayed");
    }

    private static List<(JsonElement Value, string Release, string Tag)> Versions(JsonElement versions) =>
        [.. versions.EnumerateArray().Select(v => (v.GetProperty("value"), v.GetProperty("releaseID").GetString()!, v.GetProperty("releaseTag")[0].GetString()!))];

    /// <summary>Each literal field of a release beside the versions it became in the versioned release, by the merge's paths.</summary>
    private static IEnumerable<(JsonElement Versions, JsonElement Value)> Leaves(JsonElement release, JsonElement versioned, bool top = false, bool arrayItem = false)
    {
        foreach (var field in release.EnumerateObject())
        {
            if ((top && field.Name is "ocid" or "id" or "date" or "tag") || (arrayItem && field.Name == "id")) continue;
            var merged = versioned.GetProperty(field.Name);
            var value = field.Value;
            if (value.ValueKind == JsonValueKind.Object)
            {
                foreach (var leaf in Leaves(value, merged)) yield return leaf;
            }
            else if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && field.Name is not ("additionalIdentifiers" or "additionalClassifications")
                && value.EnumerateArray().All(x => x.ValueKind == JsonValueKind.Object && x.TryGetProperty("id", out _)))
            {
                foreach (var item in value.EnumerateArray())
                {
                    var match = merged.EnumerateArray().Single(m => JsonElement.DeepEquals(m.GetProperty("id"), item.GetProperty("id")));
                    foreach (var leaf in Leaves(item, match, arrayItem: true)) yield return leaf;
                }
            }
            else if (!(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() == 0))
            {
                yield return (merged, value);
            }
        }
    }

    [Fact]
    public async Task Cancelling_an_open_tender_is_a_tender_cancellation_after_the_tender_as_opened()
    {
        int id;
        Guid version;
        await using (var db = await DbAsync())
        {
            var open = await db.Tenders.Where(t => t.Reference == "NE-ROM-2026-007").Select(t => new { t.Id, t.Version }).SingleAsync();
            (id, version) = (open.Id, open.Version);
        }
        await (await AsCommissionerAsync<TenderService>()).ChangeTenderStatusAsync(id, TenderStatus.Cancelled, "Budget withdrawn", version);

        var releases = Items((await GetAsync($"/api/ocds/records/ocds-nerrop-tender-{id}")).GetProperty("records")[0], "releases");
        Assert.Equal(["tender", "tenderCancellation"], releases.Select(r => r.GetProperty("tag")[0].GetString()));
        Assert.Equal(["active", "cancelled"], releases.Select(r => r.GetProperty("tender").GetProperty("status").GetString()));
        Assert.Matches($"^ocds-nerrop-tender-{id}-tenderCancellation-[0-9]+$", Id(releases[1]));
        // The reason is not published: OCDS 1.1 has no field for it.
        Assert.DoesNotContain("Budget withdrawn", releases[1].GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agreement_signed_by_another_body_names_it_payer_and_the_process_keeps_one_buyer()
    {
        var ocid = await TakeATenderThroughEveryStepAsync();
        int agreementId, funder;
        await using (var db = await DbAsync())
        {
            var tenderId = int.Parse(ocid.Split('-')[^1], System.Globalization.CultureInfo.InvariantCulture);
            agreementId = await db.Agreements.Where(a => a.TenderId == tenderId).Select(a => a.Id).SingleAsync();
            funder = await db.Organisations.Where(o => o.Name == "Northern Rock Foundation").Select(o => o.Id).SingleAsync();
        }
        var lifecycle = await AsCommissionerAsync<AgreementLifecycleService>();
        var terms = AgreementInput.From(await lifecycle.GetAgreementAsync(agreementId));
        terms.BuyerOrganisationId = funder;
        await lifecycle.AmendAgreementAsync(agreementId, terms, new DateOnly(2026, 12, 2), "Funded by the foundation from now on");

        var record = (await GetAsync($"/api/ocds/records/{ocid}")).GetProperty("records")[0];
        var compiled = record.GetProperty("compiledRelease");
        foreach (var release in Items(record, "releases").Append(compiled)) AssertPartyReferencesResolve(release);
        var payer = Assert.Single(Items(compiled, "parties"), p => p.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "payer"));
        Assert.Equal("Northern Rock Foundation", payer.GetProperty("name").GetString());
        Assert.NotEqual(Id(payer), Id(compiled.GetProperty("buyer")));
    }

    [Fact]
    public async Task Every_package_passes_the_data_review_checks()
    {
        await TakeATenderThroughEveryStepAsync();
        var compiled = await GetAsync("/api/ocds/releases?size=5000");
        var individual = await GetAsync("/api/ocds/releases?size=5000&releases=individual");
        await JsonSchemas.AssertValidAsync("ocds-1.1", "release-package-schema.json", compiled, OcdsApiTests.Local);
        await JsonSchemas.AssertValidAsync("ocds-1.1", "release-package-schema.json", individual, OcdsApiTests.Local);
        AssertExtensionsDeclared(compiled);
        AssertExtensionsDeclared(individual);

        var all = Items(individual, "releases");
        Assert.Equal(all.Count, all.Select(Id).Distinct().Count());
        Assert.True(all.Count > Items(compiled, "releases").Count, "each process has at least one release, and some several");
        var schema = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "TestData", "ocds-1.1", "release-schema.json")))!;

        foreach (var ocid in Items(compiled, "releases").Select(r => r.GetProperty("ocid").GetString()!))
        {
            Assert.Matches(OcidPattern(), ocid);
            var package = await GetAsync($"/api/ocds/records/{ocid}");
            await JsonSchemas.AssertValidAsync("ocds-1.1", "record-package-schema.json", package, OcdsApiTests.Local);
            AssertExtensionsDeclared(package);
            var record = package.GetProperty("records")[0];
            var releases = Items(record, "releases");
            Assert.NotEmpty(releases);
            Assert.Equal(all.Where(r => r.GetProperty("ocid").GetString() == ocid).Select(Id), releases.Select(Id));
            var dates = releases.Select(r => r.GetProperty("date").GetDateTimeOffset()).ToList();
            Assert.True(dates.SequenceEqual(dates.Order()), $"{ocid}: release dates out of order: {string.Join(", ", dates)}");
            Assert.True(record.GetProperty("compiledRelease").GetProperty("date").GetDateTimeOffset() >= dates[^1], $"{ocid}: compiled release older than its last release");

            var awardIds = releases.Append(record.GetProperty("compiledRelease")).SelectMany(r => Items(r, "awards")).Select(Id).ToHashSet();
            foreach (var release in releases.Append(record.GetProperty("compiledRelease")))
            {
                Assert.Equal(ocid, release.GetProperty("ocid").GetString());
                Assert.All(Fields(release).Distinct(), f => Assert.True(InSchema(schema, f), $"{Id(release)}: {f} is not in the OCDS 1.1 release schema"));
                AssertPartyReferencesResolve(release);
                foreach (var contract in Items(release, "contracts"))
                    Assert.True(awardIds.Contains(contract.GetProperty("awardID").GetString()!), $"{Id(release)}: contract {Id(contract)} names no award of the process");
            }
        }
    }

    [Fact]
    public async Task A_bad_releases_parameter_is_a_400_and_paging_individual_releases_keeps_the_parameter()
    {
        var bad = await _anonymous.GetAsync("/api/ocds/releases?releases=versioned");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.StartsWith("releases must be", JsonDocument.Parse(await bad.Content.ReadAsStringAsync()).RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);

        var first = await GetAsync("/api/ocds/releases?size=2&releases=individual");
        var next = first.GetProperty("links").GetProperty("next").GetString()!;
        Assert.EndsWith("?page=2&size=2&releases=individual", next, StringComparison.Ordinal);
        Assert.All(Items(await GetAsync(new Uri(next).PathAndQuery), "releases"), r => Assert.NotEqual("compiled", r.GetProperty("tag")[0].GetString()));
        // Two processes on the first page, each with all its releases.
        Assert.Equal(2, Items(first, "releases").Select(r => r.GetProperty("ocid").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task A_cors_preflight_is_answered_with_204()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/api/ocds/releases");
        request.Headers.Add("Origin", "https://other.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        var response = await _anonymous.SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    private static void AssertExtensionsDeclared(JsonElement package)
    {
        foreach (var url in Items(package, "extensions").Select(e => e.GetString()!))
        {
            Assert.EndsWith("/extension.json", url, StringComparison.Ordinal);
            Assert.Contains(url, PublishedExtensions);
        }
    }

    /// <summary>buyer, tender.procuringEntity, tender.tenderers and awards' suppliers each name a party of the release in that role.</summary>
    private static void AssertPartyReferencesResolve(JsonElement release)
    {
        var roles = Items(release, "parties").ToDictionary(Id, p => p.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToHashSet());
        void Resolves(JsonElement reference, string role) =>
            Assert.True(roles.TryGetValue(Id(reference), out var r) && r.Contains(role), $"{Id(release)}: {Id(reference)} is not a party with role {role}");
        Resolves(release.GetProperty("buyer"), "buyer");
        Assert.True(roles.Count(r => r.Value.Contains("buyer")) == 1, $"{Id(release)}: a contracting process has one buyer");
        if (release.TryGetProperty("tender", out var tender))
        {
            Resolves(tender.GetProperty("procuringEntity"), "procuringEntity");
            foreach (var t in Items(tender, "tenderers")) Resolves(t, "tenderer");
        }
        foreach (var s in Items(release, "awards").SelectMany(a => Items(a, "suppliers"))) Resolves(s, "supplier");
    }

    private static IEnumerable<string> Fields(JsonElement e, string path = "") => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().SelectMany(p => Fields(p.Value, path.Length == 0 ? p.Name : $"{path}.{p.Name}")),
        JsonValueKind.Array => e.EnumerateArray().SelectMany(x => Fields(x, path + "[]")).DefaultIfEmpty(path + "[]"),
        _ => [path],
    };

    /// <summary>Whether a field path such as <c>tender.tenderers[].id</c> is a property the release schema defines.</summary>
    private static bool InSchema(JsonNode root, string field)
    {
        JsonNode? node = root;
        foreach (var segment in field.Split('.'))
        {
            node = Resolve(root, node)?["properties"]?[segment.TrimEnd('[', ']')];
            if (segment.EndsWith("[]", StringComparison.Ordinal)) node = Resolve(root, node)?["items"];
            if (node is null) return false;
        }
        return true;
    }

    private static JsonNode? Resolve(JsonNode root, JsonNode? node)
    {
        while (node?["$ref"] is JsonValue r && r.GetValue<string>().StartsWith("#/definitions/", StringComparison.Ordinal))
            node = root["definitions"]?[r.GetValue<string>()["#/definitions/".Length..]];
        return node;
    }

    /// <summary>The data-review tools' rule: a registered prefix (ocds- and six characters), then a hyphen.</summary>
    [GeneratedRegex("^ocds-[a-z0-9]{6}-")]
    private static partial Regex OcidPattern();
}

public sealed class OcdsDataReviewOnSqliteTests() : OcdsDataReviewTests(DatabaseProvider.Sqlite);

public sealed class OcdsDataReviewOnPostgresTests() : OcdsDataReviewTests(DatabaseProvider.Postgres);
