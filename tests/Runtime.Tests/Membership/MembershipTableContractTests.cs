using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>The behaviour every <see cref="IMembershipTable"/> shares; each table's test class derives from this.</summary>
/// <remarks>
/// Every test works in a cluster id of its own, so tables whose store other tests share see only the test's rows.
/// <see cref="CreateTableAsync"/> must return a new table object over the same store each call (a new connection
/// pool for the SQL tables), which is how tests stand in for several silos.
/// </remarks>
public abstract partial class MembershipTableContractTests : IAsyncLifetime
{
    // Microsecond precision on purpose: every table keeps it (PostgreSQL keeps no finer).
    protected static readonly DateTime Start = new DateTime(2026, 3, 1, 12, 30, 15, DateTimeKind.Utc).AddTicks(1_234_560);

    readonly List<IMembershipTable> tables = [];
    IMembershipTable? table;

    protected string ClusterId { get; } = "cluster-" + Guid.NewGuid().ToString("N");

    protected IMembershipTable Table => table ?? throw new InvalidOperationException("InitializeAsync has not run.");

    /// <summary>Creates a table object of <paramref name="clusterId"/> over the test class's store.</summary>
    protected abstract Task<IMembershipTable> CreateTableAsync(string clusterId);

    public virtual async Task InitializeAsync() => table = await NewTableAsync(ClusterId);

