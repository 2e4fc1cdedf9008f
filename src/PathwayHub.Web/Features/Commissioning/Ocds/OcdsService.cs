using System.Text.Json.Nodes;
using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Infrastructure;
using PathwayHub.Web.Infrastructure.Audit;

namespace PathwayHub.Web.Features.Commissioning;

/// <summary>How a release package gives each process: its compiled release (the default) or every individual release of its history.</summary>
public enum OcdsReleases { Compiled, Individual }

/// <summary>What writing a package came to: written, no such process, or an ocid that cannot be one of this publisher's.</summary>
public enum OcdsOutcome { Written, NotFound, MalformedOcid }

/// <summary>
/// Commissioning in the Open Contracting Data Standard 1.1: one contracting process per published tender (with the agreements
/// awarded from it) and per agreement made without a tender. Each process is exported as its compiled release or as the individual
/// releases of its history (<see cref="OcdsHistory"/>), written straight
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

    /// <summary>
    /// Writes a release package: one page of every process, or the single process <paramref name="ocid"/>; each process as its
    /// compiled release, or as its individual releases in date order (<paramref name="releases"/>). A page counts processes.
    /// </summary>
    public async Task<OcdsOutcome> WriteReleasePackageAsync(Stream output, PageRequest paging, string? ocid, OcdsReleases releases = OcdsReleases.Compiled, CancellationToken ct = default)
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
        var kind = releases == OcdsReleases.Individual ? "&releases=individual" : "";
        var query = ocid is null ? $"?page={paging.Page}&size={paging.Size}{kind}" : $"?ocid={Uri.EscapeDataString(ocid)}{kind}";
        WritePackageHeader(w, address.Link($"/api/ocds/releases{query}"));
        if (hasNext)
        {
            w.WriteStartObject("links");
            w.WriteString("next", address.Link($"/api/ocds/releases?page={paging.Page + 1}&size={paging.Size}{kind}"));
            w.WriteEndObject();
        }
        w.WriteStartArray("releases");
        foreach (var chunk in keys.Chunk(BatchSize))
        {
            var batch = await LoadAsync(db, chunk, ct);
            foreach (var p in batch.Processes)
            {
                if (releases == OcdsReleases.Compiled) OcdsReleaseWriter.Write(w, batch, p);
                else foreach (var step in p.Steps) OcdsReleaseWriter.Write(w, batch, p, step);
            }
            await w.FlushAsync(ct);
        }
        w.WriteEndArray();
        w.WriteEndObject();
        await w.FlushAsync(ct);
        return OcdsOutcome.Written;
    }

    /// <summary>Writes a record package for one process: every individual release in date order, the compiled release and the versioned release.</summary>
    public async Task<OcdsOutcome> WriteRecordPackageAsync(Stream output, string ocid, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var (outcome, key) = await FindAsync(db, ocid, ct);
        if (outcome != OcdsOutcome.Written) return outcome;
        var batch = await LoadAsync(db, [key], ct);
        // Unpublished between the check and the load: as if it had never been.
        if (batch.Processes.SingleOrDefault() is not { } process) return OcdsOutcome.NotFound;
        // Each release is written once to a node, for the record and for the versioned release merged from them all.
        var releases = process.Steps.Select(step =>
        {
            using var buffer = new MemoryStream();
            using (var rw = new Utf8JsonWriter(buffer)) OcdsReleaseWriter.Write(rw, batch, process, step);
            return JsonNode.Parse(buffer.ToArray())!.AsObject();
        }).ToList();
        await using var w = new Utf8JsonWriter(output);
        w.WriteStartObject();
        WritePackageHeader(w, address.Link($"/api/ocds/records/{Uri.EscapeDataString(ocid)}"));
        w.WriteStartArray("records");
        w.WriteStartObject();
        w.WriteString("ocid", process.Ocid);
        w.WriteStartArray("releases");
        foreach (var release in releases) release.WriteTo(w);
        w.WriteEndArray();
        w.WritePropertyName("compiledRelease");
        OcdsReleaseWriter.Write(w, batch, process);
        w.WritePropertyName("versionedRelease");
        OcdsVersionedRelease.Merge(releases).WriteTo(w);
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
                t.ClarificationDeadlineUtc, t.SubmissionDeadlineUtc, t.AwardDate, t.LastModifiedUtc)).ToDictionaryAsync(t => t.Id, ct);
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
            .Select(m => new OcdsAmendment(m.Id, m.AgreementId, m.Date, m.Reason, m.Changes, m.RecordedUtc)).ToListAsync(ct);
        var tenderDocs = tenderIds.Count == 0 ? [] : await db.CommissioningDocuments.AsNoTracking().Where(OpenDataPolicy.PublishedTenderDocument)
            .Where(d => tenderIds.Contains(d.TenderId!.Value)).OrderBy(d => d.Id)
            .Select(d => new OcdsDocument(d.Id, d.TenderId, d.AgreementId, d.Title, d.ContentType, d.AddedUtc)).ToListAsync(ct);
        var agreementDocs = agreementIds.Count == 0 ? [] : await db.CommissioningDocuments.AsNoTracking().Where(OpenDataPolicy.PublishableAgreementDocument)
            .Where(d => agreementIds.Contains(d.AgreementId!.Value)).OrderBy(d => d.Id)
            .Select(d => new OcdsDocument(d.Id, d.TenderId, d.AgreementId, d.Title, d.ContentType, d.AddedUtc)).ToListAsync(ct);

        var orgIds = tenders.Values.Select(t => t.BuyerId).Concat(agreements.SelectMany(a => new[] { a.SupplierId, a.BuyerId })).Concat(tenderers.Select(t => t.OrganisationId)).Distinct().ToList();
        var parties = await db.Organisations.AsNoTracking().Where(o => orgIds.Contains(o.Id)).Select(o => new OcdsParty(o.Id, o.Name, o.CharityNumber, o.CompanyNumber)).ToDictionaryAsync(o => o.Id, ct);
        var (changes, recorded) = await LoadHistoryAsync(db, tenders.Keys, agreementIds, ct);

        var processes = Assemble(keys, tenders, agreements, tenderers.ToLookup(x => x.TenderId, x => x.OrganisationId),
            tenderPathways.ToLookup(x => x.Id, x => (x.Slug, x.Name)), agreementPathways.ToLookup(x => x.Id, x => (x.Slug, x.Name)));
        var batch = new OcdsBatch(processes, parties, milestones.ToLookup(m => m.AgreementId), amendments.ToLookup(m => m.AgreementId),
            tenderDocs.ToLookup(d => d.TenderId!.Value), agreementDocs.ToLookup(d => d.AgreementId!.Value), clock.UkToday())
        { TenderChanges = changes, AgreementRecorded = recorded };
        foreach (var p in processes)
        {
            p.Steps = OcdsHistory.Build(batch, p);
            // The compiled release is as new as its latest step.
            if (p.Steps.Count > 0 && p.Steps[^1].Date > p.LastModified) p.LastModified = p.Steps[^1].Date;
        }
        return batch;
    }

    /// <summary>
    /// What the audit trail says of the history: each update of a tender (filtered to published fields by <see cref="OcdsHistory"/>),
    /// and when each agreement was recorded.
    /// </summary>
    private static async Task<(ILookup<int, OcdsTenderChange>, Dictionary<int, DateTime>)> LoadHistoryAsync(AppDbContext db, IEnumerable<int> tenderIds,
        List<int> agreementIds, CancellationToken ct)
    {
        var tenderKeys = tenderIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var agreementKeys = agreementIds.Select(id => id.ToString(CultureInfo.InvariantCulture)).ToList();
        var changes = tenderKeys.Count == 0 ? [] : await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Tender) && a.Action == AuditAction.Update && tenderKeys.Contains(a.EntityId))
            .OrderBy(a => a.AtUtc).ThenBy(a => a.Id).Select(a => new { a.Id, a.EntityId, a.AtUtc, a.Changes }).ToListAsync(ct);
        var inserts = agreementKeys.Count == 0 ? [] : await db.AuditEntries.AsNoTracking()
            .Where(a => a.EntityType == nameof(Agreement) && a.Action == AuditAction.Insert && agreementKeys.Contains(a.EntityId))
            .Select(a => new { a.EntityId, a.AtUtc }).ToListAsync(ct);
        return (changes.Select(c => new OcdsTenderChange(c.Id, int.Parse(c.EntityId, CultureInfo.InvariantCulture), c.AtUtc, c.Changes)).ToLookup(c => c.TenderId),
            inserts.GroupBy(i => int.Parse(i.EntityId, CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => g.Min(i => i.AtUtc)));
    }

    /// <summary>The processes of a batch in the order of their keys. One unpublished since its page was read is left out rather than half written.</summary>
    private List<OcdsProcess> Assemble(IReadOnlyCollection<Key> keys, Dictionary<int, OcdsTender> tenders, List<OcdsAgreement> agreements, ILookup<int, int> tenderers,
        ILookup<int, (string Slug, string Name)> tenderPathways, ILookup<int, (string Slug, string Name)> agreementPathways)
    {
        var byTender = agreements.Where(a => a.TenderId != null).ToLookup(a => a.TenderId!.Value);
        var solos = agreements.Where(a => a.TenderId == null).ToDictionary(a => a.Id);
        var processes = new List<OcdsProcess>();
        foreach (var key in keys)
        {
            OcdsProcess p;
            if (key.IsTender)
            {
                if (!tenders.TryGetValue(key.Id, out var t)) continue;
                p = new OcdsProcess { Ocid = TenderOcid(t.Id), Tender = t, LastModified = t.LastModifiedUtc };
                p.Agreements.AddRange(byTender[t.Id].OrderBy(a => a.Id));
                p.Tenderers.AddRange(tenderers[t.Id].Distinct());
                p.Pathways.AddRange(tenderPathways[t.Id]);
            }
            else
            {
                if (!solos.TryGetValue(key.Id, out var solo)) continue;
                p = new OcdsProcess { Ocid = AgreementOcid(key.Id) };
                p.Agreements.Add(solo);
                p.Pathways.AddRange(agreementPathways[key.Id]);
            }
            foreach (var a in p.Agreements) if (a.LastModifiedUtc > p.LastModified) p.LastModified = a.LastModifiedUtc;
            processes.Add(p);
        }
        return processes;
    }

    private static IQueryable<OcdsAgreement> SelectAgreements(IQueryable<Agreement> q) => q.AsNoTracking()
        .Select(a => new OcdsAgreement(a.Id, a.TenderId, a.Reference, a.Title, a.Description, a.Kind, a.SupplierOrganisationId, a.BuyerOrganisationId, a.Value,
            a.StartDate, a.EndDate, a.Status, a.TerminatedDate, a.LastModifiedUtc));
}
