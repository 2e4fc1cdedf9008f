using BenchmarkDotNet.Attributes;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Benchmarks;

/// <summary>Server render of a Pathway's member list (query + HTML) with 200 current memberships, on a real SQLite file.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class MemberListRender
{
    private BenchHost _host = null!;
    private int _pathwayId;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync();
        await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        var pathway = await db.Pathways.FirstAsync(p => p.Slug == "accommodation");
        _pathwayId = pathway.Id;
        var orgs = await db.Organisations.Select(o => o.Id).ToListAsync();
        for (var i = 0; i < 200; i++)
        {
            var person = new Person { FullName = $"Member {i:D3}", Email = $"member{i}@example.org", JobTitle = "Officer", OrganisationId = orgs[i % orgs.Count], Sector = (Sector)(i % 3) };
            db.Memberships.Add(new Membership { Person = person, PathwayId = pathway.Id, Role = i % 4 == 0 ? MembershipRole.Associate : MembershipRole.Member, StartDate = new DateOnly(2025, 1, 1) });
        }
        await db.SaveChangesAsync();
    }

    [Benchmark]
    public async Task<string> RenderMemberList()
    {
        var html = await _host.RenderAsync<MembersTab>(new()
        {
            [nameof(MembersTab.PathwayId)] = _pathwayId, [nameof(MembersTab.Slug)] = "accommodation", [nameof(MembersTab.CanEdit)] = true,
        });
        if (!html.Contains("Member 199", StringComparison.Ordinal)) throw new InvalidOperationException("The member list did not render all members.");
        return html;
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();
}
