using BigDL.Orleans.Membership;

namespace BigDL.Orleans.Runtime.Tests.Membership;

/// <summary>Heartbeats, suspicions, times, cleanup, clusters and restarts.</summary>
public abstract partial class MembershipTableContractTests
{
    [Fact]
    public async Task IAmAlive_writes_only_the_heartbeat_and_changes_no_etag_or_version()
    {
        var entry = Entry(Address(11111));
        var (_, before) = await InsertAsync(entry);
        var eTag = Row(before, entry.SiloAddress).ETag;
        var beat = Start.AddMinutes(3);

        await Table.UpdateIAmAliveAsync(entry with { IAmAliveTime = beat, Status = SiloStatus.Dead, SiloName = "ignored" });

        var after = await Table.ReadAllAsync();
        Assert.Equal((entry with { IAmAliveTime = beat }, eTag), Assert.Single(after.Members));
        Assert.Equal(before.Version, after.Version);
        // The row ETag is unchanged, so a decision based on the read before the heartbeat still lands.
        Assert.True(await Table.UpdateRowAsync(entry with { Status = SiloStatus.Active }, eTag, after.Version.Next()));
    }

    [Fact]
    public async Task IAmAlive_of_a_silo_without_a_row_adds_none()
    {
        var before = await Table.ReadAllAsync();

        await Table.UpdateIAmAliveAsync(Entry(Address(11111)));

        Assert.Equal(before, await Table.ReadAllAsync());
    }

    [Fact]
    public async Task Suspicions_round_trip_in_order()
    {
        SuspectVote[] votes =
        [
            new(Address(22222), Start.AddSeconds(5)),
            new(new SiloAddress("::1", 22223, 7), Start.AddSeconds(3)),
            new(new SiloAddress("silo-c.example", 22224, -2), Start.AddSeconds(9)),
        ];
        var entry = Entry(Address(11111)) with { SuspectTimes = votes };

        var (_, after) = await InsertAsync(entry);

        Assert.Equal<SuspectVote>(votes, Row(after, entry.SiloAddress).Entry.SuspectTimes);
    }

    [Fact]
    public async Task Times_read_back_in_utc_to_the_microsecond()
    {
        var local = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Local).AddTicks(1_234_567);
        var unspecified = new DateTime(2026, 5, 6, 7, 8, 9, DateTimeKind.Unspecified).AddTicks(7_654_321);
        var entry = Entry(Address(11111)) with
        {
            StartTime = local,
            IAmAliveTime = unspecified,
            SuspectTimes = [new SuspectVote(Address(22222), unspecified)],
        };

        var (_, after) = await InsertAsync(entry);

        var read = Row(after, entry.SiloAddress).Entry;
        Assert.Equal(local.ToUniversalTime().AddTicks(-7), read.StartTime);
        Assert.Equal(DateTime.SpecifyKind(unspecified.AddTicks(-1), DateTimeKind.Utc), read.IAmAliveTime);
        Assert.Equal(read.IAmAliveTime, Assert.Single(read.SuspectTimes).At);
        Assert.All(new[] { read.StartTime, read.IAmAliveTime, read.SuspectTimes[0].At }, t => Assert.Equal(DateTimeKind.Utc, t.Kind));
    }

    [Fact]
    public async Task Cleanup_deletes_only_dead_rows_whose_heartbeat_is_before_the_date()
    {
        var cutoff = new DateTimeOffset(Start.AddHours(1));
        var deadOld = Entry(Address(1), SiloStatus.Dead) with { IAmAliveTime = Start };
        var deadAtCutoff = Entry(Address(2), SiloStatus.Dead) with { IAmAliveTime = cutoff.UtcDateTime };
        var deadNew = Entry(Address(3), SiloStatus.Dead) with { IAmAliveTime = Start.AddHours(2) };
        var activeOld = Entry(Address(4), SiloStatus.Active) with { IAmAliveTime = Start };
        var stoppingOld = Entry(Address(5), SiloStatus.ShuttingDown) with { IAmAliveTime = Start };
        foreach (var entry in new[] { deadOld, deadAtCutoff, deadNew, activeOld, stoppingOld })
        {
            await InsertAsync(entry);
        }

        var before = await Table.ReadAllAsync();

        Assert.Equal(1, await Table.CleanupDefunctSiloEntriesAsync(cutoff));

        var after = await Table.ReadAllAsync();
        Assert.Equal(new[] { Address(2), Address(3), Address(4), Address(5) }, after.Members.Select(m => m.Entry.SiloAddress));
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(0, await Table.CleanupDefunctSiloEntriesAsync(cutoff));
    }

    [Fact]
    public async Task Clusters_sharing_a_store_see_only_their_own_rows_and_version()
    {
        var otherCluster = ClusterId + "-other";
        var other = await NewTableAsync(otherCluster);
        var (_, mine) = await InsertAsync(Entry(Address(11111)));

        var theirs = await other.ReadAllAsync();
        Assert.Empty(theirs.Members);
        Assert.Equal(0, theirs.Version.Version);
        await InsertAsync(Entry(Address(22222)), into: other);
        await InsertAsync(Entry(Address(33333)), into: other);

        Assert.Equal(mine, await Table.ReadAllAsync());
        Assert.Equal(otherCluster, other.ClusterId);
        Assert.Equal(2, (await other.ReadAllAsync()).Members.Count);
    }

    [Fact]
    public async Task Deleting_a_cluster_removes_its_rows_and_version_and_leaves_other_clusters()
    {
        var other = await NewTableAsync(ClusterId + "-other");
        var (_, theirs) = await InsertAsync(Entry(Address(22222)), into: other);
        await InsertAsync(Entry(Address(11111)));

        await Table.DeleteMembershipTableEntriesAsync(ClusterId);

        var gone = await Table.ReadAllAsync();
        Assert.Empty(gone.Members);
        Assert.Equal(new TableVersion(0, string.Empty), gone.Version);
        Assert.False(await Table.InsertRowAsync(Entry(Address(11111)), gone.Version.Next()));
        Assert.Equal(theirs, await other.ReadAllAsync());
    }

    [Fact]
    public async Task Initializing_again_after_a_delete_starts_the_cluster_afresh()
    {
        var (_, old) = await InsertAsync(Entry(Address(11111)));
        await Table.DeleteMembershipTableEntriesAsync(ClusterId);

        await Table.InitializeAsync(CancellationToken.None);

        var fresh = await Table.ReadAllAsync();
        Assert.Empty(fresh.Members);
        Assert.Equal(0, fresh.Version.Version);
        Assert.NotEqual(old.Version.ETag, fresh.Version.ETag);
        await InsertAsync(Entry(Address(11111)));
    }

    [Fact]
    public async Task Rows_and_version_survive_a_new_table_object_and_its_initialization()
    {
        var entry = Entry(Address(11111));
        var (_, before) = await InsertAsync(entry);

        var restarted = await NewTableAsync(ClusterId);

        var read = await restarted.ReadAllAsync();
        Assert.Equal(before, read);
        Assert.True(await restarted.UpdateRowAsync(entry with { Status = SiloStatus.Active }, Row(read, entry.SiloAddress).ETag, read.Version.Next()));
        Assert.Equal(SiloStatus.Active, Row(await Table.ReadAllAsync(), entry.SiloAddress).Entry.Status);
    }
}
