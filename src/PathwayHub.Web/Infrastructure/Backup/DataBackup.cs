using System.IO.Compression;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Infrastructure.Backup;

/// <summary>
/// <c>backup --to FILE</c> and <c>restore --from FILE</c> for the embedded SQLite default: one zip holding a consistent copy of
/// the database, taken with SQLite's online backup while the portal runs, and the uploaded papers. The database is copied first
/// and the papers after: a paper is stored before the row that names it is committed and is never deleted, so every paper the
/// copy refers to is in the archive. Restore puts an archive back into an empty data folder and checks the database it wrote.
/// On PostgreSQL the database is backed up with pg_dump (README, "Backup and restore"); these commands say so and stop.
/// </summary>
public static class DataBackup
{
    private const string DatabaseEntry = "pathwayhub.db";
    private const string ManifestEntry = "backup.json";
    private const string PapersFolder = "papers";
    private const int Format = 1;

    public static bool IsCommand(string[] args) => args is ["backup" or "restore", ..];

    /// <summary>Runs the command in <paramref name="args"/>; returns the process exit code (0 done, 1 refused, 2 usage).</summary>
    public static async Task<int> RunAsync(DatabaseSettings settings, string[] args, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken ct = default)
    {
        var backup = args[0] == "backup";
        var i = Array.IndexOf(args, backup ? "--to" : "--from");
        var file = i > 0 && i + 1 < args.Length ? args[i + 1] : null;
        if (string.IsNullOrWhiteSpace(file))
        {
            error.WriteLine(backup ? "Usage: backup --to <file.zip>" : "Usage: restore --from <file.zip> (into an empty data folder)");
            return 2;
        }
        if (settings.Provider != DatabaseProvider.Sqlite)
        {
            error.WriteLine("This database is PostgreSQL: back it up with pg_dump and the data folder's papers/ (README, \"Backup and restore\").");
            return 2;
        }
        try
        {
            if (backup)
            {
                var papers = await BackupAsync(settings, Path.GetFullPath(file), clock, ct);
                output.WriteLine($"Backed up the database and {papers} paper(s) to {Path.GetFullPath(file)}.");
            }
            else
            {
                var papers = await RestoreAsync(settings, Path.GetFullPath(file), ct);
                output.WriteLine($"Restored the database and {papers} paper(s) into {settings.DataFolder}.");
            }
            return 0;
        }
        catch (BackupRefusedException e)
        {
            error.WriteLine(e.Message);
            return 1;
        }
    }

    /// <summary>Writes the archive (through a temporary file, so a failed backup leaves no half archive); returns the papers copied.</summary>
    public static async Task<int> BackupAsync(DatabaseSettings settings, string file, TimeProvider clock, CancellationToken ct = default)
    {
        var database = DatabasePath(settings);
        if (!File.Exists(database)) throw new BackupRefusedException($"There is no database at {database} to back up.");
        if (File.Exists(file)) throw new BackupRefusedException($"{file} already exists: choose a new file name, so no backup is overwritten.");

        var staging = Path.Combine(Path.GetDirectoryName(file)!, $".{Path.GetFileName(file)}.{Guid.NewGuid():N}.partial");
        var snapshot = staging + ".db";
        try
        {
            // Online backup: a reader's consistent view of the file, taken while the portal goes on reading and writing.
            await using (var source = Open(database, SqliteOpenMode.ReadWrite))
            await using (var target = Open(snapshot, SqliteOpenMode.ReadWriteCreate))
            {
                source.BackupDatabase(target);
                await using var cmd = target.CreateCommand();
                cmd.CommandText = "PRAGMA journal_mode=DELETE;";
                await cmd.ExecuteNonQueryAsync(ct);
            }

            var papers = 0;
            await using (var zip = new ZipArchive(File.Create(staging), ZipArchiveMode.Create))
            {
                zip.CreateEntryFromFile(snapshot, DatabaseEntry, CompressionLevel.Optimal);
                var folder = Path.Combine(settings.DataFolder, PapersFolder);
                if (Directory.Exists(folder))
                {
                    foreach (var paper in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Where(p => !p.EndsWith(".tmp", StringComparison.Ordinal)))
                    {
                        ct.ThrowIfCancellationRequested();
                        zip.CreateEntryFromFile(paper, PapersFolder + "/" + Path.GetRelativePath(folder, paper).Replace('\\', '/'), CompressionLevel.Fastest);
                        papers++;
                    }
                }
                await using var manifest = zip.CreateEntry(ManifestEntry).Open();
                await JsonSerializer.SerializeAsync(manifest, new { format = Format, createdUtc = clock.GetUtcNow().UtcDateTime, papers }, cancellationToken: ct);
            }
            File.Move(staging, file);
            return papers;
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(staging);
        }
    }

