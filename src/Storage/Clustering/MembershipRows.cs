using System.Data.Common;
using BigDL.Storage.Sql;

namespace BigDL.Storage.Clustering;

/// <summary>What the membership statements share: checks on arguments, the stored form of times, and reading rows back.</summary>
internal static class MembershipRows
{
    /// <summary>What reads report before the cluster's version row exists.</summary>
    public static TableVersion Missing => new(0, string.Empty);

    /// <summary>The member columns every read selects, in the order <see cref="ReadAsync"/> expects after the two version columns.</summary>
    public const string EntryColumns =
        "m.address, m.port, m.generation, m.silo_name, m.host_name, m.role_name, m.update_zone, m.fault_zone, m.status, m.proxy_port, " +
        "m.start_time, m.iamalive_time, m.suspect_times, m.etag";

    /// <summary>Rejects what no table could store.</summary>
    public static void Validate(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.SiloAddress, nameof(entry));
        if (!Enum.IsDefined(entry.Status))
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Status, $"The status of {entry.SiloAddress} is not a SiloStatus.");
        }

        if (entry.ProxyPort is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.ProxyPort, $"The proxy port of {entry.SiloAddress} is not a port number.");
        }
    }

    public static void Validate(TableVersion tableVersion)
    {
        ArgumentNullException.ThrowIfNull(tableVersion);
        ArgumentNullException.ThrowIfNull(tableVersion.VersionEtag, nameof(tableVersion));
        ArgumentOutOfRangeException.ThrowIfLessThan(tableVersion.Version, 1, nameof(tableVersion));
    }

    /// <summary>
    /// Reads <c>SELECT v.version, v.etag, {EntryColumns} FROM versions v LEFT JOIN silos m ...</c>: one statement, so
    /// the rows and the version come from one snapshot. No result row means no version row yet.
    /// </summary>
    public static async Task<MembershipTableData> ReadAsync(DbDataReader reader, SqlStore store)
    {
        var version = Missing;
        var members = new List<Tuple<MembershipEntry, string>>();
        while (await reader.ReadAsync())
        {
            version = new TableVersion(reader.GetInt32(0), reader.GetString(1));
            if (reader.IsDBNull(2))
            {
                continue; // the LEFT JOIN's row for a cluster without members
            }

            MembershipEntry entry;
            try
            {
                entry = new MembershipEntry
                {
                    SiloAddress = SiloAddress.New(System.Net.IPAddress.Parse(reader.GetString(2)), reader.GetInt32(3), reader.GetInt32(4)),
                    SiloName = reader.GetString(5),
                    HostName = reader.GetString(6),
                    RoleName = reader.IsDBNull(7) ? null : reader.GetString(7),
                    UpdateZone = reader.GetInt32(8),
                    FaultZone = reader.GetInt32(9),
                    Status = (SiloStatus)reader.GetInt32(10),
                    ProxyPort = reader.GetInt32(11),
                    StartTime = store.ReadTime(reader, 12),
                    IAmAliveTime = store.ReadTime(reader, 13),
                    SuspectTimes = SuspectTimesJson.Read(reader.GetString(14)),
                };
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Only a hand-edited row gets here; name it so that an operator can fix or delete it.
                throw new InvalidDataException(
                    $"The membership row of silo '{reader.GetString(2)}:{reader.GetInt32(3)}@{reader.GetInt32(4)}' in {store.Description} cannot be read: {e.Message}", e);
            }

            members.Add(Tuple.Create(entry, reader.GetString(15)));
        }

        return new MembershipTableData(members, version);
    }
}
