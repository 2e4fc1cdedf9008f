using System.Linq.Expressions;
using PathwayHub.Web.Features.Commissioning;
using PathwayHub.Web.Features.Directory;

namespace PathwayHub.Web.Infrastructure;

/// <summary>
/// The open data publication policy: what the anonymous feeds (the ORUK directory API and the OCDS export) may carry. Every
/// query of either feed filters through these rules, so the feeds never publish what an anonymous visitor could not see in
/// the portal; the README's "Open data publication policy" says the same in words. Anything not named here is not published:
/// bids (values, scores, summaries, notes, documents), registered interest, recommissioning decisions, milestone notes,
/// performance returns, subcontractors, prisons covered by an agreement, tenders still being planned, unpublished
/// listings, and organisations whose registration is pending or was declined.
/// </summary>
public static class OpenDataPolicy
{
    // ---------------------------------------------------------------- directory (ORUK)

    /// <summary>An organisation whose registration a coordinator approved. Pending and declined ones are never named.</summary>
    public static readonly Expression<Func<Organisation, bool>> ApprovedOrganisation = o => o.Status == OrganisationStatus.Active;

    /// <summary>A listing a coordinator published, of an approved organisation: what the public directory shows.</summary>
    public static bool IsPublic(bool isPublished, OrganisationStatus organisationStatus) => isPublished && organisationStatus == OrganisationStatus.Active;

    /// <summary>Services that are <see cref="IsPublic"/>, as <see cref="Service.IsPublic"/> keeps it.</summary>
    public static readonly Expression<Func<Service, bool>> PublishedService = s => s.IsPublic;

    /// <summary>
    /// An organisation in the open directory: approved, with at least one published listing. An approved organisation whose
    /// listings all wait for review (or one that is only a buyer in commissioning) is not in the public directory, so not here.
    /// </summary>
    public static readonly Expression<Func<Organisation, bool>> PublishedOrganisation =
        o => o.Status == OrganisationStatus.Active && o.Services.Any(s => s.IsPublished);

    /// <summary>Where a published listing is delivered.</summary>
    public static readonly Expression<Func<ServiceAtLocation, bool>> PublishedServiceAtLocation =
        x => x.Service.IsPublic;

    // ---------------------------------------------------------------- commissioning (OCDS)

    /// <summary>
    /// A tender opened for bids (planning is internal; a tender cancelled before it opened was never advertised) by an approved buyer.
    /// </summary>
    public static readonly Expression<Func<Tender, bool>> PublishedTender =
        t => t.Status != TenderStatus.Planning && t.PublishedUtc != null && t.Buyer.Status == OrganisationStatus.Active;

    /// <summary>
    /// An agreement between approved organisations. Made without a tender it is a process of its own; awarded from a tender it
    /// is published in that tender's process.
    /// </summary>
    public static readonly Expression<Func<Agreement, bool>> PublishedAgreement =
        a => a.Supplier.Status == OrganisationStatus.Active && a.Buyer.Status == OrganisationStatus.Active;

    /// <summary>
    /// Who bid is published only once the tender is awarded, as Contracts Finder does: while it is open or in evaluation (and
    /// if it closes without an award) a provider sees only its own bid, and so the feeds name no bidder and give no count.
    /// </summary>
    public static bool BiddersPublished(TenderStatus status) => status == TenderStatus.Complete;

    /// <summary>The organisations named as tenderers: approved bidders on an awarded tender. Never a bid's value, score or text.</summary>
    public static readonly Expression<Func<Bid, bool>> PublishedBidder =
        b => b.Tender.Status == TenderStatus.Complete && b.Organisation.Status == OrganisationStatus.Active;

    /// <summary>A milestone a commissioner marked publishable (its title, kind, dates and status; never its notes).</summary>
    public static readonly Expression<Func<Milestone, bool>> PublishableMilestone = m => m.Publishable;

    /// <summary>A tender's own document (not a bid's), not withdrawn: published with its tender, title and format only.</summary>
    public static readonly Expression<Func<CommissioningDocument, bool>> PublishedTenderDocument =
        d => d.TenderId != null && d.BidId == null && d.WithdrawnUtc == null;

    /// <summary>An agreement's document a commissioner marked publishable, not withdrawn: title and format only, never the file.</summary>
    public static readonly Expression<Func<CommissioningDocument, bool>> PublishableAgreementDocument =
        d => d.AgreementId != null && d.BidId == null && d.Publishable && d.WithdrawnUtc == null;

    /// <summary>
    /// The terms whose changes an amendment publishes: those the release itself carries. Changes to subcontractors, prisons,
    /// linked directory services or extension options are left out, since they can name unpublished listings or unapproved
    /// organisations; the amendment's date and rationale are still published.
    /// </summary>
    public static readonly IReadOnlySet<string> PublishedAmendmentTerms = new HashSet<string>(StringComparer.Ordinal)
    {
        "Reference", "Title", "Description", "Kind", "Value", "Start date", "End date", "Pathways",
    };
}
