using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory.Prisons;

/// <summary>
/// The Prison Service's grades, lowest first, in the bands HMPPS uses now with the older names beside them. The research the
/// portal grew from recommends the VCS coordinator role at Principal Officer (custodial manager) at least, and a strategic VCS
/// lead at Governor grade.
/// </summary>
public enum PrisonGrade
{
    /// <summary>Not a Prison Service post: a VCS or other employer's worker, or a grade not on this list.</summary>
    NotPrisonService = 0,
    OperationalSupport = 2,
    PrisonOfficer = 3,
    SupervisingOfficer = 4,
    CustodialManager = 5,
    Manager = 6,
    HeadOfFunction = 7,
    DeputyGovernor = 8,
    GoverningGovernor = 9,
}

/// <summary>Who carries the VCS coordinator role in a prison, and at what grade its strategic VCS lead sits.</summary>
public sealed class PrisonVcsRole : IAudited, IVersioned
{
    public int PrisonId { get; set; }
    public Prison Prison { get; set; } = null!;
    public string? CoordinatorName { get; set; }
    public PrisonGrade? CoordinatorGrade { get; set; }
    /// <summary>An email address or telephone number the VCS can reach the coordinator on.</summary>
    public string? CoordinatorContact { get; set; }
    public DateOnly? CoordinatorSince { get; set; }
    /// <summary>The strategic VCS lead's grade; null when the prison has none.</summary>
    public PrisonGrade? StrategicLeadGrade { get; set; }
    public Guid Version { get; set; }
}

internal sealed class PrisonVcsRoleConfiguration : IEntityTypeConfiguration<PrisonVcsRole>
{
    public void Configure(EntityTypeBuilder<PrisonVcsRole> b)
    {
        b.HasKey(r => r.PrisonId);
        b.HasOne(r => r.Prison).WithOne().HasForeignKey<PrisonVcsRole>(r => r.PrisonId).OnDelete(DeleteBehavior.Cascade);
        b.Property(r => r.CoordinatorName).HasMaxLength(200);
        b.Property(r => r.CoordinatorContact).HasMaxLength(200);
        b.Property(r => r.CoordinatorGrade).HasConversion<string>().HasMaxLength(40);
        b.Property(r => r.StrategicLeadGrade).HasConversion<string>().HasMaxLength(40);
        b.Property(r => r.Version).IsConcurrencyToken();
    }
}

/// <summary>The research's recommendation as one rule: what falls short in a prison's VCS role, shown on its page and in the regional report.</summary>
public static class VcsRoleStandard
{
    public const PrisonGrade CoordinatorMinimum = PrisonGrade.CustodialManager;
    public const PrisonGrade StrategicLeadMinimum = PrisonGrade.HeadOfFunction;

    /// <summary>The shortfalls, in words; empty when the prison meets the recommendation.</summary>
    public static IReadOnlyList<string> Shortfalls(PrisonGrade? coordinator, string? coordinatorName, PrisonGrade? strategicLead)
    {
        var gaps = new List<string>();
        if (string.IsNullOrWhiteSpace(coordinatorName) && coordinator is null) gaps.Add("No VCS coordinator recorded");
        else if (coordinator is null || coordinator < CoordinatorMinimum) gaps.Add($"VCS coordinator below {Label(CoordinatorMinimum)}");
        if (strategicLead is null) gaps.Add("No strategic VCS lead");
        else if (strategicLead < StrategicLeadMinimum) gaps.Add($"Strategic VCS lead below governor grade ({Label(StrategicLeadMinimum)})");
        return gaps;
    }

    public static string Label(PrisonGrade grade) => grade switch
    {
        PrisonGrade.NotPrisonService => "Not a Prison Service grade",
        PrisonGrade.OperationalSupport => "Operational support grade (band 2)",
        PrisonGrade.PrisonOfficer => "Prison officer (band 3)",
        PrisonGrade.SupervisingOfficer => "Supervising officer, formerly senior officer (band 4)",
        PrisonGrade.CustodialManager => "Custodial manager, formerly principal officer (band 5)",
        PrisonGrade.Manager => "Manager (band 6)",
        PrisonGrade.HeadOfFunction => "Head of function, governor grade (band 7)",
        PrisonGrade.DeputyGovernor => "Deputy governor (band 8)",
        PrisonGrade.GoverningGovernor => "Governing governor (band 9 and above)",
        _ => grade.ToString(),
    };
}