    /// <summary>Unpacks the archive into the data folder, which must hold no database and no papers; returns the papers restored.</summary>
    public static async Task<int> RestoreAsync(DatabaseSettings settings, string file, CancellationToken ct = default)
    {
        if (!File.Exists(file)) throw new BackupRefusedException($"There is no backup at {file}.");
        var database = DatabasePath(settings);
        var folder = Path.Combine(settings.DataFolder, PapersFolder);
        if (File.Exists(database) || (Directory.Exists(folder) && Directory.EnumerateFileSystemEntries(folder).Any()))
            throw new BackupRefusedException($"Restore needs an empty data folder, and {settings.DataFolder} already holds a database or papers. "
                + "Stop the portal and move them aside (or set DataFolder to a new folder), then restore.");

        ZipArchive zip;
        try { zip = new ZipArchive(File.OpenRead(file), ZipArchiveMode.Read); }
        catch (InvalidDataException) { throw new BackupRefusedException($"{file} is not a PathwayHub backup (not a zip archive)."); }
        using (zip)
        {
            if (zip.GetEntry(DatabaseEntry) is not { } entry || zip.GetEntry(ManifestEntry) is null)
                throw new BackupRefusedException($"{file} is not a PathwayHub backup: it has no {DatabaseEntry} or {ManifestEntry}.");
            Directory.CreateDirectory(settings.DataFolder);
            var staged = database + ".restoring";
            try
            {
                entry.ExtractToFile(staged, overwrite: true);
                await CheckAsync(staged, file, ct);
                var papers = 0;
                var root = Path.GetFullPath(folder) + Path.DirectorySeparatorChar;
                foreach (var paper in zip.Entries.Where(e => e.FullName.StartsWith(PapersFolder + "/", StringComparison.Ordinal) && e.Name.Length > 0))
                {
                    var target = Path.GetFullPath(Path.Combine(settings.DataFolder, paper.FullName));
                    // An entry must land inside papers/: "../" in a crafted archive is refused, not followed.
                    if (!target.StartsWith(root, StringComparison.Ordinal)) throw new BackupRefusedException($"{file} has an entry outside papers/ ({paper.FullName}).");
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    paper.ExtractToFile(target);
                    papers++;
                }
                File.Move(staged, database);
                return papers;
            }
            finally
            {
                File.Delete(staged);
            }
        }
    }

    private static async Task CheckAsync(string database, string file, CancellationToken ct)
    {
        await using var conn = Open(database, SqliteOpenMode.ReadOnly);
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = "PRAGMA integrity_check;";
        string? result;
        try { result = (string?)await cmd.ExecuteScalarAsync(ct); }
        catch (SqliteException e) { throw new BackupRefusedException($"The database in {file} cannot be read: {e.Message}"); }
        if (result != "ok") throw new BackupRefusedException($"The database in {file} fails SQLite's integrity check: {result}");
    }

    private static string DatabasePath(DatabaseSettings settings) => new SqliteConnectionStringBuilder(settings.ConnectionString).DataSource;

    private static SqliteConnection Open(string path, SqliteOpenMode mode)
    {
        var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = mode, Pooling = false }.ToString());
        conn.Open();
        return conn;
    }
}

/// <summary>A backup or restore that cannot go ahead, with what to do about it.</summary>
public sealed class BackupRefusedException(string message) : Exception(message);
