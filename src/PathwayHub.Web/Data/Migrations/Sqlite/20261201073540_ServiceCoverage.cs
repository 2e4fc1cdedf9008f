using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ServiceCoverage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DirectoryRevisions");

            migrationBuilder.CreateTable(
                name: "ServiceCoverage",
                columns: table => new
                {
                    ServiceId = table.Column<int>(type: "INTEGER", nullable: false),
                    PrisonId = table.Column<int>(type: "INTEGER", nullable: false),
                    TaxonomyTermId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ServiceCoverage", x => new { x.TaxonomyTermId, x.PrisonId, x.ServiceId });
                    table.ForeignKey(
                        name: "FK_ServiceCoverage_Prisons_PrisonId",
                        column: x => x.PrisonId,
                        principalTable: "Prisons",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceCoverage_Services_ServiceId",
                        column: x => x.ServiceId,
                        principalTable: "Services",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ServiceCoverage_TaxonomyTerms_TaxonomyTermId",
                        column: x => x.TaxonomyTermId,
                        principalTable: "TaxonomyTerms",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCoverage_PrisonId",
                table: "ServiceCoverage",
                column: "PrisonId");

            migrationBuilder.CreateIndex(
                name: "IX_ServiceCoverage_ServiceId",
                table: "ServiceCoverage",
                column: "ServiceId");

            // Fill the derived rows for the listings already saved (the app keeps them from here on).
            migrationBuilder.Sql("""
                INSERT INTO "ServiceCoverage" ("ServiceId", "PrisonId", "TaxonomyTermId")
                SELECT s."Id", l."PrisonId", t."TaxonomyTermId"
                FROM "Services" s
                JOIN "ServiceTaxonomyTerms" t ON t."ServiceId" = s."Id"
                JOIN "ServiceAtLocations" sal ON sal."ServiceId" = s."Id"
                JOIN "Locations" l ON l."Id" = sal."LocationId"
                WHERE s."Status" = 'Active' AND s."IsPublished" AND l."PrisonId" IS NOT NULL
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ServiceCoverage");

            migrationBuilder.CreateTable(
                name: "DirectoryRevisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    Stamp = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DirectoryRevisions", x => x.Id);
                });

            migrationBuilder.InsertData(
                table: "DirectoryRevisions",
                columns: new[] { "Id", "Stamp" },
                values: new object[] { 1, new Guid("00000000-0000-0000-0000-000000000000") });
        }
    }
}
