using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Commissioning;

namespace PathwayHub.Benchmarks;

/// <summary>
/// The commissioning benchmarks' data: 5,000 tenders, 20,000 agreements (end dates spread over five years, a quarter of each
/// recommissioning decision) and 200,000 milestones, written with straight SQL into the bench host's database. With
/// <c>fundServices</c> each agreement also funds two directory services, for the minimum offer's at-risk rule.
/// </summary>
public static class CommissioningData
{
    public static async Task GenerateAsync(AppDbContext db, bool fundServices = false)
    {
        var orgs = await db.Organisations.OrderBy(o => o.Id).Select(o => o.Id).ToListAsync();
        var pathways = await db.Pathways.Select(p => p.Id).ToListAsync();
        var prisons = await db.Prisons.Select(p => p.Id).ToListAsync();
        var firstTender = (await db.Tenders.MaxAsync(t => (int?)t.Id) ?? 0) + 1;
        var firstAgreement = (await db.Agreements.MaxAsync(a => (int?)a.Id) ?? 0) + 1;

        // Straight SQL: the point is the reads, and 400,000 audited EF inserts would take minutes to set up.
        await db.Database.OpenConnectionAsync();
        var conn = db.Database.GetDbConnection();
        await using var tx = await conn.BeginTransactionAsync();
        var random = new Random(42);
        var today = new DateOnly(2026, 11, 23);
        var stamp = new DateTime(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
        TenderStatus[] statuses = [TenderStatus.Planning, TenderStatus.Active, TenderStatus.Evaluation, TenderStatus.Complete, TenderStatus.Complete,
            TenderStatus.Complete, TenderStatus.Complete, TenderStatus.Complete, TenderStatus.Complete, TenderStatus.Cancelled];

        var tenderStatus = new Dictionary<int, TenderStatus>();
        await InsertAsync(conn, tx, "Tenders", ["Id", "Reference", "Title", "Description", "EstimatedValue", "Method", "BuyerOrganisationId", "Status", "PublishedUtc",
            "SubmissionDeadlineUtc", "AwardDate", "LastModifiedUtc", "Version"], Enumerable.Range(firstTender, 5000).Select(id =>
        {
            var s = statuses[id % statuses.Length];
            tenderStatus[id] = s;
            return new object?[] { id, $"BENCH-T-{id:D5}", $"Tender {id} for family support", "A benchmark tender.", Money(random.Next(10, 500) * 1000), "Open",
                orgs[id % orgs.Count], s.ToString(), stamp.AddDays(-60), stamp.AddDays(s == TenderStatus.Active ? 30 : -20), s == TenderStatus.Complete ? Day(today.AddDays(-10)) : null,
                stamp, Guid.NewGuid() };
        }));
        await InsertAsync(conn, tx, "TenderPathways", ["TenderId", "PathwayId"], Enumerable.Range(firstTender, 5000).Select(id => new object?[] { id, pathways[id % pathways.Count] }));

        // 20,000 agreements: one or two per awarded tender, the rest grants and SLAs made directly. End dates spread over five years.
        var awarded = tenderStatus.Where(t => t.Value == TenderStatus.Complete).Select(t => t.Key).ToList();
        var agreementTender = new List<int?>();
        foreach (var t in awarded) { agreementTender.Add(t); if (t % 2 == 0) agreementTender.Add(t); }
        while (agreementTender.Count < 20000) agreementTender.Add(null);
        await InsertAsync(conn, tx, "Agreements", ["Id", "Reference", "Title", "Description", "Kind", "SupplierOrganisationId", "BuyerOrganisationId", "TenderId", "Value",
            "StartDate", "EndDate", "Status", "Decision", "DecisionDueDate", "DecisionDueDateSet", "LastModifiedUtc", "Version"], agreementTender.Select((tender, i) =>
        {
            var id = firstAgreement + i;
            var end = today.AddDays(random.Next(-700, 1100));
            var decision = (RecommissioningDecision)(i % 4);
            return new object?[] { id, $"BENCH-A-{id:D5}", $"Agreement {id}", "A benchmark agreement.", ((AgreementKind)(i % 3)).ToString(), orgs[i % orgs.Count], orgs[(i + 3) % orgs.Count],
                tender, Money(random.Next(5, 300) * 1000), Day(end.AddYears(-2)), Day(end), (i % 50 == 0 ? AgreementStatus.Terminated : AgreementStatus.Active).ToString(),
                decision.ToString(), Day(end.AddMonths(-6)), false, stamp, Guid.NewGuid() };
        }));
        await InsertAsync(conn, tx, "AgreementPathways", ["AgreementId", "PathwayId"], Enumerable.Range(0, 20000).SelectMany(i =>
            new[] { new object?[] { firstAgreement + i, pathways[i % pathways.Count] }, new object?[] { firstAgreement + i, pathways[(i + 3) % pathways.Count] } }));
        await InsertAsync(conn, tx, "AgreementPrisons", ["AgreementId", "PrisonId"], Enumerable.Range(0, 20000).SelectMany(i =>
            new[] { new object?[] { firstAgreement + i, prisons[i % prisons.Count] }, new object?[] { firstAgreement + i, prisons[(i + 4) % prisons.Count] } }));
        // Ten milestones per agreement, quarterly from two years before the end; past ones mostly met (on their due date), some
        // still scheduled (overdue). Half are published, so the OCDS export has implementation releases to write.
        await InsertAsync(conn, tx, "Milestones", ["AgreementId", "Title", "Kind", "DueDate", "Status", "CompletedDate", "Publishable", "Version"], Enumerable.Range(0, 200000).Select(n =>
        {
            var i = n / 10;
            var due = today.AddDays(-700 + (i % 1800)).AddMonths(3 * (n % 10) - 12);
            var status = due >= today || n % 7 == 0 ? MilestoneStatus.Scheduled : MilestoneStatus.Met;
            return new object?[] { firstAgreement + i, $"Quarterly report {n % 10 + 1}", ((MilestoneKind)(n % 4)).ToString(), Day(due), status.ToString(),
                status == MilestoneStatus.Met ? Day(due) : null, n % 2 == 0, Guid.NewGuid() };
        }));
        if (fundServices)
        {
            // Each agreement funds two directory services, where the directory data is there.
            var services = await db.Services.OrderBy(x => x.Id).Select(x => x.Id).ToListAsync();
            if (services.Count > 0)
                await InsertAsync(conn, tx, "AgreementServices", ["AgreementId", "ServiceId"], Enumerable.Range(0, 20000).SelectMany(i =>
                    new[] { new object?[] { firstAgreement + i, services[(2 * i) % services.Count] }, new object?[] { firstAgreement + i, services[(2 * i + 1) % services.Count] } }));
        }
        await tx.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        Console.WriteLine($"Bench data: {await db.Tenders.CountAsync()} tenders, {await db.Agreements.CountAsync()} agreements, {await db.Milestones.CountAsync()} milestones");
    }

    private static string Money(decimal v) => v.ToString("0.00", CultureInfo.InvariantCulture);
    private static string Day(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task InsertAsync(DbConnection conn, DbTransaction tx, string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => $"$p{i}"))})";
        var parameters = columns.Select((_, i) =>
        {
            var p = cmd.CreateParameter();
            p.ParameterName = $"$p{i}";
            cmd.Parameters.Add(p);
            return p;
        }).ToArray();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
                parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    Guid g => g.ToString().ToUpperInvariant(),
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    var v => v,
                };
            await cmd.ExecuteNonQueryAsync();
        }
    }
}
