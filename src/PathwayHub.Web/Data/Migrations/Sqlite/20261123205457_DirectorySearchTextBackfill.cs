using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectorySearchTextBackfill : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The column is now kept by the app (DirectorySaveInterceptor) and holds the organisation's name as well: fill it
            // for the rows already there. A migration of its own: SQLite ends the generated column by rebuilding the table,
            // which runs after every other operation of the migration that asks for it.
            migrationBuilder.Sql("UPDATE \"Services\" SET \"SearchText\" = lower((SELECT o.\"Name\" FROM \"Organisations\" AS o WHERE o.\"Id\" = \"Services\".\"OrganisationId\")) || char(10) || lower(\"Name\") || char(10) || lower(\"Description\");");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {

        }
    }
}
