namespace PathwayHub.Web.Infrastructure;

/// <summary>Documents allowed as agenda papers and commissioning documents, checked by their first bytes as well as their extension.</summary>
public static class PaperTypes
{
    private static readonly byte[] Pdf = "%PDF-"u8.ToArray();
    private static readonly byte[] Zip = [0x50, 0x4B, 0x03, 0x04];
    private static readonly byte[] Ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    private static readonly byte[] Png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly byte[] Jpeg = [0xFF, 0xD8, 0xFF];

    private static readonly Dictionary<string, (string ContentType, byte[][] Signatures)> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        [".pdf"] = ("application/pdf", [Pdf]),
        [".docx"] = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", [Zip]),
        [".xlsx"] = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", [Zip]),
        [".pptx"] = ("application/vnd.openxmlformats-officedocument.presentationml.presentation", [Zip]),
        [".doc"] = ("application/msword", [Ole]),
        [".xls"] = ("application/vnd.ms-excel", [Ole]),
        [".ppt"] = ("application/vnd.ms-powerpoint", [Ole]),
        [".png"] = ("image/png", [Png]),
        [".jpg"] = ("image/jpeg", [Jpeg]),
        [".jpeg"] = ("image/jpeg", [Jpeg]),
    };

    /// <summary>Returns the content type to serve, or refuses the file with a message for the upload field.</summary>
    public static string Check(string fileName, ReadOnlySpan<byte> content)
    {
        var ext = Path.GetExtension(fileName);
        if (!Allowed.TryGetValue(ext, out var entry))
            throw Refuse("Upload a PDF, Word, Excel or PowerPoint document or a PNG or JPEG image.");
        foreach (var sig in entry.Signatures)
            if (content.StartsWith(sig)) return entry.ContentType;
        throw Refuse($"The file's content is not a {ext.TrimStart('.').ToUpperInvariant()} file. Check it is the right file and try again.");
    }

    private static ValidationFailedException Refuse(string message) => new(new Dictionary<string, string> { ["File"] = message });
}
