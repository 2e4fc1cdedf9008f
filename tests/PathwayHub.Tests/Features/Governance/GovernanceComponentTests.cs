using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Actions;
using PathwayHub.Web.Features.Governance.Agenda;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Features.Governance.Minutes;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Tests.Features.Governance;

/// <summary>The agenda builder and the minutes editor over the real services and a real SQLite file, as the coordinator.</summary>
public sealed class GovernanceComponentTests : IAsyncLifetime
{
    private readonly BunitContext _ctx = new();
    private TestApp _app = null!;
    private GovernanceAs _meetings = null!;
    private int _meetingId, _pathwayId;
    private Actor _coordinator = null!;

    public async ValueTask InitializeAsync()
    {
        _app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: true);
        var coordinator = _coordinator = await _app.ActorAsync("coordinator@pathwayhub.example");
        _meetings = new GovernanceAs(_app, coordinator);
        await using (var db = await _app.DbAsync())
        {
            var pathway = _pathwayId = await db.Pathways.Where(p => p.Slug == "families-and-social-support").Select(p => p.Id).SingleAsync();
            _meetingId = (await _meetings.Meetings.CreateAsync(pathway, new MeetingInput { Title = "Quarterly", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), Venue = "Durham" }))[0];
        }
        _ctx.Services.AddMudServices();
        _ctx.Services.AddSingleton(_meetings.Meetings);
        _ctx.Services.AddSingleton(_meetings.Agenda);
        _ctx.Services.AddSingleton(_meetings.Minutes);
        _ctx.Services.AddSingleton(_meetings.Actions);
        _ctx.Services.AddSingleton(_app.As<CurrentUser>(coordinator));
        _ctx.Services.AddSingleton(_app.As<PathwayService>(coordinator));
        _ctx.Services.AddSingleton(_app.As<CalendarService>(coordinator));
        _ctx.Services.AddSingleton(_app.Services.GetRequiredService<PublicAddress>());
        _ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        _ctx.SetRendererInfo(new RendererInfo("Server", true));
        _ctx.Render<MudPopoverProvider>();
    }

    public async ValueTask DisposeAsync()
    {
        await _ctx.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task Agenda_builder_refuses_an_untitled_item_then_adds_it_before_any_other_business()
    {
        var added = 0;
        var form = _ctx.Render<AgendaItemForm>(p => p.Add(x => x.MeetingId, _meetingId).Add(x => x.Added, () => added++));

        form.Find("[data-testid=add-item]").Click();
        form.WaitForAssertion(() => Assert.Contains("Enter the item's title.", form.Markup, StringComparison.Ordinal));
        Assert.Equal(0, added);

        form.Find("[data-testid=item-title]").Change("Visitor centre funding");
        form.Find("[data-testid=add-item]").Click();
        form.WaitForAssertion(() => Assert.Equal(1, added));
        Assert.DoesNotContain("Enter the item's title.", form.Markup, StringComparison.Ordinal);
        var titles = (await _meetings.Meetings.GetAsync(_meetingId)).Items.Select(i => i.Title).ToList();
        Assert.Equal(["Visitor centre funding", "Any other business"], titles[^2..]);
    }

    [Fact]
    public async Task Minutes_editor_records_a_numbered_decision_and_refuses_an_action_without_an_owner()
    {
        await _meetings.Meetings.PublishAsync(_meetingId);
        _app.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 10, 30, 0, TimeSpan.Zero)); // the meeting has started
        await _meetings.Meetings.MarkHeldAsync(_meetingId);
        var view = await _meetings.Meetings.GetAsync(_meetingId);
        var item = view.Items[2];
        var members = view.Attendees.Where(a => !a.IsAssociate).ToList();
        var editor = _ctx.Render<MinutesEditor>(p => p.Add(x => x.Item, item).Add(x => x.Editable, true).Add(x => x.Members, members));

        editor.Find("[data-testid=add-decision]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Enter the decision.", editor.Markup, StringComparison.Ordinal));

        editor.Find("[data-testid=decision-text]").Change("Approve the minutes of the last meeting.");
        editor.Find("[data-testid=add-decision]").Click();
        editor.WaitForAssertion(() => Assert.DoesNotContain("Enter the decision.", editor.Markup, StringComparison.Ordinal));

        editor.Find("[data-testid=action-text]").Change("Circulate the minutes");
        editor.Find("[data-testid=add-action]").Click();
        editor.WaitForAssertion(() => Assert.Contains("Choose the member who owns the action.", editor.Markup, StringComparison.Ordinal));

        var after = (await _meetings.Meetings.GetAsync(_meetingId)).Items[2];
        var decision = Assert.Single(after.Decisions);
        // Numbered next in the Pathway's register, after the decisions of the demo's earlier meetings.
        await using (var db = await _app.DbAsync())
            Assert.Equal(await db.Decisions.CountAsync(d => d.PathwayId == view.PathwayId), decision.Number);
        Assert.Equal("Approve the minutes of the last meeting.", decision.Text);
        Assert.Empty(after.Actions);
        Assert.Equal(MeetingStatus.MinutesDrafted, (await _meetings.Meetings.GetAsync(_meetingId)).Status);
    }

    [Fact]
    public async Task Publishing_asks_first_and_going_back_publishes_nothing()
    {
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<MeetingPage>(p => p.Add(x => x.Id, _meetingId));

        page.WaitForElement("[data-testid=publish]").Click();
        dialogs.WaitForElement("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm]")));
        Assert.Equal(MeetingStatus.Planned, (await _meetings.Meetings.GetAsync(_meetingId)).Status);

        page.Find("[data-testid=publish]").Click();
        Assert.Contains("each is notified by email", dialogs.WaitForElement("[data-testid=confirm]").ParentElement!.ParentElement!.TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("Agenda published", page.Find("[data-testid=meeting-status]").TextContent, StringComparison.Ordinal));
        Assert.Equal(MeetingStatus.AgendaPublished, (await _meetings.Meetings.GetAsync(_meetingId)).Status);
    }

    [Fact]
    public async Task Cancelling_asks_for_the_reason_in_the_confirmation_not_above_the_agenda()
    {
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<MeetingPage>(p => p.Add(x => x.Id, _meetingId));
        page.WaitForElement("[data-testid=agenda]");
        Assert.DoesNotContain("Reason for cancelling", page.Markup, StringComparison.Ordinal);

        page.Find("[data-testid=cancel-meeting]").Click();
        dialogs.WaitForElement("[data-testid=confirm]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Give the reason for cancelling.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal(MeetingStatus.Planned, (await _meetings.Meetings.GetAsync(_meetingId)).Status);

        dialogs.Find("[data-testid=confirm-reason]").Change("The chair is unwell.");
        dialogs.Find("[data-testid=confirm]").Click();
        page.WaitForAssertion(() => Assert.Contains("This meeting is cancelled: The chair is unwell.", page.Markup, StringComparison.Ordinal));
        var after = await _meetings.Meetings.GetAsync(_meetingId);
        Assert.Equal((MeetingStatus.Cancelled, "The chair is unwell."), (after.Status, after.CancellationReason));
    }

    [Fact]
    public async Task Changing_the_time_or_place_opens_the_meeting_s_details_and_saves_the_move()
    {
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<MeetingPage>(p => p.Add(x => x.Id, _meetingId));

        page.WaitForElement("[data-testid=move-meeting]").Click();
        Assert.Equal("Durham", dialogs.WaitForElement("[data-testid=meeting-venue]").GetAttribute("value"));
        dialogs.Find("[data-testid=meeting-venue]").Change("");
        dialogs.Find("[data-testid=save-meeting]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Enter a venue or an online link.", dialogs.Markup, StringComparison.Ordinal));
        Assert.Equal("Durham", (await _meetings.Meetings.GetAsync(_meetingId)).Venue);

        dialogs.Find("[data-testid=meeting-venue]").Change("Pact, Newcastle");
        dialogs.Find("[data-testid=save-meeting]").Click();
        page.WaitForAssertion(() => Assert.Contains("Pact, Newcastle", page.Find("[data-testid=meeting-when]").TextContent, StringComparison.Ordinal));
        var moved = await _meetings.Meetings.GetAsync(_meetingId);
        Assert.Equal(("Pact, Newcastle", new DateTime(2026, 12, 10, 10, 0, 0)), (moved.Venue, moved.StartUtc));
    }

    [Fact]
    public async Task Enter_in_a_progress_note_saves_the_note_and_leaves_the_action_open()
    {
        var open = (await _meetings.Actions.PathwayActionsAsync(_pathwayId)).First(a => a.Status == ActionStatus.Open);
        var changed = 0;
        var table = _ctx.Render<ActionTable>(p => p.Add(x => x.Actions, [open]).Add(x => x.Changed, () => changed++));

        var note = table.Find("[data-testid=note-text]");
        note.Input("Spoke to the Governor; a date is being found.");
        table.Find("[data-testid=note-text]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });
        table.WaitForAssertion(() => Assert.Equal(1, changed));
        table.WaitForAssertion(() => Assert.Contains("Progress note saved.", table.Markup, StringComparison.Ordinal));

        var after = (await _meetings.Actions.PathwayActionsAsync(_pathwayId)).Single(a => a.Id == open.Id);
        Assert.Equal(ActionStatus.Open, after.Status);
        Assert.Equal("Spoke to the Governor; a date is being found.", after.Notes[0].Text);

        // An empty note is refused next to the field and saves nothing.
        table.Find("[data-testid=save-note]").Click();
        table.WaitForAssertion(() => Assert.Contains("Write the progress note first.", table.Markup, StringComparison.Ordinal));
        Assert.Equal(after.Notes.Count, (await _meetings.Actions.PathwayActionsAsync(_pathwayId)).Single(a => a.Id == open.Id).Notes.Count);
    }

    [Fact]
    public async Task Meetings_page_has_a_new_meeting_button_for_the_coordinator_only_and_asks_for_the_pathway()
    {
        var dialogs = _ctx.Render<MudDialogProvider>();
        var page = _ctx.Render<MeetingsPage>();

        page.WaitForElement("[data-testid=new-meeting]").Click();
        dialogs.WaitForElement("[data-testid=meeting-pathway]");
        dialogs.Find("[data-testid=save-meeting]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("Choose the Pathway the meeting is for.", dialogs.Markup, StringComparison.Ordinal));

        await using var member = new BunitContext();
        var memberActor = await _app.ActorAsync("member@pathwayhub.example");
        member.Services.AddMudServices();
        member.Services.AddSingleton(_app.As<MeetingService>(memberActor));
        member.Services.AddSingleton(_app.As<PathwayService>(memberActor));
        member.Services.AddSingleton(_app.As<CalendarService>(memberActor));
        member.Services.AddSingleton(_app.As<CurrentUser>(memberActor));
        member.Services.AddSingleton(_app.Services.GetRequiredService<PublicAddress>());
        member.JSInterop.Mode = JSRuntimeMode.Loose;
        member.SetRendererInfo(new RendererInfo("Server", true));
        member.Render<MudPopoverProvider>();
        var memberPage = member.Render<MeetingsPage>();
        memberPage.WaitForElement("[data-testid=calendar-subscription]");
        Assert.Empty(memberPage.FindAll("[data-testid=new-meeting]"));
    }
}
