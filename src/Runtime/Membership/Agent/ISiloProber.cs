namespace BigDL.Orleans.Membership;

/// <summary>Asks another silo whether it is alive (the transport answers with a ping over the silo's connection).</summary>
internal interface ISiloProber
{
    /// <summary>Returns true when <paramref name="silo"/> answered before <paramref name="cancellationToken"/> fired.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, CancellationToken cancellationToken);
}
