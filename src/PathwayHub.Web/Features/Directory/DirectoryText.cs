using System.Linq.Expressions;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>The directory's text search, shared by the directory pages and the open data API.</summary>
public static class DirectoryText
{
    /// <summary>
    /// Services whose name, description or organisation's name contains the lower-case term. The name and description are read
    /// from <see cref="Service.SearchText"/>, already lower case; the organisations are matched once, as a set of ids, rather
    /// than joined to every service.
    /// </summary>
    public static Expression<Func<Service, bool>> Matches(AppDbContext db, string lowerCaseTerm) =>
        s => s.SearchText!.Contains(lowerCaseTerm)
            || db.Organisations.Where(o => o.Name.ToLower().Contains(lowerCaseTerm)).Select(o => o.Id).Contains(s.OrganisationId);
}
