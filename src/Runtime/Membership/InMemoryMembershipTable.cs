using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Membership;

/// <summary>A membership table in process memory, shared by the silos of one process (tests and single-process demos).</summary>
/// <remarks>
/// Give every silo of a cluster the same instance (or views of one store made by <see cref="ForCluster"/>). Each call
/// runs under one lock, so every conditional write is atomic. Entries are stored as the SQL tables store them (UTC,
/// whole microseconds), so tests see the same values from every table.
/// </remarks>
public sealed class InMemoryMembershipTable : IMembershipTable, IStorageInitializer
{
    readonly Store store;

    /// <summary>Creates an empty store and a table of <paramref name="clusterId"/> over it.</summary>
    public InMemoryMembershipTable(string clusterId) : this(MembershipRows.CheckClusterId(clusterId), new Store())
    {
    }

    InMemoryMembershipTable(string clusterId, Store store)
    {
        ClusterId = clusterId;
        this.store = store;
    }

    /// <inheritdoc />
    public string ClusterId { get; }

    /// <summary>Returns a table of another cluster over the same store, as two clusters could share one database.</summary>
    public InMemoryMembershipTable ForCluster(string clusterId) => new(MembershipRows.CheckClusterId(clusterId), store);

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken)
    {
        lock (store.Gate)
        {
            if (!store.Clusters.ContainsKey(ClusterId))
            {
                store.Clusters[ClusterId] = new Cluster();
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<MembershipTableData> ReadAllAsync() => Task.FromResult(Read(address: null));

    /// <inheritdoc />
    public Task<MembershipTableData> ReadRowAsync(SiloAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return Task.FromResult(Read(address));
    }

    /// <inheritdoc />
    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion newVersion)
    {
        var stored = MembershipRows.Validate(entry);
        MembershipRows.Validate(newVersion);
        lock (store.Gate)
        {
            if (!store.Clusters.TryGetValue(ClusterId, out var cluster) || !cluster.Matches(newVersion) || cluster.Rows.ContainsKey(stored.SiloAddress))
            {
                return Task.FromResult(false);
            }

            cluster.Rows[stored.SiloAddress] = (stored, ETag.New());
            cluster.Bump(newVersion);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task<bool> UpdateRowAsync(MembershipEntry entry, string rowETag, TableVersion newVersion)
    {
        var stored = MembershipRows.Validate(entry);
        ArgumentNullException.ThrowIfNull(rowETag);
        MembershipRows.Validate(newVersion);
        lock (store.Gate)
        {
            if (!store.Clusters.TryGetValue(ClusterId, out var cluster) || !cluster.Matches(newVersion) ||
                !cluster.Rows.TryGetValue(stored.SiloAddress, out var row) || row.ETag != rowETag)
            {
                return Task.FromResult(false);
            }

            cluster.Rows[stored.SiloAddress] = (stored, ETag.New());
            cluster.Bump(newVersion);
            return Task.FromResult(true);
        }
    }

    /// <inheritdoc />
    public Task UpdateIAmAliveAsync(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.SiloAddress, nameof(entry));
        var time = MembershipRows.ToStoredTime(entry.IAmAliveTime);
        lock (store.Gate)
        {
            if (store.Clusters.TryGetValue(ClusterId, out var cluster) && cluster.Rows.TryGetValue(entry.SiloAddress, out var row))
            {
                cluster.Rows[entry.SiloAddress] = (row.Entry with { IAmAliveTime = time }, row.ETag);
            }
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<int> CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate)
    {
        var before = beforeDate.UtcDateTime;
        lock (store.Gate)
        {
            if (!store.Clusters.TryGetValue(ClusterId, out var cluster))
            {
                return Task.FromResult(0);
            }

            var defunct = cluster.Rows.Values
                .Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < before)
                .Select(r => r.Entry.SiloAddress)
                .ToList();
            defunct.ForEach(address => cluster.Rows.Remove(address));
            return Task.FromResult(defunct.Count);
        }
    }

    /// <inheritdoc />
    public Task DeleteMembershipTableEntriesAsync(string clusterId)
    {
        ArgumentNullException.ThrowIfNull(clusterId);
        lock (store.Gate)
        {
            store.Clusters.Remove(clusterId);
        }

        return Task.CompletedTask;
    }

    MembershipTableData Read(SiloAddress? address)
    {
        lock (store.Gate)
        {
            if (!store.Clusters.TryGetValue(ClusterId, out var cluster))
            {
                return new MembershipTableData([], MembershipRows.Missing);
            }

            var members = cluster.Rows.Values
                .Where(r => address is null || r.Entry.SiloAddress == address)
                .OrderBy(r => r.Entry.SiloAddress)
                .ToList();
            return new MembershipTableData(members, new TableVersion(cluster.Version, cluster.ETag));
        }
    }

    /// <summary>The clusters of one store; one lock guards them all.</summary>
    sealed class Store
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, Cluster> Clusters { get; } = new(StringComparer.Ordinal);
    }

    /// <summary>One cluster's version and rows. Stored entries are immutable records, so reads hand them out without copying.</summary>
    sealed class Cluster
    {
        public int Version { get; private set; }

        public string ETag { get; private set; } = Storage.ETag.New();

        public Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> Rows { get; } = [];

        public bool Matches(TableVersion newVersion) => Version == newVersion.Version - 1 && ETag == newVersion.ETag;

        public void Bump(TableVersion newVersion)
        {
            Version = newVersion.Version;
            ETag = Storage.ETag.New();
        }
    }
}
