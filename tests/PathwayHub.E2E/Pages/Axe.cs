using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace PathwayHub.E2E.Pages;

public static class Axe
{
    private static readonly AxeRunOptions Options = new()
    {
        RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    };

    /// <summary>
    /// Scans the page once its finite animations have ended (a snackbar fading in is measured at its final colours, not half
    /// transparent) and fails with every violation's rule, help and elements.
    /// </summary>
    public static async Task AssertAccessibleAsync(IPage page, string what)
    {
        await page.EvaluateAsync("""
            () => Promise.all(document.getAnimations()
                .filter(a => a.effect?.getComputedTiming().iterations !== Infinity)
                .map(a => a.finished.catch(() => null)))
            """);
        var result = await page.RunAxe(Options);
        var report = string.Join(Environment.NewLine, result.Violations.Select(v =>
            $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Target?.ToString()))}"));
        Assert.True(result.Violations.Length == 0, $"{what} has accessibility violations:{Environment.NewLine}{report}");
    }
}
