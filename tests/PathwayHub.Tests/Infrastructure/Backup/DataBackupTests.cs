using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Backup;

namespace PathwayHub.Tests.Infrastructure.Backup;

/// <summary>
/// The app's <c>backup</c> and <c>restore</c> commands on SQLite, and the README's pg_dump/pg_restore commands on PostgreSQL:
/// back up, change the data, restore, and every table (every row of it) and paper is as it was at the backup.
/// </summary>
public sealed class DataBackupTests : IAsyncLifetime
{
    private readonly string _scratch = Path.Combine(Path.GetTempPath(), "pathwayhub-tests", "backup-" + Guid.NewGuid().ToString("N")[..8]);
    private readonly StringWriter _out = new();
    private readonly StringWriter _err = new();

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_scratch);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try { Directory.Delete(_scratch, recursive: true); } catch (IOException) { }
        return ValueTask.CompletedTask;
    }

    private Task<int> RunAsync(DatabaseSettings settings, params string[] args) =>
        DataBackup.RunAsync(settings, args, _out, _err, TimeProvider.System, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_backup_taken_while_the_portal_is_writing_restores_into_an_empty_folder_exactly_as_it_was()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite);
        var store = app.Services.GetRequiredService<FileStore>();
        var kept = await store.SaveAsync("minutes.pdf", new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7 the minutes as approved")));
        var database = new SqliteConnectionStringBuilder(app.Settings.ConnectionString).DataSource;
        var file = Path.Combine(_scratch, "pathwayhub-backup.zip");

        // Another connection is in the middle of a write: the backup copies what is committed and does not wait for it.
        await using (var writer = new SqliteConnection(app.Settings.ConnectionString))
        {
            await writer.OpenAsync();
            await using var tx = writer.BeginTransaction(deferred: false);
            await using (var cmd = writer.CreateCommand())
            {
                cmd.CommandText = "UPDATE Pathways SET Name = 'Not committed'";
                await cmd.ExecuteNonQueryAsync();
            }
            Assert.Equal(0, await RunAsync(app.Settings, "backup", "--to", file));
            await tx.RollbackAsync();
        }
        var atBackup = Fingerprint(database);
        Assert.DoesNotContain("Not committed", atBackup);

        // After the backup: a Pathway renamed, a paper added and the first paper lost.
        await using (var db = await app.DbAsync())
            await db.Pathways.Where(p => p.Slug == "accommodation").ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, "Renamed after the backup"));
        var added = await store.SaveAsync("later.pdf", new MemoryStream(Encoding.ASCII.GetBytes("%PDF-1.7 uploaded after the backup")));
        File.Delete(store.PathOf(kept.Sha256));
        Assert.NotEqual(atBackup, Fingerprint(database));

        var restoredFolder = Path.Combine(_scratch, "restored");
        var restored = Settings(restoredFolder);
        Assert.Equal(0, await RunAsync(restored, "restore", "--from", file));

        Assert.Equal(atBackup, Fingerprint(Path.Combine(restoredFolder, "pathwayhub.db")));
        var paper = Path.Combine(restoredFolder, "papers", kept.Sha256[..2], kept.Sha256);
        Assert.Equal("%PDF-1.7 the minutes as approved", await File.ReadAllTextAsync(paper, TestContext.Current.CancellationToken));
        Assert.False(File.Exists(Path.Combine(restoredFolder, "papers", added.Sha256[..2], added.Sha256)));
        Assert.Contains("1 paper(s)", _out.ToString());
    }

    [Fact]
    public async Task Restore_refuses_a_folder_that_holds_data_and_an_archive_that_is_not_a_backup_and_changes_nothing()
    {
        await using var app = await TestApp.StartAsync(DatabaseProvider.Sqlite, demo: false);
        var file = Path.Combine(_scratch, "backup.zip");
        Assert.Equal(0, await RunAsync(app.Settings, "backup", "--to", file));
        var database = new SqliteConnectionStringBuilder(app.Settings.ConnectionString).DataSource;
        var before = Fingerprint(database);

        Assert.Equal(1, await RunAsync(app.Settings, "restore", "--from", file));
        Assert.Contains("needs an empty data folder", _err.ToString());
        Assert.Equal(before, Fingerprint(database));

        Assert.Equal(1, await RunAsync(app.Settings, "backup", "--to", file));
        Assert.Contains("already exists", _err.ToString());

        var notBackup = Path.Combine(_scratch, "notes.zip");
        await File.WriteAllTextAsync(notBackup, "not a zip", TestContext.Current.CancellationToken);
        var empty = Settings(Path.Combine(_scratch, "empty"));
        Assert.Equal(1, await RunAsync(empty, "restore", "--from", notBackup));
        Assert.Contains("not a PathwayHub backup", _err.ToString());
        Assert.False(File.Exists(Path.Combine(_scratch, "empty", "pathwayhub.db")));

        Assert.Equal(2, await RunAsync(empty, "restore"));
        Assert.Equal(2, await RunAsync(new DatabaseSettings(DatabaseProvider.Postgres, "Host=127.0.0.1", _scratch), "backup", "--to", file));
        Assert.Contains("pg_dump", _err.ToString());
    }

    /// <summary>The README's commands, run as written there: pg_dump in custom format, then pg_restore into an empty database.</summary>
    [Fact]
    public async Task The_documented_pg_dump_and_pg_restore_bring_a_PostgreSQL_database_back_as_it_was()
    {
        var source = await TemplateDatabases.CreatePostgresAsync(demo: true, hostClock: false);
        var bin = PostgresCluster.BinFolder()!;
        var dump = Path.Combine(_scratch, "pathwayhub.dump");
        var before = await FingerprintAsync(source);

        await RunToolAsync(Path.Combine(bin, "pg_dump"), source, "--format=custom", "--file=" + dump);
        await using (var conn = new NpgsqlConnection(source))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("UPDATE \"Pathways\" SET \"Name\" = 'Renamed after the backup'", conn);
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.NotEqual(before, await FingerprintAsync(source));

        var target = await PostgresServer.CreateDatabaseAsync();
        await RunToolAsync(Path.Combine(bin, "pg_restore"), target, "--no-owner", dump);
        Assert.Equal(before, await FingerprintAsync(target));
    }

    private static DatabaseSettings Settings(string folder) =>
        new(DatabaseProvider.Sqlite, new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder, "pathwayhub.db") }.ToString(), folder);

    /// <summary>Every table with a hash of all its rows, so that any difference in any value shows.</summary>
    private static string Fingerprint(string database)
    {
        using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = database, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        conn.Open();
        var tables = new List<(string Name, bool WithoutRowId, int Columns)>();
        using (var list = conn.CreateCommand())
        {
            list.CommandText = "SELECT m.name, m.sql LIKE '%WITHOUT ROWID%', (SELECT count(*) FROM pragma_table_info(m.name)) FROM sqlite_master m WHERE m.type = 'table' ORDER BY m.name";
            using var r = list.ExecuteReader();
            while (r.Read()) tables.Add((r.GetString(0), r.GetBoolean(1), r.GetInt32(2)));
        }
        var sb = new StringBuilder();
        foreach (var (table, withoutRowId, columns) in tables)
        {
            using var cmd = conn.CreateCommand();
            // The full-text index's own tables (ServiceText_*) include two without a rowid: ordered by every column instead.
            var order = withoutRowId ? string.Join(", ", Enumerable.Range(1, columns)) : "rowid";
            cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY {order}";
            sb.Append(table).Append(' ').AppendLine(HashRows(cmd.ExecuteReader()));
        }
        Assert.True(tables.Count > 20, "the schema was not found");
        return sb.ToString();
    }

    private static async Task<string> FingerprintAsync(string connectionString)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_schema || '.\"' || table_name || '\"' FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", conn))
        await using (var r = await list.ExecuteReaderAsync())
            while (await r.ReadAsync()) tables.Add(r.GetString(0));
        Assert.True(tables.Count > 20, "the schema was not found");
        var sb = new StringBuilder();
        foreach (var table in tables)
        {
            // Ordered by every column, so the hash does not depend on the physical order pg_restore wrote the rows in.
            await using var cmd = new NpgsqlCommand($"SELECT t::text FROM {table} t ORDER BY 1", conn);
            await using var r = await cmd.ExecuteReaderAsync();
            sb.Append(table).Append(' ').AppendLine(HashRows(r));
        }
        return sb.ToString();
    }

    private static string HashRows(System.Data.Common.DbDataReader reader)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var rows = 0;
        while (reader.Read())
        {
            rows++;
            for (var i = 0; i < reader.FieldCount; i++)
                hash.AppendData(Encoding.UTF8.GetBytes((reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)) + "|"));
        }
        reader.Dispose();
        return $"{rows} rows {Convert.ToHexString(hash.GetHashAndReset())}";
    }

    private static async Task RunToolAsync(string tool, string connectionString, params string[] args)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var info = new ProcessStartInfo(tool) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--host=" + cs.Host, "--port=" + cs.Port, "--username=" + cs.Username, "--dbname=" + cs.Database }.Concat(args)) info.ArgumentList.Add(a);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.True(p.ExitCode == 0, $"{Path.GetFileName(tool)} failed ({p.ExitCode}): {await err}");
    }
}
