using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using PathwayHub.Web.Components;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Directory.OpenData;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Backup;
using PathwayHub.Web.Infrastructure.Jobs;
using PathwayHub.Web.Infrastructure.Security;
using PathwayHub.Web.Infrastructure.Telemetry;

var builder = WebApplication.CreateBuilder(args);
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.DefaultThreadCurrentUICulture = CultureInfo.GetCultureInfo("en-GB");

var database = DatabaseSettings.From(builder.Configuration, builder.Environment.ContentRootPath);
// Before anything opens the database: restore needs an empty data folder, and a backup reads the file as it is.
if (DataBackup.IsCommand(args))
    return await DataBackup.RunAsync(database, args, Console.Out, Console.Error, TimeProvider.System);
var reminders = builder.Configuration.GetSection("Reminders").Get<ReminderOptions>() ?? new ReminderOptions();
var publicAddress = PublicAddress.From(builder.Configuration);
builder.Services.AddPathwayHubRateLimits(RateLimitOptions.From(builder.Configuration));
builder.Services.AddPathwayHub(database, builder.Configuration.GetSection("Email").Get<PathwayHub.Web.Infrastructure.Email.EmailOptions>(), reminders,
    (builder.Configuration.GetSection("Ocds").Get<PathwayHub.Web.Features.Commissioning.OcdsOptions>() ?? new()).Validate(), publicAddress);
builder.Services.AddPathwayHubJobs(database, reminders);
builder.Services.AddPortalTelemetry(builder.Configuration);
builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddCascadingAuthenticationState();
builder.Services.AddHttpContextAccessor();
builder.Services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, ClientAddressCircuitHandler>();
builder.Services.AddPathwayHubSessions(builder.Environment);
builder.Services.AddPathwayHubProxiesAndHosts(builder.Configuration, builder.Environment, publicAddress);
builder.Services.AddPathwayHubAuthorization();
builder.Services.AddOpenDataCors();
builder.Services.AddDataProtection().SetApplicationName("PathwayHub").PersistKeysToDbContext<AppDbContext>();
builder.Services.AddPortalHealth();

var app = builder.Build();

await Startup.InitialiseDatabaseAsync(app.Services, app.Configuration, app.Environment);
if (args.Length > 0 && args[0] == "create-coordinator")
    return await Startup.CreateCoordinatorAsync(app.Services, args);

// First, so everything after sees the client's address and scheme rather than the proxy's.
app.UseForwardedHeaders();
app.UseSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
// CORS first, so browsers' preflights are answered without counting and a refusal of open data still carries CORS.
app.UseCors();
app.UseRateLimiter();
app.UseAuthentication();
app.Use((context, next) =>
{
    context.RequestServices.GetRequiredService<CurrentUser>().Set(context.User);
    context.RequestServices.GetRequiredService<ClientAddress>().Set(context.Connection.RemoteIpAddress);
    return next(context);
});
app.UseServiceErrorStatus();
app.UseAuthorization();
app.UseAntiforgery();

app.MapStaticAssets().AllowAnonymous();
app.MapPortalHealth();
app.MapPathwayHubEndpoints();
app.MapPathwayHubJobs(reminders);
app.MapRazorComponents<App>().AddInteractiveServerRenderMode().AllowAnonymousCircuitHub();

await app.RunAsync();
return 0;

public partial class Program;
