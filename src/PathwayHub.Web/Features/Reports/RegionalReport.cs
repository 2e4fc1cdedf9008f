using PathwayHub.Web.Infrastructure;
using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Prisons;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Web.Features.Reports;

/// <summary>The regional report: RAG by Pathway, agreements ending within a year, coverage gaps, then a section per Pathway.</summary>
public static class RegionalReport
{
    public static ReportDocument Build(RegionalReportData d)
    {
        var year = DeliveryPlanText.YearLabel(d.Year);
        return ReportDocument.Create()
            .Title($"North East Reducing Re-offending Pathways: regional delivery plan report {year}")
            .Author("PathwayHub, North East Reducing Re-offending Pathways").Subject($"Regional delivery plan report for 1 April {d.Year} to 31 March {d.Year + 1}")
            .Header($"Regional delivery plan report {year}")
            .Content(c =>
            {
                c.Heading(1, "North East Reducing Re-offending Pathways");
                c.Paragraph($"Regional delivery plan report {year}");
                c.KeyValue("Period:", $"1 April {d.Year} to 31 March {d.Year + 1}").KeyValue("Generated:", ReportStyle.LongDate(d.GeneratedUtc))
                    .KeyValue("Pathways:", d.Pathways.Count.ToString(ReportStyle.Uk));

                // The regional summary starts on page 1, under the title.
                Summary(c, d.Pathways);
                AgreementsEnding(c, d.AgreementsEnding);
                CoverageGaps(c, d);

                ProgressSection.Write(c, d.Progress, 2);
                Evaluation(c, d.Pathways);
                VcsRoles(c, d.VcsRoles);

                foreach (var p in d.Pathways)
                {
                    c.PageBreak();
                    c.Heading(1, $"{p.PathwayName} Pathway");
                    c.KeyValue("Chair:", p.Chair ?? "Not set").KeyValue("Lead organisation:", p.LeadOrganisation ?? "Not set");
                    PathwayReport.Sections(c, p, 2);
                }
            });
    }

    /// <summary>Actions by RAG per Pathway, as a chart and the same figures as a table.</summary>
    private static void Summary(ReportContent c, IReadOnlyList<PathwayReportData> pathways)
    {
        c.Heading(2, "Regional summary");
        c.Chart(ReportStyle.StackedBars("Actions by RAG and Pathway", pathways.Select(p => ReportStyle.Short(p.PathwayName, 34)).ToList(),
            Enum.GetValues<Rag>().Select(rag => (DeliveryPlanText.RagLabel(rag), ReportStyle.Chart(rag), (IReadOnlyList<double>)pathways.Select(p => (double)p.Rag.Of(rag)).ToList()))),
            Math.Clamp(100 + 26 * pathways.Count, 180, 520),
            "Bar chart of actions by RAG rating for each Pathway. " + string.Join(" ", pathways.Select(p => p.HasPlan
                ? $"{p.PathwayName}: {p.Rag.Red} red, {p.Rag.Amber} amber, {p.Rag.Green} green, {p.Rag.Complete} complete."
                : $"{p.PathwayName}: no plan.")) + " The same figures are in the table that follows.");
        c.Table(t =>
        {
            t.Columns(3.4f, 1, 1, 1, 1, 1.2f, 1.2f, 1).Header("Pathway", "Red", "Amber", "Green", "Complete", "Members", "Associates", "Gaps");
            foreach (var p in pathways)
            {
                var r = p.Rag;
                t.Row(p.HasPlan ? p.PathwayName : $"{p.PathwayName} (no plan)", Count(r.Red, Rag.Red), Count(r.Amber, Rag.Amber), Count(r.Green, Rag.Green), Count(r.Complete, Rag.Complete),
                    p.Members.Count(m => m.Role != MembershipRole.Associate).ToString(ReportStyle.Uk), p.Members.Count(m => m.Role == MembershipRole.Associate).ToString(ReportStyle.Uk),
                    p.Coverage.Count(x => x.Services == 0).ToString(ReportStyle.Uk));
            }
        });
    }

    private static void AgreementsEnding(ReportContent c, IReadOnlyList<ReportAgreement> agreements)
    {
        c.Heading(2, "Agreements ending in the next 12 months");
        if (agreements.Count == 0) c.Paragraph("No agreements ending in the next 12 months are recorded.");
        else
        {
            var undecided = agreements.Count(a => a.Decision == "Undecided");
            c.Paragraph($"{TextCase.Plural(agreements.Count, "agreement ends", "agreements end")} in the next 12 months; {(undecided == 0 ? "every one has a recommissioning decision" : $"{TextCase.Plural(undecided, "has", "have")} no recommissioning decision yet")}.");
            c.Table(t =>
            {
                t.Columns(2.2f, 3, 1.8f, 1.3f, 1.4f, 1.6f, 1.4f).Header("Ref", "Agreement", "Provider", "Value", "Ends", "Recommissioning decision", "Decision due");
                foreach (var a in agreements)
                    t.Row(a.Reference, $"{a.Title} ({a.Type.ToLowerInvariant()})", a.Provider, ReportStyle.Money(a.Value), ReportStyle.Date(a.End),
                        a.Decision == "Undecided" ? new ReportCell("Undecided", ReportStyle.AmberFill) : new ReportCell(a.Decision),
                        a.DecisionDue is { } due ? ReportStyle.Date(due) : "–");
            });
        }
    }

