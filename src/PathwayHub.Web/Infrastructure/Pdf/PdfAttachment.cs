using PdfSharp.Drawing;

namespace PathwayHub.Web.Infrastructure.Pdf;

/// <summary>
/// An existing PDF file opened to have its pages drawn into a document (a paper in a meeting pack). Open it with
/// <see cref="TryOpen"/>, add it with <see cref="ReportContent.PdfPages"/>, and dispose it once the document is written.
/// </summary>
public sealed class PdfAttachment : IDisposable
{
    private PdfAttachment(XPdfForm form)
    {
        Form = form;
        PageCount = form.PageCount;
    }

    public int PageCount { get; }

    internal XPdfForm Form { get; }

    /// <summary>The file ready to draw, or null when it is not a PDF that can be read: damaged, truncated, or protected by a password.</summary>
    public static PdfAttachment? TryOpen(byte[] pdf)
    {
        ArgumentNullException.ThrowIfNull(pdf);
        _ = PdfFonts.Instance; // PDFsharp needs its font resolver in place before it reads a file.
        XPdfForm? form = null;
        try
        {
            form = XPdfForm.FromStream(new MemoryStream(pdf, writable: false));
            if (form.PageCount < 1) throw new InvalidOperationException("The file has no pages.");
            // Reading each page's size makes PDFsharp parse every page now, not halfway through writing the document.
            for (var n = 1; n <= form.PageCount; n++)
            {
                form.PageNumber = n;
                if (form.PointWidth <= 0 || form.PointHeight <= 0) throw new InvalidOperationException("A page has no size.");
            }
            return new PdfAttachment(form);
        }
#pragma warning disable CA1031 // Any failure to read a file means the same to the reader: it could not be included.
        catch (Exception)
#pragma warning restore CA1031
        {
            form?.Dispose();
            return null;
        }
    }

    public void Dispose() => Form.Dispose();
}
