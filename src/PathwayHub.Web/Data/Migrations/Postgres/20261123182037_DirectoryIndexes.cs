using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Services_IsPublished_Status",
                table: "Services");

            migrationBuilder.AddColumn<string>(
                name: "SearchText",
                table: "Services",
                type: "text",
                nullable: true,
                computedColumnSql: "lower(\"Name\") || '\n' || lower(\"Description\")",
                stored: true);

            migrationBuilder.CreateIndex(
                name: "IX_Services_Name",
                table: "Services",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_Services_Status_IsPublished_Id",
                table: "Services",
                columns: new[] { "Status", "IsPublished", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Services_Name",
                table: "Services");

            migrationBuilder.DropIndex(
                name: "IX_Services_Status_IsPublished_Id",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "SearchText",
                table: "Services");

            migrationBuilder.CreateIndex(
                name: "IX_Services_IsPublished_Status",
                table: "Services",
                columns: new[] { "IsPublished", "Status" });
        }
    }
}
