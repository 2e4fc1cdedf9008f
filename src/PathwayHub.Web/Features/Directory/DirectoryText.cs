using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// The directory's text search, shared by the directory pages and the open data API: services whose organisation's name, name or
/// description contains the term, in any case. Answered from a trigram index on both providers, so a search reads the index
/// rather than every service's text: PostgreSQL's pg_trgm GIN index on <see cref="Service.SearchText"/>, and on SQLite the FTS5
/// table <c>ServiceText</c> (trigram tokenizer, external content, kept in step by triggers: migration ServiceTextIndex). Both
/// match a substring, as a plain scan would; a term of fewer than three characters has no trigram and is scanned.
/// </summary>
public static class DirectoryText
{
    /// <summary>What <see cref="Service.SearchText"/> holds: each part in lower case, one per line, so no term matches across two.</summary>
    public static string Of(params string[] parts) => string.Join('\n', parts.Select(p => p.ToLowerInvariant()));

    public static IQueryable<Service> WhereText(this IQueryable<Service> services, AppDbContext db, string term)
    {
        var lower = term.Trim().ToLowerInvariant();
        if (db is SqliteAppDbContext && lower.Length >= 3)
        {
            // An FTS5 phrase of the trigram tokenizer matches where its trigrams stand in a row: the term as a substring.
            var phrase = "\"" + lower.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var ids = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "ServiceText" WHERE "ServiceText" MATCH {phrase}""");
            return services.Where(s => ids.Contains(s.Id));
        }
        return services.Where(s => s.SearchText!.Contains(lower));
    }
}
