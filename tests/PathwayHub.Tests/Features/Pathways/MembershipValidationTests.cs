using PathwayHub.Web.Features.Pathways;

namespace PathwayHub.Tests.Features.Pathways;

public sealed class MembershipValidationTests
{
    [Theory]
    [InlineData("name@example.org", true)]
    [InlineData("first.last@probation.gov.uk", true)]
    [InlineData("grace@nowhere", false)]
    [InlineData("no-at-sign.example.org", false)]
    [InlineData("two words@example.org", false)]
    [InlineData("Name <name@example.org>", false)]
    public void Email_format(string email, bool valid)
    {
        var errors = MembershipService.Validate(new MembershipInput { FullName = "A", Email = email, StartDate = new DateOnly(2026, 1, 1) });
        Assert.Equal(valid, !errors.ContainsKey(nameof(MembershipInput.Email)));
    }
}
