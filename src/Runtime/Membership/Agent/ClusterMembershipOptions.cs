namespace BigDL.Orleans.Membership;

/// <summary>Timings of the membership protocol; the defaults declare a killed silo dead in about 5 s (at most 10 s).</summary>
public sealed class ClusterMembershipOptions
{
    /// <summary>Gets or sets how often a silo writes its heartbeat (IAmAlive) to the table.</summary>
    public TimeSpan IAmAlivePeriod { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how old a heartbeat may get before its silo counts as missing a probe, even when no probe can reach it.</summary>
    /// <remarks>
    /// Far longer than the probe path (a killed silo refuses connections and is voted dead in about 3 s), because a
    /// heartbeat is a table write that can queue behind grain-state writes on a busy SQLite file or database.
    /// </remarks>
    public TimeSpan IAmAliveExpiration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how often each silo probes the silos it watches.</summary>
    public TimeSpan ProbePeriod { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets how long a probe may take before it counts as missed.</summary>
    /// <remarks>A killed silo's port refuses at once, so this bounds only hung silos: 3 misses take about 6 s.</remarks>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how many probes in a row a silo may miss before the prober votes it dead.</summary>
    public int MissedProbesLimit { get; set; } = 3;

    /// <summary>Gets or sets how many silos each silo probes (its successors in address order).</summary>
    public int ProbedSilosCount { get; set; } = 3;

    /// <summary>Gets or sets how many distinct votes declare a silo dead (fewer when fewer other silos are active).</summary>
    public int NumVotesForDeathDeclaration { get; set; } = 2;

    /// <summary>Gets or sets how long a vote counts.</summary>
    public TimeSpan DeathVoteExpiration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how often a silo reads the whole table to refresh its view.</summary>
    public TimeSpan TableRefreshPeriod { get; set; } = TimeSpan.FromSeconds(1);
}
