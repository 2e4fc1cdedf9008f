using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
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

    [Fact]
    public async Task Loading_a_record_that_is_gone_or_not_yours_shows_why_and_drops_what_the_page_held()
    {
        var form = new FormState();
        string? held = "the old record";
        Assert.False(await form.LoadAsync(() => throw new NotFoundException("There is no meeting 7."), () => held = null));
        Assert.Equal("There is no meeting 7.", form.Error);
        Assert.Null(held);

        Assert.False(await form.LoadAsync(() => throw new ForbiddenException("Only the Pathway's members can see its meetings.")));
        Assert.Equal("Only the Pathway's members can see its meetings.", form.Error);
    }

    [Fact]
    public async Task A_reload_after_an_action_keeps_the_action_s_message()
    {
        var form = new FormState();
        var loads = 0;
        Task Reload() => form.LoadAsync(() => { loads++; return Task.CompletedTask; });
        Assert.False(await form.RunAsync(() => throw new ConcurrencyConflictException("Someone else changed this meeting: it has been reloaded."), reload: Reload));
        Assert.Equal(1, loads);
        Assert.Equal("Someone else changed this meeting: it has been reloaded.", form.Error);

        Assert.True(await form.RunAsync(() => Task.CompletedTask, "Saved.", Reload));
        Assert.Equal(("Saved.", 2), (form.Done, loads));
        Assert.Null(form.Error);
    }
}
