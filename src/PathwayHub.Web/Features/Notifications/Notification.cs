using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Notifications;

[Flags]
public enum Channels { None = 0, InApp = 1, Email = 2, Both = InApp | Email }

/// <summary>
/// One message to one recipient: the outbox row is written first, then delivered. The unique <see cref="DedupKey"/> makes a
/// second copy impossible, even when two scans or two app instances race.
/// </summary>
public sealed class Notification
{
    public long Id { get; set; }
    public string RecipientId { get; set; } = "";
    public AppUser? Recipient { get; set; }
    public string Kind { get; set; } = "";
    public string DedupKey { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    /// <summary>Portal path the message links back to, e.g. /meetings/42.</summary>
    public string Link { get; set; } = "";
    public Channels Channels { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime? ReadUtc { get; set; }
    public DateTime? EmailSentUtc { get; set; }
    public DateTime? EmailFailedUtc { get; set; }
    public DateTime? NextAttemptUtc { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
}

internal sealed class NotificationConfiguration : IEntityTypeConfiguration<Notification>
{
    public void Configure(EntityTypeBuilder<Notification> b)
    {
        b.Property(n => n.RecipientId).HasMaxLength(450);
        b.Property(n => n.Kind).HasMaxLength(60);
        b.Property(n => n.DedupKey).HasMaxLength(200);
        b.HasIndex(n => n.DedupKey).IsUnique();
        b.Property(n => n.Subject).HasMaxLength(300);
        b.Property(n => n.Body).HasMaxLength(8000);
        b.Property(n => n.Link).HasMaxLength(500);
        b.Property(n => n.LastError).HasMaxLength(2000);
        b.HasOne(n => n.Recipient).WithMany().HasForeignKey(n => n.RecipientId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(n => new { n.RecipientId, n.ReadUtc });
        b.HasIndex(n => new { n.EmailSentUtc, n.NextAttemptUtc });
    }
}
