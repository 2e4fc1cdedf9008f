using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Security;

namespace PathwayHub.Tests.Infrastructure;

/// <summary>The refusals a page shows through FormState: none is lost for want of a field to show it next to.</summary>
public sealed class FormStateTests
{
    private static Task Refuse(params (string Key, string Message)[] errors) =>
        throw new ValidationFailedException(errors.ToDictionary(e => e.Key, e => e.Message));

    [Fact]
    public async Task Errors_for_fields_the_page_does_not_show_are_shown_at_page_level()
    {
        var form = new FormState("Name");
        Assert.False(await form.RunAsync(() => Refuse(("Name", "Enter a name."), ("Organisation.Website", "Enter the full web address."), ("", "Nothing was saved."))));
        Assert.Equal("Enter a name.", form.For("Name"));
        Assert.Equal("Enter the full web address. Nothing was saved.", form.Error);

        Assert.False(await form.RunAsync(() => Refuse(("Name", "Enter a name."))));
        Assert.Null(form.Error); // shown next to its field only
    }

    [Fact]
    public async Task Without_declared_fields_only_the_whole_form_error_is_page_level_as_before()
    {
        var form = new FormState();
        Assert.False(await form.RunAsync(() => Refuse(("Name", "Enter a name."), ("", "Nothing was saved."))));
        Assert.Equal("Nothing was saved.", form.Error);
    }

    [Fact]
    public async Task Too_many_attempts_is_shown_as_it_is()
    {
        var form = new FormState();
        Assert.False(await form.RunAsync(() => throw new TooManyAttemptsException("Too many registrations. Try again in 10 minutes.", TimeSpan.FromMinutes(10))));
        Assert.Equal("Too many registrations. Try again in 10 minutes.", form.Error);
    }
}
