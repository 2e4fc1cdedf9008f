using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class PublicServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Services_LastModifiedUtc",
                table: "Services");

            migrationBuilder.AddColumn<bool>(
                name: "IsPublic",
                table: "Services",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            // What DirectorySaveInterceptor keeps from now on (OpenDataPolicy.IsPublic), for the services already saved.
            migrationBuilder.Sql("""
                UPDATE "Services" SET "IsPublic" = "IsPublished" AND EXISTS (
                    SELECT 1 FROM "Organisations" o WHERE o."Id" = "Services"."OrganisationId" AND o."Status" = 'Active')
                """);

            migrationBuilder.CreateIndex(
                name: "IX_Services_Public",
                table: "Services",
                columns: new[] { "Id", "OrganisationId", "LastModifiedUtc", "MinimumAge", "MaximumAge" },
                filter: "\"IsPublic\"");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Services_Public",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "IsPublic",
                table: "Services");

            migrationBuilder.CreateIndex(
                name: "IX_Services_LastModifiedUtc",
                table: "Services",
                column: "LastModifiedUtc");
        }
    }
}
