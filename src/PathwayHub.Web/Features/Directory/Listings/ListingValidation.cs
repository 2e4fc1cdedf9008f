using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Directory.Listings;

/// <summary>What a listing must hold, checked for an edit, a review and an import alike.</summary>
public static class ListingValidation
{
    /// <summary>Field errors keyed by <see cref="ServiceInput"/> property (children as Contacts[0].Name); <paramref name="today"/> is the UK day, for dates that cannot be in the future.</summary>
    public static Dictionary<string, string> Validate(ServiceInput i, DateOnly today)
    {
        var e = new Dictionary<string, string>();
        if (string.IsNullOrWhiteSpace(i.Name)) e[nameof(i.Name)] = "Enter the service's name.";
        else if (i.Name.Trim().Length > 200) e[nameof(i.Name)] = "The name must be 200 characters or fewer.";
        if (string.IsNullOrWhiteSpace(i.Description)) e[nameof(i.Description)] = "Describe the service.";
        else if (i.Description.Length > 4000) e[nameof(i.Description)] = "The description must be 4,000 characters or fewer.";
        if (FieldRules.Clean(i.Url) is { } url && !FieldRules.IsWebAddress(url))
            e[nameof(i.Url)] = "Enter a full web address, like https://www.example.org.";
        if (FieldRules.Clean(i.Email) is { } email && !FieldRules.IsEmail(email))
            e[nameof(i.Email)] = "Enter an email address in the correct format, like name@example.org.";
        if (i.MinimumAge is < 0 or > 120) e[nameof(i.MinimumAge)] = "Enter an age from 0 to 120.";
        if (i.MaximumAge is < 0 or > 120) e[nameof(i.MaximumAge)] = "Enter an age from 0 to 120.";
        if (i.MinimumAge is { } min && i.MaximumAge is { } max && max < min) e[nameof(i.MaximumAge)] = "The maximum age cannot be below the minimum age.";
        if (i.EligibilityDescription?.Length > 2000) e[nameof(i.EligibilityDescription)] = "This must be 2,000 characters or fewer.";
        if (i.FeesDescription?.Length > 1000) e[nameof(i.FeesDescription)] = "This must be 1,000 characters or fewer.";
        if (i.ApplicationProcess?.Length > 2000) e[nameof(i.ApplicationProcess)] = "This must be 2,000 characters or fewer.";
        if (i.Languages?.Length > 200) e[nameof(i.Languages)] = "This must be 200 characters or fewer.";
        if (i.Free == false && FieldRules.Clean(i.FeesDescription) is null) e[nameof(i.FeesDescription)] = "Say what the service charges, as it is not free.";
        Evaluation.ServiceEvaluation.Validate(i.Evaluation, i.Evaluator, i.EvaluationDate, i.EvaluationUrl, today, e);
        for (var n = 0; n < i.Contacts.Count; n++)
        {
            var c = i.Contacts[n];
            if (string.IsNullOrWhiteSpace(c.Name)) e[$"Contacts[{n}].Name"] = "Enter the contact's name.";
            else if (c.Name.Trim().Length > 200) e[$"Contacts[{n}].Name"] = "The name must be 200 characters or fewer.";
            if (FieldRules.Clean(c.Email) is { } ce && !FieldRules.IsEmail(ce))
                e[$"Contacts[{n}].Email"] = "Enter an email address in the correct format, like name@example.org.";
            if (FieldRules.Clean(c.Phone) is { } phone && !FieldRules.IsPhone(phone))
                e[$"Contacts[{n}].Phone"] = "Enter a phone number using digits, spaces and + ( ) - only.";
        }
        for (var n = 0; n < i.Schedules.Count; n++)
        {
            var x = i.Schedules[n];
            if (string.IsNullOrWhiteSpace(x.Description)) e[$"Schedules[{n}].Description"] = "Describe when the service runs, like \"Visits, Tuesday and Thursday afternoons\".";
            else if (x.Description.Length > 500) e[$"Schedules[{n}].Description"] = "This must be 500 characters or fewer.";
            if (FieldRules.Clean(x.ByDay) is { } days && !days.ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal).Split(',').All(d => Days.Contains(d)))
                e[$"Schedules[{n}].ByDay"] = "Enter days as two-letter codes separated by commas, like MO,WE,FR.";
            if (FieldRules.Clean(x.OpensAt) is { } opens && !TimeOnly.TryParseExact(opens, "HH:mm", out _)) e[$"Schedules[{n}].OpensAt"] = "Enter a time like 09:30.";
            if (FieldRules.Clean(x.ClosesAt) is { } closes && !TimeOnly.TryParseExact(closes, "HH:mm", out _)) e[$"Schedules[{n}].ClosesAt"] = "Enter a time like 16:00.";
            else if (FieldRules.Clean(x.OpensAt) is { } o && FieldRules.Clean(x.ClosesAt) is { } cl && string.CompareOrdinal(cl, o) <= 0) e[$"Schedules[{n}].ClosesAt"] = "The closing time must be after the opening time.";
        }
        for (var n = 0; n < i.Evidence.Count; n++)
        {
            var x = i.Evidence[n];
            if (string.IsNullOrWhiteSpace(x.Summary)) e[$"Evidence[{n}].Summary"] = "Summarise what the evaluation found.";
            else if (x.Summary.Length > 2000) e[$"Evidence[{n}].Summary"] = "This must be 2,000 characters or fewer.";
            if (x.Source?.Length > 200) e[$"Evidence[{n}].Source"] = "This must be 200 characters or fewer.";
            if (FieldRules.Clean(x.SourceUrl) is { } su && !FieldRules.IsWebAddress(su))
                e[$"Evidence[{n}].SourceUrl"] = "Enter a full web address, like https://www.example.org/report.pdf.";
        }
        return e;
    }

    /// <summary>
    /// The locations and terms exist, and no location newly added (not in <paramref name="keptLocationIds"/>, the service's own)
    /// is at a closed prison (<see cref="Prison.ClosedChoiceAsync"/>).
    /// </summary>
    internal static async Task ValidateReferencesAsync(AppDbContext db, ServiceInput i, IReadOnlyCollection<int> keptLocationIds, DateOnly today,
        Dictionary<string, string> errors, CancellationToken ct)
    {
        var locations = i.LocationIds.Distinct().ToList();
        if (await db.Locations.CountAsync(l => locations.Contains(l.Id), ct) != locations.Count)
            errors[nameof(i.LocationIds)] = "Choose prisons and sites from the list.";
        else
        {
            var added = locations.Except(keptLocationIds).ToList();
            if (added.Count > 0 && await Prison.ClosedChoiceAsync(db.Locations.Where(l => added.Contains(l.Id) && l.Prison != null).Select(l => l.Prison!), today, ct) is { } closed)
                errors[nameof(i.LocationIds)] = closed;
        }
        var terms = i.TermIds.Distinct().ToList();
        if (await db.TaxonomyTerms.CountAsync(t => terms.Contains(t.Id), ct) != terms.Count)
            errors[nameof(i.TermIds)] = "Choose Pathways and service types from the list.";
    }

    private static readonly HashSet<string> Days = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
}
