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
