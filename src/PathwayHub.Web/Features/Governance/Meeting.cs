using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Governance;

public enum MeetingStatus { Planned, AgendaPublished, Held, MinutesDrafted, MinutesApproved, Cancelled }
public enum ItemPurpose { Decision, Discussion, Information }
public enum AttendanceStatus { Present, Apologies, Absent }
public enum ActionStatus { Open, Done }
public enum ProposalStatus { Proposed, Accepted, Declined }

public sealed class Meeting : IAudited, IVersioned, IChangeStamped
{
    /// <summary>What a calendar shows of a meeting: a change to any of these is a new SEQUENCE for calendar apps (RFC 5545).</summary>
    private static readonly string[] CalendarFields = [nameof(StartUtc), nameof(EndUtc), nameof(Venue), nameof(OnlineLink), nameof(Status)];

    public int Id { get; set; }
    public int PathwayId { get; set; }
    public Pathway Pathway { get; set; } = null!;
    public string Title { get; set; } = "";
    public DateTime StartUtc { get; set; }
    public DateTime EndUtc { get; set; }
    public string? Venue { get; set; }
    public string? OnlineLink { get; set; }
    public MeetingStatus Status { get; set; }
    public string? CancellationReason { get; set; }
    public DateTime? PublishedUtc { get; set; }
    /// <summary>When the meeting itself last changed (not its agenda items): the iCalendar DTSTAMP and LAST-MODIFIED.</summary>
    public DateTime LastChangedUtc { get; set; }
    /// <summary>The iCalendar SEQUENCE: how many times the time, place or status has changed since the meeting was created.</summary>
    public int Sequence { get; set; }
    public List<AgendaItem> Items { get; set; } = [];
    public List<Attendance> Attendance { get; set; } = [];
    public Guid Version { get; set; }

    /// <summary>The one rule for both stamps, applied on every save of a meeting (<see cref="IChangeStamped"/>).</summary>
    public void Stamp(bool inserted, IReadOnlySet<string> changed, DateTime nowUtc)
    {
        var own = changed.Where(n => n is not (nameof(LastChangedUtc) or nameof(Sequence))).ToList();
        if (!inserted && own.Count == 0) return;
        LastChangedUtc = nowUtc;
        if (!inserted && own.Intersect(CalendarFields).Any()) Sequence++;
    }
}

public sealed class AgendaItem : IAudited, IVersioned
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public Meeting Meeting { get; set; } = null!;
    public int Order { get; set; }
    public string Title { get; set; } = "";
    public ItemPurpose Purpose { get; set; }
    public string? Presenter { get; set; }
    public int Minutes { get; set; }
    public bool IsStanding { get; set; }
    /// <summary>The standing item under which open actions are carried forward.</summary>
    public bool IsActionLog { get; set; }
    /// <summary>Minutes of the discussion; drafted after the meeting.</summary>
    public string? MinutesText { get; set; }
    /// <summary>
    /// The tender the item concerns, if any: members whose organisation registered interest in it or bid for it may have a
    /// conflict at this meeting (<see cref="Conflicts.ConflictsOfInterest"/>).
    /// </summary>
    public int? TenderId { get; set; }
    public Commissioning.Tender? Tender { get; set; }
    public List<Paper> Papers { get; set; } = [];
    public List<Decision> Decisions { get; set; } = [];
    public Guid Version { get; set; }
}

public sealed class Paper : IAudited
{
    public int Id { get; set; }
    public int AgendaItemId { get; set; }
    public AgendaItem AgendaItem { get; set; } = null!;
    public string Title { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    /// <summary>SHA-256 of the content: the stored file's name under the data folder.</summary>
    public string Sha256 { get; set; } = "";
    public bool Confidential { get; set; }
    public bool Supplement { get; set; }
    public DateTime AddedUtc { get; set; }
    public DateTime? WithdrawnUtc { get; set; }
}

public sealed class Attendance : IAudited
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public AttendanceStatus Status { get; set; }
    public bool IsAssociate { get; set; }
}

public sealed class Declaration : IAudited
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public int? AgendaItemId { get; set; }
    public int PersonId { get; set; }
    public Person Person { get; set; } = null!;
    public string Interest { get; set; } = "";
}

public sealed class Decision : IAudited
{
    public int Id { get; set; }
    public int PathwayId { get; set; }
    /// <summary>Numbered per Pathway: the decisions register's reference.</summary>
    public int Number { get; set; }
    public int AgendaItemId { get; set; }
    public AgendaItem AgendaItem { get; set; } = null!;
    public string Text { get; set; } = "";
}

public sealed class ActionItem : IAudited, IVersioned
{
    public int Id { get; set; }
    public int PathwayId { get; set; }
    public int AgendaItemId { get; set; }
    public AgendaItem AgendaItem { get; set; } = null!;
    public string Description { get; set; } = "";
    public int OwnerPersonId { get; set; }
    public Person Owner { get; set; } = null!;
    public DateOnly DueDate { get; set; }
    public ActionStatus Status { get; set; }
    public DateTime? DoneUtc { get; set; }
    public List<ActionNote> Notes { get; set; } = [];
    public Guid Version { get; set; }
}

public sealed class ActionNote : IAudited
{
    public int Id { get; set; }
    public int ActionItemId { get; set; }
    public DateTime AtUtc { get; set; }
    public string Author { get; set; } = "";
    public string Text { get; set; } = "";
}

