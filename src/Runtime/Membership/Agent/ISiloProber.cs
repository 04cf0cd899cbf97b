namespace BigDL.Orleans.Membership;

/// <summary>Asks another silo whether it is alive (the transport answers with a ping over the silo's connection).</summary>
internal interface ISiloProber
{
    /// <summary>Returns true when <paramref name="silo"/> answered before <paramref name="cancellationToken"/> fired.</summary>
    Task<bool> ProbeAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <summary>
    /// Connects to <paramref name="silo"/> and returns why it refused this silo's credentials (another cluster secret),
    /// or null when it accepted them or is simply not there (a dead silo is the probes' business, not a refusal).
    /// </summary>
    Task<string?> HandshakeRefusalAsync(SiloAddress silo, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}
