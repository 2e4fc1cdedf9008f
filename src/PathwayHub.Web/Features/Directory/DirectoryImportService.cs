using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory.Evaluation;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Features.Directory;

public sealed record ImportResult(int OrganisationsAdded, int ServicesAdded);

/// <summary>
/// CSV import of organisations and services by the coordinator. All or nothing: every row is checked first, and one bad row
/// rejects the whole file with row-numbered errors (row 1 is the header, as a spreadsheet numbers them) and imports nothing.
/// </summary>
public sealed class DirectoryImportService(IDbContextFactory<AppDbContext> dbs, CurrentUser user, TimeProvider clock)
{
    public static readonly string[] Columns =
    [
        "organisation", "organisation_description", "organisation_website", "organisation_email", "organisation_phone", "charity_number", "company_number",
        "service_name", "service_description", "status", "url", "email", "eligibility_description", "minimum_age", "maximum_age",
        "fees_description", "application_process", "languages", "prisons", "pathways", "service_types",
        "free", "evaluation", "evaluator", "evaluation_date", "evaluation_url",
    ];

    private static readonly string[] Required = ["organisation", "service_name", "service_description"];

    /// <summary>The header and one example row; list columns take several values separated by semicolons.</summary>
    public static string Template() => Csv.Write(Columns, [[
        "Example Trust", "What the organisation does.", "https://www.example.org", "info@example.org", "0191 000 0000", "1234567", "",
        "Example family support", "What the service does and for whom.", "active", "https://www.example.org/family", "family@example.org",
        "Families of prisoners.", "", "", "Free.", "Ask at the visitor centre.", "English", "HMP Durham; HMP Frankland",
        "Families and Social Support", "Casework",
        "yes", "independent evaluation", "Example University", "2025-06-30", "https://www.example.org/evaluation.pdf",
    ]]);

    public async Task<ImportResult> ImportAsync(Stream csv, CancellationToken ct = default)
    {
        var actor = user.Actor;
        actor.Require(Roles.Coordinator);
        var rows = await ReadAsync(csv, ct);

        await using var db = await dbs.OpenAsync(actor, ct);
        var known = await KnownAsync(db, ct);
        var errors = new Dictionary<string, string>();
        var newOrgs = new Dictionary<string, Organisation>();
        var services = new List<Service>();
        var seen = new HashSet<(string, string)>();
        foreach (var (number, values) in rows)
        {
            var row = new ImportRow(values);
            var orgName = CheckOrganisation(row, known);
            var input = ServiceFrom(row, clock.UkToday());
            var locations = Prisons(row, known, clock.UkToday());
            var links = Terms(row, known);
            if (orgName is not null && input.Name.Length > 0)
            {
                var key = (orgName.ToLowerInvariant(), input.Name.Trim().ToLowerInvariant());
                if (!seen.Add(key)) row.Problems.Add("the same organisation and service name appear on an earlier row");
                else if (known.Organisations.TryGetValue(orgName.ToLowerInvariant(), out var listed) && known.Services.Contains((listed.Id, key.Item2)))
                    row.Problems.Add($"{orgName} already lists a service called '{input.Name.Trim()}'");
            }
            if (row.Problems.Count > 0)
            {
                errors[$"Row {number}"] = string.Join("; ", row.Problems) + ".";
                continue;
            }
            var service = NewService(input, OrganisationFor(row, orgName!, known, newOrgs));
            foreach (var l in locations.Distinct()) service.Locations.Add(new ServiceAtLocation { Location = l });
            foreach (var t in links.Distinct()) service.Terms.Add(new ServiceTaxonomyTerm { TaxonomyTerm = t });
            services.Add(service);
        }
        if (rows.Count == 0) errors["File"] = "The file has no rows under the header.";
        ValidationFailedException.ThrowIfAny(errors);

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Services.AddRange(services);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return new ImportResult(newOrgs.Count, services.Count);
    }