public sealed class AgendaProposal : IAudited
{
    public int Id { get; set; }
    public int MeetingId { get; set; }
    public Meeting Meeting { get; set; } = null!;
    public int ProposerPersonId { get; set; }
    public Person Proposer { get; set; } = null!;
    public string Title { get; set; } = "";
    public ItemPurpose Purpose { get; set; }
    public ProposalStatus Status { get; set; }
    public string? DeclineReason { get; set; }
}

/// <summary>A secret calendar subscription: per Pathway (PathwayId set) or all of a user's meetings.</summary>
public sealed class CalendarFeed
{
    public int Id { get; set; }
    public string Token { get; set; } = "";
    public string UserId { get; set; } = "";
    public int? PathwayId { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
}

internal sealed class GovernanceConfiguration :
    IEntityTypeConfiguration<Meeting>, IEntityTypeConfiguration<AgendaItem>, IEntityTypeConfiguration<Paper>, IEntityTypeConfiguration<Attendance>,
    IEntityTypeConfiguration<Declaration>, IEntityTypeConfiguration<Decision>, IEntityTypeConfiguration<ActionItem>, IEntityTypeConfiguration<ActionNote>,
    IEntityTypeConfiguration<AgendaProposal>, IEntityTypeConfiguration<CalendarFeed>
{
    public void Configure(EntityTypeBuilder<Meeting> b)
    {
        b.Property(m => m.Title).HasMaxLength(200);
        b.Property(m => m.Venue).HasMaxLength(300);
        b.Property(m => m.OnlineLink).HasMaxLength(500);
        b.Property(m => m.CancellationReason).HasMaxLength(1000);
        b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(m => m.Version).IsConcurrencyToken();
        b.HasOne(m => m.Pathway).WithMany().HasForeignKey(m => m.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(m => new { m.PathwayId, m.StartUtc });
        b.HasIndex(m => m.StartUtc);
    }

    public void Configure(EntityTypeBuilder<AgendaItem> b)
    {
        b.Property(i => i.Title).HasMaxLength(300);
        b.Property(i => i.Presenter).HasMaxLength(200);
        b.Property(i => i.MinutesText).HasMaxLength(20000);
        b.Property(i => i.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(i => i.Version).IsConcurrencyToken();
        b.HasOne(i => i.Meeting).WithMany(m => m.Items).HasForeignKey(i => i.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => new { i.MeetingId, i.Order });
        b.HasOne(i => i.Tender).WithMany().HasForeignKey(i => i.TenderId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(i => i.TenderId);
    }

    public void Configure(EntityTypeBuilder<Paper> b)
    {
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.FileName).HasMaxLength(255);
        b.Property(p => p.ContentType).HasMaxLength(120);
        b.Property(p => p.Sha256).HasMaxLength(64);
        b.HasOne(p => p.AgendaItem).WithMany(i => i.Papers).HasForeignKey(p => p.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Attendance> b)
    {
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.HasIndex(a => new { a.MeetingId, a.PersonId }).IsUnique();
        b.HasOne<Meeting>().WithMany(m => m.Attendance).HasForeignKey(a => a.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Person).WithMany().HasForeignKey(a => a.PersonId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Declaration> b)
    {
        b.Property(d => d.Interest).HasMaxLength(1000);
        b.HasOne<Meeting>().WithMany().HasForeignKey(d => d.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<AgendaItem>().WithMany().HasForeignKey(d => d.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.Person).WithMany().HasForeignKey(d => d.PersonId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Decision> b)
    {
        b.Property(d => d.Text).HasMaxLength(4000);
        b.HasIndex(d => new { d.PathwayId, d.Number }).IsUnique();
        b.HasOne<Pathway>().WithMany().HasForeignKey(d => d.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(d => d.AgendaItem).WithMany(i => i.Decisions).HasForeignKey(d => d.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ActionItem> b)
    {
        b.Property(a => a.Description).HasMaxLength(2000);
        b.Property(a => a.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(a => a.Version).IsConcurrencyToken();
        b.HasIndex(a => new { a.PathwayId, a.Status });
        b.HasIndex(a => new { a.OwnerPersonId, a.Status });
        // The reminder scan's range query: open actions by due date.
        b.HasIndex(a => new { a.Status, a.DueDate });
        b.HasOne<Pathway>().WithMany().HasForeignKey(a => a.PathwayId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.AgendaItem).WithMany().HasForeignKey(a => a.AgendaItemId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(a => a.Owner).WithMany().HasForeignKey(a => a.OwnerPersonId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<ActionNote> b)
    {
        b.Property(n => n.Author).HasMaxLength(200);
        b.Property(n => n.Text).HasMaxLength(2000);
        b.HasOne<ActionItem>().WithMany(a => a.Notes).HasForeignKey(n => n.ActionItemId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<AgendaProposal> b)
    {
        b.Property(p => p.Title).HasMaxLength(300);
        b.Property(p => p.DeclineReason).HasMaxLength(1000);
        b.Property(p => p.Purpose).HasConversion<string>().HasMaxLength(20);
        b.Property(p => p.Status).HasConversion<string>().HasMaxLength(20);
        b.HasOne(p => p.Meeting).WithMany().HasForeignKey(p => p.MeetingId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(p => p.Proposer).WithMany().HasForeignKey(p => p.ProposerPersonId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CalendarFeed> b)
    {
        b.Property(f => f.Token).HasMaxLength(64);
        b.HasIndex(f => f.Token).IsUnique();
        b.Property(f => f.UserId).HasMaxLength(450);
    }
}
