using PathwayHub.Web.Infrastructure;
using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Estate.Offer;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Web.Features.Reports;

/// <summary>
/// The Pathway delivery-plan report: cover, summary with RAG counts and a chart, objectives with actions and measures, membership,
/// meetings and attendance, decisions, agreements, directory services with coverage gaps, and evidence of impact.
/// </summary>
public static class PathwayReport
{
    public static ReportDocument Build(PathwayReportData d)
    {
        var title = $"{d.PathwayName} Pathway: delivery plan report {DeliveryPlanText.YearLabel(d.Year)}";
        return ReportDocument.Create()
            .Title(title).Author("PathwayHub, North East Reducing Re-offending Pathways").Subject($"Delivery plan report for {d.Period}")
            .Header($"{d.PathwayName} Pathway — Delivery plan {DeliveryPlanText.YearLabel(d.Year)}")
            .Content(c =>
            {
                c.Heading(1, $"{d.PathwayName} Pathway");
                c.Paragraph($"Delivery plan report {DeliveryPlanText.YearLabel(d.Year)}");
                c.KeyValue("Period:", d.Period).KeyValue("Generated:", ReportStyle.LongDate(d.GeneratedUtc))
                    .KeyValue("Chair:", d.Chair ?? "Not set").KeyValue("Lead organisation:", d.LeadOrganisation ?? "Not set");
                c.Paragraph("Part of the North East Regional Reducing Re-offending Action Plan. Produced by PathwayHub from the live delivery plan; RAG ratings are as at the date generated.");
                // The summary starts on page 1: a cover with a few lines on it is a page the reader turns for nothing.
                Sections(c, d, 2);
            });
    }

    /// <summary>The report's sections with headings at <paramref name="level"/> (2 under the Pathway's own H1, standalone or in the regional report).</summary>
    internal static void Sections(ReportContent c, PathwayReportData d, int level)
    {
        var sub = Math.Min(level + 1, 3);
        Summary(c, d, level);
        Objectives(c, d, level, sub);
        Membership(c, d, level);
        Meetings(c, d, level);
        Decisions(c, d, level);
        Agreements(c, d, level);
        Directory(c, d, level, sub);
        Offer(c, d.Offer, level);
        ProgressSection.Write(c, d.Progress, level);
        Evidence(c, d, level);
    }

    /// <summary>The Pathway's minimum offer at each open prison, as the Pathway's "Minimum offer" tab shows it (<see cref="OfferRule"/>).</summary>
    private static void Offer(ReportContent c, OfferTable offer, int level)
    {
        if (offer.Items.Count == 0) return;
        c.Heading(level, "Minimum offer at each prison");
        c.Paragraph($"What every open prison should have for this Pathway, against the active published services in the directory: "
            + $"{offer.Count(OfferStatus.Met)} met, {offer.Count(OfferStatus.AtRisk)} at risk, {offer.Count(OfferStatus.Missing)} missing. At risk: every service "
            + "meeting it is funded by an agreement ending within 12 months with no decision to recommission or extend.");
        c.Table(t =>
        {
            t.Columns([2.2f, .. offer.Items.Select(_ => 1.6f)]);
            t.Header(["Prison", .. offer.Items.Select(i => i.Name)]);
            foreach (var r in offer.Rows)
                t.Row([r.Prison, .. r.Cells.Select(cell => new ReportCell(OfferRule.Label(cell.Status), cell.Status switch
                {
                    OfferStatus.Missing => ReportStyle.RedFill,
                    OfferStatus.AtRisk => ReportStyle.AmberFill,
                    _ => ReportStyle.GreenFill,
                }))]);
        });
    }

