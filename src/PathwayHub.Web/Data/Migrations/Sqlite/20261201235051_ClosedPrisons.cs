using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ClosedPrisons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateOnly>(
                name: "ClosedOn",
                table: "Prisons",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "SuccessorId",
                table: "Prisons",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Prisons_SuccessorId",
                table: "Prisons",
                column: "SuccessorId");

            migrationBuilder.AddForeignKey(
                name: "FK_Prisons_Prisons_SuccessorId",
                table: "Prisons",
                column: "SuccessorId",
                principalTable: "Prisons",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Prisons_Prisons_SuccessorId",
                table: "Prisons");

            migrationBuilder.DropIndex(
                name: "IX_Prisons_SuccessorId",
                table: "Prisons");

            migrationBuilder.DropColumn(
                name: "ClosedOn",
                table: "Prisons");

            migrationBuilder.DropColumn(
                name: "SuccessorId",
                table: "Prisons");
        }
    }
}