    public virtual async Task DisposeAsync()
    {
        foreach (var created in tables)
        {
            if (created is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
        }
    }

    /// <summary>A new, initialized table object (a silo of its own), disposed with the test.</summary>
    protected async Task<IMembershipTable> NewTableAsync(string clusterId)
    {
        var created = await CreateTableAsync(clusterId);
        tables.Add(created);
        await created.InitializeAsync(CancellationToken.None);
        return created;
    }

    protected static SiloAddress Address(int port, int generation = 1000) => new("10.0.0.7", port, generation);

    protected static MembershipEntry Entry(SiloAddress address, SiloStatus status = SiloStatus.Joining, string name = "silo") => new()
    {
        SiloAddress = address,
        SiloName = name,
        HostName = "node-1",
        Status = status,
        GatewayPort = 30000,
        StartTime = Start,
        IAmAliveTime = Start.AddSeconds(1),
    };

    /// <summary>Inserts <paramref name="entry"/> at the current version and asserts it won.</summary>
    protected async Task<(MembershipTableData Before, MembershipTableData After)> InsertAsync(MembershipEntry entry, IMembershipTable? into = null)
    {
        var target = into ?? Table;
        var before = await target.ReadAllAsync();
        Assert.True(await target.InsertRowAsync(entry, before.Version.Next()));
        return (before, await target.ReadAllAsync());
    }

    protected static (MembershipEntry Entry, string ETag) Row(MembershipTableData data, SiloAddress address) =>
        data.TryGet(address, out var entry, out var eTag) ? (entry, eTag) : throw new Xunit.Sdk.XunitException($"No row for {address}.");

    [Fact]
    public async Task A_new_cluster_reads_no_rows_at_version_zero()
    {
        var data = await Table.ReadAllAsync();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.ETag));
    }

    [Fact]
    public async Task An_inserted_row_reads_back_equal_with_an_etag_and_the_version_bumped()
    {
        var entry = Entry(Address(11111));

        var (before, after) = await InsertAsync(entry);

        var (read, eTag) = Assert.Single(after.Members);
        Assert.Equal(entry, read);
        Assert.Equal(DateTimeKind.Utc, read.StartTime.Kind);
        Assert.Equal(DateTimeKind.Utc, read.IAmAliveTime.Kind);
        Assert.False(string.IsNullOrEmpty(eTag));
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(before.Version.ETag, after.Version.ETag);

        var row = await Table.ReadRowAsync(entry.SiloAddress);
        Assert.Equal((entry, eTag), Assert.Single(row.Members));
        Assert.Equal(after.Version, row.Version);
    }

    [Fact]
    public async Task Reading_the_row_of_an_absent_silo_gives_no_row_and_the_version()
    {
        var (_, after) = await InsertAsync(Entry(Address(11111)));

        var row = await Table.ReadRowAsync(Address(11112));

        Assert.Empty(row.Members);
        Assert.Equal(after.Version, row.Version);
    }

    [Fact]
    public async Task An_insert_from_a_stale_read_fails_and_changes_nothing()
    {
        var (before, after) = await InsertAsync(Entry(Address(11111)));

        Assert.False(await Table.InsertRowAsync(Entry(Address(11112)), before.Version.Next()));

        Assert.Equal(after, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task An_insert_whose_version_number_or_etag_differs_from_the_stored_ones_fails()
    {
        var (_, after) = await InsertAsync(Entry(Address(11111)));
        var newcomer = Entry(Address(11112));

        Assert.False(await Table.InsertRowAsync(newcomer, new TableVersion(after.Version.Version + 2, after.Version.ETag)));
        Assert.False(await Table.InsertRowAsync(newcomer, new TableVersion(after.Version.Version, after.Version.ETag)));
        Assert.False(await Table.InsertRowAsync(newcomer, new TableVersion(after.Version.Version + 1, "not-the-etag")));

        Assert.Equal(after, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Inserting_an_address_that_has_a_row_fails_even_at_the_right_version()
    {
        var first = Entry(Address(11111), name: "first");
        var (_, after) = await InsertAsync(first);

        Assert.False(await Table.InsertRowAsync(first with { SiloName = "second" }, after.Version.Next()));

        var now = await Table.ReadAllAsync();
        Assert.Equal(after, now);
        Assert.Equal("first", Row(now, first.SiloAddress).Entry.SiloName);
    }

    [Fact]
    public async Task A_restarted_silo_on_the_same_endpoint_is_a_row_of_its_own()
    {
        var old = Entry(new SiloAddress("10.0.0.7", 11111, 1000), SiloStatus.Dead);
        var restarted = Entry(new SiloAddress("10.0.0.7", 11111, 1001));
        await InsertAsync(old);

        var (_, after) = await InsertAsync(restarted);

        Assert.Equal(new[] { old.SiloAddress, restarted.SiloAddress }, after.Members.Select(m => m.Entry.SiloAddress));
        Assert.Equal(SiloStatus.Dead, Row(after, old.SiloAddress).Entry.Status);
    }

    [Fact]
    public async Task Rows_read_back_ordered_by_address()
    {
        foreach (var port in new[] { 30003, 30001, 30002 })
        {
            await InsertAsync(Entry(Address(port)));
        }

        var data = await Table.ReadAllAsync();

        Assert.Equal(new[] { 30001, 30002, 30003 }, data.Members.Select(m => m.Entry.SiloAddress.Port));
    }

    [Fact]
    public async Task An_update_replaces_the_row_and_changes_its_etag_and_the_version()
    {
        var entry = Entry(Address(11111));
        var (_, after) = await InsertAsync(entry);
        var (_, eTag) = Row(after, entry.SiloAddress);
        var active = entry with
        {
            Status = SiloStatus.Active,
            GatewayPort = 0,
            IAmAliveTime = Start.AddMinutes(1),
            SuspectTimes = [new SuspectVote(Address(22222), Start.AddSeconds(30))],
        };

        Assert.True(await Table.UpdateRowAsync(active, eTag, after.Version.Next()));

        var now = await Table.ReadAllAsync();
        var (read, newETag) = Row(now, entry.SiloAddress);
        Assert.Equal(active, read);
        Assert.NotEqual(eTag, newETag);
        Assert.Equal(after.Version.Version + 1, now.Version.Version);
        Assert.NotEqual(after.Version.ETag, now.Version.ETag);
    }

    [Fact]
    public async Task An_update_with_a_stale_row_etag_fails_and_changes_nothing()
    {
        var entry = Entry(Address(11111));
        var (_, first) = await InsertAsync(entry);
        var staleETag = Row(first, entry.SiloAddress).ETag;
        Assert.True(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, staleETag, first.Version.Next()));
        var second = await Table.ReadAllAsync();

        Assert.False(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, staleETag, second.Version.Next()));

        var now = await Table.ReadAllAsync();
        Assert.Equal(second, now);
        Assert.Equal(SiloStatus.Active, Row(now, entry.SiloAddress).Entry.Status);
    }

    [Fact]
    public async Task An_update_with_a_stale_table_version_fails_and_changes_nothing()
    {
        var entry = Entry(Address(11111));
        var (_, first) = await InsertAsync(entry);
        var eTag = Row(first, entry.SiloAddress).ETag;
        await InsertAsync(Entry(Address(11112)));
        var second = await Table.ReadAllAsync();

        Assert.False(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Dead }, eTag, first.Version.Next()));

        Assert.Equal(second, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Updating_a_silo_that_has_no_row_fails_and_leaves_the_version()
    {
        var before = await Table.ReadAllAsync();

        Assert.False(await Table.UpdateRowAsync(Entry(Address(11111)), "any-etag", before.Version.Next()));

        Assert.Equal(before, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Invalid_arguments_are_rejected_before_the_store_is_touched()
    {
        var before = await Table.ReadAllAsync();
        var entry = Entry(Address(11111));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Table.InsertRowAsync(entry, new TableVersion(0, before.Version.ETag)));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Table.InsertRowAsync(entry with { Status = (SiloStatus)42 }, before.Version.Next()));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Table.InsertRowAsync(entry with { GatewayPort = 70000 }, before.Version.Next()));
        await Assert.ThrowsAsync<ArgumentNullException>(() => Table.UpdateRowAsync(entry, null!, before.Version.Next()));

        Assert.Equal(before, await Table.ReadAllAsync());
    }
}
