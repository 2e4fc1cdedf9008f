using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DeliveryPlans : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeliveryPlans",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PathwayId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Summary = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeliveryPlans", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeliveryPlans_Pathways_PathwayId",
                        column: x => x.PathwayId,
                        principalTable: "Pathways",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanObjectives",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryPlanId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    OutcomeSought = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanObjectives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanObjectives_DeliveryPlans_DeliveryPlanId",
                        column: x => x.DeliveryPlanId,
                        principalTable: "DeliveryPlans",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanActions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ObjectiveId = table.Column<int>(type: "INTEGER", nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    OwnerPersonId = table.Column<int>(type: "INTEGER", nullable: true),
                    OwnerOrganisationId = table.Column<int>(type: "INTEGER", nullable: true),
                    DueDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CompletedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanActions", x => x.Id);
                    table.CheckConstraint("CK_PlanActions_OneOwner", "(\"OwnerPersonId\" IS NULL AND \"OwnerOrganisationId\" IS NOT NULL) OR (\"OwnerPersonId\" IS NOT NULL AND \"OwnerOrganisationId\" IS NULL)");
                    table.ForeignKey(
                        name: "FK_PlanActions_Organisations_OwnerOrganisationId",
                        column: x => x.OwnerOrganisationId,
                        principalTable: "Organisations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_People_OwnerPersonId",
                        column: x => x.OwnerPersonId,
                        principalTable: "People",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PlanActions_PlanObjectives_ObjectiveId",
                        column: x => x.ObjectiveId,
                        principalTable: "PlanObjectives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanMeasures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ObjectiveId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    TargetQ1 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    TargetQ2 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    TargetQ3 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    TargetQ4 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ActualQ1 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ActualQ2 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ActualQ3 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    ActualQ4 = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    Archived = table.Column<bool>(type: "INTEGER", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanMeasures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanMeasures_PlanObjectives_ObjectiveId",
                        column: x => x.ObjectiveId,
                        principalTable: "PlanObjectives",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "PlanProgressNotes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    PlanActionId = table.Column<int>(type: "INTEGER", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Author = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PlanProgressNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PlanProgressNotes_PlanActions_PlanActionId",
                        column: x => x.PlanActionId,
                        principalTable: "PlanActions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeliveryPlans_PathwayId_Year",
                table: "DeliveryPlans",
                columns: new[] { "PathwayId", "Year" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_ObjectiveId_Order",
                table: "PlanActions",
                columns: new[] { "ObjectiveId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_OwnerOrganisationId",
                table: "PlanActions",
                column: "OwnerOrganisationId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanActions_OwnerPersonId",
                table: "PlanActions",
                column: "OwnerPersonId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanMeasures_ObjectiveId",
                table: "PlanMeasures",
                column: "ObjectiveId");

            migrationBuilder.CreateIndex(
                name: "IX_PlanObjectives_DeliveryPlanId_Order",
                table: "PlanObjectives",
                columns: new[] { "DeliveryPlanId", "Order" });

            migrationBuilder.CreateIndex(
                name: "IX_PlanProgressNotes_PlanActionId",
                table: "PlanProgressNotes",
                column: "PlanActionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "PlanMeasures");

            migrationBuilder.DropTable(
                name: "PlanProgressNotes");

            migrationBuilder.DropTable(
                name: "PlanActions");

            migrationBuilder.DropTable(
                name: "PlanObjectives");

            migrationBuilder.DropTable(
                name: "DeliveryPlans");
        }
    }
}
