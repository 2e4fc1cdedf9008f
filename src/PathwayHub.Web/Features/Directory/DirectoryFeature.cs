using PathwayHub.Web.Features.Directory.Coverage;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Directory.Listings;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Features.Directory.Reminders;
using PathwayHub.Web.Features.Directory.Review;
using PathwayHub.Web.Features.Directory.Taxonomies;
using PathwayHub.Web.Features.Notifications.Rules;

namespace PathwayHub.Web.Features.Directory;

/// <summary>The directory's services and reminder rules; its routes are in <see cref="DirectoryEndpoints"/>.</summary>
public static class DirectoryFeature
{
    public static IServiceCollection AddDirectory(this IServiceCollection services)
    {
        services.AddScoped<OrganisationService>();
        services.AddScoped<ListingSearchService>();
        services.AddScoped<ListingEditService>();
        services.AddScoped<ChangeReviewService>();
        services.AddScoped<CoverageService>();
        services.AddScoped<Prisons.PrisonVcsRoleService>();
        services.AddScoped<Evaluation.EvaluationGapsService>();
        services.AddScoped<TaxonomyService>();
        services.AddScoped<OpenDataService>();
        services.AddSingleton<OpenDataCounts>();
        services.AddScoped<OpenDataTaxonomyService>();
        services.AddScoped<OpenDataLocationService>();
        services.AddSingleton(sp => PostcodeDistricts.Load(Seeder.FindSeedFolder(
            sp.GetService<IHostEnvironment>()?.ContentRootPath ?? AppContext.BaseDirectory, sp.GetService<IConfiguration>()?["SeedData"])));
        services.AddDirectoryOpenApi();
        services.AddScoped<DirectoryImportService>();
        services.AddSingleton<IReminderRule, ListingReviewRule>();
        return services;
    }
}
