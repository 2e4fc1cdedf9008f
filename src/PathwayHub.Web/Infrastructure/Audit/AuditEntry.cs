namespace PathwayHub.Web.Infrastructure.Audit;

/// <summary>One insert, update or delete of a domain entity: who, when, what and the values that changed.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }
    public string? UserId { get; set; }
    public string UserName { get; set; } = "";
    public string EntityType { get; set; } = "";
    public string EntityId { get; set; } = "";
    public AuditAction Action { get; set; }
    /// <summary>JSON object: property name to { old, new }.</summary>
    public string Changes { get; set; } = "{}";
}

public enum AuditAction { Insert, Update, Delete }

/// <summary>Marks an entity whose changes are recorded in the audit trail.</summary>
public interface IAudited;

/// <summary>An entity two people may edit at once: the stamp changes on every save, and a stale one is refused.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}

/// <summary>
/// An entity that keeps stamps of its own changes (when it last changed, how many times something others rely on changed). Called
/// for each insert and update before the audit row is written, in the same save, so the stamps are audited with the change.
/// </summary>
public interface IChangeStamped
{
    /// <param name="changed">The properties whose values changed (all of them for an insert), not counting the stamps.</param>
    void Stamp(bool inserted, IReadOnlySet<string> changed, DateTime nowUtc);
}