    private static void Summary(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Summary");
        if (!d.HasPlan)
        {
            c.Paragraph($"No delivery plan has been drawn up for {DeliveryPlanText.YearLabel(d.Year)}.");
            return;
        }
        if (d.Summary is not null) c.Paragraph(d.Summary);
        var rag = d.Rag;
        c.KeyValue("Objectives:", d.Objectives.Count.ToString(ReportStyle.Uk)).KeyValue("Actions:", rag.Total.ToString(ReportStyle.Uk));
        c.Table(t =>
        {
            t.Columns(2, 1, 1, 1, 1, 1).Header("Actions by RAG", "Red", "Amber", "Green", "Complete", "Total");
            t.Row("Number of actions", new ReportCell(rag.Red.ToString(ReportStyle.Uk), ReportStyle.RedFill), new ReportCell(rag.Amber.ToString(ReportStyle.Uk), ReportStyle.AmberFill),
                new ReportCell(rag.Green.ToString(ReportStyle.Uk), ReportStyle.GreenFill), new ReportCell(rag.Complete.ToString(ReportStyle.Uk), ReportStyle.BlueFill), rag.Total.ToString(ReportStyle.Uk));
        });
        if (d.Objectives.Any(o => o.Actions.Count > 0))
        {
            var statuses = Enum.GetValues<PlanActionStatus>();
            c.Chart(StatusChart(d), Math.Clamp(90 + 26 * d.Objectives.Count, 160, 520), StatusChartText(d));
            c.Table(t =>
            {
                t.Columns([3.2f, .. statuses.Select(_ => 1f), 0.9f]);
                t.Header(["Action status by objective", .. statuses.Select(DeliveryPlanText.StatusLabel), "Total"]);
                var n = 0;
                foreach (var o in d.Objectives)
                    t.Row([$"{++n}. {o.Title}", .. statuses.Select(s => new ReportCell(o.Actions.Count(a => a.Status == s).ToString(ReportStyle.Uk))), o.Actions.Count.ToString(ReportStyle.Uk)]);
            });
        }
        c.Paragraph("RAG: red is off track or past its due date; amber is at risk, or not started within a month of its due date; green is on track; complete actions are shown in blue.");
    }

    internal static PlotModel StatusChart(PathwayReportData d)
    {
        var labels = d.Objectives.Select((o, i) => $"{i + 1}. {ReportStyle.Short(o.Title)}").ToList();
        return ReportStyle.StackedBars("Action status by objective", labels, Enum.GetValues<PlanActionStatus>().Select(s =>
            (DeliveryPlanText.StatusLabel(s), ReportStyle.Chart(s), (IReadOnlyList<double>)d.Objectives.Select(o => (double)o.Actions.Count(a => a.Status == s)).ToList())));
    }

    /// <summary>The status chart in words and numbers, for the figure's alternative text.</summary>
    internal static string StatusChartText(PathwayReportData d)
    {
        var n = 0;
        return $"Bar chart of action status by objective, {TextCase.Plural(d.Rag.Total, "action", "actions")} in all. " + string.Join(" ", d.Objectives.Select(o =>
            $"Objective {++n}, {o.Title}: " + (o.Actions.Count == 0 ? "no actions." : string.Join(", ", Enum.GetValues<PlanActionStatus>()
                .Select(s => (s, count: o.Actions.Count(a => a.Status == s))).Where(x => x.count > 0)
                .Select(x => $"{x.count} {DeliveryPlanText.StatusLabel(x.s).ToLowerInvariant()}")) + ".")))
            + " The same figures are in the table that follows.";
    }

