using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>A document attached to a tender, a bid or an agreement; the file lives in the shared content-addressed store.</summary>
public sealed class CommissioningDocument : IAudited
{
    public int Id { get; set; }
    public int? TenderId { get; set; }
    public Tender? Tender { get; set; }
    public int? BidId { get; set; }
    public Bid? Bid { get; set; }
    public int? AgreementId { get; set; }
    public Agreement? Agreement { get; set; }
    public string Title { get; set; } = "";
    public string FileName { get; set; } = "";
    public string ContentType { get; set; } = "";
    public long Size { get; set; }
    public string Sha256 { get; set; } = "";
    public DateTime AddedUtc { get; set; }
    public string AddedBy { get; set; } = "";
    /// <summary>Withdrawn documents stay for the record but are no longer listed.</summary>
    public DateTime? WithdrawnUtc { get; set; }
    /// <summary>
    /// For an agreement's document: a commissioner marked its title for the open data feeds (see <c>OpenDataPolicy</c>); off until
    /// then. Tender documents are published with their tender and bid documents never, whatever this says.
    /// </summary>
    public bool Publishable { get; set; }

    /// <summary>A stored file attached to one tender, bid or agreement; with no title, the file's name without its extension.</summary>
    public static CommissioningDocument From(StoredFile f, string? title, DateTime addedUtc, string addedBy, int? tenderId = null, int? bidId = null, int? agreementId = null) => new()
    {
        TenderId = tenderId, BidId = bidId, AgreementId = agreementId, Title = string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(f.FileName) : title.Trim(),
        FileName = f.FileName, ContentType = f.ContentType, Size = f.Size, Sha256 = f.Sha256, AddedUtc = addedUtc, AddedBy = addedBy,
    };
}

internal sealed class CommissioningDocumentConfiguration : IEntityTypeConfiguration<CommissioningDocument>
{
    public void Configure(EntityTypeBuilder<CommissioningDocument> b)
    {
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.FileName).HasMaxLength(255);
        b.Property(x => x.ContentType).HasMaxLength(120);
        b.Property(x => x.Sha256).HasMaxLength(64);
        b.Property(x => x.AddedBy).HasMaxLength(200);
        b.HasOne(x => x.Tender).WithMany(t => t.Documents).HasForeignKey(x => x.TenderId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Bid).WithMany().HasForeignKey(x => x.BidId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Agreement).WithMany(a => a.Documents).HasForeignKey(x => x.AgreementId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.TenderId);
        b.HasIndex(x => x.AgreementId);
        b.HasIndex(x => x.BidId);
    }
}
