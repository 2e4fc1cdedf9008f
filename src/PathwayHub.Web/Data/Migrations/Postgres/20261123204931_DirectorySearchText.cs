using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectorySearchText : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceTaxonomyTerms_TaxonomyTermId",
                table: "ServiceTaxonomyTerms");

            migrationBuilder.DropIndex(
                name: "IX_ServiceAtLocations_LocationId",
                table: "ServiceAtLocations");

            migrationBuilder.AlterDatabase()
                .Annotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Services",
                type: "text",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true,
                oldComputedColumnSql: "lower(\"Name\") || '\n' || lower(\"Description\")");

            // The column is now kept by the app (DirectorySaveInterceptor) and holds the organisation's name as well: fill it
            // for the rows already there.
            migrationBuilder.Sql("UPDATE \"Services\" AS s SET \"SearchText\" = lower(o.\"Name\") || E'\\n' || lower(s.\"Name\") || E'\\n' || lower(s.\"Description\") FROM \"Organisations\" AS o WHERE o.\"Id\" = s.\"OrganisationId\";");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceTaxonomyTerms_TaxonomyTermId_ServiceId",
                table: "ServiceTaxonomyTerms",
                columns: new[] { "TaxonomyTermId", "ServiceId" });

            migrationBuilder.CreateIndex(
                name: "IX_Services_SearchText",
                table: "Services",
                column: "SearchText")
                .Annotation("Npgsql:IndexMethod", "gin")
                .Annotation("Npgsql:IndexOperators", new[] { "gin_trgm_ops" });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceAtLocations_LocationId_ServiceId",
                table: "ServiceAtLocations",
                columns: new[] { "LocationId", "ServiceId" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ServiceTaxonomyTerms_TaxonomyTermId_ServiceId",
                table: "ServiceTaxonomyTerms");

            migrationBuilder.DropIndex(
                name: "IX_Services_SearchText",
                table: "Services");

            migrationBuilder.DropIndex(
                name: "IX_ServiceAtLocations_LocationId_ServiceId",
                table: "ServiceAtLocations");

            migrationBuilder.AlterDatabase()
                .OldAnnotation("Npgsql:PostgresExtension:pg_trgm", ",,");

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Services",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(\"Name\") || '\n' || lower(\"Description\")",
                stored: true,
                oldClrType: typeof(string),
                oldType: "text",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_ServiceTaxonomyTerms_TaxonomyTermId",
                table: "ServiceTaxonomyTerms",
                column: "TaxonomyTermId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceAtLocations_LocationId",
                table: "ServiceAtLocations",
                column: "LocationId");
        }
    }
}
