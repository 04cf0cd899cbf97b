namespace BigDL.Security.PreSharedKey;

/// <summary>What the initiator of a connection claims to be; part of every proof, so a key proves one role only.</summary>
internal enum PeerRole : byte
{
    /// <summary>A silo connecting to another silo's silo port; proves the cluster secret.</summary>
    Silo = 1,

    /// <summary>A client connecting to a gateway; proves the API key.</summary>
    Client = 2,
}
