using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <summary>
    /// The directory's text search on SQLite (<c>DirectoryText.WhereText</c>): an FTS5 index of each service's SearchText with
    /// the trigram tokenizer, so "contains" is answered from the index, as pg_trgm does on PostgreSQL. External content (the
    /// text stays in Services, the index holds only trigrams), kept in step by triggers in the transaction of every write.
    /// Written by hand: EF has no model for a virtual table. Keep it when the baseline is ever made again.
    /// </summary>
    [DbContext(typeof(SqliteAppDbContext))]
    [Migration("20261202151813_ServiceTextIndex")]
    public partial class ServiceTextIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE VIRTUAL TABLE "ServiceText" USING fts5("SearchText", content='Services', content_rowid='Id', tokenize='trigram');
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Services_ServiceText_Insert" AFTER INSERT ON "Services" BEGIN
                    INSERT INTO "ServiceText"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Services_ServiceText_Delete" AFTER DELETE ON "Services" BEGIN
                    INSERT INTO "ServiceText"("ServiceText", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                END;
                """);
            migrationBuilder.Sql("""
                CREATE TRIGGER "Services_ServiceText_Update" AFTER UPDATE OF "SearchText" ON "Services" BEGIN
                    INSERT INTO "ServiceText"("ServiceText", rowid, "SearchText") VALUES ('delete', old."Id", old."SearchText");
                    INSERT INTO "ServiceText"(rowid, "SearchText") VALUES (new."Id", new."SearchText");
                END;
                """);
            migrationBuilder.Sql("""INSERT INTO "ServiceText"("ServiceText") VALUES ('rebuild');""");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""DROP TRIGGER "Services_ServiceText_Update";""");
            migrationBuilder.Sql("""DROP TRIGGER "Services_ServiceText_Delete";""");
            migrationBuilder.Sql("""DROP TRIGGER "Services_ServiceText_Insert";""");
            migrationBuilder.Sql("""DROP TABLE "ServiceText";""");
        }
    }
}
