using PathwayHub.Web.Infrastructure;
using System.Globalization;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Governance.Meetings;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Web.Features.Reports;

/// <summary>
/// The meeting pack (agenda with its papers and the action log) and the minutes, drawn from a <see cref="MeetingView"/> that
/// <see cref="MeetingService.GetAsync"/> has already cut to what the reader may see: associates' views hold no confidential papers,
/// and minutes are in the view only when the reader may read them.
/// </summary>
public static class MeetingDocuments
{
    private static readonly CultureInfo Uk = ReportStyle.Uk;

    /// <summary>
    /// The agenda pack as one document: the cover and agenda, the list of papers and the action log, then each agenda item's papers
    /// in turn, PDF papers page by page under the pack's running header and page numbers; other files, and PDFs that cannot be
    /// read, are listed with a note. <paramref name="papers"/> holds the content of the papers in the view (none for a paper
    /// missing from it, which is then listed only).
    /// </summary>
    public static ReportDocument Pack(MeetingView m, IReadOnlyDictionary<int, PackPaper>? papers = null)
    {
        papers ??= new Dictionary<int, PackPaper>();
        var when = When(m);
        var listed = m.Items.Select((item, index) => (No: index + 1, Item: item)).SelectMany(x => x.Item.Papers.Select(p => (x.No, x.Item, Paper: p))).ToList();
        PackPaper? Content(PaperView p) => papers.GetValueOrDefault(p.Id);
        return ReportDocument.Create()
            .Title($"{m.PathwayName} Pathway: agenda for {m.Title}, {when}").Author("PathwayHub, North East Reducing Re-offending Pathways").Subject("Meeting pack")
            .Header($"{m.PathwayName} Pathway — {m.Title}, {ReportStyle.Date(m.StartUtc)}")
            .BookmarkLevels(3)
            .Content(c =>
            {
                c.Heading(1, $"{m.PathwayName} Pathway");
                c.Paragraph($"Agenda: {m.Title}");
                c.KeyValue("When:", when).KeyValue("Where:", m.Venue ?? "Online only");
                if (m.OnlineLink is not null) c.KeyValue("Join online:", m.OnlineLink);
                if (m.Status == MeetingStatus.Cancelled) c.Paragraph($"This meeting is cancelled. {m.CancellationReason}".Trim());
                var included = listed.Where(x => Content(x.Paper)?.Pdf is not null).ToList();
                c.Paragraph(included.Count == 0 ? "This pack holds the agenda and the action log."
                    : $"This pack holds the agenda, the action log and {TextCase.Plural(included.Count, "paper", "papers")} ({TextCase.Plural(included.Sum(x => Content(x.Paper)!.Pdf!.PageCount), "page", "pages")}), each under its agenda item.");

                c.Heading(2, "Agenda");
                c.Table(t =>
                {
                    t.Columns(0.6f, 4.4f, 1.4f, 2, 1).Header("No.", "Item", "Purpose", "Presenter", "Minutes");
                    var n = 0;
                    foreach (var i in m.Items) t.Row((++n).ToString(Uk), i.Title, i.Purpose.ToString(), i.Presenter ?? "–", i.Minutes.ToString(Uk));
                });

                c.Heading(2, "Papers");
                if (listed.Count == 0) c.Paragraph("There are no papers for this meeting.");
                else
                {
                    c.Table(t =>
                    {
                        t.Columns(0.6f, 3.4f, 2.4f, 1, 1.4f, 1.6f).Header("Item", "Paper", "File", "Size", "In this pack", "Notes");
                        foreach (var (no, _, p) in listed)
                            t.Row(no.ToString(Uk), p.Title, p.FileName, Size(p.Size), InPack(Content(p)), string.Join(", ", new[] { p.Confidential ? "Confidential" : null, p.Supplement ? "Supplement" : null }.OfType<string>()));
                    });
                    c.Paragraph("Every paper can also be downloaded from the meeting's page in PathwayHub.");
                }

                c.Heading(2, "Action log");
                if (m.CarriedActions.Count == 0) c.Paragraph("There are no open actions from earlier meetings.");
                else c.Table(t =>
                {
                    t.Columns(4, 2, 1.5f, 1.2f).Header("Action", "Owner", "Due", "Status");
                    foreach (var a in m.CarriedActions) t.Row(a.Description, a.Owner, ReportStyle.Date(a.DueDate), a.Overdue ? new ReportCell("Overdue", ReportStyle.RedFill) : new ReportCell("Open"));
                });

                foreach (var group in listed.GroupBy(x => x.No))
                {
                    c.PageBreak();
                    c.Heading(2, $"Item {group.Key}: {group.First().Item.Title}");
                    var k = 0;
                    foreach (var (no, _, p) in group)
                    {
                        if (k > 0) c.PageBreak();
                        c.Heading(3, $"Paper {no}.{++k}: {p.Title}");
                        var marks = new[] { p.Supplement ? "Supplement: added after the agenda was published." : null, p.Confidential ? "Confidential to the Pathway's members: not for wider circulation." : null }.OfType<string>().ToList();
                        if (marks.Count > 0) c.Paragraph(string.Join(" ", marks));
                        var content = Content(p);
                        if (content?.Pdf is { } pdf) c.PdfPages(pdf);
                        else c.Paragraph(content is { IsPdf: true }
                            ? $"{p.FileName} ({Size(p.Size)}) could not be included: it is not a PDF that can be read (it may be damaged or protected by a password). Download it from the meeting's page in PathwayHub."
                            : $"{p.FileName} ({Size(p.Size)}) is not a PDF, so it is not printed in this pack. Download it from the meeting's page in PathwayHub.");
                    }
                }
            });
    }

