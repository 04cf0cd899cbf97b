using BigDL.Storage.Clustering;
using BigDL.Storage.Sql;
using BigDL.Storage.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace BigDL.Storage.Tests.Clustering;

/// <summary>Orleans' membership protocol, checked against every store: one subclass per store runs each case.</summary>
/// <remarks>Each case uses a cluster id of its own, so cases share the fixture's database without meeting.</remarks>
public abstract class MembershipTableContract<TFixture>(TFixture fixture) : IClassFixture<TFixture>
    where TFixture : class, IStoreFixture
{
    internal SqlMembershipTable NewTable(string? clusterId = null) =>
        new(fixture.Open(), clusterId ?? Entries.NewId("cluster"), NullLogger<SqlMembershipTable>.Instance);

    async Task<SqlMembershipTable> InitializedTable(string? clusterId = null)
    {
        var table = NewTable(clusterId);
        await table.InitializeMembershipTable(tryInitTableVersion: true);
        return table;
    }

    [Fact]
    public async Task A_new_cluster_reads_no_rows_at_version_zero()
    {
        var table = await InitializedTable();
        var data = await table.ReadAll();
        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
        Assert.False(string.IsNullOrEmpty(data.Version.VersionEtag));
    }

    [Fact]
    public async Task An_inserted_row_reads_back_equal_with_an_etag_and_the_version_bumped()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        entry.SuspectTimes = [Tuple.Create(Entries.NewSilo(), DateTime.UtcNow)];
        var before = await table.ReadAll();

        Assert.True(await table.InsertRow(entry, before.Version.Next()));

        var after = await table.ReadAll();
        Assert.Equal(1, after.Version.Version);
        Assert.NotEqual(before.Version.VersionEtag, after.Version.VersionEtag);
        var (read, etag) = Assert.Single(after.Members);
        Assert.False(string.IsNullOrEmpty(etag));
        Assert.Equal(entry.SiloAddress, read.SiloAddress);
        Assert.Equal((entry.SiloName, entry.HostName, entry.RoleName, entry.UpdateZone, entry.FaultZone, entry.Status, entry.ProxyPort),
            (read.SiloName, read.HostName, read.RoleName, read.UpdateZone, read.FaultZone, read.Status, read.ProxyPort));
        Assert.Equal(StoredTime.Of(entry.StartTime), read.StartTime);
        Assert.Equal(StoredTime.Of(entry.IAmAliveTime), read.IAmAliveTime);
        Assert.Equal(DateTimeKind.Utc, read.IAmAliveTime.Kind);
        var (suspecter, at) = Assert.Single(read.SuspectTimes!);
        Assert.Equal(entry.SuspectTimes[0].Item1, suspecter);
        Assert.Equal(StoredTime.Of(entry.SuspectTimes[0].Item2), at);
    }

    [Fact]
    public async Task Insert_with_a_stale_table_version_is_refused_and_changes_nothing()
    {
        var table = await InitializedTable();
        var stale = (await table.ReadAll()).Version;
        Assert.True(await table.InsertRow(Entries.Silo(), stale.Next()));

        Assert.False(await table.InsertRow(Entries.Silo(), stale.Next()));

        var data = await table.ReadAll();
        Assert.Single(data.Members);
        Assert.Equal(1, data.Version.Version);
    }

    [Fact]
    public async Task Insert_whose_version_etag_differs_from_the_stored_one_is_refused()
    {
        var table = await InitializedTable();
        var version = (await table.ReadAll()).Version;

        Assert.False(await table.InsertRow(Entries.Silo(), new TableVersion(version.Version + 1, "not-the-etag")));
        Assert.False(await table.InsertRow(Entries.Silo(), new TableVersion(version.Version + 2, version.VersionEtag)));

        Assert.Empty((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task Inserting_an_address_that_has_a_row_is_refused_even_at_the_right_version()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var current = await table.ReadAll();

        Assert.False(await table.InsertRow(Entries.Silo(entry.SiloAddress), current.Version.Next()));

        Assert.Equal(current.Version, (await table.ReadAll()).Version); // the version bump was rolled back with the row
    }

    [Fact]
    public async Task A_restarted_silo_on_the_same_endpoint_is_a_row_of_its_own()
    {
        var table = await InitializedTable();
        var first = Entries.NewSilo(generation: 1);
        var restarted = SiloAddress.New(first.Endpoint, 2);
        Assert.True(await table.InsertRow(Entries.Silo(first), (await table.ReadAll()).Version.Next()));
        Assert.True(await table.InsertRow(Entries.Silo(restarted), (await table.ReadAll()).Version.Next()));

        Assert.Equal(2, (await table.ReadAll()).Members.Count);
        Assert.Equal(restarted, Assert.Single((await table.ReadRow(restarted)).Members).Item1.SiloAddress);
    }

    [Fact]
    public async Task An_update_replaces_the_row_and_changes_its_etag_and_the_version()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadRow(entry.SiloAddress);
        var etag = read.Members[0].Item2;
        entry.Status = SiloStatus.Active;

        Assert.True(await table.UpdateRow(entry, etag, read.Version.Next()));

        var after = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.NotEqual(etag, after.Members[0].Item2);
        Assert.Equal(read.Version.Version + 1, after.Version.Version);
    }

    [Fact]
    public async Task Update_with_a_stale_row_etag_is_refused_and_changes_nothing()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadRow(entry.SiloAddress);
        var staleEtag = read.Members[0].Item2;
        entry.Status = SiloStatus.Active;
        Assert.True(await table.UpdateRow(entry, staleEtag, read.Version.Next()));
        var current = await table.ReadRow(entry.SiloAddress);

        entry.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRow(entry, staleEtag, current.Version.Next()));

        var after = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(SiloStatus.Active, after.Members[0].Item1.Status);
        Assert.Equal(current.Version, after.Version);
    }

    [Fact]
    public async Task Update_with_a_stale_table_version_is_refused_and_changes_nothing()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var read = await table.ReadRow(entry.SiloAddress);
        Assert.True(await table.InsertRow(Entries.Silo(), read.Version.Next())); // another writer moves the version on

        entry.Status = SiloStatus.Active;
        Assert.False(await table.UpdateRow(entry, read.Members[0].Item2, read.Version.Next()));

        var after = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(SiloStatus.Joining, after.Members[0].Item1.Status);
        Assert.Equal(read.Members[0].Item2, after.Members[0].Item2);
    }

    [Fact]
    public async Task Updating_a_silo_that_has_no_row_is_refused_and_leaves_the_version()
    {
        var table = await InitializedTable();
        var version = (await table.ReadAll()).Version;

        Assert.False(await table.UpdateRow(Entries.Silo(), "no-such-etag", version.Next()));

        Assert.Equal(version, (await table.ReadAll()).Version);
    }

    [Fact]
    public async Task Of_concurrent_inserts_expecting_the_same_version_exactly_one_wins()
    {
        var clusterId = Entries.NewId("race");
        var table = await InitializedTable(clusterId);
        var version = (await table.ReadAll()).Version.Next();

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => NewTable(clusterId).InsertRow(Entries.Silo(), version))));

        Assert.Single(results, won => won);
        Assert.Single((await table.ReadAll()).Members);
    }

    [Fact]
    public async Task IAmAlive_writes_only_the_heartbeat_and_changes_no_etag_or_version()
    {
        var table = await InitializedTable();
        var entry = Entries.Silo();
        Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        var before = await table.ReadRow(entry.SiloAddress);
        var heartbeat = entry.IAmAliveTime.AddMinutes(5);
        entry.IAmAliveTime = heartbeat;
        entry.Status = SiloStatus.Dead; // must not be written

        await table.UpdateIAmAlive(entry);

        var after = await table.ReadRow(entry.SiloAddress);
        Assert.Equal(StoredTime.Of(heartbeat), after.Members[0].Item1.IAmAliveTime);
        Assert.Equal(SiloStatus.Joining, after.Members[0].Item1.Status);
        Assert.Equal(before.Members[0].Item2, after.Members[0].Item2);
        Assert.Equal(before.Version, after.Version);
    }

    [Fact]
    public async Task Cleanup_deletes_only_rows_that_are_not_active_and_whose_heartbeat_is_before_the_date()
    {
        var table = await InitializedTable();
        var old = DateTime.UtcNow.AddDays(-10);
        var oldDead = Entries.Silo(status: SiloStatus.Dead);
        var oldJoining = Entries.Silo(status: SiloStatus.Joining);
        var oldActive = Entries.Silo(status: SiloStatus.Active);
        var recentDead = Entries.Silo(status: SiloStatus.Dead);
        foreach (var entry in new[] { oldDead, oldJoining, oldActive })
        {
            entry.IAmAliveTime = old;
        }

        foreach (var entry in new[] { oldDead, oldJoining, oldActive, recentDead })
        {
            Assert.True(await table.InsertRow(entry, (await table.ReadAll()).Version.Next()));
        }

        await table.CleanupDefunctSiloEntries(DateTimeOffset.UtcNow.AddDays(-1));

        var left = (await table.ReadAll()).Members.Select(m => m.Item1.SiloAddress).ToHashSet();
        Assert.Equal(new HashSet<SiloAddress> { oldActive.SiloAddress, recentDead.SiloAddress }, left);
    }

    [Fact]
    public async Task Clusters_sharing_a_store_see_only_their_own_rows_and_version()
    {
        var mine = await InitializedTable();
        var theirs = await InitializedTable();
        Assert.True(await theirs.InsertRow(Entries.Silo(), (await theirs.ReadAll()).Version.Next()));

        var data = await mine.ReadAll();

        Assert.Empty(data.Members);
        Assert.Equal(0, data.Version.Version);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_version_and_leaves_other_clusters()
    {
        var clusterId = Entries.NewId("doomed");
        var doomed = await InitializedTable(clusterId);
        var other = await InitializedTable();
        Assert.True(await doomed.InsertRow(Entries.Silo(), (await doomed.ReadAll()).Version.Next()));
        Assert.True(await other.InsertRow(Entries.Silo(), (await other.ReadAll()).Version.Next()));

        await other.DeleteMembershipTableEntries(clusterId);

        var gone = await doomed.ReadAll();
        Assert.Empty(gone.Members);
        Assert.Equal(string.Empty, gone.Version.VersionEtag); // no version row at all until initialized again
        Assert.Single((await other.ReadAll()).Members);
        await doomed.InitializeMembershipTable(tryInitTableVersion: true);
        Assert.True(await doomed.InsertRow(Entries.Silo(), (await doomed.ReadAll()).Version.Next()));
    }

    [Fact]
    public async Task Rows_and_version_survive_a_new_table_object_and_its_initialization()
    {
        var clusterId = Entries.NewId("cluster");
        var table = await InitializedTable(clusterId);
        Assert.True(await table.InsertRow(Entries.Silo(), (await table.ReadAll()).Version.Next()));
        var before = await table.ReadAll();

        var again = await InitializedTable(clusterId);

        var after = await again.ReadAll();
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.Members[0].Item2, Assert.Single(after.Members).Item2);
    }

    [Fact]
    public async Task Reading_the_row_of_an_absent_silo_gives_no_row_and_the_version()
    {
        var table = await InitializedTable();
        Assert.True(await table.InsertRow(Entries.Silo(), (await table.ReadAll()).Version.Next()));

        var data = await table.ReadRow(Entries.NewSilo());

        Assert.Empty(data.Members);
        Assert.Equal(1, data.Version.Version);
    }
}

public sealed class SqliteMembershipTableTests(SqliteStoreFixture fixture) : MembershipTableContract<SqliteStoreFixture>(fixture);

public sealed class PostgreSqlMembershipTableTests(PostgreSqlStoreFixture fixture) : MembershipTableContract<PostgreSqlStoreFixture>(fixture);
