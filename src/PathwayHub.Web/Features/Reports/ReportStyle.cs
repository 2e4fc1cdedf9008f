using PathwayHub.Web.Infrastructure;
using System.Globalization;
using OxyPlot;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Pdf;

namespace PathwayHub.Web.Features.Reports;

/// <summary>Colours, dates and labels shared by every report.</summary>
internal static class ReportStyle
{
    public static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");
    public static readonly ReportColor RedFill = ReportColor.FromHex(0xF4C7C3);
    public static readonly ReportColor AmberFill = ReportColor.FromHex(0xFFE0B2);
    public static readonly ReportColor GreenFill = ReportColor.FromHex(0xC8E6C9);
    public static readonly ReportColor BlueFill = ReportColor.FromHex(0xBBDEFB);

    public static ReportColor Fill(Rag rag) => rag switch { Rag.Red => RedFill, Rag.Amber => AmberFill, Rag.Green => GreenFill, _ => BlueFill };
    public static OxyColor Chart(Rag rag) => rag switch
    {
        Rag.Red => OxyColor.FromRgb(0xC6, 0x28, 0x28), Rag.Amber => OxyColor.FromRgb(0xEF, 0x8F, 0x00),
        Rag.Green => OxyColor.FromRgb(0x2E, 0x7D, 0x32), _ => OxyColor.FromRgb(0x15, 0x65, 0xC0),
    };
    public static OxyColor Chart(PlanActionStatus s) => s switch
    {
        PlanActionStatus.NotStarted => OxyColor.FromRgb(0x9E, 0x9E, 0x9E), PlanActionStatus.OnTrack => Chart(Rag.Green),
        PlanActionStatus.AtRisk => Chart(Rag.Amber), PlanActionStatus.OffTrack => Chart(Rag.Red), _ => Chart(Rag.Complete),
    };

    public static ReportCell RagCell(Rag rag) => new(DeliveryPlanText.RagLabel(rag), Fill(rag));
    public static string Date(DateOnly d) => d.ToString("d MMM yyyy", Uk);
    public static string Date(DateTime utc) => UkCalendar.ToUk(utc).ToString("d MMM yyyy", Uk);
    public static string LongDate(DateTime utc) => UkCalendar.ToUk(utc).ToString("d MMMM yyyy", Uk);
    public static string Number(decimal? v) => v?.ToString("#,##0.##", Uk) ?? "–";
    public static string Money(decimal v) => v.ToString("£#,##0", Uk);
    public static string Percent(double v) => v.ToString("0%", Uk);

    public static string Role(MembershipRole r) => r switch { MembershipRole.ViceChair => "Vice-chair", _ => r.ToString() };
    public static string Sector(Sector s) => s switch { Pathways.Sector.VCS => "Voluntary and community", _ => s.ToString() };

    /// <summary>A horizontal bar chart with categories down the side and one series per stack part.</summary>
    public static PlotModel StackedBars(string title, IReadOnlyList<string> categories, IEnumerable<(string Title, OxyColor Colour, IReadOnlyList<double> Values)> parts)
    {
        var model = new PlotModel { Title = title, TitleFontSize = 13 };
        model.Legends.Add(new Legend { LegendPosition = LegendPosition.BottomCenter, LegendPlacement = LegendPlacement.Outside, LegendOrientation = LegendOrientation.Horizontal });
        // Categories read top to bottom in the order given.
        model.Axes.Add(new CategoryAxis { Position = AxisPosition.Left, ItemsSource = categories.Reverse().ToList(), GapWidth = 0.4 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Minimum = 0, MinimumMajorStep = 1, MaximumPadding = 0.05 });
        foreach (var (t, colour, values) in parts)
        {
            var series = new BarSeries { Title = t, FillColor = colour, IsStacked = true, StrokeThickness = 0 };
            foreach (var v in values.Reverse()) series.Items.Add(new BarItem(v));
            model.Series.Add(series);
        }
        return model;
    }

    /// <summary>Shortens a chart label so the axis does not take the whole width.</summary>
    public static string Short(string s, int max = 38) => s.Length <= max ? s : s[..(max - 1)].TrimEnd() + "…";
}
