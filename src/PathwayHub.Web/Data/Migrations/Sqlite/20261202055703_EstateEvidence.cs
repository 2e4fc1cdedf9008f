using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 30,
                nullable: false,
                defaultValue: "None");

            migrationBuilder.AddColumn<DateOnly>(
                name: "EvaluationDate",
                table: "Services",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "EvaluationUrl",
                table: "Services",
                type: "TEXT",
                maxLength: 500,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Evaluator",
                table: "Services",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TenderId",
                table: "AgendaItems",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgendaItems_TenderId",
                table: "AgendaItems",
                column: "TenderId");

            migrationBuilder.AddForeignKey(
                name: "FK_AgendaItems_Tenders_TenderId",
                table: "AgendaItems",
                column: "TenderId",
                principalTable: "Tenders",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_AgendaItems_Tenders_TenderId",
                table: "AgendaItems");

            migrationBuilder.DropIndex(
                name: "IX_AgendaItems_TenderId",
                table: "AgendaItems");

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

            migrationBuilder.DropColumn(
                name: "TenderId",
                table: "AgendaItems");
        }
    }
}
