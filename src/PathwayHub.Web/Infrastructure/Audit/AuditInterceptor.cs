using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Infrastructure.Audit;

/// <summary>
/// Stamps new concurrency versions and writes an audit row for every change to an <see cref="IAudited"/> entity,
/// in the same SaveChanges (and so the same transaction) as the change itself.
/// </summary>
public sealed class AuditInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly JsonSerializerOptions Json = new() { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is AppDbContext db) Stamp(db);
        return base.SavingChangesAsync(eventData, result, cancellationToken);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is AppDbContext db) Stamp(db);
        return base.SavingChanges(eventData, result);
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        // The audit row is inserted with the change; a generated key is known only afterwards, so it is filled in here.
        if (eventData.Context is AppDbContext db && db.PendingAuditKeys.Count > 0)
        {
            foreach (var (entry, audit) in db.PendingAuditKeys) audit.EntityId = KeyOf(entry);
            db.PendingAuditKeys.Clear();
            await db.SaveChangesAsync(cancellationToken);
        }
        return await base.SavedChangesAsync(eventData, result, cancellationToken);
    }

    private void Stamp(AppDbContext db)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var entries = db.ChangeTracker.Entries()
            .Where(e => e.Entity is IAudited && e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted)
            .ToList();
        foreach (var entry in entries)
        {
            if (entry.Entity is IChangeStamped stamped && entry.State is EntityState.Added or EntityState.Modified) StampChanges(entry, stamped, now);
            if (entry.Entity is IVersioned versioned && entry.State is EntityState.Added or EntityState.Modified)
                versioned.Version = Guid.NewGuid();

            var changes = new Dictionary<string, object?>();
            foreach (var p in entry.Properties)
            {
                if (p.Metadata.Name == nameof(IVersioned.Version)) continue;
                switch (entry.State)
                {
                    case EntityState.Added when p.CurrentValue is not null && !p.IsTemporary:
                        changes[p.Metadata.Name] = new { @new = p.CurrentValue };
                        break;
                    case EntityState.Deleted:
                        changes[p.Metadata.Name] = new { old = p.OriginalValue };
                        break;
                    case EntityState.Modified when p.IsModified && !Equals(p.OriginalValue, p.CurrentValue):
                        changes[p.Metadata.Name] = new { old = p.OriginalValue, @new = p.CurrentValue };
                        break;
                }
            }
            if (entry.State == EntityState.Modified && changes.Count == 0) continue;

            var audit = new AuditEntry
            {
                AtUtc = now,
                UserId = db.Actor?.UserId,
                UserName = db.Actor?.Name ?? "system",
                EntityType = entry.Metadata.ClrType.Name,
                EntityId = KeyOf(entry),
                Action = entry.State switch
                {
                    EntityState.Added => AuditAction.Insert,
                    EntityState.Deleted => AuditAction.Delete,
                    _ => AuditAction.Update,
                },
                Changes = JsonSerializer.Serialize(changes, Json),
            };
            db.AuditEntries.Add(audit);
            if (entry.State == EntityState.Added && entry.Properties.Any(p => p.Metadata.IsPrimaryKey() && p.IsTemporary))
                db.PendingAuditKeys.Add((entry, audit));
        }
    }

    private static void StampChanges(EntityEntry entry, IChangeStamped stamped, DateTime now)
    {
        var inserted = entry.State == EntityState.Added;
        var changed = entry.Properties
            .Where(p => inserted || (p.IsModified && !Equals(p.OriginalValue, p.CurrentValue)))
            .Select(p => p.Metadata.Name).Where(n => n != nameof(IVersioned.Version)).ToHashSet(StringComparer.Ordinal);
        stamped.Stamp(inserted, changed, now);
        // The stamps were set after change detection: mark them so this save writes them.
        foreach (var p in entry.Properties.Where(p => !inserted && !p.IsModified && !Equals(p.OriginalValue, p.CurrentValue))) p.IsModified = true;
    }

    private static string KeyOf(EntityEntry entry) =>
        string.Join(",", entry.Properties.Where(p => p.Metadata.IsPrimaryKey()).Select(p => p.IsTemporary ? "" : p.CurrentValue?.ToString()));
}
