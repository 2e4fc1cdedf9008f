namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>The layout of tables and side-by-side cells: column widths from the content, rows cut between pages, headers repeated.</summary>
internal sealed partial class PdfLayoutEngine
{
    private void Table(ReportTable table)
    {
        Gap(8f);
        var columns = table.Weights.Length;
        var header = table.HeaderCells;
        Span<float> xs = stackalloc float[columns + 1];
        ColumnEdges(table, xs);

        Span<Cell> headerCells = header is null ? default : new Cell[columns];
        _headerLines.Clear();
        for (var c = 0; c < headerCells.Length; c++)
        {
            headerCells[c] = MakeCell(header![c].Text, FontWeight.Bold, TableSize, xs[c], xs[c + 1] - xs[c], HeaderFill, _headerLines);
        }
        if (headerCells.Length > 0)
        {
            // The header never sits alone at the foot of a page: it needs its first body row under it.
            var first = table.Rows.Count > 0 ? LineHeight(TableSize) + 2 * CellPadding : 0f;
            EnsureRoom(RowHeight(headerCells) + first);
        }
        Begin(StructureTag.Table);
        if (headerCells.Length > 0) PlaceRow(headerCells, CellPadding, borders: true, StructureTag.TH, header: default);

        var cells = new Cell[columns];
        foreach (var row in table.Rows)
        {
            _lines.Clear();
            for (var c = 0; c < cells.Length; c++)
            {
                cells[c] = MakeCell(row[c].Text, FontWeight.Regular, TableSize, xs[c], xs[c + 1] - xs[c], row[c].Background, _lines);
            }
            PlaceRow(cells, CellPadding, borders: true, StructureTag.TD, headerCells);
        }
        End();
    }

    /// <summary>
    /// Column edges from the content, in the spirit of HTML's automatic table layout: each column starts at its share of the
    /// weights, but never narrower than its longest word (so no word breaks while the page is wide enough) and, when another
    /// column is short of room, no wider than its longest text needs; what is left over goes back by weight.
    /// </summary>
    private void ColumnEdges(ReportTable table, Span<float> xs)
    {
        var n = table.Weights.Length;
        var total = table.Weights.Sum();
        Span<float> min = stackalloc float[n];
        Span<float> max = stackalloc float[n];
        if (table.HeaderCells is not null) MeasureColumns(table.HeaderCells, FontWeight.Bold, min, max);
        foreach (var row in table.Rows) MeasureColumns(row, FontWeight.Regular, min, max);

        Span<float> w = stackalloc float[n];
        var minSum = 0f;
        for (var c = 0; c < n; c++)
        {
            max[c] = Math.Max(max[c], min[c]);
            w[c] = Math.Max(min[c], Math.Min(Width * table.Weights[c] / total, max[c]));
            minSum += min[c];
        }
        if (minSum > Width)
        {
            // Too many columns for the page: shrink every column alike; only here may a long word break.
            for (var c = 0; c < n; c++) w[c] = min[c] * Width / minSum;
        }
        else
        {
            for (var round = 0; round < 8; round++)
            {
                var free = Width;
                foreach (var x in w) free -= x;
                if (Math.Abs(free) < 0.01f) break;
                if (free > 0)
                {
                    // Give room first to columns whose text still wraps, by weight; once none does, to all by weight.
                    var wanting = 0f;
                    for (var c = 0; c < n; c++) if (w[c] < max[c] - 0.01f) wanting += table.Weights[c];
                    for (var c = 0; c < n; c++)
                    {
                        if (wanting > 0 && w[c] < max[c] - 0.01f) w[c] = Math.Min(max[c], w[c] + free * table.Weights[c] / wanting);
                        else if (wanting == 0) w[c] += free * table.Weights[c] / total;
                    }
                }
                else
                {
                    // Take room back from columns wider than their longest word, in proportion to what each can spare.
                    var spare = 0f;
                    for (var c = 0; c < n; c++) spare += w[c] - min[c];
                    for (var c = 0; c < n; c++) w[c] -= -free * (w[c] - min[c]) / spare;
                }
            }
        }
        xs[0] = Left;
        for (var c = 0; c < n; c++) xs[c + 1] = xs[c] + w[c];
        xs[n] = Left + Width;
    }

    /// <summary>Widens <paramref name="min"/> to each cell's longest word and <paramref name="max"/> to its longest line, padding included.</summary>
    private void MeasureColumns(ReportCell[] row, FontWeight weight, Span<float> min, Span<float> max)
    {
        for (var c = 0; c < row.Length; c++)
        {
            var text = _shaper.Shape(row[c].Text, weight, TableSize);
            min[c] = Math.Max(min[c], text.LongestWord() + 2 * CellPadding + 0.5f);
            max[c] = Math.Max(max[c], text.WidestLine() + 2 * CellPadding + 0.5f);
        }
    }

