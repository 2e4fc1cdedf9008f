using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class EstateEvidence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing services have no evaluation recorded: "None", a name the enum reads back (an empty string would not be).
            migrationBuilder.AddColumn<string>(
                name: "Evaluation",
                table: "Services",
                type: "character varying(30)",
                maxLength: 30,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<DateOnly>(
                name: "EvaluationDate",
                table: "Services",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EvaluationUrl",
                table: "Services",
                type: "character varying(500)",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Evaluator",
                table: "Services",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Evaluation",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "EvaluationDate",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "EvaluationUrl",
                table: "Services");

            migrationBuilder.DropColumn(
                name: "Evaluator",
                table: "Services");
        }
    }
}
