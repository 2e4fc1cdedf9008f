using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MudBlazor.Services;
using PathwayHub.Web.Data;
using PathwayHub.Web.Data.Seed;
using PathwayHub.Web.Features.Admin;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Estate;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Notifications.Rules;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Features.Reports;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;
using PathwayHub.Web.Infrastructure.Security;

namespace PathwayHub.Web.Infrastructure;

public static class AppServices
{
    /// <summary>Everything the app needs, so tests and benchmarks compose the same graph as the web host.</summary>
    public static IServiceCollection AddPathwayHub(this IServiceCollection services, DatabaseSettings database, Email.EmailOptions? email = null,
        ReminderOptions? reminders = null, OcdsOptions? ocds = null, PublicAddress? publicAddress = null)
    {
        services.AddSingleton(email ?? new Email.EmailOptions());
        services.AddSingleton(publicAddress ?? PublicAddress.Parse(null));
        services.AddSingleton(reminders ?? new ReminderOptions());
        services.AddSingleton(database);
        services.AddSingleton(ocds ?? new OcdsOptions());
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<DirectorySaveInterceptor>();
        services.AddSingleton<FileStore>();
        services.AddMetrics();
        services.AddSingleton<Telemetry.PortalTelemetry>();
        services.AddSingleton<IDbContextFactory<AppDbContext>, AppDbContextFactory>();
        // Identity's stores want a scoped context; everything else opens its own per operation.
        services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());

        services.AddIdentityCore<AppUser>(o =>
            {
                o.SignIn.RequireConfirmedAccount = false;
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Password.RequiredLength = 10;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddClaimsPrincipalFactory<AppClaimsFactory>()
            .AddDefaultTokenProviders();

        services.AddScoped<CurrentUser>();
        services.AddPathwayHubThrottles();
        services.AddScoped<CircuitHandler, CurrentUserCircuitHandler>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();

        services.AddSingleton<Seeder>();
        services.AddPathways();
        services.AddGovernance();
        services.AddDirectory();
        services.AddDeliveryPlans();
        services.AddEstate();
        services.AddScoped<UserAdminService>();
        services.AddScoped<AuditService>();
        services.AddScoped<NotificationService>();
        services.AddScoped<ReportService>();
        services.AddScoped<QuarterlyReportJob>();
        services.AddSingleton<Email.EmailSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<OutboxDeliveryJob>();
        services.AddSingleton<ReminderScanJob>();
        services.AddCommissioning();

        services.AddMudServices();
        return services;
    }
}
