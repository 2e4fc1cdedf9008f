using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Data;

namespace PathwayHub.Web.Features.Directory;

/// <summary>
/// One row whose stamp changes in every save that changes anything in the directory (<see cref="DirectorySaveInterceptor"/>):
/// what is derived from the directory and kept between requests (<see cref="OpenData.OpenDataCounts"/>) is still right exactly
/// while the stamp it was worked out under is the current one. In the database, so every instance sees the same stamp.
/// </summary>
public sealed class DirectoryVersion
{
    public const int TheOne = 1;

    public int Id { get; set; } = TheOne;
    public Guid Stamp { get; set; }

    /// <summary>Gives the save a new stamp, written with it, when it adds, changes or removes anything of the directory's.</summary>
    internal static void Change(AppDbContext db)
    {
        var changes = db.ChangeTracker.Entries().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted
            && e.Entity is not (DirectoryVersion or ServiceCoverage)
            && e.Entity.GetType().Namespace?.StartsWith(typeof(DirectoryVersion).Namespace!, StringComparison.Ordinal) == true);
        if (!changes) return;
        var version = db.DirectoryVersions.Local.FirstOrDefault() ?? db.DirectoryVersions.Attach(new DirectoryVersion()).Entity;
        version.Stamp = Guid.NewGuid();
        db.Entry(version).Property(v => v.Stamp).IsModified = true;
    }
}

internal sealed class DirectoryVersionConfiguration : IEntityTypeConfiguration<DirectoryVersion>
{
    public void Configure(EntityTypeBuilder<DirectoryVersion> b)
    {
        b.ToTable("DirectoryVersion");
        b.Property(v => v.Id).ValueGeneratedNever();
        b.HasData(new DirectoryVersion { Id = DirectoryVersion.TheOne, Stamp = new Guid("5d1f0c7e-0000-4000-8000-000000000001") });
    }
}
