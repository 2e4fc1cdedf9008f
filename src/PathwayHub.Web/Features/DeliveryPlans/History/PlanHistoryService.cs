using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.DeliveryPlans.History;

/// <summary>A plan's history: every change to it, its objectives, actions, measures and notes, read back from the audit trail.</summary>
public sealed class PlanHistoryService(IDbContextFactory<AppDbContext> dbs, CurrentUser user)
{
    /// <summary>Every change to the plan, newest first: who, when and what changed, read from the audit trail.</summary>
    public async Task<IReadOnlyList<HistoryRow>> HistoryAsync(int planId, int take = 200, CancellationToken ct = default)
    {
        PlanGuards.RequireReader(user);
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (!await db.DeliveryPlans.AnyAsync(p => p.Id == planId, ct)) throw new NotFoundException("That delivery plan does not exist.");
        var objectives = await db.PlanObjectives.AsNoTracking().Where(o => o.DeliveryPlanId == planId).Select(o => new { o.Id, o.Title }).ToListAsync(ct);
        var objectiveIds = objectives.Select(o => o.Id).ToList();
        var actions = await db.PlanActions.AsNoTracking().Where(a => objectiveIds.Contains(a.ObjectiveId)).Select(a => new { a.Id, a.Description }).ToListAsync(ct);
        var actionIds = actions.Select(a => a.Id).ToList();
        var measures = await db.PlanMeasures.AsNoTracking().Where(m => objectiveIds.Contains(m.ObjectiveId)).Select(m => new { m.Id, m.Name }).ToListAsync(ct);
        var notes = await db.PlanProgressNotes.AsNoTracking().Where(n => actionIds.Contains(n.PlanActionId)).Select(n => new { n.Id, n.PlanActionId }).ToListAsync(ct);

        string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
        var names = new Dictionary<(string, string), string> { [(nameof(DeliveryPlan), Key(planId))] = "Plan" };
        foreach (var o in objectives) names[(nameof(PlanObjective), Key(o.Id))] = $"Objective: {o.Title}";
        var actionNames = actions.ToDictionary(a => a.Id, a => a.Description);
        foreach (var a in actions) names[(nameof(PlanAction), Key(a.Id))] = $"Action: {a.Description}";
        foreach (var m in measures) names[(nameof(PlanMeasure), Key(m.Id))] = $"Measure: {m.Name}";
        foreach (var n in notes) names[(nameof(PlanProgressNote), Key(n.Id))] = $"Progress note on: {actionNames[n.PlanActionId]}";

        var byType = names.Keys.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => g.Select(k => k.Item2).ToList());
        List<string> Ids(string type) => byType.GetValueOrDefault(type, []);
        var (planIds, objIds, actIds, measIds, noteIds) = (Ids(nameof(DeliveryPlan)), Ids(nameof(PlanObjective)), Ids(nameof(PlanAction)), Ids(nameof(PlanMeasure)), Ids(nameof(PlanProgressNote)));
        var rows = await db.AuditEntries.AsNoTracking()
            .Where(a => (a.EntityType == nameof(DeliveryPlan) && planIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanObjective) && objIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanAction) && actIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanMeasure) && measIds.Contains(a.EntityId))
                || (a.EntityType == nameof(PlanProgressNote) && noteIds.Contains(a.EntityId)))
            .OrderByDescending(a => a.Id).Take(take).ToListAsync(ct);
        return rows.Select(r => new HistoryRow(r.AtUtc, r.UserName, names.GetValueOrDefault((r.EntityType, r.EntityId), r.EntityType),
            r.Action switch { Infrastructure.Audit.AuditAction.Insert => "Added", Infrastructure.Audit.AuditAction.Delete => "Removed", _ => "Changed" },
            DescribeChanges(r.Changes, r.Action == Infrastructure.Audit.AuditAction.Insert))).ToList();
    }

    private static readonly HashSet<string> HiddenFields = ["Id", "DeliveryPlanId", "ObjectiveId", "PlanActionId", "PathwayId", "Order", "CompletedUtc"];

    /// <summary>"Status: On track → At risk" lines from the audit trail's JSON of changed values.</summary>
    internal static IReadOnlyList<string> DescribeChanges(string json, bool insert)
    {
        var lines = new List<string>();
        using var doc = JsonDocument.Parse(json);
        foreach (var p in doc.RootElement.EnumerateObject())
        {
            if (HiddenFields.Contains(p.Name)) continue;
            var label = p.Name switch
            {
                "OwnerPersonId" => "Owner (member)", "OwnerOrganisationId" => "Owner (organisation)", "DueDate" => "Due date", "OutcomeSought" => "Outcome sought",
                "AtUtc" => "Dated", _ => System.Text.RegularExpressions.Regex.Replace(p.Name, "(?<=[a-z])(?=[A-Z0-9])", " "),
            };
            string Value(string key) => p.Value.TryGetProperty(key, out var v) ? Format(p.Name, v) : "(none)";
            lines.Add(insert ? $"{label}: {Value("new")}" : $"{label}: {Value("old")} → {Value("new")}");
        }
        return lines;
    }

    private static string Format(string field, JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.Null => "(none)",
        JsonValueKind.String when field == "Status" && Enum.TryParse<PlanActionStatus>(v.GetString(), out var s) => DeliveryPlanText.StatusLabel(s),
        JsonValueKind.String => v.GetString() ?? "",
        _ => v.GetRawText(),
    };
}
