using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>Settings of the OCDS export (section <c>Ocds</c>): the ocid prefix registered for this publisher, and the publisher's name.</summary>
/// <summary>
/// The publisher's settings for the OCDS export (section <c>Ocds</c>). <see cref="Validate"/> runs at start-up, so a prefix the
/// data-review tools would reject on every ocid never reaches a package.
/// </summary>
public sealed class OcdsOptions
{
    /// <summary>"ocds-" and the six letters or digits the Open Contracting Partnership registers for a publisher.</summary>
    public string Prefix { get; set; } = "ocds-nerrop";
    public string PublisherName { get; set; } = "North East Reducing Re-offending Pathways (PathwayHub)";
    /// <summary>An organisation identifier for the publisher (org-id.guide), e.g. scheme GB-GOR and its uid; written only when both are set.</summary>
    public string? PublisherScheme { get; set; }
    public string? PublisherUid { get; set; }
    public string? PublisherUri { get; set; }
    /// <summary>The licence the data is published under: the Open Government Licence unless configured.</summary>
    public string License { get; set; } = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/";
    /// <summary>Where the publication policy is; a path is taken relative to the public address.</summary>
    public string PublicationPolicy { get; set; } = "/open-data/publication-policy.html";

    private static readonly System.Text.RegularExpressions.Regex PrefixShape = new("^ocds-[a-z0-9]{6}$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    /// <summary>Refuses settings that would publish invalid packages, naming the setting and what it must be.</summary>
    public OcdsOptions Validate()
    {
        if (!PrefixShape.IsMatch(Prefix))
            throw new InvalidOperationException($"Ocds:Prefix '{Prefix}' is not an OCDS prefix: it must be 'ocds-' followed by six lowercase letters or digits, as registered with the Open Contracting Partnership.");
        foreach (var (name, value) in new[] { ("Ocds:License", License), ("Ocds:PublisherUri", PublisherUri) })
            if (value is not null && !Uri.TryCreate(value, UriKind.Absolute, out _))
                throw new InvalidOperationException($"{name} '{value}' must be an absolute address.");
        if (string.IsNullOrWhiteSpace(PublicationPolicy)) throw new InvalidOperationException("Ocds:PublicationPolicy must name the publication policy's address.");
        return this;
    }
}

/// <summary>What writing a package came to: written, no such process, or an ocid that cannot be one of this publisher's.</summary>
public enum OcdsOutcome { Written, NotFound, MalformedOcid }

/// <summary>
/// Commissioning in the Open Contracting Data Standard 1.1: one contracting process per published tender (with the agreements
/// awarded from it) and per agreement made without a tender. Each process is exported as one compiled release, written straight
/// to the response stream in batches so a large package never sits in memory. What is published, and when, is
/// <see cref="OpenDataPolicy"/>'s to say; every query here filters through it. Links start with the configured public address.
/// </summary>
public sealed class OcdsService(IDbContextFactory<AppDbContext> dbs, OcdsOptions options, TimeProvider clock, PublicAddress address)
{
    public const int DefaultPageSize = 1000;
    public const int MaxPageSize = 5000;
    private const int BatchSize = 500;

    public string TenderOcid(int tenderId) => $"{options.Prefix}-tender-{tenderId}";
    public string AgreementOcid(int agreementId) => $"{options.Prefix}-agreement-{agreementId}";

    /// <summary>The shapes of this publisher's ocids, for a message refusing a malformed one.</summary>
    public string OcidShapes => $"{options.Prefix}-tender-<number> or {options.Prefix}-agreement-<number>";

