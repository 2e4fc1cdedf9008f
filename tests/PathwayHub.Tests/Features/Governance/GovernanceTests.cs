using System.Text;
using Ical.Net;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Features.Governance.Meetings;

namespace PathwayHub.Tests.Features.Governance;

public sealed class GovernanceTests
{
    private static readonly byte[] PdfBytes = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF");

    private sealed record World(TestApp App, PathwayTeam Team, int MeetingId) : IAsyncDisposable
    {
        public Actor Coordinator => Team.Coordinator;
        public Actor Member => Team.Member;
        public Actor Associate => Team.Associate;
        public Actor Chair => Team.Chair;
        public int PathwayId => Team.PathwayId;
        public ValueTask DisposeAsync() => App.DisposeAsync();
        public GovernanceAs As(Actor a) => new(App, a);

        /// <summary>The clock reaches half an hour into the meeting: it can be marked held only once it has started.</summary>
        public void MeetingStarts() => App.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 10, 10, 30, 0, TimeSpan.Zero));
    }

    /// <summary>The Families and Social Support Pathway, its team (<see cref="PathwayTeam"/>) and one planned meeting on 10 December 2026.</summary>
    private static async Task<World> StartAsync(DatabaseProvider provider)
    {
        var app = await TestApp.StartAsync(provider);
        var team = await PathwayTeam.BuildAsync(app);
        var ids = await new GovernanceAs(app, team.Coordinator).Meetings.CreateAsync(team.PathwayId, new MeetingInput
        {
            Title = "Quarterly meeting", StartLocal = new DateTime(2026, 12, 10, 10, 0, 0), DurationMinutes = 120, Venue = "NEPACS, Durham",
        });
        return new World(app, team, ids[0]);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task New_meeting_has_the_standing_items_in_uk_time_and_a_quarterly_series(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var view = await w.As(w.Coordinator).Meetings.GetAsync(w.MeetingId);

        Assert.Equal(["Welcome and apologies", "Declarations of interest", "Minutes of the previous meeting and matters arising", "Review of the action log", "Any other business"],
            view.Items.Select(i => i.Title));
        Assert.Equal(new DateTime(2026, 12, 10, 10, 0, 0), view.StartUtc); // GMT in December

        var series = await w.As(w.Coordinator).Meetings.CreateAsync(w.PathwayId, new MeetingInput { Title = "Series", StartLocal = new DateTime(2027, 3, 4, 14, 0, 0), Venue = "Online", Occurrences = 4 });
        var starts = new List<DateTime>();
        foreach (var id in series) starts.Add((await w.As(w.Coordinator).Meetings.GetAsync(id)).StartUtc);
        Assert.Equal([new DateTime(2027, 3, 4, 14, 0, 0), new DateTime(2027, 6, 4, 13, 0, 0), new DateTime(2027, 9, 4, 13, 0, 0), new DateTime(2027, 12, 4, 14, 0, 0)], starts);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Members_see_a_meeting_only_once_published_and_each_is_notified_once(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        await Assert.ThrowsAsync<NotFoundException>(() => w.As(w.Member).Meetings.GetAsync(w.MeetingId));
        Assert.DoesNotContain(await w.As(w.Associate).Meetings.ListAsync(), m => m.Id == w.MeetingId);
        long since;
        await using (var before = await w.App.DbAsync()) since = await before.Notifications.MaxAsync(n => (long?)n.Id) ?? 0;
        await Assert.ThrowsAsync<ForbiddenException>(() => w.As(w.Member).Meetings.PublishAsync(w.MeetingId));

        await w.As(w.Coordinator).Meetings.PublishAsync(w.MeetingId);
        await Assert.ThrowsAsync<ValidationFailedException>(() => w.As(w.Coordinator).Meetings.PublishAsync(w.MeetingId));

        Assert.Equal("Quarterly meeting", (await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).Title);
        Assert.Single(await w.As(w.Member).Meetings.ListAsync(), m => m.Id == w.MeetingId);
        await using var db = await w.App.DbAsync();
        // What publishing wrote.
        var written = await db.Notifications.Where(n => n.Id > since).ToListAsync();
        var sent = await db.Notifications.Where(n => n.Id > since && n.Kind == "agenda-published").Select(n => n.Recipient!.Email).ToListAsync();
        Assert.Equal(["asha.associate@test.example", "chris.chair@test.example", "cora.coordinator@test.example", "max.member@test.example", "pat.provider@test.example"], sent.Order());
        Assert.All(written, n => Assert.Equal($"/meetings/{w.MeetingId}", n.Link));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Confidential_papers_never_reach_associates_and_late_papers_are_supplements(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var item = await coord.Agenda.AddItemAsync(w.MeetingId, "Visitor centre funding", ItemPurpose.Decision, "Sarah Milburn", 20);
        var open = await coord.Agenda.AddPaperAsync(item, "Funding options", "options.pdf", new MemoryStream(PdfBytes), confidential: false);
        var secret = await coord.Agenda.AddPaperAsync(item, "Costings", "costings.pdf", new MemoryStream(PdfBytes), confidential: true);
        await coord.Meetings.PublishAsync(w.MeetingId);
        var late = await coord.Agenda.AddPaperAsync(item, "Late paper", "late.pdf", new MemoryStream(PdfBytes), confidential: false);

        var associateView = (await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).Items.Single(i => i.Id == item);
        Assert.Equal([open, late], associateView.Papers.Select(p => p.Id));
        Assert.True(associateView.Papers.Single(p => p.Id == late).Supplement);
        Assert.False(associateView.Papers.Single(p => p.Id == open).Supplement);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.As(w.Associate).Agenda.OpenPaperAsync(secret));

        var memberView = (await w.As(w.Member).Meetings.GetAsync(w.MeetingId)).Items.Single(i => i.Id == item);
        Assert.Contains(memberView.Papers, p => p.Id == secret && p.Confidential);
        var (content, type, name) = await w.As(w.Member).Agenda.OpenPaperAsync(secret);
        await using (content)
        {
            using var ms = new MemoryStream();
            await content.CopyToAsync(ms);
            Assert.Equal(PdfBytes, ms.ToArray());
        }
        Assert.Equal(("application/pdf", "costings.pdf"), (type, name));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var item = (await coord.Meetings.GetAsync(w.MeetingId)).Items[0].Id;
        int papers;
        await using (var before = await w.App.DbAsync()) papers = await before.Papers.CountAsync();

        async Task<string> Refusal(string name, byte[] bytes) =>
            (await Assert.ThrowsAsync<ValidationFailedException>(() => coord.Agenda.AddPaperAsync(item, "x", name, new MemoryStream(bytes), false))).Errors["File"];

        Assert.Contains("Upload a PDF, Word, Excel or PowerPoint", await Refusal("script.exe", PdfBytes), StringComparison.Ordinal);
        Assert.Contains("is not a PDF file", await Refusal("fake.pdf", Encoding.ASCII.GetBytes("MZ this is really a program")), StringComparison.Ordinal);
        Assert.Contains("is not a DOCX file", await Refusal("report.docx", PdfBytes), StringComparison.Ordinal);
        Assert.Equal("The file is empty.", await Refusal("empty.pdf", []));
        var big = new byte[Web.Features.Governance.Agenda.AgendaService.MaxPaperBytes + 1];
        PdfBytes.CopyTo(big, 0);
        Assert.Equal("The file is larger than 20 MB. Upload a smaller file.", await Refusal("big.pdf", big));

        await using var db = await w.App.DbAsync();
        Assert.Equal(papers, await db.Papers.CountAsync());
        Assert.False(System.IO.Directory.Exists(Path.Combine(w.App.Settings.DataFolder, "papers")));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Quorum_counts_present_members_from_the_terms_of_reference_but_not_associates(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var tor = w.App.As<TermsOfReferenceService>(w.Coordinator);
        var draft = await tor.CreateDraftAsync(w.PathwayId);
        var input = TermsOfReferenceService.Input(await tor.GetAsync(draft));
        input.Purpose = "Support families of prisoners.";
        input.QuorumCount = 2;
        await tor.UpdateDraftAsync(draft, input);
        await tor.ApproveAsync(draft, new DateOnly(2026, 11, 1), null);
        var coord = w.As(w.Coordinator);
        await coord.Meetings.PublishAsync(w.MeetingId);
        var view = await coord.Meetings.GetAsync(w.MeetingId);
        int Person(Actor a) => view.Attendees.Single(x => x.PersonId == a.PersonId).PersonId;

        await coord.Meetings.RecordAttendanceAsync(w.MeetingId, new Dictionary<int, AttendanceStatus>
        {
            [Person(w.Chair)] = AttendanceStatus.Present, [Person(w.Associate)] = AttendanceStatus.Present, [Person(w.Member)] = AttendanceStatus.Apologies,
        });
        var first = await coord.Meetings.GetAsync(w.MeetingId);
        Assert.Equal((2, 1, false), (first.QuorumCount, first.MembersPresent, first.Quorate));

        await coord.Meetings.RecordAttendanceAsync(w.MeetingId, new Dictionary<int, AttendanceStatus> { [Person(w.Member)] = AttendanceStatus.Present });
        var second = await coord.Meetings.GetAsync(w.MeetingId);
        Assert.Equal((2, true), (second.MembersPresent, second.Quorate));
        Assert.Equal(AttendanceStatus.Present, second.Attendees.Single(a => a.PersonId == w.Associate.PersonId).Status);
        Assert.True(second.Attendees.Single(a => a.PersonId == w.Associate.PersonId).IsAssociate);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Draft_minutes_are_for_coordinator_and_chair_until_approved_and_actions_carry_forward(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var next = (await coord.Meetings.CreateAsync(w.PathwayId, new MeetingInput { Title = "Next meeting", StartLocal = new DateTime(2027, 3, 10, 10, 0, 0), Venue = "Durham" }))[0];
        // An earlier meeting's approved decisions and open action come before this meeting's.
        var earlier = GovernanceBuilders.Meeting(w.PathwayId, new DateTime(2026, 9, 10, 9, 0, 0), MeetingStatus.MinutesApproved)
            .Minuted("Agreed.", 1, "Keep the visitor centre open on Saturdays.", "Ask the prison for a family day.");
        await w.App.AddAsync([earlier], GovernanceBuilders.Action(earlier, w.Chair.PersonId!.Value, new DateOnly(2026, 12, 1)));
        var earlierCarried = (await coord.Meetings.GetAsync(next)).CarriedActions.Select(a => a.Id).ToList();
        var (_, earlierDecisions) = await w.As(w.Coordinator).Minutes.DecisionsAsync(w.PathwayId, 0, 1);
        var (_, earlierApproved) = await w.As(w.Associate).Minutes.DecisionsAsync(w.PathwayId, 0, 1);
        Assert.Equal((1, 2, 2), (earlierCarried.Count, earlierDecisions, earlierApproved));
        await coord.Meetings.PublishAsync(w.MeetingId);
        w.MeetingStarts();
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        var itemView = (await coord.Meetings.GetAsync(w.MeetingId)).Items[2];
        var item = itemView.Id;
        await coord.Minutes.SaveMinutesAsync(item, "The minutes of the last meeting were agreed.", itemView.Version);
        Assert.Equal(earlierDecisions + 1, await coord.Minutes.AddDecisionAsync(item, "Fund a second visitor centre worker."));
        var action = await coord.Actions.AddActionAsync(item, "Draft the job description", w.Member.PersonId!.Value, new DateOnly(2027, 1, 15));

        var chairView = await w.As(w.Chair).Meetings.GetAsync(w.MeetingId);
        Assert.True(chairView.MinutesVisible);
        Assert.Equal("Fund a second visitor centre worker.", chairView.Items.Single(i => i.Id == item).Decisions.Single().Text);
        var memberView = await w.As(w.Member).Meetings.GetAsync(w.MeetingId);
        Assert.False(memberView.MinutesVisible);
        Assert.Null(memberView.Items.Single(i => i.Id == item).MinutesText);
        Assert.Empty(memberView.Items.Single(i => i.Id == item).Decisions);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.As(w.Chair).Minutes.ApproveMinutesAsync(w.MeetingId));

        await coord.Minutes.ApproveMinutesAsync(w.MeetingId);
        var associateView = await w.As(w.Associate).Meetings.GetAsync(w.MeetingId);
        Assert.Equal("The minutes of the last meeting were agreed.", associateView.Items.Single(i => i.Id == item).MinutesText);
        Assert.Contains(await w.As(w.Member).Actions.MyActionsAsync(), a => a.Id == action);
        var (decisions, total) = await w.As(w.Associate).Minutes.DecisionsAsync(w.PathwayId, 0, 20);
        Assert.Equal((earlierApproved + 1, earlierDecisions + 1), (total, decisions[0].Number));

        Assert.Equal([action], (await coord.Meetings.GetAsync(next)).CarriedActions.Select(a => a.Id).Except(earlierCarried));
        var mine = (await w.As(w.Member).Actions.MyActionsAsync()).Single(a => a.Id == action);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.As(w.Associate).Actions.UpdateActionAsync(action, ActionStatus.Done, "done", mine.Version));
        await w.As(w.Member).Actions.UpdateActionAsync(action, ActionStatus.Done, "Sent to HR", mine.Version);
        Assert.Empty((await coord.Meetings.GetAsync(next)).CarriedActions.Select(a => a.Id).Except(earlierCarried));
        await using var db = await w.App.DbAsync();
        Assert.Equal("Sent to HR", (await db.ActionNotes.SingleAsync(n => n.ActionItemId == action)).Text);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Actions_in_minutes_not_yet_approved_reach_only_the_coordinator_the_chair_and_their_owner(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var next = (await coord.Meetings.CreateAsync(w.PathwayId, new MeetingInput { Title = "Next meeting", StartLocal = new DateTime(2027, 3, 10, 10, 0, 0), Venue = "Durham" }))[0];
        await coord.Meetings.PublishAsync(w.MeetingId);
        w.MeetingStarts();
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        var view = await coord.Meetings.GetAsync(w.MeetingId);
        var item = view.Items[3].Id;
        var marks = await coord.Actions.AddActionAsync(item, "Draft the job description", w.Member.PersonId!.Value, new DateOnly(2027, 1, 15));
        var joannes = await coord.Actions.AddActionAsync(item, "Write to the Governor", w.Chair.PersonId!.Value, new DateOnly(2027, 1, 20));
        await coord.Meetings.PublishAsync(next);

        // "carried ids | action log ids" of these two actions, as each reader sees them on the next
        // meeting's agenda and in the Pathway's action log.
        int[] these = [marks, joannes];
        async Task<string> Seen(Actor a) => string.Join(",", (await w.As(a).Meetings.GetAsync(next)).CarriedActions.Select(x => x.Id).Where(these.Contains).Order())
            + "|" + string.Join(",", (await w.As(a).Actions.PathwayActionsAsync(w.PathwayId)).Select(x => x.Id).Where(these.Contains).Order());
        var both = $"{marks},{joannes}|{marks},{joannes}";

        Assert.Equal(both, await Seen(w.Coordinator));
        Assert.Equal(both, await Seen(w.Chair));
        Assert.Equal($"{marks}|{marks}", await Seen(w.Member)); // the member sees his own action only
        Assert.Equal("|", await Seen(w.Associate));
        // The agenda pack is the same view on paper.
        string PackText(Web.Features.Reports.ReportFile pack) => string.Join("\n", Reports.PdfReading.Lines(pack.Content));
        Assert.DoesNotContain("Write to the Governor", PackText(await w.App.As<Web.Features.Reports.ReportService>(w.Associate).MeetingPackAsync(next)), StringComparison.Ordinal);
        Assert.DoesNotContain("Write to the Governor", PackText(await w.App.As<Web.Features.Reports.ReportService>(w.Member).MeetingPackAsync(next)), StringComparison.Ordinal);
        Assert.Contains("Write to the Governor", PackText(await w.App.As<Web.Features.Reports.ReportService>(w.Chair).MeetingPackAsync(next)), StringComparison.Ordinal);

        await coord.Minutes.ApproveMinutesAsync(w.MeetingId);
        Assert.Equal(both, await Seen(w.Associate));
        Assert.Equal(both, await Seen(w.Member));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task A_second_save_of_minutes_over_someone_elses_newer_text_is_refused_and_changes_nothing(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        await coord.Meetings.PublishAsync(w.MeetingId);
        w.MeetingStarts();
        await coord.Meetings.MarkHeldAsync(w.MeetingId);
        var read = (await coord.Meetings.GetAsync(w.MeetingId)).Items[2]; // two coordinators open the same item

        await coord.Minutes.SaveMinutesAsync(read.Id, "Agreed as a true record.", read.Version);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => w.As(w.Coordinator).Minutes.SaveMinutesAsync(read.Id, "Agreed, with one correction.", read.Version));

        Assert.Equal("Agreed as a true record.", (await coord.Meetings.GetAsync(w.MeetingId)).Items[2].MinutesText);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_one_terms_of_reference_is_approved_and_earlier_versions_stay_readable(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var tor = w.App.As<TermsOfReferenceService>(w.Coordinator);
        var v1 = await tor.CreateDraftAsync(w.PathwayId);
        var input = TermsOfReferenceService.Input(await tor.GetAsync(v1));
        input.Purpose = "Line one\nLine two";
        await tor.UpdateDraftAsync(v1, input);
        await tor.ApproveAsync(v1, new DateOnly(2025, 11, 1), null);
        var v2 = await tor.CreateDraftAsync(w.PathwayId);
        var input2 = TermsOfReferenceService.Input(await tor.GetAsync(v2));
        Assert.Equal("Line one\nLine two", input2.Purpose);
        input2.Purpose = "Line one\nLine three";
        await tor.UpdateDraftAsync(v2, input2);
        Assert.DoesNotContain(await w.App.As<TermsOfReferenceService>(w.Member).ListAsync(w.PathwayId), t => t.Status == TorStatus.Draft);
        await tor.ApproveAsync(v2, new DateOnly(2026, 11, 20), w.MeetingId);

        var list = await w.App.As<TermsOfReferenceService>(w.Member).ListAsync(w.PathwayId);
        Assert.Equal([(2, TorStatus.Approved), (1, TorStatus.Superseded)], list.Select(t => (t.VersionNumber, t.Status)));
        Assert.Equal(new DateOnly(2027, 11, 20), list[0].ReviewDue);
        Assert.Equal("Line one\nLine two", (await w.App.As<TermsOfReferenceService>(w.Associate).GetAsync(v1)).Purpose);
        var diff = Assert.Single(await tor.CompareAsync(v1, v2));
        Assert.Equal("Purpose", diff.Section);
        Assert.Equal([(' ', "Line one"), ('-', "Line two"), ('+', "Line three")], diff.Lines);
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => tor.UpdateDraftAsync(v1, input));
        Assert.Contains("Only a draft can be changed", refused.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<ForbiddenException>(() => w.App.As<TermsOfReferenceService>(w.Member).ApproveAsync(v2, new DateOnly(2026, 1, 1), null));

        await w.App.As<TermsOfReferenceService>(w.Associate).AcknowledgeAsync(v2);
        Assert.True(await w.App.As<TermsOfReferenceService>(w.Associate).HasAcknowledgedAsync(v2));
        Assert.False(await w.App.As<TermsOfReferenceService>(w.Associate).HasAcknowledgedAsync(v1));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Proposals_join_the_agenda_when_accepted_and_the_proposer_sees_a_decline_reason(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        await w.As(w.Coordinator).Meetings.PublishAsync(w.MeetingId);
        await w.As(w.Associate).Agenda.ProposeItemAsync(w.MeetingId, "Family days at Deerbolt", ItemPurpose.Discussion);
        await w.As(w.Member).Agenda.ProposeItemAsync(w.MeetingId, "Parking at HMP Durham", ItemPurpose.Information);
        var proposals = (await w.As(w.Coordinator).Meetings.GetAsync(w.MeetingId)).Proposals;

        await w.As(w.Coordinator).Agenda.DecideProposalAsync(proposals.Single(p => p.Title.StartsWith("Family", StringComparison.Ordinal)).Id, true, null);
        await Assert.ThrowsAsync<ValidationFailedException>(() => w.As(w.Coordinator).Agenda.DecideProposalAsync(proposals.Single(p => p.Title.StartsWith("Parking", StringComparison.Ordinal)).Id, false, " "));
        await w.As(w.Coordinator).Agenda.DecideProposalAsync(proposals.Single(p => p.Title.StartsWith("Parking", StringComparison.Ordinal)).Id, false, "Raise it with the prison directly.");

        var items = (await w.As(w.Associate).Meetings.GetAsync(w.MeetingId)).Items.Select(i => i.Title).ToList();
        Assert.Equal("Family days at Deerbolt", items[^2]);
        Assert.Equal("Any other business", items[^1]);
        var memberSees = Assert.Single((await w.As(w.Member).Meetings.GetAsync(w.MeetingId)).Proposals);
        Assert.Equal((ProposalStatus.Declined, "Raise it with the prison directly."), (memberSees.Status, memberSees.DeclineReason));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Agenda_items_reorder_one_step_at_a_time(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var item = await coord.Agenda.AddItemAsync(w.MeetingId, "Visitor centres", ItemPurpose.Discussion, null, 15);
        await coord.Agenda.MoveItemAsync(item, -1);
        await coord.Agenda.MoveItemAsync(item, -1);
        Assert.Equal(2, (await coord.Meetings.GetAsync(w.MeetingId)).Items.ToList().FindIndex(i => i.Id == item));
        await coord.Agenda.MoveItemAsync(item, +1);
        Assert.Equal(3, (await coord.Meetings.GetAsync(w.MeetingId)).Items.ToList().FindIndex(i => i.Id == item));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Calendar_feed_parses_back_with_a_cancelled_meeting_marked_and_is_revocable(DatabaseProvider provider)
    {
        await using var w = await StartAsync(provider);
        var coord = w.As(w.Coordinator);
        var other = (await coord.Meetings.CreateAsync(w.PathwayId, new MeetingInput { Title = "Spring meeting", StartLocal = new DateTime(2027, 4, 1, 10, 0, 0), Venue = "Online" }))[0];
        var calendars = w.App.As<CalendarService>(w.Associate);
        var token = await calendars.CreateFeedAsync(w.PathwayId);
        Assert.Empty(Calendar.Load((await calendars.FeedAsync(token))!)!.Events); // nothing published yet
        await coord.Meetings.PublishAsync(w.MeetingId);
        await coord.Meetings.PublishAsync(other);
        await coord.Meetings.CancelAsync(other, "Chair unavailable");

        var ics = await calendars.FeedAsync(token);
        var parsed = Calendar.Load(ics!)!;
        Assert.Equal(2, parsed.Events.Count);
        var winter = parsed.Events.Single(e => e.Summary!.EndsWith("Quarterly meeting", StringComparison.Ordinal));
        Assert.Equal(new DateTime(2026, 12, 10, 10, 0, 0, DateTimeKind.Utc), winter.Start!.AsUtc);
        Assert.Equal("NEPACS, Durham", winter.Location);
        Assert.Equal("CANCELLED", parsed.Events.Single(e => e.Summary!.EndsWith("Spring meeting", StringComparison.Ordinal)).Status);

        await calendars.RevokeAsync(token);
        Assert.Null(await calendars.FeedAsync(token));
        await using var db = await w.App.DbAsync();
        Assert.Single(await db.Notifications.Where(n => n.Kind == "meeting-cancelled" && n.RecipientId == w.Associate.UserId).ToListAsync());
    }

    [Theory]
    [InlineData("<script>alert(1)</script>Hello")]
    [InlineData("<img src=x onerror=alert(1)>")]
    [InlineData("[click](javascript:alert(1))")]
    [InlineData("<a href=\"#\" onclick=\"alert(1)\">x</a>")]
    [InlineData("<iframe src=\"https://evil.example\"></iframe>")]
    public void Hostile_markdown_renders_without_script_handlers_or_raw_html(string markdown)
    {
        var html = MarkdownRenderer.ToSafeHtml(markdown);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        // Escaped text may still read "onerror"; what must never survive is an event handler inside a tag.
        Assert.DoesNotMatch(new System.Text.RegularExpressions.Regex(@"<[^>]*\son\w+\s*=", System.Text.RegularExpressions.RegexOptions.IgnoreCase), html);
        Assert.DoesNotContain("javascript:", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<iframe", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Ordinary_markdown_keeps_its_formatting()
    {
        Assert.Equal("<p><strong>Quorum</strong>: three <a href=\"https://example.org\">members</a></p>\n",
            MarkdownRenderer.ToSafeHtml("**Quorum**: three [members](https://example.org)"));
    }
}
