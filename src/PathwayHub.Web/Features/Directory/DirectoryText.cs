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

    /// <summary>A term in more listings than this is looked for row by row on SQLite (see <see cref="WhereTextAsync"/>).</summary>
    public const int IndexedUpTo = 2_000;

    /// <summary>
    /// The services whose text contains the term. On SQLite a term found in many listings ("family" in 30,000 of 45,000) is cheaper
    /// read row by row for a page: the first page in name order comes within a few rows, where the index would list every match;
    /// so for a page the index is asked first for up to <see cref="IndexedUpTo"/> + 1 matches (about a millisecond) and used only
    /// for a term in fewer listings. A count of public services (<paramref name="publicCount"/>: the open data API's, whose
    /// services are all <see cref="Service.IsPublic"/>) reads every match either way, so it always uses an index: on SQLite the
    /// FTS5 table lists 30,000 matches in a few milliseconds where a scan reads every listing; on PostgreSQL the trigram index
    /// of <c>ServicePublicText</c> (migration ServicePublicText), whose narrow rows pg_trgm confirms at half the cost of the
    /// service rows'. Otherwise PostgreSQL's planner chooses between its index and a scan itself.
    /// </summary>
    public static async Task<IQueryable<Service>> WhereTextAsync(this IQueryable<Service> services, AppDbContext db, string term, CancellationToken ct, bool publicCount = false)
    {
        var lower = term.Trim().ToLowerInvariant();
        if (db is SqliteAppDbContext && lower.Length >= 3)
        {
            // An FTS5 phrase of the trigram tokenizer matches where its trigrams stand in a row: the term as a substring.
            var phrase = "\"" + lower.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            var ids = db.Database.SqlQuery<int>($"""SELECT rowid AS "Value" FROM "ServiceText" WHERE "ServiceText" MATCH {phrase}""");
            if (publicCount || await ids.Take(IndexedUpTo + 1).CountAsync(ct) <= IndexedUpTo) return services.Where(s => ids.Contains(s.Id));
        }
        if (db is PostgresAppDbContext && publicCount)
        {
            var ids = db.Database.SqlQuery<int>($"""SELECT "ServiceId" AS "Value" FROM "ServicePublicText" WHERE "SearchText" LIKE {Contains(lower)}""");
            return services.Where(s => ids.Contains(s.Id));
        }
        return services.Where(s => s.SearchText!.Contains(lower));
    }

    /// <summary>
    /// How many public services hold the term, counted from PostgreSQL's <c>ServicePublicText</c> alone, without joining the
    /// services: for a term that is a filter's only condition. Null on SQLite, whose text index holds every service.
    /// </summary>
    public static async Task<int?> CountPublicAsync(AppDbContext db, string term, CancellationToken ct)
    {
        if (db is not PostgresAppDbContext) return null;
        var lower = term.Trim().ToLowerInvariant();
        return await db.Database.SqlQuery<int>($"""SELECT count(*)::int AS "Value" FROM "ServicePublicText" WHERE "SearchText" LIKE {Contains(lower)}""").SingleAsync(ct);
    }

    /// <summary>A LIKE pattern matching the term anywhere, its wildcards and escape character taken literally.</summary>
    private static string Contains(string term) =>
        "%" + term.Replace(@"\", @"\\", StringComparison.Ordinal).Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + "%";
}
