using System.Net;

namespace BigDL.Storage.Tests.Fixtures;

/// <summary>Makes membership entries and ids for the contract suites, each unique so tests sharing a database never meet.</summary>
internal static class Entries
{
    static int nextPort = 20000;

    public static string NewId(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    public static SiloAddress NewSilo(int generation = 1) => SiloAddress.New(IPAddress.Loopback, Interlocked.Increment(ref nextPort), generation);

    public static MembershipEntry Silo(SiloAddress? address = null, SiloStatus status = SiloStatus.Joining)
    {
        var now = DateTime.UtcNow;
        var silo = address ?? NewSilo();
        return new MembershipEntry
        {
            SiloAddress = silo,
            SiloName = $"silo-{silo.Endpoint.Port}",
            HostName = "test-host",
            RoleName = "role",
            UpdateZone = 1,
            FaultZone = 2,
            Status = status,
            ProxyPort = silo.Endpoint.Port + 10000,
            StartTime = now,
            IAmAliveTime = now,
            SuspectTimes = [],
        };
    }
}