    /// <summary>Writes a release package: one page of every process, or the single process <paramref name="ocid"/>.</summary>
    public async Task<OcdsOutcome> WriteReleasePackageAsync(Stream output, PageRequest paging, string? ocid, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        List<Key> keys;
        var hasNext = false;
        if (ocid is null) (keys, hasNext) = await PageAsync(db, paging, ct);
        else
        {
            var (outcome, key) = await FindAsync(db, ocid, ct);
            if (outcome != OcdsOutcome.Written) return outcome;
            keys = [key];
        }
        await using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        var query = ocid is null ? $"?page={paging.Page}&size={paging.Size}" : $"?ocid={Uri.EscapeDataString(ocid)}";
        WritePackageHeader(w, address.Link($"/api/ocds/releases{query}"));
        if (hasNext)
        {
            w.WriteStartObject("links");
            w.WriteString("next", address.Link($"/api/ocds/releases?page={paging.Page + 1}&size={paging.Size}"));
            w.WriteEndObject();
        }
        w.WriteStartArray("releases");
        foreach (var chunk in keys.Chunk(BatchSize))
        {
            var batch = await LoadAsync(db, chunk, ct);
            foreach (var p in batch.Processes) OcdsReleaseWriter.Write(w, batch, p);
            await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        return OcdsOutcome.Written;
    }

    /// <summary>Writes a record package for one process: its compiled release, and a link to it as a release.</summary>
    public async Task<OcdsOutcome> WriteRecordPackageAsync(Stream output, string ocid, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (outcome, key) = await FindAsync(db, ocid, ct);
        if (outcome != OcdsOutcome.Written) return outcome;
        var batch = await LoadAsync(db, [key], ct);
        // Unpublished between the check and the load: as if it had never been.
        if (batch.Processes.SingleOrDefault() is not { } process) return OcdsOutcome.NotFound;
        await using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        WritePackageHeader(w, address.Link($"/api/ocds/records/{Uri.EscapeDataString(ocid)}"));
        w.WriteStartArray("records");
        w.WriteStartObject();
        w.WriteString("ocid", process.Ocid);
        w.WriteStartArray("releases");
        w.WriteStartObject();
        w.WriteString("url", address.Link($"/api/ocds/releases?ocid={Uri.EscapeDataString(ocid)}#{OcdsReleaseWriter.ReleaseId(process)}"));
        w.WriteString("date", OcdsJson.Stamp(process.LastModified));
        w.WriteStartArray("tag");
        w.WriteStringValue("compiled");
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndArray();
        w.WritePropertyName("compiledRelease");
        OcdsReleaseWriter.Write(w, batch, process);
        w.WriteEndObject();
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        return OcdsOutcome.Written;
    }

    private void WritePackageHeader(Utf8JsonWriter w, string uri)
    {
        w.WriteString("uri", uri);
        w.WriteString("version", "1.1");
        w.WriteString("publishedDate", OcdsJson.Stamp(clock.GetUtcNow().UtcDateTime));
        w.WriteStartObject("publisher");
        w.WriteString("name", options.PublisherName);
        if (options.PublisherScheme is { Length: > 0 } scheme && options.PublisherUid is { Length: > 0 } uid)
        {
            w.WriteString("scheme", scheme);
            w.WriteString("uid", uid);
        }
        if (options.PublisherUri is { Length: > 0 } publisherUri) w.WriteString("uri", publisherUri);
        w.WriteEndObject();
        w.WriteString("license", options.License);
        w.WriteString("publicationPolicy", options.PublicationPolicy.StartsWith('/') ? address.Link(options.PublicationPolicy) : options.PublicationPolicy);
    }

    // ---------------------------------------------------------------- which processes

    private readonly record struct Key(bool IsTender, int Id);

    /// <summary>
    /// This publisher's published process named by an ocid: <see cref="OcdsOutcome.Written"/> with its key when there is one to
    /// write. Another publisher's ocid (another prefix) is simply not here; one with this prefix that names no tender or
    /// agreement number is malformed.
    /// </summary>
    private async Task<(OcdsOutcome Outcome, Key Key)> FindAsync(AppDbContext db, string ocid, CancellationToken ct)
    {
        var prefix = options.Prefix + "-";
        if (!ocid.StartsWith(prefix, StringComparison.Ordinal)) return (OcdsOutcome.NotFound, default);
        var rest = ocid[prefix.Length..];
        Key key;
        if (rest.StartsWith("tender-", StringComparison.Ordinal) && int.TryParse(rest["tender-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var t)) key = new Key(true, t);
        else if (rest.StartsWith("agreement-", StringComparison.Ordinal) && int.TryParse(rest["agreement-".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var a)) key = new Key(false, a);
        else return (OcdsOutcome.MalformedOcid, default);
        var exists = key.IsTender
            ? await PublishedTenders(db).AnyAsync(x => x.Id == key.Id, ct)
            : await DirectAgreements(db).AnyAsync(x => x.Id == key.Id, ct);
        return (exists ? OcdsOutcome.Written : OcdsOutcome.NotFound, key);
    }

    private static IQueryable<Tender> PublishedTenders(AppDbContext db) => db.Tenders.AsNoTracking().Where(OpenDataPolicy.PublishedTender);

    /// <summary>Published agreements made without a tender: each a process of its own.</summary>
    private static IQueryable<Agreement> DirectAgreements(AppDbContext db) => db.Agreements.AsNoTracking().Where(OpenDataPolicy.PublishedAgreement).Where(a => a.TenderId == null);

    /// <summary>
    /// Published tenders by id, then published agreements made without a tender by id: a stable order for paging. One key more
    /// than the page is read, to tell whether there is a next page.
    /// </summary>
    private static async Task<(List<Key> Keys, bool HasNext)> PageAsync(AppDbContext db, PageRequest paging, CancellationToken ct)
    {
        var offset = paging.Offset;
        var want = paging.Size + 1;
        var tenders = PublishedTenders(db);
        var tenderCount = await tenders.CountAsync(ct);
        var keys = offset < tenderCount
            ? (await tenders.OrderBy(t => t.Id).Skip(offset).Take(want).Select(t => t.Id).ToListAsync(ct)).Select(id => new Key(true, id)).ToList()
            : [];
        if (keys.Count < want)
        {
            var skip = Math.Max(0, offset - tenderCount);
            keys.AddRange((await DirectAgreements(db).OrderBy(a => a.Id).Skip(skip).Take(want - keys.Count).Select(a => a.Id).ToListAsync(ct))
                .Select(id => new Key(false, id)));
        }
        var hasNext = keys.Count > paging.Size;
        if (hasNext) keys.RemoveAt(keys.Count - 1);
        return (keys, hasNext);
    }

    // ---------------------------------------------------------------- loading

    private async Task<OcdsBatch> LoadAsync(AppDbContext db, IReadOnlyCollection<Key> keys, CancellationToken ct)
    {
        var tenderIds = keys.Where(k => k.IsTender).Select(k => k.Id).ToList();
        var soloIds = keys.Where(k => !k.IsTender).Select(k => k.Id).ToList();
        var tenders = tenderIds.Count == 0 ? [] : await PublishedTenders(db).Where(t => tenderIds.Contains(t.Id))
            .Select(t => new OcdsTender(t.Id, t.Reference, t.Title, t.Description, t.Status, t.Method, t.EstimatedValue, t.BuyerOrganisationId, t.PublishedUtc,
                t.ClarificationDeadlineUtc, t.SubmissionDeadlineUtc, t.AwardDate, t.ClosureReason, t.LastModifiedUtc)).ToDictionaryAsync(t => t.Id, ct);
        // Two queries rather than one with OR, so each can use its index.
        var published = db.Agreements.Where(OpenDataPolicy.PublishedAgreement);
        var agreements = tenderIds.Count == 0 ? [] : await SelectAgreements(published.Where(a => a.TenderId != null && tenderIds.Contains(a.TenderId.Value))).ToListAsync(ct);
        if (soloIds.Count > 0) agreements.AddRange(await SelectAgreements(published.Where(a => a.TenderId == null && soloIds.Contains(a.Id))).ToListAsync(ct));
        var agreementIds = agreements.Select(a => a.Id).ToList();
        var tenderers = tenderIds.Count == 0 ? [] : await db.Bids.AsNoTracking().Where(OpenDataPolicy.PublishedBidder).Where(b => tenderIds.Contains(b.TenderId))
            .Select(b => new { b.TenderId, b.OrganisationId }).ToListAsync(ct);
        var tenderPathways = tenderIds.Count == 0 ? [] : await db.TenderPathways.AsNoTracking().Where(p => tenderIds.Contains(p.TenderId))
            .Select(p => new { Id = p.TenderId, p.Pathway.Slug, p.Pathway.Name }).ToListAsync(ct);
        var agreementPathways = soloIds.Count == 0 ? [] : await db.AgreementPathways.AsNoTracking().Where(p => soloIds.Contains(p.AgreementId))
            .Select(p => new { Id = p.AgreementId, p.Pathway.Slug, p.Pathway.Name }).ToListAsync(ct);
        var milestones = agreementIds.Count == 0 ? [] : await db.Milestones.AsNoTracking().Where(OpenDataPolicy.PublishableMilestone).Where(m => agreementIds.Contains(m.AgreementId)).OrderBy(m => m.DueDate).ThenBy(m => m.Id)
            .Select(m => new OcdsMilestone(m.Id, m.AgreementId, m.Title, m.Kind, m.DueDate, m.Status, m.CompletedDate)).ToListAsync(ct);
        var amendments = agreementIds.Count == 0 ? [] : await db.AgreementAmendments.AsNoTracking().Where(m => agreementIds.Contains(m.AgreementId)).OrderBy(m => m.Date).ThenBy(m => m.Id)
            .Select(m => new OcdsAmendment(m.Id, m.AgreementId, m.Date, m.Reason, m.Changes)).ToListAsync(ct);
        var tenderDocs = tenderIds.Count == 0 ? [] : await db.CommissioningDocuments.AsNoTracking().Where(OpenDataPolicy.PublishedTenderDocument)
            .Where(d => tenderIds.Contains(d.TenderId!.Value)).OrderBy(d => d.Id)
            .Select(d => new OcdsDocument(d.Id, d.TenderId, d.AgreementId, d.Title, d.ContentType, d.AddedUtc)).ToListAsync(ct);
        var agreementDocs = agreementIds.Count == 0 ? [] : await db.CommissioningDocuments.AsNoTracking().Where(OpenDataPolicy.PublishableAgreementDocument)
            .Where(d => agreementIds.Contains(d.AgreementId!.Value)).OrderBy(d => d.Id)
            .Select(d => new OcdsDocument(d.Id, d.TenderId, d.AgreementId, d.Title, d.ContentType, d.AddedUtc)).ToListAsync(ct);

        var orgIds = tenders.Values.Select(t => t.BuyerId).Concat(agreements.SelectMany(a => new[] { a.SupplierId, a.BuyerId })).Concat(tenderers.Select(t => t.OrganisationId)).Distinct().ToList();
        var parties = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new OcdsParty(o.Id, o.Name, o.CharityNumber, o.CompanyNumber)).ToDictionaryAsync(o => o.Id, ct);

        var processes = new List<OcdsProcess>();
        foreach (var key in keys)
        {
            OcdsProcess p;
            if (key.IsTender)
            {
                // A process unpublished since its page was read is left out rather than half written.
                if (!tenders.TryGetValue(key.Id, out var t)) continue;
                p = new OcdsProcess { Ocid = TenderOcid(t.Id), Tender = t, LastModified = t.LastModifiedUtc };
                p.Agreements.AddRange(agreements.Where(a => a.TenderId == t.Id).OrderBy(a => a.Id));
                p.Tenderers.AddRange(tenderers.Where(x => x.TenderId == t.Id).Select(x => x.OrganisationId).Distinct());
                p.Pathways.AddRange(tenderPathways.Where(x => x.Id == t.Id).Select(x => (x.Slug, x.Name)));
            }
            else
            {
                if (agreements.SingleOrDefault(a => a.Id == key.Id) is not { } solo) continue;
                p = new OcdsProcess { Ocid = AgreementOcid(key.Id) };
                p.Agreements.Add(solo);
                p.Pathways.AddRange(agreementPathways.Where(x => x.Id == key.Id).Select(x => (x.Slug, x.Name)));
            }
            foreach (var a in p.Agreements) if (a.LastModifiedUtc > p.LastModified) p.LastModified = a.LastModifiedUtc;
            processes.Add(p);
        }
        return new OcdsBatch(processes, parties, milestones.ToLookup(m => m.AgreementId), amendments.ToLookup(m => m.AgreementId),
            tenderDocs.ToLookup(d => d.TenderId!.Value), agreementDocs.ToLookup(d => d.AgreementId!.Value),
            clock.UkToday());
    }

    private static IQueryable<OcdsAgreement> SelectAgreements(IQueryable<Agreement> q) => q.AsNoTracking()
        .Select(a => new OcdsAgreement(a.Id, a.TenderId, a.Reference, a.Title, a.Description, a.Kind, a.SupplierOrganisationId, a.BuyerOrganisationId, a.Value,
            a.StartDate, a.EndDate, a.Status, a.LastModifiedUtc));
}
