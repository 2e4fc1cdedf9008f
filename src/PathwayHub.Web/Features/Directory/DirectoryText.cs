using System.Linq.Expressions;

namespace PathwayHub.Web.Features.Directory;

/// <summary>The directory's text search, shared by the directory pages and the open data API.</summary>
public static class DirectoryText
{
    /// <summary>What <see cref="Service.SearchText"/> holds: each part in lower case, one per line, so no term matches across two.</summary>
    public static string Of(params string[] parts) => string.Join('\n', parts.Select(p => p.ToLowerInvariant()));

    /// <summary>Services whose organisation's name, name or description contains the term, in any case.</summary>
    public static Expression<Func<Service, bool>> Matches(string term)
    {
        var lower = term.Trim().ToLowerInvariant();
        return s => s.SearchText!.Contains(lower);
    }
}