    private Cell MakeCell(string value, FontWeight weight, float size, float x, float width, ReportColor? background, List<LineRange> lines)
    {
        var text = _shaper.Shape(value, weight, size);
        var first = lines.Count;
        text.Wrap(width - 2 * CellPadding, lines);
        return new Cell(text, lines, first, lines.Count - first, x, width, background);
    }

    private static float RowHeight(ReadOnlySpan<Cell> cells, float padding = CellPadding)
    {
        var lines = 1;
        foreach (var cell in cells) lines = Math.Max(lines, cell.LineCount);
        return 2 * padding + lines * LineHeight(cells[0].Text.Size);
    }

    /// <summary>
    /// Places side-by-side cells as one row. A row that does not fit moves to the next page (under a repeat of
    /// <paramref name="header"/>, drawn as an artifact: the header cells are in the structure once); only a row taller than a
    /// whole page is split, between lines, each part tagged as a row of its own. Without <paramref name="cellTag"/> the cells
    /// are one paragraph (a label beside its value).
    /// </summary>
    private void PlaceRow(ReadOnlySpan<Cell> cells, float padding, bool borders, StructureTag? cellTag, ReadOnlySpan<Cell> header)
    {
        var lineHeight = LineHeight(cells[0].Text.Size);
        var lineCount = 1;
        foreach (var cell in cells) lineCount = Math.Max(lineCount, cell.LineCount);
        var height = 2 * padding + lineCount * lineHeight;
        var headerHeight = header.Length > 0 ? RowHeight(header) : 0f;

        var from = 0;
        while (from < lineCount)
        {
            var room = _bottom - _y - 2 * padding;
            var fitsOnFreshPage = height <= PageHeight - headerHeight;
            var needed = from == 0 && fitsOnFreshPage ? lineCount : 1;
            if (room < needed * lineHeight - 0.01f && !AtPageTop)
            {
                NewPage();
                if (header.Length > 0) RepeatHeader(header);
                room = _bottom - _y - 2 * padding;
            }
            var left = lineCount - from;
            var take = room >= left * lineHeight - 0.01f ? left : Math.Clamp((int)((room + 0.01f) / lineHeight), 1, left);
            var chunkHeight = 2 * padding + take * lineHeight;
            if (borders)
            {
                // Fills first, so a coloured cell does not paint over its neighbour's border.
                BeginArtifact();
                foreach (var cell in cells)
                {
                    if (cell.Background is { } fill) Place(new PlacedItem(ItemKind.Fill, cell.X, _y, cell.Width, chunkHeight, fill));
                }
                foreach (var cell in cells) Place(new PlacedItem(ItemKind.Border, cell.X, _y, cell.Width, chunkHeight, RuleColour));
                EndArtifact();
            }
            Begin(cellTag is null ? StructureTag.P : StructureTag.TR);
            foreach (var cell in cells)
            {
                if (cellTag is not null) Begin(cellTag);
                var last = Math.Min(cell.LineCount, from + take);
                for (var i = from; i < last; i++)
                {
                    var line = cell.Lines[cell.FirstLine + i];
                    var top = _y + padding + (i - from) * lineHeight;
                    Place(new PlacedItem(ItemKind.Text, cell.X + padding, Baseline(top, cell.Text.Size), line.Width, lineHeight, TextColour, cell.Text, line.Start, line.End));
                }
                if (cellTag is not null) End();
            }
            End();
            _y += chunkHeight;
            from += take;
        }
    }

    /// <summary>The header row again at the top of a continuation page: decoration only, as its cells are tagged once already.</summary>
    private void RepeatHeader(ReadOnlySpan<Cell> header)
    {
        var lineHeight = LineHeight(header[0].Text.Size);
        var height = RowHeight(header);
        BeginArtifact();
        foreach (var cell in header)
        {
            if (cell.Background is { } fill) Place(new PlacedItem(ItemKind.Fill, cell.X, _y, cell.Width, height, fill));
        }
        foreach (var cell in header)
        {
            Place(new PlacedItem(ItemKind.Border, cell.X, _y, cell.Width, height, RuleColour));
            for (var i = 0; i < cell.LineCount; i++)
            {
                var line = cell.Lines[cell.FirstLine + i];
                Place(new PlacedItem(ItemKind.Text, cell.X + CellPadding, Baseline(_y + CellPadding + i * lineHeight, cell.Text.Size), line.Width, lineHeight, TextColour, cell.Text, line.Start, line.End));
            }
        }
        EndArtifact();
        _y += height;
    }

    private readonly record struct Cell(ShapedText Text, List<LineRange> Lines, int FirstLine, int LineCount, float X, float Width, ReportColor? Background);
}
