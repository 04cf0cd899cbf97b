using System.Globalization;
using Orleans;
using Orleans.Messaging;
using Orleans.Runtime;

namespace BigDL.TestHost;

/// <summary>
/// A membership table several in-process silo hosts share, as silos share a database in production, so tests can run
/// real-TCP clusters with per-silo settings (which Orleans.TestingHost's in-memory transport cannot).
/// </summary>
/// <remarks>Register the same instance in every silo host as <see cref="IMembershipTable"/>; clients use <see cref="IGatewayListProvider"/>.</remarks>
public sealed class SharedMembershipTable : IMembershipTable, IGatewayListProvider
{
    readonly Lock gate = new();
    readonly Dictionary<SiloAddress, (MembershipEntry Entry, string ETag)> rows = [];
    TableVersion version;
    long etags;

    /// <summary>Creates an empty table.</summary>
    public SharedMembershipTable() => version = new TableVersion(0, NextETag());

    public TimeSpan MaxStaleness => TimeSpan.Zero;

    public bool IsUpdatable => true;

    /// <summary>Gets the status the table holds for <paramref name="silo"/>, or <see cref="SiloStatus.None"/>.</summary>
    public SiloStatus StatusOf(SiloAddress silo)
    {
        lock (gate)
        {
            return rows.TryGetValue(silo, out var row) ? row.Entry.Status : SiloStatus.None;
        }
    }

    /// <summary>Gets the silos the table lists with <paramref name="status"/>.</summary>
    public IReadOnlyList<SiloAddress> SilosWith(SiloStatus status)
    {
        lock (gate)
        {
            return [.. rows.Values.Where(r => r.Entry.Status == status).Select(r => r.Entry.SiloAddress)];
        }
    }

    public Task InitializeMembershipTable(bool tryInitTableVersion) => Task.CompletedTask;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public Task DeleteMembershipTableEntries(string clusterId)
    {
        lock (gate)
        {
            rows.Clear();
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntries(DateTimeOffset beforeDate)
    {
        lock (gate)
        {
            foreach (var (silo, row) in rows.ToList())
            {
                if (row.Entry.Status != SiloStatus.Active && row.Entry.IAmAliveTime < beforeDate.UtcDateTime && row.Entry.StartTime < beforeDate.UtcDateTime)
                {
                    rows.Remove(silo);
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<MembershipTableData> ReadRow(SiloAddress key)
    {
        lock (gate)
        {
            return Task.FromResult(rows.TryGetValue(key, out var row)
                ? new MembershipTableData(Tuple.Create(Copy(row.Entry), row.ETag), version)
                : new MembershipTableData(version));
        }
    }

    public Task<MembershipTableData> ReadAll()
    {
        lock (gate)
        {
            return Task.FromResult(new MembershipTableData([.. rows.Values.Select(r => Tuple.Create(Copy(r.Entry), r.ETag))], version));
        }
    }

    public Task<bool> InsertRow(MembershipEntry entry, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (gate)
        {
            if (rows.ContainsKey(entry.SiloAddress) || tableVersion.VersionEtag != version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            rows[entry.SiloAddress] = (Copy(entry), NextETag());
            version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRow(MembershipEntry entry, string etag, TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(tableVersion);
        lock (gate)
        {
            if (!rows.TryGetValue(entry.SiloAddress, out var row) || row.ETag != etag || tableVersion.VersionEtag != version.VersionEtag)
            {
                return Task.FromResult(false);
            }

            rows[entry.SiloAddress] = (Copy(entry), NextETag());
            version = new TableVersion(tableVersion.Version, NextETag());
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAlive(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (gate)
        {
            if (rows.TryGetValue(entry.SiloAddress, out var row))
            {
                var updated = Copy(row.Entry);
                updated.IAmAliveTime = entry.IAmAliveTime;
                rows[entry.SiloAddress] = (updated, NextETag());
            }
        }

        return Task.CompletedTask;
    }

    public Task<IList<Uri>> GetGateways()
    {
        lock (gate)
        {
            IList<Uri> gateways = [.. rows.Values
                .Where(r => r.Entry.Status == SiloStatus.Active && r.Entry.ProxyPort != 0)
                .Select(r => SiloAddress.New(r.Entry.SiloAddress.Endpoint.Address, r.Entry.ProxyPort, r.Entry.SiloAddress.Generation).ToGatewayUri())];
            return Task.FromResult(gateways);
        }
    }

    string NextETag() => (etags++).ToString(CultureInfo.InvariantCulture);

    // The table hands out copies, as a database would: a silo mutating what it read must not change the stored row.
    static MembershipEntry Copy(MembershipEntry e) => new()
    {
        SiloAddress = e.SiloAddress,
        Status = e.Status,
        SuspectTimes = e.SuspectTimes is null ? null : [.. e.SuspectTimes],
        ProxyPort = e.ProxyPort,
        HostName = e.HostName,
        SiloName = e.SiloName,
        RoleName = e.RoleName,
        UpdateZone = e.UpdateZone,
        FaultZone = e.FaultZone,
        StartTime = e.StartTime,
        IAmAliveTime = e.IAmAliveTime,
    };
}
