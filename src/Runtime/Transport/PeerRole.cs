namespace BigDL.Orleans.Transport;

/// <summary>What the other end of a connection is: a silo of the cluster or an external client on a gateway.</summary>
internal enum PeerRole : byte
{
    /// <summary>A silo; proves the cluster secret.</summary>
    Silo = 1,

    /// <summary>A client connecting to a gateway; proves an API key.</summary>
    Client = 2,
}
