using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class MeetingSequence : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "LastChangedUtc",
                table: "Meetings",
                type: "timestamp with time zone",
                nullable: false,
                defaultValue: new DateTime(1, 1, 1, 0, 0, 0, 0, DateTimeKind.Unspecified));

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "Meetings",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            // Meetings made before the stamp: their last change is their latest audit row (the same SQL on both providers).
            migrationBuilder.Sql("""
                UPDATE "Meetings" SET "LastChangedUtc" = COALESCE(
                    (SELECT MAX(a."AtUtc") FROM "AuditEntries" a WHERE a."EntityType" = 'Meeting' AND a."EntityId" = CAST("Meetings"."Id" AS TEXT)),
                    "PublishedUtc", "StartUtc");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "LastChangedUtc",
                table: "Meetings");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "Meetings");
        }
    }
}
