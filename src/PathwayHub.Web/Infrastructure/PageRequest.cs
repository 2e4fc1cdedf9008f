using System.Globalization;

namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// A 1-based page of an open API (ORUK's <c>page</c>/<c>per_page</c>, OCDS's <c>page</c>/<c>size</c>). The page is bounded so
/// that the rows before it fit in an <see cref="int"/>, which is what a query's Skip takes: page 2147483647 used to wrap round
/// to an early page and answer with its rows.
/// </summary>
public readonly record struct PageRequest
{
    public int Page { get; }
    public int Size { get; }

    private PageRequest(int page, int size) => (Page, Size) = (page, size);

    /// <summary>The last page any query could have at this size.</summary>
    public static int MaxPage(int size) => (int)Math.Min(int.MaxValue, (long)int.MaxValue / size + 1);

    /// <summary>Rows before this page; never overflows.</summary>
    public int Offset => (Page - 1) * Size;

    /// <summary>A page already checked by <see cref="TryParse"/>; anything else is a programming error.</summary>
    public static PageRequest Of(int page, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(page, MaxPage(size));
        return new PageRequest(page, size);
    }

    /// <summary>
    /// Reads the page and its size from a query string: absent means page 1 of <paramref name="defaultSize"/>; anything that is not
    /// a whole number in range is refused with a message that names the parameter.
    /// </summary>
    public static bool TryParse(IQueryCollection query, string pageName, string sizeName, int defaultSize, int maxSize, out PageRequest request, out string error)
    {
        request = default;
        error = "";
        var size = defaultSize;
        if (query.TryGetValue(sizeName, out var s) && (!int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out size) || size < 1 || size > maxSize))
        {
            error = $"{sizeName} must be a whole number from 1 to {maxSize} (got '{s}').";
            return false;
        }
        var page = 1;
        if (query.TryGetValue(pageName, out var p) && (!int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out page) || page < 1))
        {
            error = $"{pageName} must be a whole number from 1 (got '{p}').";
            return false;
        }
        if (page > MaxPage(size))
        {
            error = $"{pageName} must be at most {MaxPage(size).ToString("N0", CultureInfo.InvariantCulture)} when {sizeName} is {size} (got '{p}'): no list is that long.";
            return false;
        }
        request = new PageRequest(page, size);
        return true;
    }
}
