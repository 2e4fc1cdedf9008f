using System.Runtime.InteropServices;
using System.Text;
using SkiaSharp;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// The glyphs and characters a document draws, per weight, and the cut-down fonts made from them.
/// SkiaSharp's native Skia is built without a font subsetter, so without this every PDF would embed
/// the whole of DejaVu Sans and DejaVu Sans Bold (about 750 KB) however short it is.
/// </summary>
internal sealed class GlyphUsage
{
    private readonly bool[][] _glyphs = [new bool[ushort.MaxValue + 1], new bool[ushort.MaxValue + 1]];
    private readonly HashSet<int>[] _characters = [[], []];

    public void Add(ShapedText text) => Add(text, 0, text.Count);

    public void Add(ShapedText text, int start, int end)
    {
        if (end <= start) return;
        var glyphs = _glyphs[(int)text.Weight];
        for (var i = start; i < end; i++) glyphs[text.Glyphs[i]] = true;

        var characters = _characters[(int)text.Weight];
        var bytes = text.Utf8.AsSpan((int)text.Clusters[start], (end < text.Count ? (int)text.Clusters[end] : text.Utf8.Length) - (int)text.Clusters[start]);
        while (!bytes.IsEmpty)
        {
            Rune.DecodeFromUtf8(bytes, out var rune, out var consumed);
            characters.Add(rune.Value);
            bytes = bytes[consumed..];
        }
    }

    /// <summary>A typeface holding only the glyphs used in <paramref name="weight"/>, with the same glyph ids as the whole font.</summary>
    public SKTypeface Subset(FontWeight weight)
    {
        var input = NativeMethods.hb_subset_input_create_or_fail();
        if (input == IntPtr.Zero) throw new InvalidOperationException("HarfBuzz could not start a font subset.");
        try
        {
            // Shaping ran against the whole font, so glyph ids must not be renumbered.
            NativeMethods.hb_subset_input_set_flags(input, RetainGlyphIds);
            var glyphSet = NativeMethods.hb_subset_input_glyph_set(input);
            var glyphs = _glyphs[(int)weight];
            for (var g = 0; g < glyphs.Length; g++)
            {
                if (glyphs[g]) NativeMethods.hb_set_add(glyphSet, (uint)g);
            }
            // The characters keep their cmap entries, from which Skia writes the ToUnicode map that text extraction reads.
            var characterSet = NativeMethods.hb_subset_input_unicode_set(input);
            foreach (var c in _characters[(int)weight]) NativeMethods.hb_set_add(characterSet, (uint)c);

            var subset = NativeMethods.hb_subset_or_fail(PdfFonts.Instance.WholeFace(weight).Handle, input);
            if (subset == IntPtr.Zero) throw new InvalidOperationException($"HarfBuzz could not subset {PdfFonts.Family} ({weight}).");
            var blob = NativeMethods.hb_face_reference_blob(subset);
            try
            {
                var data = NativeMethods.hb_blob_get_data(blob, out var length);
                using var copy = SKData.CreateCopy(data, length);
                return SKTypeface.FromData(copy) ?? throw new InvalidOperationException($"Skia could not load the {PdfFonts.Family} subset.");
            }
            finally
            {
                NativeMethods.hb_blob_destroy(blob);
                NativeMethods.hb_face_destroy(subset);
            }
        }
        finally
        {
            NativeMethods.hb_subset_input_destroy(input);
        }
    }

    // HB_SUBSET_FLAGS_RETAIN_GIDS in hb-subset.h.
    private const uint RetainGlyphIds = 0x2;

    // hb-subset is compiled into HarfBuzzSharp's native library but has no managed binding.
    private static class NativeMethods
    {
        private const string Library = "libHarfBuzzSharp";

        [DllImport(Library)] public static extern IntPtr hb_subset_input_create_or_fail();
        [DllImport(Library)] public static extern void hb_subset_input_destroy(IntPtr input);
        [DllImport(Library)] public static extern void hb_subset_input_set_flags(IntPtr input, uint flags);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_glyph_set(IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_subset_input_unicode_set(IntPtr input);
        [DllImport(Library)] public static extern void hb_set_add(IntPtr set, uint codepoint);
        [DllImport(Library)] public static extern IntPtr hb_subset_or_fail(IntPtr face, IntPtr input);
        [DllImport(Library)] public static extern IntPtr hb_face_reference_blob(IntPtr face);
        [DllImport(Library)] public static extern void hb_face_destroy(IntPtr face);
        [DllImport(Library)] public static extern IntPtr hb_blob_get_data(IntPtr blob, out uint length);
        [DllImport(Library)] public static extern void hb_blob_destroy(IntPtr blob);
    }
}
