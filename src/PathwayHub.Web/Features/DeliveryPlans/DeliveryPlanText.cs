using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.DeliveryPlans;

/// <summary>How Delivery Plans name things to people: the plan's year, an action's status, a RAG rating.</summary>
public static class DeliveryPlanText
{
    public static string YearLabel(int year) => $"{year}/{(year + 1) % 100:00}";

    public static string StatusLabel(PlanActionStatus s) => s switch
    {
        PlanActionStatus.NotStarted => "Not started",
        PlanActionStatus.OnTrack => "On track",
        PlanActionStatus.AtRisk => "At risk",
        PlanActionStatus.OffTrack => "Off track",
        _ => "Complete",
    };

    public static string RagLabel(Rag r) => r switch { Rag.Complete => "Complete", _ => r.ToString() };
}