    /// <summary>What the rows are checked against: organisations by lower-case name, prisons, taxonomy terms, and each organisation's service names.</summary>
    private sealed record Known(Dictionary<string, Organisation> Organisations, List<Location> Prisons, List<TaxonomyTerm> Terms, HashSet<(int, string)> Services);

    private static async Task<Known> KnownAsync(AppDbContext db, CancellationToken ct)
    {
        var orgs = await db.Organisations.ToDictionaryAsync(o => o.Name.ToLowerInvariant(), ct);
        var prisons = await db.Locations.Where(l => l.PrisonId != null).Include(l => l.Prison).ThenInclude(p => p!.Successor).ToListAsync(ct);
        var terms = await db.TaxonomyTerms.Include(t => t.Taxonomy).ToListAsync(ct);
        var existing = (await db.Services.Select(s => new { s.OrganisationId, s.Name }).ToListAsync(ct))
            .Select(s => (s.OrganisationId, s.Name.ToLowerInvariant())).ToHashSet();
        return new Known(orgs, prisons, terms, existing);
    }

    /// <summary>One row's values and the problems found in it so far.</summary>
    private sealed class ImportRow(Dictionary<string, string> values)
    {
        public List<string> Problems { get; } = [];

        public string? Get(string column) => values.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

        public int? Age(string column)
        {
            if (Get(column) is not { } text) return null;
            if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= 120) return age;
            Problems.Add($"{column} must be a whole number from 0 to 120");
            return null;
        }
    }

    /// <summary>The row's organisation name, checked: a listed organisation must accept listings; a new one's details are checked as its editors' changes are.</summary>
    private static string? CheckOrganisation(ImportRow row, Known known)
    {
        var orgName = row.Get("organisation");
        if (orgName is null) row.Problems.Add("organisation is empty");
        else if (orgName.Length > 200) row.Problems.Add("organisation must be 200 characters or fewer");
        else if (known.Organisations.TryGetValue(orgName.ToLowerInvariant(), out var listed))
        {
            if (Organisation.ListingRefusal(listed.Status, listed.Name) is { } refusal) row.Problems.Add(refusal);
        }
        else
        {
            // A new organisation's details are checked as its editors' changes are (its name above; a description is optional here).
            var details = OrganisationDetails(row);
            row.Problems.AddRange(OrganisationService.Validate(details)
                .Where(e => e.Key != nameof(OrganisationInput.Name) && !(e.Key == nameof(OrganisationInput.Description) && details.Description.Length == 0))
                .Select(e => $"{OrganisationColumn(e.Key)}: {e.Value}"));
        }
        return orgName;
    }

    private static OrganisationInput OrganisationDetails(ImportRow row) => new()
    {
        Name = row.Get("organisation") ?? "", Description = row.Get("organisation_description") ?? "", Website = row.Get("organisation_website"),
        Email = row.Get("organisation_email"), Phone = row.Get("organisation_phone"), CharityNumber = row.Get("charity_number"), CompanyNumber = row.Get("company_number"),
    };

    /// <summary>The row's service, checked as an edit is.</summary>
    private static ServiceInput ServiceFrom(ImportRow row, DateOnly today)
    {
        var input = new ServiceInput
        {
            Name = row.Get("service_name") ?? "", Description = row.Get("service_description") ?? "", Url = row.Get("url"), Email = row.Get("email"),
            EligibilityDescription = row.Get("eligibility_description"), MinimumAge = row.Age("minimum_age"), MaximumAge = row.Age("maximum_age"),
            FeesDescription = row.Get("fees_description"), ApplicationProcess = row.Get("application_process"), Languages = row.Get("languages"),
        };
        switch (row.Get("status")?.ToLowerInvariant())
        {
            case null or "active": input.Status = ServiceStatus.Active; break;
            case "inactive": input.Status = ServiceStatus.Inactive; break;
            default: row.Problems.Add("status must be active or inactive"); break;
        }
        if (ServiceCost.TryParse(row.Get("free"), out var free)) input.Free = free;
        else row.Problems.Add("free must be yes, no or empty");
        if (ServiceEvaluation.TryParse(row.Get("evaluation"), out var evaluation)) input.Evaluation = evaluation;
        else row.Problems.Add("evaluation must be none, internal monitoring or independent evaluation");
        input.Evaluator = row.Get("evaluator");
        input.EvaluationUrl = row.Get("evaluation_url");
        if (row.Get("evaluation_date") is { } date)
        {
            if (DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) input.EvaluationDate = d;
            else row.Problems.Add("evaluation_date must be a date like 2025-06-30");
        }
        row.Problems.AddRange(ListingValidation.Validate(input, today).Select(e => $"{Column(e.Key)}: {e.Value}"));
        return input;
    }

    /// <summary>The row's prisons by name or slug; a closed one is refused, as in the listing form (<see cref="Prison.ClosedChoiceAsync"/>).</summary>
    private static List<Location> Prisons(ImportRow row, Known known, DateOnly today)
    {
        var locations = new List<Location>();
        foreach (var p in List(row.Get("prisons")))
        {
            var match = known.Prisons.FirstOrDefault(l => string.Equals(l.Name, p, StringComparison.OrdinalIgnoreCase) || string.Equals(l.Prison!.Slug, p, StringComparison.OrdinalIgnoreCase));
            if (match is null) row.Problems.Add($"prisons: there is no prison called '{p}'");
            else if (!match.Prison!.IsOpenOn(today)) row.Problems.Add("prisons: " + Prison.ClosedChoice(match.Prison.Name, match.Prison.ClosedOn, match.Prison.Successor?.Name));
            else locations.Add(match);
        }
        return locations;
    }

    private static List<TaxonomyTerm> Terms(ImportRow row, Known known)
    {
        var links = new List<TaxonomyTerm>();
        foreach (var (column, slug) in new[] { ("pathways", Taxonomy.PathwaysSlug), ("service_types", Taxonomy.ServiceTypesSlug) })
        {
            foreach (var name in List(row.Get(column)))
            {
                var match = known.Terms.FirstOrDefault(t => t.Taxonomy.Slug == slug && (string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Code, name, StringComparison.OrdinalIgnoreCase)));
                if (match is null) row.Problems.Add($"{column}: there is no {(slug == Taxonomy.PathwaysSlug ? "Pathway" : "service type")} called '{name}'");
                else links.Add(match);
            }
        }
        return links;
    }

    /// <summary>The listed organisation, or a new one (once per file, however many rows name it).</summary>
    private static Organisation OrganisationFor(ImportRow row, string orgName, Known known, Dictionary<string, Organisation> newOrgs)
    {
        if (known.Organisations.TryGetValue(orgName.ToLower(CultureInfo.InvariantCulture), out var org) || newOrgs.TryGetValue(orgName.ToLowerInvariant(), out org))
            return org;
        var d = OrganisationDetails(row);
        org = new Organisation
        {
            Name = orgName, Description = d.Description, Website = d.Website, Email = d.Email, Phone = d.Phone,
            CharityNumber = d.CharityNumber, CompanyNumber = d.CompanyNumber, Sector = Pathways.Sector.VCS,
        };
        newOrgs[orgName.ToLowerInvariant()] = org;
        return org;
    }

    /// <summary>An imported listing is published and confirmed today: the coordinator vouches for the file.</summary>
    private Service NewService(ServiceInput input, Organisation org) => new()
    {
        Organisation = org, AssuredDate = clock.UkToday(), LastModifiedUtc = clock.GetUtcNow().UtcDateTime, IsPublished = true,
        Name = input.Name.Trim(), Description = input.Description.Trim(), Status = input.Status, Url = input.Url, Email = input.Email,
        EligibilityDescription = input.EligibilityDescription, MinimumAge = input.MinimumAge, MaximumAge = input.MaximumAge,
        FeesDescription = input.FeesDescription, ApplicationProcess = input.ApplicationProcess, Languages = input.Languages,
        Free = input.Free, Evaluation = input.Evaluation, Evaluator = input.Evaluator, EvaluationDate = input.EvaluationDate, EvaluationUrl = input.EvaluationUrl,
    };

    private static async Task<List<(int Number, Dictionary<string, string> Row)>> ReadAsync(Stream stream, CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        List<(int Line, string[] Fields)> records = [];
        try
        {
            records = Csv.Read(await reader.ReadToEndAsync(ct));
        }
        catch (FormatException e)
        {
            ValidationFailedException.ThrowIfAny(new() { [e.Message.Split(':')[0].Replace("Line", "Row", StringComparison.Ordinal)] = e.Message[(e.Message.IndexOf(':', StringComparison.Ordinal) + 2)..] + " Nothing was imported." });
        }
        records.RemoveAll(r => r.Fields.All(string.IsNullOrWhiteSpace));
        if (records.Count == 0) ValidationFailedException.ThrowIfAny(new() { ["File"] = "The file is empty. Start from the template." });

        var header = records[0].Fields.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var missing = Required.Where(c => !header.Contains(c)).ToList();
        var unknown = header.Where(h => !Columns.Contains(h)).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            ValidationFailedException.ThrowIfAny(new()
            {
                [$"Row {records[0].Line}"] = string.Join(" ", new[]
                {
                    missing.Count > 0 ? $"Missing columns: {string.Join(", ", missing)}." : null,
                    unknown.Count > 0 ? $"Unknown columns: {string.Join(", ", unknown)}." : null,
                }.Where(x => x is not null)) + " Start from the template.",
            });

        var rows = new List<(int, Dictionary<string, string>)>();
        var errors = new Dictionary<string, string>();
        foreach (var (line, fields) in records.Skip(1))
        {
            if (fields.Length != header.Count)
                errors[$"Row {line}"] = $"Expected {header.Count} fields but found {fields.Length}.";
            else
                rows.Add((line, header.Select((h, i) => (h, v: fields[i])).ToDictionary(x => x.h, x => x.v)));
        }
        ValidationFailedException.ThrowIfAny(errors);
        return rows;
    }

    private static string[] List(string? value) =>
        (value ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string OrganisationColumn(string field) => field switch
    {
        nameof(OrganisationInput.Description) => "organisation_description",
        nameof(OrganisationInput.Website) => "organisation_website",
        nameof(OrganisationInput.Email) => "organisation_email",
        nameof(OrganisationInput.Phone) => "organisation_phone",
        nameof(OrganisationInput.CharityNumber) => "charity_number",
        nameof(OrganisationInput.CompanyNumber) => "company_number",
        _ => field,
    };

    private static string Column(string field) => field switch
    {
        nameof(ServiceInput.Name) => "service_name",
        nameof(ServiceInput.Description) => "service_description",
        nameof(ServiceInput.Url) => "url",
        nameof(ServiceInput.Email) => "email",
        nameof(ServiceInput.MinimumAge) => "minimum_age",
        nameof(ServiceInput.MaximumAge) => "maximum_age",
        nameof(ServiceInput.EligibilityDescription) => "eligibility_description",
        nameof(ServiceInput.FeesDescription) => "fees_description",
        nameof(ServiceInput.ApplicationProcess) => "application_process",
        nameof(ServiceInput.Languages) => "languages",
        nameof(ServiceInput.Evaluation) => "evaluation",
        nameof(ServiceInput.Evaluator) => "evaluator",
        nameof(ServiceInput.EvaluationDate) => "evaluation_date",
        nameof(ServiceInput.EvaluationUrl) => "evaluation_url",
        _ => field,
    };
}
