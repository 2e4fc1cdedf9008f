using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.DeliveryPlans;

public sealed record RagCounts(int Red, int Amber, int Green, int Complete)
{
    public static readonly RagCounts None = new(0, 0, 0, 0);
    public int Total => Red + Amber + Green + Complete;
    public int Of(Rag rag) => rag switch { Rag.Red => Red, Rag.Amber => Amber, Rag.Green => Green, _ => Complete };

    public static RagCounts From(IEnumerable<Rag> rags)
    {
        int r = 0, a = 0, g = 0, c = 0;
        foreach (var x in rags)
        {
            switch (x)
            {
                case Rag.Red: r++; break;
                case Rag.Amber: a++; break;
                case Rag.Green: g++; break;
                default: c++; break;
            }
        }
        return new RagCounts(r, a, g, c);
    }
}

public sealed record PlanNoteView(DateTime AtUtc, string Author, PlanActionStatus Status, string Text);
public sealed record PlanActionView(int Id, int ObjectiveId, string Description, int? OwnerPersonId, int? OwnerOrganisationId, string Owner, DateOnly DueDate,
    PlanActionStatus Status, Rag Rag, IReadOnlyList<PlanNoteView> Notes, bool CanUpdate, Guid Version);
public sealed record PlanMeasureView(int Id, string Name, IReadOnlyList<decimal?> Targets, IReadOnlyList<decimal?> Actuals, Guid Version);
public sealed record PlanObjectiveView(int Id, string Title, string Description, string OutcomeSought, IReadOnlyList<PlanActionView> Actions,
    IReadOnlyList<PlanMeasureView> Measures, Guid Version)
{
    public RagCounts Rag => RagCounts.From(Actions.Select(a => a.Rag));
}

/// <summary>A Pathway's plan for one year; <see cref="Id"/> is null when none has been drawn up for that year.</summary>
public sealed record PlanView(int? Id, int PathwayId, string PathwaySlug, string PathwayName, int Year, string? Summary,
    IReadOnlyList<PlanObjectiveView> Objectives, bool CanEdit, Guid Version, IReadOnlyList<int> Years)
{
    public RagCounts Rag => RagCounts.From(Objectives.SelectMany(o => o.Actions).Select(a => a.Rag));
}

public sealed record RegionPlanRow(int PathwayId, string Slug, string Name, bool HasPlan, int Objectives, RagCounts Rag);
public sealed record HistoryRow(DateTime AtUtc, string Who, string What, string Action, IReadOnlyList<string> Changes);
public sealed record OwnerOptions(IReadOnlyList<(int Id, string Name)> People, IReadOnlyList<(int Id, string Name)> Organisations);

public sealed class ObjectiveInput
{
    public string Title { get; set; } = "";
    public string Description { get; set; } = "";
    public string OutcomeSought { get; set; } = "";
    public Guid Version { get; set; }
}

public sealed class PlanActionInput
{
    public string Description { get; set; } = "";
    public int? OwnerPersonId { get; set; }
    public int? OwnerOrganisationId { get; set; }
    public DateOnly? DueDate { get; set; }
    public PlanActionStatus Status { get; set; }
    public Guid Version { get; set; }
}

public sealed class MeasureInput
{
    public string Name { get; set; } = "";
    public decimal?[] Targets { get; set; } = new decimal?[4];
    public decimal?[] Actuals { get; set; } = new decimal?[4];
    public Guid Version { get; set; }
}

/// <summary>An owner's progress update: the action's new status and an optional dated note.</summary>
public sealed class ProgressInput
{
    public PlanActionStatus Status { get; set; }
    public string? Note { get; set; }
    public Guid Version { get; set; }
}