    /// <summary>Services reaching each prison by Pathway; a dash is a gap.</summary>
    private static void CoverageGaps(ReportContent c, RegionalReportData d)
    {
        c.Heading(2, "Coverage gaps");
        c.Paragraph("Services in the directory reaching each prison, by Pathway. A dash is a gap: no active published service for that Pathway at that prison.");
        var columns = d.Pathways;
        c.Table(t =>
        {
            t.Columns([2.4f, .. columns.Select(_ => 1f)]);
            t.Header(["Prison", .. columns.Select(p => Initials(p.PathwayName))]);
            foreach (var prison in d.Prisons)
                t.Row([prison, .. columns.Select(p => p.Coverage.FirstOrDefault(x => x.Prison == prison)?.Services is > 0 and var n
                    ? new ReportCell(n.ToString(ReportStyle.Uk)) : new ReportCell("–", ReportStyle.RedFill))]);
        });
        c.Paragraph("Key: " + string.Join("; ", columns.Select(p => $"{Initials(p.PathwayName)} {p.PathwayName}")) + ".");
    }

    /// <summary>How the active published services under each Pathway are evaluated: the research found "an absence of evaluation".</summary>
    private static void Evaluation(ReportContent c, IReadOnlyList<PathwayReportData> pathways)
    {
        c.Heading(2, "Evaluation of services by Pathway");
        c.Paragraph("Active published services under each Pathway by how their impact is evaluated; a service under two Pathways counts in each.");
        c.Table(t =>
        {
            t.Columns(3.4f, 1.1f, 1.4f, 1.4f, 1.4f, 1.4f).Header("Pathway", "Services", "Independent evaluation", "Internal monitoring", "No evaluation", "No evaluation, evidence held");
            foreach (var p in pathways)
            {
                var none = p.Services.Count(s => s.Evaluation == EvaluationStatus.None);
                t.Row(p.PathwayName, p.Services.Count.ToString(ReportStyle.Uk), p.Services.Count(s => s.Evaluation == EvaluationStatus.IndependentEvaluation).ToString(ReportStyle.Uk),
                    p.Services.Count(s => s.Evaluation == EvaluationStatus.InternalMonitoring).ToString(ReportStyle.Uk),
                    none == 0 ? new ReportCell("0") : new ReportCell(none.ToString(ReportStyle.Uk), ReportStyle.AmberFill),
                    p.Services.Count(s => s.Evaluation == EvaluationStatus.None && s.HasEvidence).ToString(ReportStyle.Uk));
            }
        });
    }

    /// <summary>Each open prison's VCS coordinator role against the research's recommendation (<see cref="VcsRoleStandard"/>).</summary>
    private static void VcsRoles(ReportContent c, IReadOnlyList<VcsRoleView> roles)
    {
        c.Heading(2, "VCS coordinator role by prison");
        var short_ = roles.Count(r => r.Shortfalls.Count > 0);
        c.Paragraph("The research recommends a VCS coordinator in each prison at principal officer grade (custodial manager, band 5) or above, "
            + $"and a strategic VCS lead at governor grade. {(short_ == 0 ? "Every open prison meets it." : $"{TextCase.Plural(short_, "prison falls", "prisons fall")} short of it.")}");
        c.Table(t =>
        {
            t.Columns(2.2f, 2.2f, 2.6f, 2.4f, 3).Header("Prison", "VCS coordinator", "Grade", "Strategic lead", "Against the recommendation");
            foreach (var r in roles)
                t.Row(r.Prison, r.CoordinatorName ?? "None recorded", r.CoordinatorGrade is { } g ? VcsRoleStandard.Label(g) : "–",
                    r.StrategicLeadGrade is { } s ? VcsRoleStandard.Label(s) : "None",
                    r.Shortfalls.Count == 0 ? new ReportCell("Meets it") : new ReportCell(string.Join("; ", r.Shortfalls), ReportStyle.AmberFill));
        });
    }

    private static ReportCell Count(int n, Rag rag) => n == 0 ? new ReportCell("0") : new ReportCell(n.ToString(ReportStyle.Uk), ReportStyle.Fill(rag));

    /// <summary>"Education, Employment and Training" → "EET": column headings narrow enough for nine Pathways.</summary>
    internal static string Initials(string name) =>
        string.Concat(name.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries).Where(w => w is not ("and" or "of")).Select(w => char.ToUpperInvariant(w[0])));
}
