using Microsoft.Playwright;
using PathwayHub.E2E.Pages;

namespace PathwayHub.E2E.Scale;

/// <summary>Users' flows through nginx against two instances on one PostgreSQL, including an instance dying under a user.</summary>
[Collection(ScaleDeploymentGroup.Name)]
public sealed class ScaleFlowTests(ScaleFixture scale)
{
    private const string Families = "Families and Social Support";

    [Fact]
    public async Task Through_nginx_a_coordinator_signs_in_and_adds_a_member_on_a_sticky_circuit()
    {
        var page = await scale.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        var pathway = new PathwayPage(page);
        await pathway.OpenAsync(Families);
        await pathway.OpenMembersAsync();
        await pathway.AddAsync(await pathway.OpenAddMemberAsync(), "Ruth Tinkler", "ruth.tinkler@example.org", "Associate", "2026-11-01");
        await Assertions.Expect(pathway.MemberRows.Filter(new() { HasText = "Ruth Tinkler" })).ToHaveCountAsync(1);
        await Axe.AssertAccessibleAsync(page, "Pathway members tab through nginx");

        // Every request of this browser, the page loads and the circuit's WebSocket alike, went to one instance.
        var affinity = await AffinityAsync(page);
        var served = scale.Running.Nginx.RequestsOf(affinity).Select(r => r.Upstream).Distinct().ToList();
        Assert.True(served.Count == 1, $"requests of one browser went to {string.Join(", ", served)}");
        Assert.Contains(scale.Running.Nginx.RequestsOf(affinity), r => r.Request.StartsWith("POST /_blazor/negotiate", StringComparison.Ordinal) && r.Status == 200);
    }

    [Fact]
    public async Task When_the_instance_serving_a_user_dies_the_browser_moves_to_the_other_and_keeps_what_was_saved()
    {
        var deployment = scale.Running;
        var page = await scale.NewPageAsync();
        await new LoginPage(page).SignInAsync("coordinator@pathwayhub.example");
        var pathway = new PathwayPage(page);
        await pathway.OpenAsync(Families);
        await pathway.OpenMembersAsync();
        await pathway.AddAsync(await pathway.OpenAddMemberAsync(), "Nora Failover", "nora.failover@example.org", "Associate", "2026-11-01");
        await Assertions.Expect(pathway.MemberRows.Filter(new() { HasText = "Nora Failover" })).ToHaveCountAsync(1);

        var affinity = await AffinityAsync(page);
        var port = scale.Running.Nginx.RequestsOf(affinity).Last(r => r.Upstream is not null).Upstream;
        var victim = deployment.Instances.Select((instance, index) => (instance, index)).Single(x => x.instance.Port == port).index;
        try
        {
            await deployment.Instances[victim].KillAsync();

            // The circuit's connection drops; Blazor reconnects through nginx, which sends it to the surviving instance. That
            // instance has never heard of the circuit and refuses it, so the page reloads there, and says why.
            var notice = page.Locator("#reconnect-notice");
            await Assertions.Expect(notice).ToBeVisibleAsync(new() { Timeout = 60_000 });
            await Assertions.Expect(notice).ToContainTextAsync("Everything you saved is kept");
            await LoginPage.Interactive(page);
            await Axe.AssertAccessibleAsync(page, "Pathway page after moving to another instance");

            await pathway.OpenMembersAsync();
            await Assertions.Expect(pathway.MemberRows.Filter(new() { HasText = "Nora Failover" })).ToHaveCountAsync(1);
            // Still signed in, and still working: the next change saves on the new instance.
            await pathway.AddAsync(await pathway.OpenAddMemberAsync(), "Omar Afterwards", "omar.afterwards@example.org", "Associate", "2026-11-01");
            await Assertions.Expect(pathway.MemberRows.Filter(new() { HasText = "Omar Afterwards" })).ToHaveCountAsync(1);
            var now = scale.Running.Nginx.RequestsOf(affinity).Last(r => r.Upstream is not null).Upstream;
            Assert.NotEqual(port, now);

            await notice.GetByRole(AriaRole.Button, new() { Name = "Dismiss" }).ClickAsync();
            await Assertions.Expect(notice).ToBeHiddenAsync();
        }
        finally
        {
            await deployment.RestartAsync(victim);
        }
    }

    internal static async Task<string> AffinityAsync(IPage page) =>
        (await page.Context.CookiesAsync()).Single(c => c.Name == "pathwayhub_affinity").Value;
}