    private static string InPack(PackPaper? content) => content switch
    {
        { Pdf: { } pdf } => TextCase.Plural(pdf.PageCount, "page", "pages"),
        { IsPdf: true } => "Could not be read",
        _ => "Not a PDF",
    };

    /// <summary>The minutes; marked as a draft until approved (only the coordinator and the chair receive a draft).</summary>
    public static ReportDocument Minutes(MeetingView m)
    {
        var draft = m.Status != MeetingStatus.MinutesApproved;
        var label = draft ? "Draft minutes (not approved)" : "Minutes";
        return ReportDocument.Create()
            .Title($"{m.PathwayName} Pathway: {label.ToLowerInvariant()} of {m.Title}, {When(m)}").Author("PathwayHub, North East Reducing Re-offending Pathways").Subject(label)
            .Header($"{m.PathwayName} Pathway — {label}, {ReportStyle.Date(m.StartUtc)}")
            .Content(c =>
            {
                c.Heading(1, $"{m.PathwayName} Pathway");
                c.Paragraph($"{label}: {m.Title}");
                if (draft) c.Paragraph("DRAFT: these minutes have not been approved and are not for circulation.");
                c.KeyValue("When:", When(m)).KeyValue("Where:", Where(m));

                c.Heading(2, "Attendance");
                string Names(Func<AttendeeView, bool> which) => string.Join(", ", m.Attendees.Where(which).Select(a => a.IsAssociate ? $"{a.Name} (associate)" : a.Name)) is { Length: > 0 } s ? s : "None";
                c.KeyValue("Present:", Names(a => a.Status == AttendanceStatus.Present))
                    .KeyValue("Apologies:", Names(a => a.Status == AttendanceStatus.Apologies))
                    .KeyValue("Quorum:", $"{m.MembersPresent} members present of {m.QuorumCount} needed: {(m.Quorate ? "quorate" : "not quorate")}");
                if (m.Declarations.Count > 0)
                    c.Heading(2, "Declarations of interest").Bullets(m.Declarations.Select(d => $"{d.Person}{(d.Item is null ? "" : $" (item: {d.Item})")}: {d.Interest}").ToArray());

                var n = 0;
                foreach (var i in m.Items)
                {
                    c.Heading(2, $"{++n}. {i.Title}");
                    c.Paragraph(string.IsNullOrWhiteSpace(i.MinutesText) ? "No minutes recorded for this item." : i.MinutesText);
                    if (i.Decisions.Count > 0) c.Bullets(i.Decisions.Select(d => $"Decision D{d.Number}: {d.Text}").ToArray());
                    if (i.Actions.Count > 0)
                        c.Table(t =>
                        {
                            t.Columns(4, 2, 1.5f).Header("Action", "Owner", "Due");
                            foreach (var a in i.Actions) t.Row(a.Description, a.Owner, ReportStyle.Date(a.DueDate));
                        });
                }
            });
    }

    private static string When(MeetingView m) =>
        $"{UkCalendar.ToUk(m.StartUtc).ToString("dddd d MMMM yyyy, HH:mm", Uk)} to {UkCalendar.ToUk(m.EndUtc).ToString("HH:mm", Uk)}";

    private static string Where(MeetingView m) => string.Join("; ", new[] { m.Venue, m.OnlineLink is null ? null : $"online: {m.OnlineLink}" }.OfType<string>()) is { Length: > 0 } s ? s : "To be confirmed";

    private static string Size(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024.0 / 1024.0:0.0} MB" : $"{Math.Max(1, bytes / 1024)} KB";
}

/// <summary>A paper's content for the pack: the opened PDF, or none when the file is not a PDF or could not be read.</summary>
public sealed record PackPaper(bool IsPdf, PdfAttachment? Pdf);