    private static void Objectives(ReportContent c, PathwayReportData d, int level, int sub)
    {
        if (!d.HasPlan) return;
        c.Heading(level, "Objectives, actions and measures");
        if (d.Objectives.Count == 0) c.Paragraph("The plan has no objectives yet.");
        var n = 0;
        foreach (var o in d.Objectives)
        {
            n++;
            c.KeepTogether(k => k.Heading(sub, $"Objective {n}: {o.Title}").Paragraph(o.Description).KeyValue("Outcome sought:", o.OutcomeSought));
            if (o.Actions.Count == 0) c.Paragraph("No actions yet.");
            else
            {
                c.Table(t =>
                {
                    t.Columns(0.6f, 3.8f, 2.2f, 1.7f, 1.4f, 1.3f).Header("Ref", "Action", "Owner", "Due", "Status", "RAG");
                    var i = 0;
                    foreach (var a in o.Actions)
                        t.Row($"{n}.{++i}", a.Description, a.Owner, ReportStyle.Date(a.DueDate), DeliveryPlanText.StatusLabel(a.Status), ReportStyle.RagCell(a.Rag));
                });
                var latest = o.Actions.Select((a, i) => (Ref: $"{n}.{i + 1}", Note: a.Notes.Count > 0 ? a.Notes[0] : null)).Where(x => x.Note is not null).ToList();
                if (latest.Count > 0)
                    c.Bullets(latest.Select(x => $"{x.Ref} latest progress ({ReportStyle.Date(x.Note!.AtUtc)}, {x.Note.Author}): {x.Note.Text}").ToArray());
            }
            if (o.Measures.Count > 0)
            {
                // A short table: kept whole so its header never ends a page alone.
                c.KeepTogether(k => k.Table(t =>
                {
                    t.Columns(3, 1.2f, 1.2f, 1.2f, 1.2f).Header("Measure (target / actual)", "Q1", "Q2", "Q3", "Q4");
                    foreach (var m in o.Measures)
                        t.Row(m.Name, Quarter(m, 0), Quarter(m, 1), Quarter(m, 2), Quarter(m, 3));
                }));
            }
        }
    }

    private static ReportCell Quarter(PlanMeasureView m, int q)
    {
        var text = $"{ReportStyle.Number(m.Targets[q])} / {ReportStyle.Number(m.Actuals[q])}";
        return m.Targets[q] is { } target && m.Actuals[q] is { } actual
            ? new ReportCell(text, actual >= target ? ReportStyle.GreenFill : ReportStyle.AmberFill)
            : new ReportCell(text);
    }

    private static void Membership(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Membership by sector");
        var members = d.Members.Where(m => m.Role != MembershipRole.Associate).ToList();
        var associates = d.Members.Where(m => m.Role == MembershipRole.Associate).ToList();
        c.Paragraph($"{TextCase.Plural(members.Count, "member", "members")} and {TextCase.Plural(associates.Count, "associate", "associates")}. Associates receive agendas, minutes and associated material but are not counted for quorum.");
        var sectors = Enum.GetValues<Sector>();
        if (d.Members.Count > 0) c.Chart(MembershipChart(d), 170, MembershipChartText(d));
        c.Table(t =>
        {
            t.Columns(3, 1, 1, 1).Header("Sector", "Members", "Associates", "Total");
            foreach (var s in sectors)
                t.Row(ReportStyle.Sector(s), members.Count(m => m.Sector == s).ToString(ReportStyle.Uk), associates.Count(m => m.Sector == s).ToString(ReportStyle.Uk),
                    d.Members.Count(m => m.Sector == s).ToString(ReportStyle.Uk));
            t.Row("All sectors", members.Count.ToString(ReportStyle.Uk), associates.Count.ToString(ReportStyle.Uk), d.Members.Count.ToString(ReportStyle.Uk));
        });
        if (d.Members.Count == 0) return;
        c.Table(t =>
        {
            t.Columns(2.2f, 2.6f, 1.8f, 1.2f).Header("Name", "Organisation", "Sector", "Role");
            foreach (var m in d.Members) t.Row(m.Name, m.Organisation ?? "–", ReportStyle.Sector(m.Sector), ReportStyle.Role(m.Role));
        });
    }

    internal static string MembershipChartText(PathwayReportData d) =>
        "Bar chart of membership by sector, members and associates counted apart. " + string.Join(" ", Enum.GetValues<Sector>().Select(s =>
            $"{ReportStyle.Sector(s)}: {TextCase.Plural(d.Members.Count(m => m.Sector == s && m.Role != MembershipRole.Associate), "member", "members")} and " +
            $"{TextCase.Plural(d.Members.Count(m => m.Sector == s && m.Role == MembershipRole.Associate), "associate", "associates")}.")) + " The same figures are in the table that follows.";

