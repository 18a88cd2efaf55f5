using System.Globalization;
using System.Text.Json;
using Interchange.Core.Agencies;
using Interchange.Core.Datasets;
using Interchange.Core.Grants;
using Interchange.Core.Storage;
using Interchange.Testing.Servers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Interchange.Storage.Tests;

/// <summary>The catalogue store keeps every domain object alike on SQLite and PostgreSQL, times to the microsecond.</summary>
public sealed class CatalogRoundTripTests
{
    // 09:30:15.123456 in Beijing, plus 0.7 µs that a unix-microsecond column does not keep.
    private static readonly DateTimeOffset Applied = new DateTimeOffset(2026, 11, 24, 9, 30, 15, 123, 456, TimeSpan.FromHours(8)).AddTicks(7);

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Ids whose ordinal order differs from a linguistic collation's (case, punctuation).</summary>
    private static readonly string[] TrickyIds = ["ab", "a-c", "aB", "a_b", "Ab", "b", "ä"];

    [Fact]
    public async Task RoundTrip_Sqlite_ReadsBackEveryFieldAsWritten()
    {
        using var folder = new TempFolder();
        var store = Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"));

        Assert.Equal(Expected(), await RoundTripAsync(store));
    }

    [PostgresFact]
    public async Task RoundTrip_Postgres_ReadsBackExactlyWhatSqliteReadsBack()
    {
        using var folder = new TempFolder();
        await using var database = await PostgresDatabase.CreateAsync();

        var sqlite = await RoundTripAsync(Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db")));
        var postgres = await RoundTripAsync(Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString));

        Assert.Equal(Expected(), postgres);
        Assert.Equal(sqlite, postgres);
    }

    [Fact]
    public async Task OrderingAndKeysetPaging_Sqlite_AreOrdinal()
    {
        using var folder = new TempFolder();

        Assert.Equal(Ordinal(TrickyIds), await OrderedIdsAsync(Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db"))));
    }

    [PostgresFact]
    public async Task OrderingAndKeysetPaging_PostgresWithALinguisticDefaultCollation_AreOrdinalAsOnSqlite()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        Assert.Equal(Ordinal(TrickyIds), await OrderedIdsAsync(Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString)));
    }

    [Fact]
    public async Task PendingRequestIndex_Sqlite_RefusesASecondPendingTwin()
    {
        using var folder = new TempFolder();

        var e = await SecondPendingTwinAsync(Stores.Sqlite(StoreDefinition.Catalog, folder.File("catalog.db")));

        Assert.Equal(19, Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(e.InnerException).SqliteErrorCode); // SQLITE_CONSTRAINT
    }

    [PostgresFact]
    public async Task PendingRequestIndex_Postgres_RefusesASecondPendingTwin()
    {
        await using var database = await PostgresDatabase.CreateAsync();

        var e = await SecondPendingTwinAsync(Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString));

