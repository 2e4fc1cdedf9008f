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
    /// <summary>The delivery run that holds the row while it sends; a new claim is possible once <see cref="NextAttemptUtc"/> passes.</summary>
    public string? ClaimedBy { get; set; }
}

/// <summary>
/// A user's choice for one kind: email and in-app (no row, the default) or in-app only (<see cref="Email"/> false).
/// </summary>
public sealed class NotificationPreference
{
    public string UserId { get; set; } = "";
    public string Kind { get; set; } = "";
    public bool Email { get; set; } = true;
}

internal sealed class NotificationPreferenceConfiguration : IEntityTypeConfiguration<NotificationPreference>
{
    public void Configure(EntityTypeBuilder<NotificationPreference> b)
    {
        b.HasKey(p => new { p.UserId, p.Kind });
        b.Property(p => p.UserId).HasMaxLength(450);
        b.Property(p => p.Kind).HasMaxLength(60);
        b.HasOne<AppUser>().WithMany().HasForeignKey(p => p.UserId).OnDelete(DeleteBehavior.Cascade);
    }
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
        b.Property(n => n.ClaimedBy).HasMaxLength(40);
        b.HasIndex(n => n.ClaimedBy);
    }
}
