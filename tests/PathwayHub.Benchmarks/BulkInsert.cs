using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Bulk inserts built from the EF model (prepared INSERTs on SQLite, binary COPY on PostgreSQL): the columns, their names and
/// each value's conversion come from the model's own type mappings, so what is stored reads back exactly as if EF had saved it,
/// at a fraction of the cost of change tracking. Keys must be set by the caller. For benchmark data only: no audit rows.
/// </summary>
internal static class BulkInsert
{
    public static async Task InsertAsync<T>(this DbContext db, IReadOnlyList<T> rows) where T : class
    {
        if (rows.Count == 0) return;
        var entity = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var columns = entity.GetProperties().Where(p => !p.IsShadowProperty() && p.GetColumnName(table) is not null && p.GetComputedColumnSql() is null)
            .Select(p => (Property: p, Name: p.GetColumnName(table)!, Mapping: p.GetRelationalTypeMapping(), Get: p.GetGetter())).ToList();
        var sql = db.GetService<ISqlGenerationHelper>();
        var head = $"INSERT INTO {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) VALUES ";
        var connection = db.Database.GetDbConnection();
        if (connection is Npgsql.NpgsqlConnection npgsql)
        {
            await CopyAsync(npgsql, $"COPY {sql.DelimitIdentifier(table.Name, table.Schema)} ({string.Join(", ", columns.Select(c => sql.DelimitIdentifier(c.Name)))}) FROM STDIN (FORMAT BINARY)",
                rows, columns.Select(c => (c.Property, c.Mapping, c.Get)).ToList());
            return;
        }
        // SQLite binds each parameter by name with a linear search, so long statements cost quadratically: a short statement,
        // prepared once and run again and again, is fastest.
        const int perStatement = 8;
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        DbCommand? command = null;
        try
        {
            for (var start = 0; start < rows.Count; start += perStatement)
            {
                var count = Math.Min(perStatement, rows.Count - start);
                if (command is null || command.Parameters.Count != count * columns.Count)
                {
                    if (command is not null) await command.DisposeAsync();
                    command = connection.CreateCommand();
                    command.Transaction = transaction;
                    var text = new StringBuilder(head);
                    for (var r = 0; r < count; r++)
                    {
                        text.Append(r == 0 ? "(" : ", (");
                        for (var c = 0; c < columns.Count; c++) text.Append(c > 0 ? ", " : "").Append(sql.GenerateParameterNamePlaceholder($"p{r}_{c}"));
                        text.Append(')');
                    }
                    command.CommandText = text.ToString();
                }
                command.Parameters.Clear();
                for (var r = 0; r < count; r++)
                {
                    for (var c = 0; c < columns.Count; c++)
                    {
                        var (property, _, mapping, get) = columns[c];
                        command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName($"p{r}_{c}"), get.GetClrValueUsingContainingEntity(rows[start + r]), property.IsNullable));
                    }
                }
                await command.ExecuteNonQueryAsync();
            }
        }
        finally
        {
            if (command is not null) await command.DisposeAsync();
        }
    }

    /// <summary>PostgreSQL's binary COPY, each value converted and typed by its EF type mapping as a parameter would be.</summary>
    private static async Task CopyAsync<T>(Npgsql.NpgsqlConnection connection, string copy, IReadOnlyList<T> rows,
        List<(IProperty Property, RelationalTypeMapping Mapping, IClrPropertyGetter Get)> columns) where T : class
    {
        await using var typing = connection.CreateCommand();
        await using var importer = await connection.BeginBinaryImportAsync(copy);
        foreach (var row in rows)
        {
            await importer.StartRowAsync();
            foreach (var (property, mapping, get) in columns)
            {
                var p = (Npgsql.NpgsqlParameter)mapping.CreateParameter(typing, "p", get.GetClrValueUsingContainingEntity(row), property.IsNullable);
                if (p.Value is null or DBNull) await importer.WriteNullAsync();
                else await importer.WriteAsync(p.Value, p.NpgsqlDbType);
            }
        }
        await importer.CompleteAsync();
    }

    /// <summary>The highest key of a table with an integer key, so the caller can number new rows after it.</summary>
    public static async Task<int> MaxIdAsync<T>(this DbContext db) where T : class =>
        await db.Set<T>().MaxAsync(e => (int?)EF.Property<int>(e, "Id")) ?? 0;

    /// <summary>PostgreSQL identity columns do not see explicit keys: move each sequence past them (SQLite's AUTOINCREMENT does itself).</summary>
    public static async Task ResetIdentityAsync<T>(this DbContext db) where T : class
    {
        if (!db.Database.ProviderName!.Contains("Npgsql", StringComparison.Ordinal)) return;
        var entity = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var key = entity.FindPrimaryKey()!.Properties.Single().GetColumnName(table)!;
        var sql = db.GetService<ISqlGenerationHelper>();
        var quoted = sql.DelimitIdentifier(table.Name, table.Schema);
        // Identifiers come from the model, not from input; only the sequence's name is a value.
        var text = $"SELECT setval(pg_get_serial_sequence(@table, @key), (SELECT max({sql.DelimitIdentifier(key)}) FROM {quoted}))";
        await db.Database.ExecuteSqlRawAsync(text, new Npgsql.NpgsqlParameter("table", quoted), new Npgsql.NpgsqlParameter("key", key));
    }
}
