using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
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

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Services",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldNullable: true,
                oldComputedColumnSql: "lower(\"Name\") || '\n' || lower(\"Description\")");


            migrationBuilder.CreateIndex(
                name: "IX_ServiceTaxonomyTerms_TaxonomyTermId_ServiceId",
                table: "ServiceTaxonomyTerms",
                columns: new[] { "TaxonomyTermId", "ServiceId" });

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
                name: "IX_ServiceAtLocations_LocationId_ServiceId",
                table: "ServiceAtLocations");

            migrationBuilder.AlterColumn<string>(
                name: "SearchText",
                table: "Services",
                type: "TEXT",
                nullable: true,
                computedColumnSql: "lower(\"Name\") || '\n' || lower(\"Description\")",
                stored: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
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
