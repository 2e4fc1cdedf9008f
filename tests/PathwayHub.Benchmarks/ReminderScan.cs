using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PathwayHub.Tests.Infrastructure;
using PathwayHub.Web.Data;
using PathwayHub.Web.Features.Notifications;
using PathwayHub.Web.Infrastructure.Email;

namespace PathwayHub.Benchmarks;

/// <summary>
/// Bulk data for the reminder benchmarks, written with set-based SQL (SQLite): 50,000 meetings with an agenda item each,
/// 100,000 actions, 50,000 services of 500 organisations, 2,000 people with sign-ins and memberships, at a moment when
/// nothing is due. <paramref name="dueActions"/> open actions due in two days make that many notifications due.
/// </summary>
internal static class ReminderBenchData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static async Task SeedAsync(BenchHost host, int dueActions)
    {
        await using var db = await host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
        await using var tx = await db.Database.BeginTransactionAsync();
        var sql = new[]
        {
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 500) " +
            "INSERT INTO Organisations (PublicId, Name, Description, Sector, Status, Version) " +
            "SELECT printf('00000000-0000-0000-0001-%012d', i), 'Bench organisation ' || i, 'x', 'VCS', 'Active', printf('00000000-0000-0000-0000-%012d', i) FROM n",
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) " +
            "INSERT INTO People (FullName, Email, Sector, Version) SELECT 'Bench person ' || i, 'person' || i || '@bench.example', 'VCS', printf('00000000-0000-0000-0000-%012d', i) FROM n",
            "WITH pw AS (SELECT Id, ROW_NUMBER() OVER (ORDER BY Id) - 1 AS k FROM Pathways) " +
            "INSERT INTO Memberships (PersonId, PathwayId, Role, StartDate, Version) " +
            "SELECT p.Id, pw.Id, 'Member', '2025-01-01', printf('00000000-0000-0000-0000-%012d', p.Id) FROM People p JOIN pw ON pw.k = p.Id % 7 WHERE p.Email LIKE '%@bench.example'",
            // The first 500 people are provider editors of the bench organisations; everyone has a sign-in.
            "INSERT INTO AspNetUsers (Id, DisplayName, PersonId, OrganisationId, UserName, NormalizedUserName, Email, NormalizedEmail, EmailConfirmed, PhoneNumberConfirmed, TwoFactorEnabled, LockoutEnabled, AccessFailedCount) " +
            "SELECT 'bench-' || p.Id, p.FullName, p.Id, CASE WHEN p.Id % 4 = 0 THEN (SELECT Id FROM Organisations WHERE Name = 'Bench organisation ' || (1 + p.Id % 500)) END, p.Email, upper(p.Email), p.Email, upper(p.Email), 1, 0, 0, 1, 0 " +
            "FROM People p WHERE p.Email LIKE '%@bench.example'",
            "INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT u.Id, (SELECT Id FROM AspNetRoles WHERE Name = 'ProviderEditor') FROM AspNetUsers u WHERE u.OrganisationId IS NOT NULL AND u.Id LIKE 'bench-%'",
            // 45,000 meetings held over the last twelve years, minutes approved; 5,000 planned more than three weeks ahead.
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000), pw AS (SELECT Id, ROW_NUMBER() OVER (ORDER BY Id) - 1 AS k FROM Pathways) " +
            "INSERT INTO Meetings (PathwayId, Title, StartUtc, EndUtc, Venue, Status, Version) " +
            "SELECT pw.Id, 'Bench meeting ' || i, " +
            "CASE WHEN i <= 45000 THEN datetime('2026-10-01 10:00:00', '-' || (i % 4400) || ' days') ELSE datetime('2026-12-20 10:00:00', '+' || (i % 1500) || ' days') END, " +
            "CASE WHEN i <= 45000 THEN datetime('2026-10-01 12:00:00', '-' || (i % 4400) || ' days') ELSE datetime('2026-12-20 12:00:00', '+' || (i % 1500) || ' days') END, " +
            "'Durham', CASE WHEN i <= 45000 THEN 'MinutesApproved' ELSE 'Planned' END, printf('00000000-0000-0000-0000-%012d', i) FROM n JOIN pw ON pw.k = i % 7",
            "INSERT INTO AgendaItems (MeetingId, \"Order\", Title, Purpose, Minutes, IsStanding, IsActionLog, Version) " +
            "SELECT Id, 10, 'Review of the action log', 'Discussion', 15, 1, 1, Version FROM Meetings WHERE Title LIKE 'Bench meeting %'",
            // 70% done; the open ones are due from 1 December onwards (more than three days away).
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000), items AS (SELECT MIN(Id) AS First FROM AgendaItems WHERE Title = 'Review of the action log') " +
            "INSERT INTO Actions (PathwayId, AgendaItemId, Description, OwnerPersonId, DueDate, Status, Version) " +
            "SELECT (SELECT PathwayId FROM Meetings m JOIN AgendaItems a ON a.MeetingId = m.Id WHERE a.Id = items.First + (i % 50000)), items.First + (i % 50000), 'Bench action ' || i, " +
            "(SELECT MIN(Id) FROM People WHERE Email LIKE '%@bench.example') + (i % 2000), " +
            "CASE WHEN i % 10 < 7 THEN date('2026-10-01', '-' || (i % 1000) || ' days') ELSE date('2026-12-01', '+' || (i % 300) || ' days') END, " +
            "CASE WHEN i % 10 < 7 THEN 'Done' ELSE 'Open' END, printf('00000000-0000-0000-0000-%012d', i) FROM n, items",
            // Every listing confirmed in the last two months.
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50000) " +
            "INSERT INTO Services (PublicId, OrganisationId, Name, Description, Status, AssuredDate, IsPublished, LastModifiedUtc, Version) " +
            "SELECT printf('00000000-0000-0000-0002-%012d', i), (SELECT Id FROM Organisations WHERE Name = 'Bench organisation ' || (1 + i % 500)), 'Bench service ' || i, 'x', 'Active', " +
            "date('2026-10-01', '+' || (i % 50) || ' days'), 1, '2026-10-01 00:00:00', printf('00000000-0000-0000-0000-%012d', i) FROM n",
            // Listings seeded from seed-data that are older than six months have no editors here; confirm them anyway so nothing at all is due.
            "UPDATE Services SET AssuredDate = '2026-10-01' WHERE AssuredDate < '2026-05-23' OR AssuredDate IS NULL",
            // 20,000 agreements ending from 2028 on (nothing within six months), four milestones each, due from 2027-06 on; one commissioner.
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000) " +
            "INSERT INTO Agreements (Reference, Title, Description, Kind, SupplierOrganisationId, BuyerOrganisationId, Value, StartDate, EndDate, Status, Decision, DecisionDueDate, DecisionDueDateSet, LastModifiedUtc, Version) " +
            "SELECT 'BENCH-' || i, 'Bench agreement ' || i, 'x', 'Contract', (SELECT Id FROM Organisations WHERE Name = 'Bench organisation ' || (1 + i % 500)), " +
            "(SELECT Id FROM Organisations WHERE Name = 'Bench organisation 1'), '1000', '2025-01-01', date('2028-01-01', '+' || (i % 700) || ' days'), 'Active', 'Undecided', '2027-07-01', 0, '2026-10-01 00:00:00', " +
            "printf('00000000-0000-0000-0004-%012d', i) FROM n",
            "INSERT INTO Milestones (AgreementId, Title, Kind, DueDate, Status, Version) " +
            "SELECT a.Id, 'Bench milestone ' || k.q, 'Reporting', date('2027-06-01', '+' || (k.q * 90) || ' days'), 'Scheduled', a.Version FROM Agreements a, (SELECT 0 AS q UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3) k WHERE a.Reference LIKE 'BENCH-%'",
            // Agreements, milestones and tenders seeded from seed-data would be due: move them out of every window.
            "UPDATE Agreements SET EndDate = '2029-01-01' WHERE Reference NOT LIKE 'BENCH-%'",
            "UPDATE Milestones SET Status = 'Met' WHERE Title NOT LIKE 'Bench milestone %'",
            "UPDATE Tenders SET Status = 'Complete' WHERE Status = 'Active'",
            "INSERT INTO AspNetUserRoles (UserId, RoleId) SELECT 'bench-1', (SELECT Id FROM AspNetRoles WHERE Name = 'Commissioner')",
            $"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {dueActions}), items AS (SELECT MIN(Id) AS First FROM AgendaItems WHERE Title = 'Review of the action log') " +
            "INSERT INTO Actions (PathwayId, AgendaItemId, Description, OwnerPersonId, DueDate, Status, Version) " +
            "SELECT (SELECT PathwayId FROM Meetings m JOIN AgendaItems a ON a.MeetingId = m.Id WHERE a.Id = items.First + (i % 50000)), items.First + (i % 50000), 'Action due soon ' || i, " +
            "(SELECT MIN(Id) FROM People WHERE Email LIKE '%@bench.example') + (i % 2000), '2026-11-25', 'Open', printf('00000000-0000-0000-0003-%012d', i) FROM n, items",
        };
        foreach (var s in dueActions > 0 ? sql : sql[..^1]) await db.Database.ExecuteSqlRawAsync(s);
        await tx.CommitAsync();
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }

    public static void FixClock(IServiceCollection services) => services.AddSingleton<TimeProvider>(new FixedClock(Now));

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>The 15-minute scan over 50,000 meetings, 100,000 actions, 20,000 agreements (80,000 milestones) and 50,000 services when nothing is due (target under 2 s).</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 2, iterationCount: 10)]
public class ReminderScanNothingDue
{
    private BenchHost _host = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _host = await BenchHost.StartAsync(configure: ReminderBenchData.FixClock);
        await ReminderBenchData.SeedAsync(_host, dueActions: 0);
    }

    [Benchmark]
    public async Task<int> ScanNothingDue()
    {
        var written = await _host.Get<ReminderScanJob>().RunAsync(CancellationToken.None);
        if (written != 0)
        {
            await using var db = await _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContextAsync();
            var keys = string.Join(", ", await db.Notifications.Select(n => n.DedupKey).Take(5).ToListAsync());
            throw new InvalidOperationException($"Nothing should be due; {written} notifications were written: {keys}.");
        }
        return written;
    }

    [GlobalCleanup]
    public ValueTask CleanupAsync() => _host.DisposeAsync();
}

