namespace PathwayHub.Web.Infrastructure;

/// <summary>Input a service refused: each message belongs next to the named field. Nothing was saved.</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string> errors)
    : Exception(string.Join(" ", errors.Values))
{
    public IReadOnlyDictionary<string, string> Errors { get; } = errors;

    public static void ThrowIfAny(Dictionary<string, string> errors)
    {
        if (errors.Count > 0) throw new ValidationFailedException(errors);
    }
}

/// <summary>Someone else saved the same record first. Nothing was saved; reload and try again.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message)
{
    public const string DefaultMessage = "Someone else changed this record while you were editing it. Your changes were not saved: reload to see the latest version and make your changes again.";
}

/// <summary>The record asked for does not exist (or the actor may not know it exists).</summary>
public sealed class NotFoundException(string message) : Exception(message);

/// <summary>
/// The database could not serve the request just now: no pooled connection came free in time, PostgreSQL refused or timed out a
/// transient operation, or SQLite stayed busy. The one rule for "try again shortly" (503 with Retry-After) rather than a 500.
/// </summary>
public static class DatabaseBusy
{
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is TimeoutException) return true;
            if (e is Npgsql.NpgsqlException { IsTransient: true }) return true;
            if (e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 5 or 6 }) return true; // SQLITE_BUSY, SQLITE_LOCKED
        }
        return false;
    }
}
