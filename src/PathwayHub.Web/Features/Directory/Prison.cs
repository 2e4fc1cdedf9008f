using System.Globalization;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Directory;

public enum PrisonType { Local, Training, HighSecurity, YoungOffenderInstitution, Womens }

/// <summary>A prison in the region: where services are delivered and agreements apply.</summary>
public sealed class Prison : IAudited
{
    public int Id { get; set; }
    public string Slug { get; set; } = "";
    public string Name { get; set; } = "";
    public PrisonType Type { get; set; }
    public string Town { get; set; } = "";
    public string? Postcode { get; set; }
    /// <summary>Closed or merged establishments stay for history.</summary>
    public string? Note { get; set; }
    /// <summary>The day it closed (null while open). A closed prison is kept for history: agreements, tenders and the audit name it.</summary>
    public DateOnly? ClosedOn { get; set; }
    /// <summary>The prison that took over its work (a merger); its listings point here.</summary>
    public int? SuccessorId { get; set; }
    public Prison? Successor { get; set; }

    /// <summary>
    /// The one rule for "this prison is open on that day", as an expression EF translates: the coverage matrix, gap counts,
    /// reports and the pickers for new listings, tenders and agreements all filter with it.
    /// </summary>
    public static Expression<Func<Prison, bool>> OpenOn(DateOnly day) => p => p.ClosedOn == null || p.ClosedOn > day;

    public bool IsOpenOn(DateOnly day) => IsOpen(ClosedOn, day);

    /// <summary><see cref="OpenOn"/> for a closure date already read (keep the two in step: they are the same rule).</summary>
    public static bool IsOpen(DateOnly? closedOn, DateOnly day) => closedOn is not { } closed || closed > day;

    /// <summary>
    /// A closed prison stays on the records that already name it (they are history), but nothing is newly linked to it: a new
    /// listing, tender or agreement, or a location added to one, at a closed prison is refused with this message for the field
    /// (null when every prison in <paramref name="newlyChosen"/> is open on <paramref name="today"/>).
    /// </summary>
    public static async Task<string?> ClosedChoiceAsync(IQueryable<Prison> newlyChosen, DateOnly today, CancellationToken ct)
    {
        var closed = await newlyChosen.Where(p => p.ClosedOn != null && p.ClosedOn <= today).OrderBy(p => p.Name)
            .Select(p => new { p.Name, p.ClosedOn, Successor = p.Successor == null ? null : p.Successor.Name }).FirstOrDefaultAsync(ct);
        return closed is null ? null : ClosedChoice(closed.Name, closed.ClosedOn, closed.Successor);
    }

    /// <summary>The refusal of <see cref="ClosedChoiceAsync"/> for a prison already read.</summary>
    public static string ClosedChoice(string name, DateOnly? closedOn, string? successor) => $"{name} {ClosedText(closedOn, successor)}: choose an open prison.";

    /// <summary>"closed in 2011, now HMP Northumberland": how a closed prison is described wherever it is shown.</summary>
    public static string? ClosedText(DateOnly? closedOn, string? successor) => closedOn is not { } d ? null
        : $"closed in {d.Year.ToString(CultureInfo.InvariantCulture)}" + (successor is null ? "" : $", now {successor}");

    public static string TypeLabel(PrisonType t) => t switch
    {
        PrisonType.HighSecurity => "High security",
        PrisonType.YoungOffenderInstitution => "Young offender institution",
        PrisonType.Womens => "Women's",
        _ => t.ToString(),
    };
}

internal sealed class PrisonConfiguration : IEntityTypeConfiguration<Prison>
{
    public void Configure(EntityTypeBuilder<Prison> b)
    {
        b.Property(p => p.Slug).HasMaxLength(80);
        b.HasIndex(p => p.Slug).IsUnique();
        b.Property(p => p.Name).HasMaxLength(200);
        b.Property(p => p.Town).HasMaxLength(100);
        b.Property(p => p.Postcode).HasMaxLength(10);
        b.Property(p => p.Note).HasMaxLength(500);
        b.Property(p => p.Type).HasConversion<string>().HasMaxLength(40);
        b.HasOne(p => p.Successor).WithMany().HasForeignKey(p => p.SuccessorId).OnDelete(DeleteBehavior.Restrict);
    }
}
