using System.Text;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Tests.Builders;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Tests.Features.Directory;

public sealed class DirectoryImportTests
{
    private const string Header = "organisation,organisation_description,service_name,service_description,status,minimum_age,prisons,pathways,service_types";

    private static MemoryStream File(params string[] lines) => new(Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n"));

    private static async Task<(int Orgs, int Services)> CountAsync(TestApp app)
    {
        await using var db = await app.DbAsync();
        return (await db.Organisations.CountAsync(), await db.Services.CountAsync());
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Good_file_adds_organisations_and_published_services_at_their_prisons(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var import = app.As<DirectoryImportService>(await app.CoordinatorAsync());

        var result = await import.ImportAsync(File(Header,
            "North Tyne Housing Trust,Housing for people leaving custody.,Move-on flats,Supported flats for people leaving custody.,active,18,HMP Durham; hmp-northumberland,Accommodation,Accommodation support",
            "Pact,,Prison visits support,\"Help with visits, including travel.\",,,HMP Low Newton,Families and Social Support,Casework"));

        Assert.Equal(new ImportResult(1, 2), result);
        var directory = new DirectoryAs(app, Actor.Anonymous);
        var flats = Assert.Single((await directory.Listings.SearchAsync(new DirectoryQuery { Text = "move-on" })).Items);
        Assert.Equal("North Tyne Housing Trust", flats.Organisation);
        Assert.Equal(["HMP Durham", "HMP Northumberland"], flats.Prisons);
        Assert.Equal(["Accommodation"], flats.Pathways);
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task One_bad_row_rejects_the_file_with_row_numbered_errors_and_imports_nothing(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var import = app.As<DirectoryImportService>(await app.CoordinatorAsync());
        var before = await CountAsync(app);

        var e = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header,
            "North Tyne Housing Trust,Housing.,Move-on flats,Supported flats.,active,18,HMP Durham,Accommodation,Accommodation support",
            "North Tyne Housing Trust,Housing.,Second service,Something.,sometimes,eighteen,HMP Nowhere,Accommodation,Accommodation support",
            ",Housing.,,Something.,active,,HMP Durham,Accommodation,Teleportation")));

        Assert.Equal(["Row 3", "Row 4"], e.Errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(before, await CountAsync(app));

        // A new organisation's details are checked as an editor's would be.
        var details = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(
            "organisation,organisation_email,charity_number,service_name,service_description",
            "Wear Valley Links,info at wearvalley,12,Family links,Support at visits.")));
        Assert.Contains("organisation_email: Enter an email address", details.Errors["Row 2"], StringComparison.Ordinal);
        Assert.Contains("charity_number: Enter a registered charity number", details.Errors["Row 2"], StringComparison.Ordinal);

        // An organisation whose registration is still pending cannot be given listings through a file either.
        await using (var db = await app.DbAsync())
        {
            var pact = await db.Organisations.SingleAsync(o => o.Name == "Pact");
            pact.Status = OrganisationStatus.Pending;
            await db.SaveChangesAsync();
        }
        var pending = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header,
            "Pact,,Prison visits support,Help with visits.,,,HMP Low Newton,Families and Social Support,Casework")));
        Assert.Contains("Pact's registration has not been approved", pending.Errors["Row 2"], StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(app));
        Assert.Contains("status must be active or inactive", e.Errors["Row 3"], StringComparison.Ordinal);
        Assert.Contains("minimum_age", e.Errors["Row 3"], StringComparison.Ordinal);
        Assert.Contains("no prison called 'HMP Nowhere'", e.Errors["Row 3"], StringComparison.Ordinal);
        Assert.Contains("organisation is empty", e.Errors["Row 4"], StringComparison.Ordinal);
        Assert.Contains("no service type called 'Teleportation'", e.Errors["Row 4"], StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync(app));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Malformed_csv_and_wrong_columns_are_refused_and_nothing_is_imported(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var import = app.As<DirectoryImportService>(await app.CoordinatorAsync());
        var before = await CountAsync(app);

        var ragged = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header,
            "North Tyne Housing Trust,Housing.,Move-on flats,Supported flats.,active,18,HMP Durham,Accommodation,Accommodation support",
            "Broken row,with,too few fields")));
        Assert.True(ragged.Errors.ContainsKey("Row 3"));
        var columns = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File("name,description", "A,B")));
        Assert.Contains("Missing columns", columns.Errors["Row 1"], StringComparison.Ordinal);
        var unclosed = await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header,
            "\"North Tyne Housing Trust,Housing.,Move-on flats,Supported flats.,active,18,HMP Durham,Accommodation,Accommodation support")));
        Assert.True(unclosed.Errors.ContainsKey("Row 2"));
        await Assert.ThrowsAsync<ValidationFailedException>(() => import.ImportAsync(File(Header)));

        Assert.Equal(before, await CountAsync(app));
    }

    [Theory, MemberData(nameof(Providers.Both), MemberType = typeof(Providers))]
    public async Task Only_the_coordinator_imports(DatabaseProvider provider)
    {
        await using var app = await TestApp.StartAsync(provider);
        var import = app.As<DirectoryImportService>(await app.EditorAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => import.ImportAsync(File(Header)));
    }

    [Fact]
    public void Template_has_every_column_and_an_example_row()
    {
        var lines = DirectoryImportService.Template().Trim().Split("\r\n");
        Assert.Equal(2, lines.Length);
        Assert.Equal(string.Join(",", DirectoryImportService.Columns), lines[0]);
    }
}

public sealed class CsvReadTests
{
    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_records_know_their_line()
    {
        var records = Csv.Read("a,b\r\n\"x, y\",\"say \"\"hi\"\"\nthere\"\r\nlast,\r\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x, y", "say \"hi\"\nthere"], records[1].Fields);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
        Assert.Equal(["last", ""], records[2].Fields);
    }

    [Fact]
    public void Unclosed_quote_names_its_line()
    {
        var e = Assert.Throws<FormatException>(() => Csv.Read("a,b\r\nok,fine\r\n\"never closed,x\r\n"));
        Assert.StartsWith("Line 3", e.Message, StringComparison.Ordinal);
    }
}
