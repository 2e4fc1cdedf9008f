using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class DirectoryVersion : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DirectoryVersion",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Stamp = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryVersion", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DirectoryVersion",
                columns: new[] { "Id", "Stamp" },
                values: new object[] { 1, new Guid("5d1f0c7e-0000-4000-8000-000000000001") });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryVersion");
        }
    }
}
