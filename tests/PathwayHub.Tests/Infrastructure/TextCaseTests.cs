using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Infrastructure;

public sealed class TextCaseTests
{
    [Theory]
    [InlineData(0, "0 changes")]
    [InlineData(1, "1 change")]
    [InlineData(2, "2 changes")]
    [InlineData(1204, "1,204 changes")]
    public void A_count_reads_in_the_singular_only_for_one(int n, string expected) =>
        Assert.Equal(expected, TextCase.Plural(n, "change", "changes"));

    [Fact]
    public void A_lower_case_label_starts_a_sentence() => Assert.Equal("Open for bids", TextCase.Sentence("open for bids"));
}
