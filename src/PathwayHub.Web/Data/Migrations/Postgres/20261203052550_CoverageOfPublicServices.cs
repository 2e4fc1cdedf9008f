using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace PathwayHub.Web.Data.Migrations.Postgres
{
    /// <summary>
    /// The coverage matrix counts public services (ServiceCoverage: published, of an approved organisation), no longer every
    /// published one: the rows of a published listing of a pending or inactive organisation go. Data only; the rows are
    /// derived, so nothing a user entered is touched, and Down has nothing to restore that a rebuild would not.
    /// </summary>
    [DbContext(typeof(PostgresAppDbContext))]
    [Migration("20261203052550_CoverageOfPublicServices")]
    public partial class CoverageOfPublicServices : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DELETE FROM "ServiceCoverage" WHERE "ServiceId" IN (SELECT "Id" FROM "Services" WHERE NOT "IsPublic");
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
