using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>What an amendment records: each term whose value differs, old and new, written as the register shows it.</summary>
internal static class AgreementChanges
{
    public static async Task<List<TermChange>> DescribeAsync(AppDbContext db, Agreement a, AgreementInput input, CancellationToken ct)
    {
        var changes = new List<TermChange>();
        void Add(string term, string? old, string? @new)
        {
            if (!string.Equals(old ?? "", @new ?? "", StringComparison.Ordinal)) changes.Add(new TermChange(term, old, @new));
        }
        async Task<string> OrgAsync(int id) => await db.Organisations.Where(o => o.Id == id).Select(o => o.Name).SingleAsync(ct);

        Add("Reference", a.Reference, input.Reference.Trim());
        Add("Title", a.Title, input.Title.Trim());
        Add("Description", a.Description, input.Description.Trim());
        Add("Kind", CommissioningText.Sentence(a.Kind), CommissioningText.Sentence(input.Kind));
        if (a.SupplierOrganisationId != input.SupplierOrganisationId) Add("Supplier", a.Supplier.Name, await OrgAsync(input.SupplierOrganisationId!.Value));
        if (a.BuyerOrganisationId != input.BuyerOrganisationId) Add("Buyer", a.Buyer.Name, await OrgAsync(input.BuyerOrganisationId!.Value));
        Add("Value", CommissioningText.Money(a.Value), CommissioningText.Money(input.Value!.Value));
        Add("Start date", CommissioningText.Day(a.StartDate), CommissioningText.Day(input.StartDate!.Value));
        Add("End date", CommissioningText.Day(a.EndDate), CommissioningText.Day(input.EndDate!.Value));
        Add("Extension options", a.ExtensionOptions, FieldRules.Clean(input.ExtensionOptions));
        Add("Pathways", Names(a.Pathways.Select(p => p.Pathway.Name)), Names(await db.Pathways.Where(p => input.PathwayIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Prisons", Names(a.Prisons.Select(p => p.Prison.Name)), Names(await db.Prisons.Where(p => input.PrisonIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Subcontractors", Names(a.Subcontractors.Select(p => p.Organisation.Name)), Names(await db.Organisations.Where(p => input.SubcontractorIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        Add("Directory services", Names(a.Services.Select(p => p.Service.Name)), Names(await db.Services.Where(p => input.ServiceIds.Contains(p.Id)).Select(p => p.Name).ToListAsync(ct)));
        return changes;
    }

    private static string? Names(IEnumerable<string> names) => names.Any() ? string.Join(", ", names.Order(StringComparer.Ordinal)) : null;
}