    internal static PlotModel MembershipChart(PathwayReportData d)
    {
        var sectors = Enum.GetValues<Sector>();
        return ReportStyle.StackedBars("Membership by sector", sectors.Select(ReportStyle.Sector).ToList(),
        [
            ("Members", OxyColor.FromRgb(0x1F, 0x4E, 0x79), sectors.Select(s => (double)d.Members.Count(m => m.Sector == s && m.Role != MembershipRole.Associate)).ToList()),
            ("Associates", OxyColor.FromRgb(0x8A, 0xB4, 0xD8), sectors.Select(s => (double)d.Members.Count(m => m.Sector == s && m.Role == MembershipRole.Associate)).ToList()),
        ]);
    }

    private static void Meetings(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Meetings held in the period");
        if (d.Meetings.Count == 0)
        {
            c.Paragraph("No meetings were held in the period.");
            return;
        }
        var expected = d.Meetings.Sum(m => m.MembersExpected);
        var present = d.Meetings.Sum(m => m.MembersPresent);
        c.Paragraph($"{TextCase.Plural(d.Meetings.Count, "meeting", "meetings")} held; average attendance of members {ReportStyle.Percent(expected == 0 ? 0 : (double)present / expected)}.");
        c.Chart(AttendanceChart(d), Math.Clamp(80 + 22 * d.Meetings.Count, 150, 400),
            "Bar chart of members present at each meeting. " + string.Join(" ", d.Meetings.Select(m =>
                $"{ReportStyle.Date(m.StartUtc)}: {m.MembersPresent} of {m.MembersExpected} members present ({ReportStyle.Percent(m.AttendanceRate)}).")) + " The same figures are in the table that follows.");
        c.Table(t =>
        {
            t.Columns(1.5f, 3, 1.4f, 1.3f, 1.3f, 1.2f).Header("Date", "Meeting", "Members present", "Attendance", "Associates present", "Apologies");
            foreach (var m in d.Meetings)
                t.Row(ReportStyle.Date(m.StartUtc), m.Title, $"{m.MembersPresent} of {m.MembersExpected}", ReportStyle.Percent(m.AttendanceRate),
                    m.AssociatesPresent.ToString(ReportStyle.Uk), m.Apologies.ToString(ReportStyle.Uk));
        });
    }

    internal static PlotModel AttendanceChart(PathwayReportData d)
    {
        var model = ReportStyle.StackedBars("Members present at each meeting", d.Meetings.Select(m => ReportStyle.Date(m.StartUtc)).ToList(),
        [
            ("Present", ReportStyle.Chart(Rag.Green), d.Meetings.Select(m => (double)m.MembersPresent).ToList()),
            ("Not present", OxyColor.FromRgb(0xBD, 0xBD, 0xBD), d.Meetings.Select(m => (double)Math.Max(0, m.MembersExpected - m.MembersPresent)).ToList()),
        ]);
        return model;
    }

    private static void Decisions(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Decisions taken");
        if (d.Decisions.Count == 0)
        {
            c.Paragraph("No decisions are recorded in approved minutes for the period.");
            return;
        }
        c.Table(t =>
        {
            t.Columns(0.8f, 1.5f, 6).Header("No.", "Meeting", "Decision");
            foreach (var x in d.Decisions) t.Row($"D{x.Number}", ReportStyle.Date(x.MeetingUtc), x.Text);
        });
    }

    private static void Agreements(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Agreements serving the Pathway");
        if (d.Agreements.Count == 0)
        {
            c.Paragraph("No agreements serving this Pathway are recorded.");
            return;
        }
        c.Paragraph($"{TextCase.Plural(d.Agreements.Count, "agreement", "agreements")} worth {ReportStyle.Money(d.Agreements.Sum(a => a.Value))} in total.");
        AgreementTable(c, d.Agreements);
    }

    internal static void AgreementTable(ReportContent c, IReadOnlyList<ReportAgreement> agreements) => c.Table(t =>
    {
        t.Columns(2.2f, 2.6f, 1.4f, 1.6f, 1.3f, 1.4f, 1.2f).Header("Ref", "Agreement", "Type", "Provider", "Value", "Ends", "Status");
        foreach (var a in agreements) t.Row(a.Reference, a.Title, a.Type, a.Provider, ReportStyle.Money(a.Value), ReportStyle.Date(a.End), a.Status);
    });

