using System.Net;
using Orleans.Runtime;

namespace BigDL.Cluster.Tests.Placement;

/// <summary>Silo addresses for placement tests that need no cluster.</summary>
internal static class Silos
{
    public static SiloAddress At(int port) => SiloAddress.New(new IPEndPoint(IPAddress.Loopback, port), 1);

    public static readonly SiloAddress A = At(11111);
    public static readonly SiloAddress B = At(11112);
    public static readonly SiloAddress C = At(11113);

    public static readonly SiloAddress[] Three = [A, B, C];
}
