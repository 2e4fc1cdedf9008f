using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CommissioningIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Milestones_Status_DueDate",
                table: "Milestones");

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_Status_DueDate_AgreementId",
                table: "Milestones",
                columns: new[] { "Status", "DueDate", "AgreementId" });

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_LastModifiedUtc",
                table: "Agreements",
                column: "LastModifiedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Milestones_Status_DueDate_AgreementId",
                table: "Milestones");

            migrationBuilder.DropIndex(
                name: "IX_Agreements_LastModifiedUtc",
                table: "Agreements");

            migrationBuilder.CreateIndex(
                name: "IX_Milestones_Status_DueDate",
                table: "Milestones",
                columns: new[] { "Status", "DueDate" });
        }
    }
}
