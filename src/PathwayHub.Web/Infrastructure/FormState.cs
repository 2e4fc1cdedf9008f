using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// What a page or dialog shows after it asks a service to do something: the page-level message, the confirmation, and the
/// errors next to each field. <see cref="LoadAsync"/> is the one way pages load what they show and <see cref="RunAsync"/> the one
/// way they call a service that can refuse, so every page
/// handles the same refusals the same way: validation errors go next to their fields, a conflict or a record that has gone
/// reloads the page first (loading must not clear the message), and a refusal of rights is shown as it is.
/// </summary>
/// <param name="fields">
/// The fields the page shows errors next to. When given, an error for any other key (a service's rule about the whole form, or a
/// field this page does not show) is shown at page level instead of being lost; when not, only the whole-form error ("") is.
/// </param>
public sealed class FormState(params string[] fields)
{
    private static readonly IReadOnlyDictionary<string, string> None = new Dictionary<string, string>();
    private readonly HashSet<string> _fields = [.. fields];

    public string? Error { get; private set; }
    public string? Done { get; private set; }
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = None;

    public bool Has(string field) => Errors.ContainsKey(field);
    public string? For(string field) => Errors.GetValueOrDefault(field);

    public void Clear()
    {
        Error = null;
        Done = null;
        Errors = None;
    }

    /// <summary>A page-level refusal, for example when loading the page was forbidden.</summary>
    public void Fail(string message)
    {
        Clear();
        Error = message;
    }

    /// <summary>An error next to one field, found by the page before it calls a service.</summary>
    public void FailField(string field, string message)
    {
        Clear();
        Errors = new Dictionary<string, string> { [field] = message };
    }

    /// <summary>
    /// Loads what a page shows. A record that is not there, or not for this user, becomes the page-level message and
    /// <paramref name="refused"/> runs (to drop what the page held); success leaves any message from the last action in place.
    /// </summary>
    public async Task<bool> LoadAsync(Func<Task> load, Action? refused = null)
    {
        try
        {
            await load();
            return true;
        }
        catch (Exception e) when (e is NotFoundException or ForbiddenException)
        {
            refused?.Invoke();
            Fail(e.Message);
            return false;
        }
    }

    /// <summary>
    /// Runs <paramref name="action"/>; on success shows <paramref name="done"/> and reloads. Returns whether it succeeded,
    /// so a page can close an editor or reset its inputs only then.
    /// </summary>
    public async Task<bool> RunAsync(Func<Task> action, string? done = null, Func<Task>? reload = null)
    {
        Clear();
        try
        {
            await action();
        }
        catch (ValidationFailedException e)
        {
            Errors = e.Errors;
            Error = _fields.Count == 0 ? e.Errors.GetValueOrDefault("")
                : e.Errors.Where(x => !_fields.Contains(x.Key)).Select(x => x.Value).ToList() is { Count: > 0 } unplaced ? string.Join(" ", unplaced) : null;
            return false;
        }
        catch (Security.TooManyAttemptsException e)
        {
            Error = e.Message;
            return false;
        }
        catch (Exception e) when (e is ConcurrencyConflictException or NotFoundException)
        {
            if (reload is not null) await reload();
            Error = e.Message;
            return false;
        }
        catch (ForbiddenException e)
        {
            Error = e.Message;
            return false;
        }
        if (reload is not null) await reload();
        Done = done;
        return true;
    }
}
