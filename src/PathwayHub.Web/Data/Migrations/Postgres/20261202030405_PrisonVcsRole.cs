using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class PrisonVcsRole : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "PrisonVcsRoles",
                columns: table => new
                {
                    PrisonId = table.Column<int>(type: "integer", nullable: false),
                    CoordinatorName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CoordinatorGrade = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    CoordinatorContact = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    CoordinatorSince = table.Column<DateOnly>(type: "date", nullable: true),
                    StrategicLeadGrade = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    Version = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PrisonVcsRoles", x => x.PrisonId);
                    table.ForeignKey(
                        name: "FK_PrisonVcsRoles_Prisons_PrisonId",
                        column: x => x.PrisonId,
                        principalTable: "Prisons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PrisonVcsRoles");
        }
    }
}