        var postgres = Assert.IsType<PostgresException>(e.InnerException);
        Assert.Equal(PostgresErrorCodes.UniqueViolation, postgres.SqlState);
        Assert.Equal("IX_access_requests_RequesterId_DatasetId_Purpose", postgres.ConstraintName);
    }

    [PostgresFact]
    public async Task Reader_Postgres_ReadsButCannotWrite()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        var writer = Stores.Postgres(StoreDefinition.Catalog, database.ConnectionString);
        await Stores.MigrateCatalogAsync(writer);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["ConnectionStrings:Catalog"] = database.ConnectionString,
        }).Build();
        var reader = StoreConnection.Resolve(configuration, StoreDefinition.Catalog, sqlitePath: null, readOnly: true);

        await using var db = Stores.Catalog(reader);
        Assert.Equal(0, await db.Agencies.CountAsync());
        db.Agencies.Add(Consumer());
        var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());

        Assert.Equal(PostgresErrorCodes.ReadOnlySqlTransaction, Assert.IsType<PostgresException>(e.InnerException).SqlState);
    }

    /// <summary>A pending twin is refused; a decided twin and a pending one for another purpose are not.</summary>
    private static async Task<DbUpdateException> SecondPendingTwinAsync(StoreConnection store)
    {
        await Stores.MigrateCatalogAsync(store);
        await using (var db = Stores.Catalog(store))
        {
            db.Agencies.AddRange(Consumer(), Provider());
            db.Datasets.Add(Dataset("household-registration"));
            var refused = Request("ar_1");
            refused.State = AccessRequestState.Refused;
            db.AccessRequests.AddRange(refused, Request("ar_2"), Request("ar_3", purpose: "social-insurance-eligibility"));
            await db.SaveChangesAsync();
        }

        await using (var db = Stores.Catalog(store))
        {
            db.AccessRequests.Add(Request("ar_4"));
            var e = await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
            await using var check = Stores.Catalog(store);
            Assert.Equal(["ar_1", "ar_2", "ar_3"], await check.AccessRequests.OrderBy(r => r.Id).Select(r => r.Id).ToListAsync());
            return e;
        }
    }

    private static async Task<List<string>> OrderedIdsAsync(StoreConnection store)
    {
        await Stores.MigrateCatalogAsync(store);
        await using var db = Stores.Catalog(store);
        db.Agencies.Add(Provider());
        db.Datasets.AddRange(TrickyIds.Select(Dataset));
        await db.SaveChangesAsync();

        // As the catalogue pages: ordered by id, the next page after the last id seen.
        var ordered = new List<string>();
        string? after = null;
        while (true)
        {
            var query = db.Datasets.AsNoTracking();
            if (after is not null)
            {
                query = query.Where(d => string.Compare(d.Id, after) > 0);
            }

            var page = await query.OrderBy(d => d.Id).Take(2).Select(d => d.Id).ToListAsync();
            if (page.Count == 0)
            {
                return ordered;
            }

            ordered.AddRange(page);
            after = page[^1];
        }
    }

    private static List<string> Ordinal(IEnumerable<string> ids) => [.. ids.Order(StringComparer.Ordinal)];

    private static async Task<string> RoundTripAsync(StoreConnection store)
    {
        await Stores.MigrateCatalogAsync(store);
        await using (var db = Stores.Catalog(store))
        {
            db.Agencies.AddRange(Consumer(), Provider());
            var dataset = Dataset("household-registration");
            dataset.Description = "户籍登记 — household registration; 'quotes', \"double\", back\\slash";
            dataset.SharingType = SharingType.Conditional;
            dataset.Classification = Classification.Important;
            dataset.UpdateFrequency = null;
            db.Datasets.Add(dataset);
            var decided = Request("ar_1");
            decided.State = AccessRequestState.Approved;
            decided.Reason = null;
            decided.DecidedBy = "sz-public-security";
            decided.DecidedAt = Applied.AddDays(2);
            decided.GrantId = "gr_1";
            db.AccessRequests.AddRange(decided, Request("ar_2", purpose: "social-insurance-eligibility", @case: null));
            db.Grants.AddRange(
                new Grant("gr_1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review", ["id_number", "name"], Applied.AddDays(200), Revoked: false)
                {
                    ProviderId = "sz-public-security",
                    RequestId = "ar_1",
                    GrantedAt = Applied.AddDays(2),
                },
                new Grant("gr_2", "household-registration", "sz-civil-affairs", "social-insurance-eligibility", [], Applied.AddDays(1), Revoked: true)
                {
                    ProviderId = "sz-public-security",
                    GrantedAt = Applied,
                    RevokedAt = Applied.AddHours(3),
                    ExpiryRecordedAt = Applied.AddDays(1).AddSeconds(30),
                });
            await db.SaveChangesAsync();
        }

        await using var read = Stores.Catalog(store);
        return Snapshot(
            await read.Agencies.AsNoTracking().OrderBy(a => a.Id).ToListAsync(),
            await read.Datasets.AsNoTracking().OrderBy(d => d.Id).ToListAsync(),
            await read.AccessRequests.AsNoTracking().OrderBy(r => r.Id).ToListAsync(),
            await read.Grants.AsNoTracking().OrderBy(g => g.Id).ToListAsync());
    }

    /// <summary>What the round trip must give: the objects written, with every time in UTC and cut to the microsecond.</summary>
    private static string Expected()
    {
        var decided = Request("ar_1", microseconds: true);
        decided.State = AccessRequestState.Approved;
        decided.DecidedBy = "sz-public-security";
        decided.DecidedAt = Microseconds(Applied.AddDays(2));
        decided.GrantId = "gr_1";
        var dataset = Dataset("household-registration");
        dataset.Description = "户籍登记 — household registration; 'quotes', \"double\", back\\slash";
        dataset.SharingType = SharingType.Conditional;
        dataset.Classification = Classification.Important;
        dataset.UpdateFrequency = null;
        dataset.RegisteredAt = Microseconds(Applied);
        dataset.UpdatedAt = Microseconds(Applied.AddMinutes(5));
        return Snapshot(
            [Consumer(), Provider()],
            [dataset],
            [decided, Request("ar_2", purpose: "social-insurance-eligibility", @case: null, microseconds: true)],
            [
                new Grant("gr_1", "household-registration", "sz-civil-affairs", "subsistence-allowance-review", ["id_number", "name"], Microseconds(Applied.AddDays(200)), false)
                {
                    ProviderId = "sz-public-security",
                    RequestId = "ar_1",
                    GrantedAt = Microseconds(Applied.AddDays(2)),
                },
                new Grant("gr_2", "household-registration", "sz-civil-affairs", "social-insurance-eligibility", [], Microseconds(Applied.AddDays(1)), true)
                {
                    ProviderId = "sz-public-security",
                    GrantedAt = Microseconds(Applied),
                    RevokedAt = Microseconds(Applied.AddHours(3)),
                    ExpiryRecordedAt = Microseconds(Applied.AddDays(1).AddSeconds(30)),
                },
            ]);
    }

    private static DateTimeOffset Microseconds(DateTimeOffset time) =>
        new(time.UtcTicks - (time.UtcTicks % 10), TimeSpan.Zero);

    private static string Snapshot(List<Agency> agencies, List<Dataset> datasets, List<AccessRequest> requests, List<Grant> grants) =>
        JsonSerializer.Serialize(new
        {
            agencies = agencies.Select(a => new { a.Id, a.Name, a.Region, a.Roles }),
            datasets = datasets.Select(d => new
            {
                d.Id, d.Title, d.Description, d.ProviderId, d.Region, SourceUrl = d.SourceUrl.AbsoluteUri, d.SharingType, d.Classification,
                d.UpdateFrequency, RegisteredAt = Time(d.RegisteredAt), UpdatedAt = Time(d.UpdatedAt),
            }),
            requests = requests.Select(r => new
            {
                r.Id, r.DatasetId, r.RequesterId, r.ProviderId, r.Purpose, r.Fields, r.Justification, r.Case, RequestedUntil = Time(r.RequestedUntil),
                CreatedAt = Time(r.CreatedAt), Deadline = Time(r.Deadline), r.State, r.Reason, r.DecidedBy, DecidedAt = Time(r.DecidedAt), r.GrantId,
            }),
            grants = grants.Select(g => new
            {
                g.Id, g.DatasetId, g.ConsumerId, g.ProviderId, g.Purpose, g.Fields, Until = Time(g.Until), g.Revoked, g.RequestId,
                GrantedAt = Time(g.GrantedAt), RevokedAt = Time(g.RevokedAt), ExpiryRecordedAt = Time(g.ExpiryRecordedAt),
            }),
        }, Json);

    /// <summary>The instant and the offset, to the tick: a store that kept less, or more, shows here.</summary>
    private static string? Time(DateTimeOffset? time) => time?.ToString("O", CultureInfo.InvariantCulture);

    private static Agency Consumer() => new() { Id = "sz-civil-affairs", Name = "深圳市民政局", Region = "440300", Roles = ["consumer"] };

    private static Agency Provider() => new() { Id = "sz-public-security", Name = "深圳市公安局", Region = "440300", Roles = ["provider", "consumer"] };

    private static Dataset Dataset(string id) => new()
    {
        Id = id,
        Title = "Household registration " + id,
        ProviderId = "sz-public-security",
        Region = "440300",
        SourceUrl = new Uri("http://10.20.30.40:8443/household/"),
        UpdateFrequency = "daily",
        RegisteredAt = Applied,
        UpdatedAt = Applied.AddMinutes(5),
    };

    private static AccessRequest Request(string id, string purpose = "subsistence-allowance-review", string? @case = "MZ-2026-0042", bool microseconds = false)
    {
        var at = microseconds ? Microseconds(Applied) : Applied;
        return new AccessRequest
        {
            Id = id,
            DatasetId = "household-registration",
            RequesterId = "sz-civil-affairs",
            ProviderId = "sz-public-security",
            Purpose = purpose,
            Fields = ["id_number", "name", "address"],
            Justification = "Household composition for the 2026 review",
            Case = @case,
            RequestedUntil = microseconds ? Microseconds(Applied.AddDays(200)) : Applied.AddDays(200),
            CreatedAt = at,
            Deadline = microseconds ? Microseconds(Applied.AddDays(7)) : Applied.AddDays(7),
        };
    }
}
