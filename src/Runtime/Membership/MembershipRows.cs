using System.Data.Common;
using System.Globalization;
using BigDL.Orleans.Storage;

namespace BigDL.Orleans.Membership;

/// <summary>What the membership tables share: checks on arguments, the stored form of times, and reading rows back.</summary>
internal static class MembershipRows
{
    /// <summary>The version a cluster's table has before any write, and what reads report before the version row exists.</summary>
    public static readonly TableVersion Missing = new(0, string.Empty);

    /// <summary>The columns every row read selects, in the order <see cref="ReadAsync"/> expects after the two version columns.</summary>
    public const string EntryColumns =
        "m.address, m.port, m.generation, m.silo_name, m.host_name, m.status, m.gateway_port, m.start_time, m.iamalive_time, m.suspect_times, m.etag";

    public static string CheckClusterId(string clusterId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(clusterId);
        return clusterId;
    }

    /// <summary>Rejects what no table could store and returns the entry as every table stores it (see <see cref="ToStoredTime"/>).</summary>
    public static MembershipEntry Validate(MembershipEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(entry.SiloAddress, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.SiloName, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.HostName, nameof(entry));
        ArgumentNullException.ThrowIfNull(entry.SuspectTimes, nameof(entry));
        if (!Enum.IsDefined(entry.Status))
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.Status, $"The status of {entry.SiloAddress} is not a SiloStatus.");
        }

        if (entry.GatewayPort is < 0 or > ushort.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(entry), entry.GatewayPort, $"The gateway port of {entry.SiloAddress} is not a port number.");
        }

        if (entry.SuspectTimes.Any(v => v?.Suspecter is null))
        {
            throw new ArgumentException($"A suspicion of {entry.SiloAddress} names no suspecter.", nameof(entry));
        }

        return entry with
        {
            StartTime = ToStoredTime(entry.StartTime),
            IAmAliveTime = ToStoredTime(entry.IAmAliveTime),
            SuspectTimes = [.. entry.SuspectTimes.Select(v => v with { At = ToStoredTime(v.At) })],
        };
    }

    public static void Validate(TableVersion newVersion)
    {
        ArgumentNullException.ThrowIfNull(newVersion);
        ArgumentNullException.ThrowIfNull(newVersion.ETag, nameof(newVersion));
        ArgumentOutOfRangeException.ThrowIfLessThan(newVersion.Version, 1, nameof(newVersion));
    }

    /// <summary>A time as the tables keep it: UTC (an unspecified time is taken to be UTC already), whole microseconds as in PostgreSQL.</summary>
    public static DateTime ToStoredTime(DateTime time)
    {
        var utc = time.Kind switch
        {
            DateTimeKind.Local => time.ToUniversalTime(),
            DateTimeKind.Unspecified => DateTime.SpecifyKind(time, DateTimeKind.Utc),
            _ => time,
        };
        return new DateTime(utc.Ticks - (utc.Ticks % 10), DateTimeKind.Utc);
    }

    /// <summary>A stored time as SQLite text: ISO 8601 with seven fraction digits and 'Z', so that text order is time order.</summary>
    public static string FormatTime(DateTime storedTime) => storedTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTime ParseTime(string text) =>
        DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal), DateTimeKind.Utc);

    /// <summary>
    /// Reads the result of <c>SELECT v.version, v.etag, {EntryColumns} FROM version v LEFT JOIN members m ...</c>: one
    /// statement, so the rows and the version come from one snapshot. No result row means no version row yet.
    /// </summary>
    public static async Task<MembershipTableData> ReadAsync(DbDataReader reader, Func<DbDataReader, int, DateTime> readTime)
    {
        var version = Missing;
        var members = new List<(MembershipEntry Entry, string ETag)>();
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
                    SiloAddress = new SiloAddress(reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4)),
                    SiloName = reader.GetString(5),
                    HostName = reader.GetString(6),
                    Status = (SiloStatus)reader.GetInt32(7),
                    GatewayPort = reader.GetInt32(8),
                    StartTime = readTime(reader, 9),
                    IAmAliveTime = readTime(reader, 10),
                    SuspectTimes = SuspectTimesJson.Read(reader.GetString(11)),
                };
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                // Only a hand-edited row gets here; name it so that an operator can fix or delete it.
                throw new InvalidDataException(
                    $"The membership row of silo '{reader.GetString(2)}:{reader.GetInt32(3)}@{reader.GetInt32(4)}' cannot be read: {e.Message}", e);
            }

            members.Add((entry, reader.GetString(12)));
        }

        // Sorted here rather than by ORDER BY, whose text order depends on the PostgreSQL database's collation.
        members.Sort((a, b) => a.Entry.SiloAddress.CompareTo(b.Entry.SiloAddress));
        return new MembershipTableData(members, version);
    }

    /// <summary>Rethrows a missing-table error of the storage helpers naming the membership table that is missing and the membership schema SQL.</summary>
    public static StorageSchemaException WithMembershipSchema(StorageSchemaException e, string versionTable, string membersTable, string schemaSource)
    {
        var detail = e.InnerException?.Message ?? string.Empty;
        var table = detail.Contains(versionTable, StringComparison.Ordinal) ? versionTable : membersTable;
        return new StorageSchemaException(table, e.Database ?? "the membership database", schemaSource, e.InnerException);
    }
}