    private static void Directory(ReportContent c, PathwayReportData d, int level, int sub)
    {
        c.Heading(level, "Directory services and coverage");
        if (d.Services.Count == 0) c.Paragraph("No services in the directory are classified under this Pathway.");
        else
        {
            c.Table(t =>
            {
                t.Columns(2.6f, 2, 3.2f, 1.8f).Header("Service", "Organisation", "Prisons", "Evaluation");
                foreach (var s in d.Services)
                    t.Row(s.Name, s.Organisation, s.Prisons.Count == 0 ? "Community only" : string.Join(", ", s.Prisons),
                        s.Evaluation == EvaluationStatus.None && !s.HasEvidence ? new ReportCell(ServiceEvaluation.Summary(s.Evaluation, s.HasEvidence), ReportStyle.AmberFill)
                            : new ReportCell(ServiceEvaluation.Summary(s.Evaluation, s.HasEvidence)));
            });
        }
        var gaps = d.Coverage.Where(x => x.Services == 0).Select(x => x.Prison).ToList();
        c.KeepTogether(k =>
        {
            k.Heading(sub, "Coverage gaps by prison");
            k.Paragraph(gaps.Count == 0 ? "Every prison has at least one service for this Pathway."
                : $"{gaps.Count} of {d.Coverage.Count} prisons have no service for this Pathway: {string.Join(", ", gaps)}.");
            k.Table(t =>
            {
                t.Columns(3, 1, 1).Header("Prison", "Services", "Gap");
                foreach (var x in d.Coverage)
                    t.Row(x.Prison, x.Services.ToString(ReportStyle.Uk), x.Services == 0 ? new ReportCell("Gap", ReportStyle.RedFill) : new ReportCell("–"));
            });
        });
    }

    private static void Evidence(ReportContent c, PathwayReportData d, int level)
    {
        c.Heading(level, "Evaluation of services");
        if (d.Services.Count == 0) c.Paragraph("There are no active published services under this Pathway to evaluate.");
        else
        {
            c.Paragraph(EvaluationSentence(d.Services));
            var independent = d.Services.Where(s => s.Evaluation == EvaluationStatus.IndependentEvaluation).ToList();
            if (independent.Count > 0)
                c.Table(t =>
                {
                    t.Columns(2.6f, 2.2f, 1.4f, 3.4f).Header("Independently evaluated service", "Evaluated by", "Date", "Report");
                    foreach (var s in independent) t.Row(s.Name, s.Evaluator ?? "–", s.EvaluationDate is { } ed ? ReportStyle.Date(ed) : "–", s.EvaluationUrl ?? "–");
                });
        }
        c.Heading(level, "Evidence of impact");
        if (d.Evidence.Count == 0)
        {
            c.Paragraph("No evaluation of the Pathway's services is recorded in the directory.");
            return;
        }
        c.Bullets(d.Evidence.Select(e => $"{e.Service} ({e.Organisation}): {e.Summary}" + (e.Source is null ? "" : $" Source: {e.Source}") + (e.Date is { } dt ? $", {ReportStyle.Date(dt)}." : "")).ToArray());
    }

    /// <summary>"5 services: 1 independently evaluated, 2 with internal monitoring, 2 with no evaluation (1 of them holds evidence of impact)."</summary>
    internal static string EvaluationSentence(IReadOnlyList<ReportServiceLine> services)
    {
        var none = services.Where(s => s.Evaluation == EvaluationStatus.None).ToList();
        return $"{TextCase.Plural(services.Count, "service", "services")}: {services.Count(s => s.Evaluation == EvaluationStatus.IndependentEvaluation)} independently evaluated, "
            + $"{services.Count(s => s.Evaluation == EvaluationStatus.InternalMonitoring)} with internal monitoring, {none.Count} with no evaluation"
            + (none.Count == 0 ? "." : $" ({none.Count(s => s.HasEvidence)} of them {(none.Count(s => s.HasEvidence) == 1 ? "holds" : "hold")} evidence of impact).");
    }
}