/// <summary>
/// 10,000 notifications due at once (10,000 actions due in two days): the scan writes them all to the outbox (target under
/// 5 s), and the delivery job sends them over SMTP to an in-process server (target 200 messages a second or more).
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, warmupCount: 1, iterationCount: 5)]
public class ReminderTenThousandDue : IAsyncDisposable
{
    private const int Due = 10_000;
    private BenchHost _host = null!;
    private SmtpSink _smtp = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _smtp = new SmtpSink();
        _host = await BenchHost.StartAsync(configure: ReminderBenchData.FixClock, email: new EmailOptions { Host = "127.0.0.1", Port = _smtp.Port, UseTls = false });
        await ReminderBenchData.SeedAsync(_host, dueActions: Due);
    }

    [IterationSetup(Target = nameof(ScanWritesTheOutbox))]
    public void EmptyOutbox() => Sql("DELETE FROM Notifications");

    [Benchmark]
    public async Task<int> ScanWritesTheOutbox()
    {
        var written = await _host.Get<ReminderScanJob>().RunAsync(CancellationToken.None);
        if (written != Due) throw new InvalidOperationException($"Expected {Due} notifications, got {written}.");
        return written;
    }

    [IterationSetup(Target = nameof(DeliverToSmtp))]
    public void FillOutbox()
    {
        Sql("DELETE FROM Notifications");
        if (_host.Get<ReminderScanJob>().RunAsync(CancellationToken.None).GetAwaiter().GetResult() != Due) throw new InvalidOperationException("The outbox was not filled.");
        _smtp.Messages.Clear();
    }

    [Benchmark]
    public async Task<int> DeliverToSmtp()
    {
        var sent = await _host.Get<OutboxDispatcher>().DeliverDueAsync();
        if (sent != Due || _smtp.Messages.Count != Due) throw new InvalidOperationException($"Expected {Due} messages, sent {sent}, received {_smtp.Messages.Count}.");
        return sent;
    }

    private void Sql(string sql)
    {
        using var db = _host.Get<IDbContextFactory<AppDbContext>>().CreateDbContext();
        db.Database.ExecuteSqlRaw(sql);
    }

    [GlobalCleanup]
    public Task CleanupAsync() => DisposeAsync().AsTask();

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _smtp.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
