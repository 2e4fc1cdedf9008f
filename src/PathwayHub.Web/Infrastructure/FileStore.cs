using PathwayHub.Web.Data;

namespace PathwayHub.Web.Infrastructure;

/// <summary>A file accepted into the store: its content hash (which names it on disk), checked type and size.</summary>
public sealed record StoredFile(string Sha256, string ContentType, long Size, string FileName);

/// <summary>
/// Uploaded documents (agenda papers, commissioning documents) kept outside the web root under <c>&lt;DataFolder&gt;/papers/</c>,
/// named by their SHA-256 so the same file is stored once. Files are served only through endpoints that check who may read them.
/// </summary>
public sealed class FileStore(DatabaseSettings settings)
{
    public const long MaxBytes = 20 * 1024 * 1024;

    /// <summary>Reads at most <see cref="MaxBytes"/>, checks the content matches its type (<see cref="PaperTypes"/>) and stores it.</summary>
    public async Task<StoredFile> SaveAsync(string fileName, Stream content, CancellationToken ct = default)
    {
        var bytes = await ReadLimitedAsync(content, ct);
        var type = PaperTypes.Check(fileName, bytes);
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
        var path = PathOf(hash);
        if (!File.Exists(path))
        {
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            // Write then rename, so a reader never sees half a file.
            var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
            await File.WriteAllBytesAsync(temp, bytes, ct);
            File.Move(temp, path, overwrite: true);
        }
        return new StoredFile(hash, type, bytes.Length, Path.GetFileName(fileName));
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));

    public string PathOf(string sha256) => Path.Combine(settings.DataFolder, "papers", sha256[..2], sha256);

    private static async Task<byte[]> ReadLimitedAsync(Stream content, CancellationToken ct)
    {
        using var ms = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await content.ReadAsync(buffer, ct)) > 0)
        {
            if (ms.Length + read > MaxBytes) throw new ValidationFailedException(new Dictionary<string, string> { ["File"] = "The file is larger than 20 MB. Upload a smaller file." });
            ms.Write(buffer, 0, read);
        }
        if (ms.Length == 0) throw new ValidationFailedException(new Dictionary<string, string> { ["File"] = "The file is empty." });
        return ms.ToArray();
    }
}
