using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using PathwayHub.Web.Features.DeliveryPlans;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;
using PathwayHub.Web.Features.Governance;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Features.Pathways;
using PathwayHub.Web.Infrastructure.Audit;
using PathwayHub.Web.Infrastructure.Auth;

namespace PathwayHub.Web.Data;

/// <summary>
/// The application's one model. Each database provider has a subclass only so that each keeps its own migration set.
/// </summary>
public abstract class AppDbContext(DbContextOptions options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    /// <summary>Who the audit trail names for changes saved through this context.</summary>
    public Actor? Actor { get; set; }
    internal List<(EntityEntry Entry, AuditEntry Audit)> PendingAuditKeys { get; } = [];
    internal CoverageWork? PendingCoverage { get; set; }

    public DbSet<Pathway> Pathways => Set<Pathway>();
    public DbSet<Person> People => Set<Person>();
    public DbSet<Membership> Memberships => Set<Membership>();
    public DbSet<Organisation> Organisations => Set<Organisation>();
    public DbSet<Prison> Prisons => Set<Prison>();
    public DbSet<Features.Directory.Prisons.PrisonVcsRole> PrisonVcsRoles => Set<Features.Directory.Prisons.PrisonVcsRole>();
    public DbSet<Features.Estate.Offer.OfferItem> OfferItems => Set<Features.Estate.Offer.OfferItem>();
    public DbSet<Features.Estate.Progress.ProgressSnapshot> ProgressSnapshots => Set<Features.Estate.Progress.ProgressSnapshot>();
    public DbSet<Features.Estate.Progress.ProgressBaseline> ProgressBaselines => Set<Features.Estate.Progress.ProgressBaseline>();
    public DbSet<Service> Services => Set<Service>();
    public DbSet<Location> Locations => Set<Location>();
    public DbSet<ServiceAtLocation> ServiceAtLocations => Set<ServiceAtLocation>();
    public DbSet<Contact> Contacts => Set<Contact>();
    public DbSet<Schedule> Schedules => Set<Schedule>();
    public DbSet<Taxonomy> Taxonomies => Set<Taxonomy>();
    public DbSet<TaxonomyTerm> TaxonomyTerms => Set<TaxonomyTerm>();
    public DbSet<ServiceTaxonomyTerm> ServiceTaxonomyTerms => Set<ServiceTaxonomyTerm>();
    public DbSet<ServiceEvidence> ServiceEvidence => Set<ServiceEvidence>();
    public DbSet<ChangeRequest> ChangeRequests => Set<ChangeRequest>();
    public DbSet<OrganisationRegistration> OrganisationRegistrations => Set<OrganisationRegistration>();
    public DbSet<ServiceCoverage> ServiceCoverage => Set<ServiceCoverage>();
    public DbSet<DirectoryVersion> DirectoryVersions => Set<DirectoryVersion>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<NotificationPreference> NotificationPreferences => Set<NotificationPreference>();
    public DbSet<TermsOfReference> TermsOfReference => Set<TermsOfReference>();
    public DbSet<TorAcknowledgement> TorAcknowledgements => Set<TorAcknowledgement>();
    public DbSet<Meeting> Meetings => Set<Meeting>();
    public DbSet<AgendaItem> AgendaItems => Set<AgendaItem>();
    public DbSet<Paper> Papers => Set<Paper>();
    public DbSet<Attendance> Attendance => Set<Attendance>();
    public DbSet<Declaration> Declarations => Set<Declaration>();
    public DbSet<Decision> Decisions => Set<Decision>();
    public DbSet<ActionItem> Actions => Set<ActionItem>();
    public DbSet<ActionNote> ActionNotes => Set<ActionNote>();
    public DbSet<AgendaProposal> AgendaProposals => Set<AgendaProposal>();
    public DbSet<CalendarFeed> CalendarFeeds => Set<CalendarFeed>();
    public DbSet<DeliveryPlan> DeliveryPlans => Set<DeliveryPlan>();
    public DbSet<PlanObjective> PlanObjectives => Set<PlanObjective>();
    public DbSet<PlanAction> PlanActions => Set<PlanAction>();
    public DbSet<PlanProgressNote> PlanProgressNotes => Set<PlanProgressNote>();
    public DbSet<PlanMeasure> PlanMeasures => Set<PlanMeasure>();
    public DbSet<Tender> Tenders => Set<Tender>();
    public DbSet<TenderPathway> TenderPathways => Set<TenderPathway>();
    public DbSet<TenderPrison> TenderPrisons => Set<TenderPrison>();
    public DbSet<TenderInterest> TenderInterests => Set<TenderInterest>();
    public DbSet<Bid> Bids => Set<Bid>();
    public DbSet<Agreement> Agreements => Set<Agreement>();
    public DbSet<AgreementPathway> AgreementPathways => Set<AgreementPathway>();
    public DbSet<AgreementPrison> AgreementPrisons => Set<AgreementPrison>();
    public DbSet<AgreementSubcontractor> AgreementSubcontractors => Set<AgreementSubcontractor>();
    public DbSet<AgreementService> AgreementServices => Set<AgreementService>();
    public DbSet<AgreementAmendment> AgreementAmendments => Set<AgreementAmendment>();
    public DbSet<Milestone> Milestones => Set<Milestone>();
    public DbSet<PerformanceReturn> PerformanceReturns => Set<PerformanceReturn>();
    public DbSet<CommissioningDocument> CommissioningDocuments => Set<CommissioningDocument>();
    /// <summary>Shared by every instance, so a cookie issued by one is read by the others.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        Features.Estate.Progress.SnapshotGuard.Check(ChangeTracker);
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        Features.Estate.Progress.SnapshotGuard.Check(ChangeTracker);
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(AppDbContext).Assembly);

        builder.Entity<AppUser>(b =>
        {
            b.Property(u => u.DisplayName).HasMaxLength(200);
            b.HasOne(u => u.Organisation).WithMany().HasForeignKey(u => u.OrganisationId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne(u => u.Person).WithMany().HasForeignKey(u => u.PersonId).OnDelete(DeleteBehavior.Restrict);
        });
        builder.Entity<AuditEntry>(b =>
        {
            b.Property(a => a.UserName).HasMaxLength(256);
            b.Property(a => a.UserId).HasMaxLength(450);
            b.Property(a => a.EntityType).HasMaxLength(100);
            b.Property(a => a.EntityId).HasMaxLength(100);
            b.Property(a => a.Action).HasConversion<string>().HasMaxLength(10);
            b.HasIndex(a => a.AtUtc);
            b.HasIndex(a => new { a.EntityType, a.EntityId });
        });
    }
}

public sealed class SqliteAppDbContext(DbContextOptions<SqliteAppDbContext> options) : AppDbContext(options);

public sealed class PostgresAppDbContext(DbContextOptions<PostgresAppDbContext> options) : AppDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        // A trigram index answers the directory's text search (LIKE '%term%') for a term found in few listings without reading
        // every service. pg_trgm ships with PostgreSQL and is a trusted extension: the database's owner may create it.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<Service>().HasIndex(s => s.SearchText).HasMethod("gin").HasOperators("gin_trgm_ops");
    }
}
